import { ConfigError } from '../core/config';
import { MissingBundleError } from './lambda-package';

/**
 * Runs a command; a mistake the user can fix (a config error, a missing build) is
 * printed as its message alone, without a stack trace, and exits with `exitCode`.
 * Anything else is a bug and keeps its stack.
 */
export function exitOnUserError(command: () => void, exitCode = 1): void {
  try {
    command();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof MissingBundleError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(exitCode);
  }
}
