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
