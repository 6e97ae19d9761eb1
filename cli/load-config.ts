import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, type SigninWatchConfig } from '../core/config';

export const DEFAULT_CONFIG_FILE = 'config/default.json';

/** The config file to use: an explicit path, else $SIGNIN_WATCH_CONFIG, else config/default.json. */
export function configFile(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env.SIGNIN_WATCH_CONFIG || DEFAULT_CONFIG_FILE);
}

/**
 * Reads and validates a config file.
 * @throws ConfigError, also for a file that cannot be read
 */
export function loadConfig(file: string): SigninWatchConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new ConfigError(file, [{ field: '(file)', message: `the config file ${reason}.`, fix: 'check the path, or unset SIGNIN_WATCH_CONFIG to use config/default.json.' }]);
  }
  return parseConfig(text, file);
}

/** Where a command writes, and the environment it reads: the process's, or a test's. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Loads the config for a command; a config error is printed, without a stack trace, and yields undefined. */
export function loadConfigOrReport(explicit: string | undefined, io: CliIo): SigninWatchConfig | undefined {
  try {
    return loadConfig(configFile(explicit, io.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(error.message);
    return undefined;
  }
}
