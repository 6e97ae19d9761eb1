import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
// Every command loads a config, so this keeps the SDK's Node 20 warning out of all of them.
import './sdk-node-warning';
import { ConfigError, parseConfigObject, type SigninWatchConfig } from '../core/config';
import { type ConfigLayer, mergeConfigLayers } from '../core/config/layers';

export const DEFAULT_CONFIG_FILE = 'config/default.json';

/** A chain of `extends` longer than this is surely a mistake (org, unit, account is three). */
const MAX_EXTENDS_DEPTH = 5;

/** The config file to use: an explicit path, else $SIGNIN_WATCH_CONFIG, else config/default.json. */
export function configFile(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env.SIGNIN_WATCH_CONFIG || DEFAULT_CONFIG_FILE);
}

function readText(file: string, notFound: () => ConfigError): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound();
    throw new ConfigError(file, [{ field: '(file)', message: `the config file cannot be read (${(error as Error).message}).`, fix: 'check its permissions.' }]);
  }
}

/** The file and every file it extends, base first. */
function readLayers(file: string): ConfigLayer[] {
  const missing = () => new ConfigError(file, [{ field: '(file)', message: 'the config file does not exist.', fix: 'check the path, or unset SIGNIN_WATCH_CONFIG to use config/default.json.' }]);
  const layers: ConfigLayer[] = [{ file, raw: parseConfigObject(readText(file, missing), file) }];
  for (;;) {
    const { file: current, raw } = layers[0];
    if (raw.extends === undefined) return layers;
    const problem = (message: string, fix: string) => new ConfigError(current, [{ field: 'extends', message, fix }]);
    if (typeof raw.extends !== 'string' || raw.extends === '') {
      throw problem(`expected a file name, got ${JSON.stringify(raw.extends)}.`, 'name the shared file relative to this one, such as "../org.json".');
    }
    const base = join(dirname(current), raw.extends);
    if (layers.some((layer) => resolve(layer.file) === resolve(base))) {
      throw problem(`"${raw.extends}" leads back to a file already in the chain (${layers.map((layer) => layer.file).join(' <- ')}).`, 'break the cycle: the shared file must not extend another.');
    }
    if (layers.length >= MAX_EXTENDS_DEPTH) {
      throw problem(`the chain of extends is more than ${MAX_EXTENDS_DEPTH} files deep.`, 'flatten it: organization, unit and account files are enough.');
    }
    const notFound = () => problem(`"${raw.extends}" does not exist (looked for ${base}).`, 'name the shared file relative to this one, such as "../org.json".');
    layers.unshift({ file: base, raw: parseConfigObject(readText(base, notFound), base) });
  }
}

/**
 * Reads a config file, follows its `extends` chain and validates the merged result.
 * @throws ConfigError, also for a file that cannot be read
 */
export function loadConfig(file: string): SigninWatchConfig {
  return mergeConfigLayers(readLayers(file));
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
