import type { AlertSeverity } from '../config/types';
import type { AddressException } from '../detect/trust';

/**
 * The contract between synth, which packages the settings with the Lambda's code
 * (synth/lambda-package.ts), and the Lambda, which reads them (handlers/alert.ts). Kept in
 * core so that synth does not load the handler, and with it the SNS client.
 */

/** Name of the file, next to the bundle, that carries the config's address rules, delivery, regions and account names into the Lambda. */
export const PACKAGED_SETTINGS_FILE = 'settings.json';

/** What the central stack packages with the code, from the config. */
export interface PackagedSettings {
  readonly allowedCidrs: readonly string[];
  readonly accountAllowedCidrs: Readonly<Record<string, readonly string[]>>;
  readonly exceptions: readonly AddressException[];
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
  readonly chatSeverities?: readonly AlertSeverity[];
  readonly webhook?: { readonly urlSecretArn: string; readonly severities: readonly AlertSeverity[] };
  readonly allowlistParameter?: string;
  readonly allowlistCacheSeconds: number;
}
