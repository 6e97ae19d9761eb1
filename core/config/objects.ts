import { ACCOUNT_ID, cidrList, isAccountId, objectWith, regionProblem, reportDuplicates, reportUnknown, stringArray, validateCidrs } from './checks';
import { isRecord, type ProblemList, show, typeName } from './messages';
import { ALERT_SEVERITIES, type AlertSeverity, type StackSetsConfig, type StateBackend } from './types';
import { isCommercialRegion } from './regions';
import { type AddressException, expiryOf } from '../detect/trust';

/** The settings that are objects or lists of objects: each is checked on its own here; what ties it to other settings is in config-rules.ts. */

/** The severities an alert can have (an evaluation of `none` is no alert). */

const isAlertSeverity = (value: string): value is AlertSeverity => ALERT_SEVERITIES.some((severity) => severity === value);

/** What `chat` and `webhook` post when they name no severities. */
export const CHANNEL_DEFAULT_SEVERITIES: readonly AlertSeverity[] = ['critical', 'high'];

export function severities(value: unknown, field: string, problems: ProblemList): AlertSeverity[] | undefined {
  const listed = stringArray(value, field, problems, '["critical", "high"]');
  if (listed === undefined) return undefined;
  const before = problems.count;
  reportUnknown(listed, field, ALERT_SEVERITIES, 'a severity', problems);
  reportDuplicates(listed, field, problems);
  if (listed.length === 0) problems.add(field, 'is empty, so nothing would be sent.', 'list at least one severity, or remove the setting.');
  return problems.count > before ? undefined : listed.filter(isAlertSeverity);
}

/** A channel's severities: the defaults when unset. */
const channelSeverities = (value: unknown, field: string, problems: ProblemList): readonly AlertSeverity[] | undefined =>
  value === undefined ? CHANNEL_DEFAULT_SEVERITIES : severities(value, field, problems);

export function readChat(value: unknown, problems: ProblemList): { severities: readonly AlertSeverity[] } | undefined {
  const chat = objectWith(value, 'chat', ['severities'], 'write it as {"severities": ["critical", "high"]}.', problems);
  const listed = chat === undefined ? undefined : channelSeverities(chat.severities, 'chat.severities', problems);
  return listed === undefined ? undefined : { severities: listed };
}

const WEBHOOK_SECRET_ARN = /^arn:aws:(secretsmanager|ssm):([a-z0-9-]+):\d{12}:(secret:[\w/+=.@-]+|parameter\/[\w/.-]+)$/;

/** The region of a webhook's secret or parameter ARN; undefined when it is not one. */
export function webhookSecretRegion(arn: unknown): string | undefined {
  const parsed = typeof arn === 'string' ? WEBHOOK_SECRET_ARN.exec(arn) : null;
  return parsed === null || (parsed[1] === 'secretsmanager') !== parsed[3].startsWith('secret:') ? undefined : parsed[2];
}

export function readWebhook(value: unknown, problems: ProblemList): { urlSecretArn: string; severities: readonly AlertSeverity[] } | undefined {
  const webhook = objectWith(value, 'webhook', ['urlSecretArn', 'severities'], 'write it as {"urlSecretArn": "arn:aws:secretsmanager:<region>:<account>:secret:slack-webhook-AbCdEf"}.', problems);
  if (webhook === undefined) return undefined;
  const arn = webhook.urlSecretArn;
  const valid = webhookSecretRegion(arn) !== undefined && typeof arn === 'string';
  if (!valid) {
    problems.add(
      'webhook.urlSecretArn',
      `${show(arn)} is not a Secrets Manager secret or SSM parameter ARN.`,
      'keep the webhook URL in a secret (or a SecureString parameter) and give its ARN; the URL itself never goes in config.',
    );
  }
  const listed = channelSeverities(webhook.severities, 'webhook.severities', problems);
  return typeof arn === 'string' && valid && listed !== undefined ? { urlSecretArn: arn, severities: listed } : undefined;
}

export function readAccountAllowedCidrs(value: unknown, problems: ProblemList): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!isRecord(value)) {
    problems.add('accountAllowedCidrs', `expected an object, got ${typeName(value)} (${show(value)}).`, 'map account ids to lists of blocks, as in {"222222222222": ["198.51.100.0/24"]}.');
    return result;
  }
  for (const [account, cidrs] of Object.entries(value)) {
    const field = `accountAllowedCidrs.${show(account)}`;
    if (!ACCOUNT_ID.test(account)) {
      problems.add(field, `${show(account)} is not an AWS account id.`, 'use the 12-digit account id as the key.');
      continue;
    }
    const listed = cidrList(cidrs, field, problems, '["198.51.100.0/24"]');
    if (listed !== undefined) result[account] = listed;
  }
  return result;
}

export function readAccountNames(value: unknown, problems: ProblemList): Record<string, string> {
  const accountNames: Record<string, string> = {};
  if (!isRecord(value)) {
    problems.add('accountNames', `expected an object, got ${typeName(value)} (${show(value)}).`, 'map account ids to names, as in {"111122223333": "production"}.');
    return accountNames;
  }
  for (const [id, name] of Object.entries(value)) {
    if (!ACCOUNT_ID.test(id)) problems.add(`accountNames.${show(id)}`, `${show(id)} is not an AWS account id.`, 'use the 12-digit account id as the key.');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a name with a control character is refused.
    else if (typeof name !== 'string' || name.length === 0 || name.length > 64 || /[\x00-\x1f]/.test(name)) {
      problems.add(`accountNames.${id}`, `${show(name)} is not a usable name.`, 'write 1 to 64 characters on one line, such as "production".');
    } else accountNames[id] = name;
  }
  return accountNames;
}

/** A "YYYY-MM-DD" date that exists: not 2026-02-30, which Date rolls over, nor 2026-13-01, which it cannot read. */
function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const EXCEPTION_FIELDS = ['principal', 'cidrs', 'accounts', 'reason', 'expires'] as const;
const EXCEPTION_EXAMPLE = '[{"principal": "arn:aws:iam::*:role/BreakGlass", "reason": "break-glass access", "expires": "2027-06-30"}]';

export function readExceptions(value: unknown, problems: ProblemList, now: number): AddressException[] {
  if (!Array.isArray(value)) {
    problems.add('exceptions', `expected an array, got ${typeName(value)} (${show(value)}).`, `write it as ${EXCEPTION_EXAMPLE}.`);
    return [];
  }
  const result: AddressException[] = [];
  value.forEach((item: unknown, index) => {
    const exception = readException(item, `exceptions[${index}]`, problems, now);
    if (exception !== undefined) result.push(exception);
  });
  return result;
}

function readException(item: unknown, at: string, problems: ProblemList, now: number): AddressException | undefined {
  const before = problems.count;
  const entry = objectWith(item, at, EXCEPTION_FIELDS, `write each exception as in ${EXCEPTION_EXAMPLE}.`, problems, 'an exception setting');
  if (entry === undefined) return undefined;
  const { principal, reason, expires } = entry;
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 200 || /[\r\n]/.test(reason)) {
    problems.add(`${at}.reason`, `${show(reason)} does not say why the exception exists.`, 'write one line of up to 200 characters; it is shown in every alert the exception touches.');
  }
  if (principal === undefined && entry.cidrs === undefined) {
    problems.add(at, 'names neither a principal nor cidrs, so it would trust every sign-in.', 'add "principal" (an IAM user or role ARN) or "cidrs", or both.');
  }
  if (principal !== undefined && (typeof principal !== 'string' || !/^arn:aws:(iam|sts)::(\d{12}|\*):[\w+=,.@/*-]+$/.test(principal))) {
    problems.add(`${at}.principal`, `${show(principal)} is not an IAM user or role ARN.`, 'write it as "arn:aws:iam::<account or *>:role/<name>" or ":user/<name>"; * matches any run of characters.');
  }
  // Unlike allowedCidrs, a repeated block here is not reported.
  const cidrs = entry.cidrs === undefined ? undefined : stringArray(entry.cidrs, `${at}.cidrs`, problems, '["198.51.100.0/24"]');
  if (cidrs !== undefined) validateCidrs(cidrs, problems, `${at}.cidrs`);
  const accounts = entry.accounts === undefined ? undefined : stringArray(entry.accounts, `${at}.accounts`, problems, '["222222222222"]');
  accounts?.forEach((account, position) => {
    if (!ACCOUNT_ID.test(account)) problems.add(`${at}.accounts[${position}]`, `${show(account)} is not an AWS account id.`, 'write the 12 digits as a string.');
  });
  if (expires !== undefined) {
    if (!isCalendarDate(expires)) {
      problems.add(`${at}.expires`, `${show(expires)} is not a date.`, 'write the last day it applies as "YYYY-MM-DD" (UTC).');
    } else if (expiryOf(expires) <= now) {
      const today = new Date(now).toISOString().slice(0, 10);
      problems.add(`${at}.expires`, `${show(expires)} has passed (today is ${today}, UTC), so this exception no longer applies.`, 'remove it, or set a later date if it is still needed.');
    }
  }
  if (problems.count > before || typeof reason !== 'string' || (principal !== undefined && typeof principal !== 'string') || (expires !== undefined && typeof expires !== 'string')) return undefined;
  return {
    ...(principal === undefined ? {} : { principal }),
    ...(cidrs === undefined ? {} : { cidrs }),
    ...(accounts === undefined ? {} : { accounts }),
    reason,
    ...(expires === undefined ? {} : { expires }),
  };
}

const OU_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
/** CreateStackInstances takes at most 50 OUs. */
const MAX_OUS = 50;

export function readStackSets(value: unknown, problems: ProblemList): StackSetsConfig | undefined {
  const before = problems.count;
  const raw = objectWith(
    value,
    'stackSets',
    ['organizationalUnitIds', 'managementAccountId', 'adminAccountId'],
    'write it as {"organizationalUnitIds": ["r-a1b2"], "managementAccountId": "999999999999"}.',
    problems,
  );
  if (raw === undefined) return undefined;
  const { organizationalUnitIds: ous, managementAccountId, adminAccountId } = raw;
  if (!Array.isArray(ous) || ous.length === 0 || ous.length > MAX_OUS) {
    problems.add(
      'stackSets.organizationalUnitIds',
      `expected 1 to ${MAX_OUS} OU or root ids, got ${show(ous)}.`,
      'list the root (`aws organizations list-roots`, "r-...") to cover every account, or the OUs ("ou-...") to cover.',
    );
  } else {
    ous.forEach((ou: unknown, index) => {
      if (typeof ou !== 'string' || !OU_ID.test(ou)) {
        problems.add(
          `stackSets.organizationalUnitIds[${index}]`,
          `${show(ou)} is not an organization root or OU id.`,
          'copy it from `aws organizations list-roots` ("r-a1b2") or `list-organizational-units-for-parent` ("ou-a1b2-c3d4e5f6").',
        );
      }
    });
    reportDuplicates(
      ous.filter((ou): ou is string => typeof ou === 'string'),
      'stackSets.organizationalUnitIds',
      problems,
    );
  }
  if (!isAccountId(managementAccountId)) {
    problems.add(
      'stackSets.managementAccountId',
      `${show(managementAccountId)} is not an AWS account id.`,
      "write the 12-digit id of the organization's management account (`aws organizations describe-organization`).",
    );
  }
  if (adminAccountId !== undefined && !isAccountId(adminAccountId)) {
    problems.add(
      'stackSets.adminAccountId',
      `${show(adminAccountId)} is not an AWS account id.`,
      'write the 12-digit id of the delegated StackSets administrator, or remove it to use the management account.',
    );
  }
  if (problems.count > before || !Array.isArray(ous) || !isAccountId(managementAccountId)) return undefined;
  const admin = isAccountId(adminAccountId) ? adminAccountId : managementAccountId;
  return { organizationalUnitIds: ous.filter((ou): ou is string => typeof ou === 'string'), managementAccountId, adminAccountId: admin };
}

/** Defaults inside `stateBackend`. */
export const STATE_BACKEND_DEFAULTS = { keyPrefix: 'signin-watch' } as const;

export function readStateBackend(value: unknown, problems: ProblemList): StateBackend | undefined {
  const before = problems.count;
  const backend = objectWith(value, 'stateBackend', ['bucket', 'region', 'keyPrefix', 'lockTable'], 'write it as {"bucket": "my-terraform-state", "region": "us-east-1"}.', problems);
  if (backend === undefined) return undefined;
  const { bucket, region, lockTable } = backend;
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.add('stateBackend.bucket', `${show(bucket)} is not an S3 bucket name.`, 'name an existing bucket: 3 to 63 lower-case letters, digits, dots and hyphens.');
  }
  if (typeof region !== 'string') {
    problems.add('stateBackend.region', `expected the bucket's region, got ${show(region)}.`, 'write it as a string such as "us-east-1".');
  } else if (!isCommercialRegion(region)) regionProblem(problems, 'stateBackend.region', region);
  const keyPrefix = backend.keyPrefix ?? STATE_BACKEND_DEFAULTS.keyPrefix;
  if (typeof keyPrefix !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(keyPrefix)) {
    problems.add(
      'stateBackend.keyPrefix',
      `${show(backend.keyPrefix)} is not a usable key prefix.`,
      'use letters, digits, dots, hyphens and inner slashes, such as "signin-watch" or "security/signin-watch".',
    );
  }
  if (lockTable !== undefined && (typeof lockTable !== 'string' || !/^[\w.-]{3,255}$/.test(lockTable))) {
    problems.add(
      'stateBackend.lockTable',
      `${show(lockTable)} is not a DynamoDB table name.`,
      'name an existing table with a "LockID" string key, or remove it to lock with a lock file in the bucket.',
    );
  }
  if (problems.count > before || typeof bucket !== 'string' || typeof region !== 'string' || typeof keyPrefix !== 'string') return undefined;
  return { bucket, region, keyPrefix, ...(typeof lockTable === 'string' ? { lockTable } : {}) };
}
