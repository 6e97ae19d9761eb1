/**
 * One JSON object per line on stdout, which CloudWatch Logs Insights parses as is.
 * Written directly rather than through console.log, which prefixes each line in Lambda.
 */
export function log(level: 'INFO' | 'WARN' | 'ERROR', message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
}
