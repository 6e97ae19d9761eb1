import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SigninWatchConfig } from '../core/config';
import { PACKAGED_SETTINGS_FILE, type PackagedSettings } from '../core/deploy/packaged-settings';
import { forwarderRegions } from '../core/config';
import { zipFiles } from './zip';

/** Thrown when the Lambda bundle has not been built; its message says how to build it. */
export class MissingBundleError extends Error {
  constructor(bundleFile: string) {
    super(`${bundleFile} does not exist: run "npm run build" first ("npm run synth" does it for you).`);
    this.name = 'MissingBundleError';
  }
}

/** The part of the config the Lambda reads, packaged rather than in the environment (4 KB, about 200 CIDRs). */
export function packagedSettings(config: SigninWatchConfig): PackagedSettings {
  const { allowedCidrs, accountAllowedCidrs, exceptions, accountNames, webhook, allowlistParameter, allowlistCacheSeconds } = config;
  return {
    allowedCidrs,
    accountAllowedCidrs,
    exceptions,
    regions: forwarderRegions(config),
    accountNames,
    ...(config.chat === undefined ? {} : { chatSeverities: config.chat.severities }),
    ...(webhook === undefined ? {} : { webhook }),
    ...(allowlistParameter === undefined ? {} : { allowlistParameter }),
    allowlistCacheSeconds,
  };
}

/** A fixed timestamp, so that the same code and config always zip to the same bytes (in every time zone: zipFiles dates in UTC). */
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

/**
 * Writes the Lambda's zip: the bundled handler and the config's settings beside it.
 * Zipped here, in-process, because cdktf zips an archive asset by starting a second
 * Node process, a third of a 34-region synth. Returns the zip's path.
 */
export function stageLambdaPackage(config: SigninWatchConfig, bundleFile: string, zipFile: string): string {
  if (!existsSync(bundleFile)) throw new MissingBundleError(bundleFile);
  mkdirSync(dirname(zipFile), { recursive: true });
  const files = {
    'index.js': readFileSync(bundleFile),
    [PACKAGED_SETTINGS_FILE]: Buffer.from(`${JSON.stringify(packagedSettings(config))}\n`),
  };
  writeFileSync(zipFile, zipFiles(files, ZIP_DATE));
  return zipFile;
}
