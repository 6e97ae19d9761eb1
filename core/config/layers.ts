import { accountRole, type ConfigField, ConfigError, type ConfigProblem, type SigninWatchConfig, validateConfig } from '.';

/** One parsed config file; a chain of them, joined by `extends`, makes one config. */
export interface ConfigLayer {
  readonly file: string;
  readonly raw: Record<string, unknown>;
}

/**
 * Fields that tie a member's forwarders to the central bus (its region, account, name
 * and the organization it admits): a file that extends another may not change them,
 * or its forwarders would target a bus that does not exist.
 */
export const SHARED_FIELDS = ['homeRegion', 'namePrefix', 'centralAccountId', 'organizationId', 'identityCenterRegion', 'extraSignals'] as const satisfies readonly ConfigField[];

/** Fields only the central stack reads: set in a member's own file they would silently do nothing. */
export const CENTRAL_ONLY_FIELDS = [
  'allowedCidrs',
  'accountAllowedCidrs',
  'exceptions',
  'notificationEmails',
  'emailSeverities',
  'chat',
  'webhook',
  'allowlistParameter',
  'allowlistCacheSeconds',
  'logRetentionDays',
  'alarmTopicArn',
  'accountNames',
] as const satisfies readonly ConfigField[];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges a chain of config files, base first, and validates the result. Each field
 * comes whole from the last file that sets it (lists are replaced, not appended), and
 * a problem names the file that set the field.
 * @throws ConfigError listing every problem found
 */
export function mergeConfigLayers(layers: readonly ConfigLayer[]): SigninWatchConfig {
  const leaf = layers[layers.length - 1];
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const { file, raw } of layers) {
    for (const [field, value] of Object.entries(raw)) {
      if (field === 'extends') continue;
      merged[field] = value;
      origins.set(field, file);
    }
  }
  const config = validateConfig(merged, leaf.file, origins);
  if (layers.length === 1) return config;

  const bases = layers.slice(0, -1);
  const problems: ConfigProblem[] = [];
  // Every file of the chain, not just the last: an organizational-unit file in the middle may not change them either.
  for (const field of SHARED_FIELDS) {
    layers.forEach((layer, index) => {
      const base = layers
        .slice(0, index)
        .reverse()
        .find((earlier) => earlier.raw[field] !== undefined);
      if (base !== undefined && layer.raw[field] !== undefined && !same(base.raw[field], layer.raw[field])) {
        problems.push({
          field,
          message: `${layer === leaf ? '' : `set in ${layer.file}, `}changes the ${JSON.stringify(base.raw[field])} of ${base.file}; every account must agree on it, or the forwarders target a central bus that does not exist.`,
          fix: `remove it from ${layer.file}, or change it in ${base.file} for every account.`,
        });
      }
    });
  }
  if (accountRole(config) === 'member') {
    for (const field of CENTRAL_ONLY_FIELDS) {
      const base = [...bases].reverse().find((layer) => layer.raw[field] !== undefined);
      if (leaf.raw[field] !== undefined && (base === undefined || !same(base.raw[field], leaf.raw[field]))) {
        problems.push({
          field,
          message: `has no effect in member account ${config.accountId}: only the central account (${config.centralAccountId}) deploys what uses it.`,
          fix: `remove it from ${leaf.file}, and set it in the central account's config instead.`,
        });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(leaf.file, problems);
  return config;
}
