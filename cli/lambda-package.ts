import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigninWatchConfig } from '../core/config';
import { ALLOWLIST_FILE } from '../handlers/alert';

/** Thrown when the Lambda bundle has not been built; its message says how to build it. */
export class MissingBundleError extends Error {
  constructor(bundleFile: string) {
    super(`${bundleFile} does not exist: run "npm run build" first ("npm run synth" does it for you).`);
    this.name = 'MissingBundleError';
  }
}

/**
 * Lays out the folder that becomes the Lambda's zip: the bundled handler and the
 * config's allowlist beside it. Returns the folder's path.
 */
export function stageLambdaPackage(config: SigninWatchConfig, bundleFile: string, packageDir: string): string {
  if (!existsSync(bundleFile)) throw new MissingBundleError(bundleFile);
  mkdirSync(packageDir, { recursive: true });
  copyFileSync(bundleFile, join(packageDir, 'index.js'));
  writeFileSync(join(packageDir, ALLOWLIST_FILE), `${JSON.stringify({ allowedCidrs: config.allowedCidrs })}\n`);
  return packageDir;
}
