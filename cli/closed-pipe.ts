/**
 * Ends the process quietly when the reader of `stream` goes away, as `| head` does after
 * its lines: without this, Node reports the EPIPE as an unhandled error with a stack trace.
 * The exit code stays what the command set.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}
