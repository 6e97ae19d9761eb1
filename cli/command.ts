import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../core/config';
import { messageOf } from '../core/error-message';
import { exitQuietlyOnClosedPipe } from './closed-pipe';
import { MissingBundleError } from '../synth/lambda-package';
import type { CliIo } from '../synth/load-config';

/** A command line the command cannot use: one line on stderr and exit code 2. */
export class UsageError extends Error {}

/** The option every command takes: prints its usage on stdout and exits 0. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * `parseArgs` in strict mode, its complaint made a UsageError: an option without its value
 * (`--config` at the end, or before another option), an unknown option, or a value given
 * to a flag (`--org=x`) stops the command instead of being read some other way.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    // parseArgs explains an ambiguous value over three lines.
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/** The exit code for what a command threw, after one line on stderr saying what it was. */
function exitCodeOf(name: string, error: unknown, io: Pick<CliIo, 'stderr'>): number {
  if (error instanceof UsageError) {
    io.stderr(`${name}: ${error.message} (--help shows the usage)`);
    return 2;
  }
  // Mistakes the user can fix carry their own complete message, without a stack trace.
  if (error instanceof ConfigError || error instanceof MissingBundleError) {
    io.stderr(error.message);
    return 2;
  }
  io.stderr(`${name}: ${messageOf(error)}`);
  return 1;
}

type Run<D extends unknown[], R extends number | Promise<number>> = (args: readonly string[], io: CliIo, ...deps: D) => R;

/**
 * A command's run function, the same for its entry point and its tests, whose errors end
 * the same way in every command: a usage error in one line and exit 2, a config error in
 * its own message and exit 2, anything else in one line and exit 1.
 */
export function command<D extends unknown[], R extends number | Promise<number>>(name: string, run: Run<D, R>): Run<D, R> {
  return (args, io, ...deps) => {
    const fail = (error: unknown): number => exitCodeOf(name, error, io);
    try {
      const code = run(args, io, ...deps);
      return (code instanceof Promise ? code.catch(fail) : code) as R;
    } catch (error) {
      return fail(error) as R;
    }
  };
}

/**
 * Runs a command (made with `command`) as the process, and is all an entry file does: an
 * entry file holds nothing else, because esbuild inlining a module into another bundle makes
 * `require.main === module` true there too, so any code beside it would run in that bundle.
 */
export function runCommand<D extends unknown[]>(run: Run<D, number | Promise<number>>, ...deps: D): void {
  // A reader that goes away (`| head`) ends the command quietly, keeping its exit code.
  exitQuietlyOnClosedPipe();
  const io: CliIo = { stdout: (line) => process.stdout.write(`${line}\n`), stderr: (line) => process.stderr.write(`${line}\n`), env: process.env };
  void Promise.resolve(run(process.argv.slice(2), io, ...deps)).then((code) => {
    process.exitCode = code;
  });
}
