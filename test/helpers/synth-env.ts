import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The environment synth gets: its own output folder, and its own config file unless `config` is undefined. */
export function synthEnv(config: unknown | undefined, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: join(dir, 'out') };
  if (config !== undefined) {
    writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    env.SIGNIN_WATCH_CONFIG = join(dir, 'config.json');
  } else {
    delete env.SIGNIN_WATCH_CONFIG;
  }
  return env;
}
