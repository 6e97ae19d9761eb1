import { type ParseError, parse as parseTolerant, printParseErrorCode } from 'jsonc-parser';
import { parseCidr } from './allowlist';
import { COMMERCIAL_REGIONS, DEFAULT_REGIONS, GLOBAL_SIGN_IN_REGION, isCommercialRegion } from './regions';
import { closestMatch } from './suggest';
import { EXTRA_SIGNALS, type ExtraSignal } from './signals';
import { type AddressException, expiryOf } from './trust';

/** The validated configuration of one signin-watch install. Every field is documented in README.md. */
export interface SigninWatchConfig {
  /** Region of the central event bus, the Lambda and the SNS topic. */
  readonly homeRegion: string;
  /** Regions that get a forwarder, as configured; see `forwarderRegions` for the full set. */
  readonly regions: readonly string[];
  /** Trusted source addresses: IPv4 and IPv6 CIDR blocks or single addresses. */
  readonly allowedCidrs: readonly string[];
  /** More trusted addresses for single accounts, on top of `allowedCidrs`. */
  readonly accountAllowedCidrs: Readonly<Record<string, readonly string[]>>;
  /** Principals or addresses trusted from anywhere or for a while; never waives root, MFA or failure findings. */
  readonly exceptions: readonly AddressException[];
  /** Addresses subscribed to the alert topic (each must confirm the subscription mail). */
  readonly notificationEmails: readonly string[];
  /** When set, every account of this AWS Organization may put events on the central bus. */
  readonly organizationId?: string;
  /** Prefix of every resource name, so that two installs in one account cannot collide. */
  readonly namePrefix: string;
  /** Retention of the Lambda's log group, in days. */
  readonly logRetentionDays: number;
  /** An existing SNS topic in the home region for signin-watch's own alarms; by default they go to the alert topic. */
  readonly alarmTopicArn?: string;
  /** The account that hosts the central bus; unset for a single-account install. */
  readonly centralAccountId?: string;
  /** The account this config deploys to; required with `centralAccountId` or `stateBackend`. */
  readonly accountId?: string;
  /** Readable names for account ids, shown in notifications next to the id. */
  readonly accountNames: Readonly<Record<string, string>>;
  /** Where Terraform keeps state; unset means local files. */
  readonly stateBackend?: StateBackend;
  /** A role Terraform assumes in the target account, with `{accountId}` already filled in. */
  readonly deployRoleArn?: string;
  /** A named AWS CLI profile Terraform uses, with `{accountId}` already filled in. */
  readonly awsProfile?: string;
  /** The region whose IAM Identity Center sign-ins are forwarded and judged. */
  readonly identityCenterRegion?: string;
  /** Optional signals beyond console sign-ins: GetSigninToken, GuardDuty, Sign-in Anomaly Alert. */
  readonly extraSignals: readonly ExtraSignal[];
  /** Severities mailed to `notificationEmails` (an SNS subscription filter policy). */
  readonly emailSeverities: readonly AlertSeverity[];
  /** A chat topic for AWS Chatbot, and the severities posted to it. */
  readonly chat?: { readonly severities: readonly AlertSeverity[] };
  /** A Slack-compatible incoming webhook whose URL is kept in Secrets Manager or an SSM SecureString. */
  readonly webhook?: { readonly urlSecretArn: string; readonly severities: readonly AlertSeverity[] };
  /** An SSM parameter in the home region that holds the global allowlist instead of `allowedCidrs`. */
  readonly allowlistParameter?: string;
  /** How long the Lambda keeps the parameter's allowlist before reading it again. */
  readonly allowlistCacheSeconds: number;
  /** Forwarders for the whole organization through CloudFormation StackSets; see README, "Organization rollout". */
  readonly stackSets?: StackSetsConfig;
}

export interface StackSetsConfig {
  /** The organization root (`r-...`) or the OUs whose accounts get forwarders, now and when added later. */
  readonly organizationalUnitIds: readonly string[];
  /** StackSets never deploys to the management account; it needs its own forwarders. */
  readonly managementAccountId: string;
  /** Where the stack sets live: the management account, or a delegated StackSets administrator. */
  readonly adminAccountId: string;
}

/** An S3 bucket that holds the state of every stack of every account, one key per stack. */
export interface StateBackend {
  readonly bucket: string;
  readonly region: string;
  /** Keys are `<keyPrefix>/<accountId>/<stack>.tfstate`. */
  readonly keyPrefix: string;
  /** A DynamoDB lock table; without one, Terraform locks with a lock file next to the state (Terraform 1.10 or later). */
  readonly lockTable?: string;
}

/** The severities an alert can have (an evaluation of `none` is no alert). */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What a config deploys: the central account gets the central stack too, a member account only forwarders. */
export type AccountRole = 'central' | 'member';

/** No `centralAccountId`, or `accountId` equal to it, is the central account; anything else a member. */
export function accountRole(config: Pick<SigninWatchConfig, 'centralAccountId' | 'accountId'>): AccountRole {
  return config.centralAccountId === undefined || config.accountId === config.centralAccountId ? 'central' : 'member';
}

export const CONFIG_DEFAULTS = {
  homeRegion: GLOBAL_SIGN_IN_REGION,
  regions: DEFAULT_REGIONS,
  allowedCidrs: [],
  notificationEmails: [],
  namePrefix: 'signin-watch',
  logRetentionDays: 365,
  accountNames: {},
  accountAllowedCidrs: {},
  exceptions: [],
  extraSignals: [],
  emailSeverities: ALERT_SEVERITIES,
  allowlistCacheSeconds: 300,
} as const satisfies Omit<SigninWatchConfig, 'organizationId' | 'alarmTopicArn' | 'centralAccountId' | 'accountId' | 'stateBackend' | 'deployRoleArn' | 'awsProfile' | 'stackSets' | 'identityCenterRegion' | 'chat' | 'webhook' | 'allowlistParameter'>;

/** Defaults inside `stateBackend`. */
export const STATE_BACKEND_DEFAULTS = { keyPrefix: 'signin-watch' } as const;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const FIELDS = [
  'extends',
  'homeRegion',
  'regions',
  'allowedCidrs',
  'accountAllowedCidrs',
  'exceptions',
  'notificationEmails',
  'organizationId',
  'namePrefix',
  'logRetentionDays',
  'alarmTopicArn',
  'centralAccountId',
  'accountId',
  'accountNames',
  'stateBackend',
  'deployRoleArn',
  'awsProfile',
  'stackSets',
  'identityCenterRegion',
  'extraSignals',
  'emailSeverities',
  'chat',
  'webhook',
  'allowlistParameter',
  'allowlistCacheSeconds',
] as const;

export type ConfigField = (typeof FIELDS)[number];

export interface ConfigProblem {
  /** The file that set the field, when it is not the file being loaded (a base named by `extends`). */
  readonly file?: string;
  /** The field's path in the file, such as `regions[3]`, or `(file)` for the file as a whole. */
  readonly field: string;
  /** What is wrong, quoting the value received. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
}

/** Every problem found in one config file; its message is what a user sees, one line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((problem) => `${problem.file ?? file}: ${problem.field}: ${problem.message} Fix: ${problem.fix}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** A value as the user wrote it, JSON-quoted so that it stays on one line, and cut when long. */
const show = (value: unknown): string => {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length <= 100 ? text : `${text.slice(0, 97)}...`;
};

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: ConfigProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // JSON.parse does not always say where; jsonc-parser (strict mode) always does.
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const { line, column } = lineAndColumn(text, first?.offset ?? text.length);
    const reason = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'unexpected end of file';
    return {
      ok: false,
      problem: {
        field: `line ${line}, column ${column}`,
        message: `the file is not valid JSON (${reason}).`,
        fix: 'correct the JSON at that position; JSON allows no comments and no trailing commas.',
      },
    };
  }
}

class ProblemList {
  readonly items: ConfigProblem[] = [];
  /** @param origins which file set each top-level field, for configs merged from several files */
  constructor(private readonly origins: ReadonlyMap<string, string> = new Map()) {}
  add(field: string, message: string, fix: string): void {
    const file = this.origins.get(field.split(/[[.]/)[0]);
    this.items.push(file === undefined ? { field, message, fix } : { file, field, message, fix });
  }
}

function stringArray(raw: Record<string, unknown>, field: string, problems: ProblemList, example: string): string[] | undefined {
  const value = raw[field];
  if (!Array.isArray(value)) {
    problems.add(field, `expected an array of strings, got ${typeName(value)} (${show(value)}).`, `write it as a JSON array, for example ${example}.`);
    return undefined;
  }
  const strings: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') strings.push(item);
    else problems.add(`${field}[${index}]`, `expected a string, got ${typeName(item)} (${show(item)}).`, `quote it, as in ${example}.`);
  });
  return strings.length === value.length ? strings : undefined;
}

function reportDuplicates(values: readonly string[], field: string, problems: ProblemList, key: (value: string) => string = (v) => v): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(key(value));
    if (first === undefined) seen.set(key(value), index);
    else problems.add(`${field}[${index}]`, `${show(value)} repeats ${field}[${first}].`, 'remove the duplicate.');
  });
}

/** GovCloud and China are separate AWS partitions, with their own accounts and ARNs (`arn:aws-us-gov:`, `arn:aws-cn:`). */
const OTHER_PARTITIONS = [
  { prefix: 'us-gov-', name: 'AWS GovCloud (US)' },
  { prefix: 'cn-', name: 'AWS China' },
];

function regionProblem(problems: ProblemList, field: string, value: string): void {
  const partition = OTHER_PARTITIONS.find(({ prefix }) => value.startsWith(prefix));
  if (partition !== undefined) {
    problems.add(field, `${show(value)} is a region of ${partition.name}, a separate partition, not supported: signin-watch covers the commercial regions only.`, 'remove it; GovCloud and China accounts need an install of their own, which signin-watch does not offer.');
    return;
  }
  const suggestion = closestMatch(value, COMMERCIAL_REGIONS);
  problems.add(
    field,
    `${show(value)} is not a commercial AWS region.`,
    suggestion ? `did you mean "${suggestion}"?` : `use a region code such as "us-east-1"; the list is in README.md ("Regions").`,
  );
}

function validateCidrs(cidrs: readonly string[], problems: ProblemList, listField = 'allowedCidrs'): void {
  cidrs.forEach((cidr, index) => {
    const field = `${listField}[${index}]`;
    const parsed = parseCidr(cidr);
    if (parsed.ok) return;
    if (parsed.problem === 'host-bits') {
      problems.add(
        field,
        `${show(cidr)} has host bits set, which is almost always a typo: that block starts at ${parsed.network.split('/')[0]}.`,
        `write "${parsed.network}" for the whole block, or "${parsed.hostOnly}" to trust only that address.`,
      );
    } else if (parsed.problem === 'bad-prefix') {
      problems.add(field, `${show(cidr)} has a prefix length that is out of range.`, 'use /0 to /32 for IPv4 and /0 to /128 for IPv6.');
    } else {
      problems.add(
        field,
        `${show(cidr)} is not an IPv4 or IPv6 address or CIDR block.`,
        'write an address such as "203.0.113.7" or a block such as "203.0.113.0/24" or "2001:db8::/32".',
      );
    }
  });
}

/** A number written in quotes, as a YAML habit or a templating tool leaves it. */
const numberInQuotes = (value: unknown): boolean => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim());

function numberAsString(problems: ProblemList, field: string, value: string): void {
  problems.add(field, `expected a number, got a string (${show(value)}).`, `remove the quotes: ${value.trim()}.`);
}

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[a-zA-Z]{2,}$/;

/**
 * Parses a config file's text into an object, without validating its fields.
 * @throws ConfigError for text that is not JSON or not an object
 */
export function parseConfigObject(text: string, file: string): Record<string, unknown> {
  const example = 'write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}, or copy a file from examples/.';
  if (text.trim() === '') throw new ConfigError(file, [{ field: '(file)', message: 'the file is empty.', fix: example }]);
  if (text.startsWith('\uFEFF')) {
    throw new ConfigError(file, [
      { field: '(file)', message: 'the file starts with a UTF-8 byte-order mark (BOM), which JSON does not allow.', fix: 'save it as UTF-8 without a BOM (some Windows editors call it "UTF-8", others add the mark unless told "without BOM").' },
    ]);
  }
  const json = parseJson(text);
  if (!json.ok) throw new ConfigError(file, [json.problem]);
  const raw = json.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [
      { field: '(file)', message: `expected a JSON object, got ${typeName(raw)}.`, fix: 'write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}.' },
    ]);
  }
  return raw as Record<string, unknown>;
}

/**
 * Parses and validates a config file's text. Reports every problem at once, each
 * naming the field, the value received and the fix.
 *
 * @param text the file's contents
 * @param file the file's name, as the user should see it in error messages
 * @throws ConfigError listing every problem found
 */
export function parseConfig(text: string, file: string): SigninWatchConfig {
  return validateConfig(parseConfigObject(text, file), file);
}

/**
 * Validates an already parsed config object; see `parseConfig`.
 * @param origins for a config merged from several files: the file that set each field
 */
export function validateConfig(raw: Record<string, unknown>, file: string, origins?: ReadonlyMap<string, string>, now: number = Date.now()): SigninWatchConfig {
  const problems = new ProblemList(origins);

  for (const field of Object.keys(raw)) {
    if ((FIELDS as readonly string[]).includes(field)) continue;
    const suggestion = closestMatch(field, FIELDS);
    // Quoted: an unknown name may be empty or hold anything, a line break included.
    problems.add(show(field), 'is not a signin-watch setting.', suggestion ? `did you mean "${suggestion}"?` : `remove it; the settings are ${FIELDS.join(', ')}.`);
  }

  const has = (field: ConfigField): boolean => raw[field] !== undefined;

  if (has('extends')) {
    problems.add('extends', 'names another file, which only a config loaded from a file can do.', 'load the config with loadConfig, which follows extends.');
  }

  let homeRegion: string = CONFIG_DEFAULTS.homeRegion;
  if (has('homeRegion')) {
    if (typeof raw.homeRegion !== 'string') problems.add('homeRegion', `expected a region name, got ${typeName(raw.homeRegion)} (${show(raw.homeRegion)}).`, 'write it as a string such as "us-east-1".');
    else if (!isCommercialRegion(raw.homeRegion)) regionProblem(problems, 'homeRegion', raw.homeRegion);
    else homeRegion = raw.homeRegion;
  }

  let regions: readonly string[] = CONFIG_DEFAULTS.regions;
  if (has('regions')) {
    const listed = stringArray(raw, 'regions', problems, '["us-east-1", "eu-west-1"]');
    if (listed) {
      regions = listed;
      listed.forEach((region, index) => {
        if (!isCommercialRegion(region)) regionProblem(problems, `regions[${index}]`, region);
      });
      reportDuplicates(listed, 'regions', problems);
      if (!listed.includes(GLOBAL_SIGN_IN_REGION)) {
        problems.add(
          'regions',
          `does not include "${GLOBAL_SIGN_IN_REGION}", where AWS records every root sign-in and every sign-in through the global endpoint.`,
          `add "${GLOBAL_SIGN_IN_REGION}" to regions; without it those sign-ins are never seen.`,
        );
      }
    }
  }

  let allowedCidrs: readonly string[] = CONFIG_DEFAULTS.allowedCidrs;
  if (has('allowedCidrs')) {
    const listed = stringArray(raw, 'allowedCidrs', problems, '["203.0.113.0/24", "2001:db8::/32"]');
    if (listed) {
      allowedCidrs = listed;
      validateCidrs(listed, problems);
      reportDuplicates(listed, 'allowedCidrs', problems);
    }
  }

  let notificationEmails: readonly string[] = CONFIG_DEFAULTS.notificationEmails;
  if (has('notificationEmails')) {
    const listed = stringArray(raw, 'notificationEmails', problems, '["security@example.com"]');
    if (listed) {
      notificationEmails = listed;
      listed.forEach((email, index) => {
        if (email.length > 254 || !EMAIL.test(email)) {
          problems.add(`notificationEmails[${index}]`, `${show(email)} is not an email address.`, 'write one address per entry, such as "security@example.com".');
        }
      });
      reportDuplicates(listed, 'notificationEmails', problems, (email) => email.toLowerCase());
    }
  }

  let organizationId: string | undefined;
  if (has('organizationId')) {
    if (typeof raw.organizationId !== 'string' || !/^o-[a-z0-9]{10,32}$/.test(raw.organizationId)) {
      problems.add(
        'organizationId',
        `${show(raw.organizationId)} is not an AWS Organizations id.`,
        'copy the id from `aws organizations describe-organization` (it looks like "o-a1b2c3d4e5"), or remove the field to accept only this account.',
      );
    } else {
      organizationId = raw.organizationId;
    }
  }

  let namePrefix: string = CONFIG_DEFAULTS.namePrefix;
  if (has('namePrefix')) {
    if (typeof raw.namePrefix !== 'string' || !/^[a-z][a-z0-9-]{0,19}$/.test(raw.namePrefix) || raw.namePrefix.endsWith('-')) {
      problems.add(
        'namePrefix',
        `${show(raw.namePrefix)} cannot prefix AWS resource names.`,
        'use 1 to 20 lower-case letters, digits and inner hyphens, starting with a letter, such as "signin-watch".',
      );
    } else {
      namePrefix = raw.namePrefix;
    }
  }

  let logRetentionDays: number = CONFIG_DEFAULTS.logRetentionDays;
  if (has('logRetentionDays')) {
    if (numberInQuotes(raw.logRetentionDays)) numberAsString(problems, 'logRetentionDays', raw.logRetentionDays as string);
    else if (typeof raw.logRetentionDays !== 'number' || !LOG_RETENTION_DAYS.includes(raw.logRetentionDays)) {
      problems.add('logRetentionDays', `${show(raw.logRetentionDays)} is not a retention CloudWatch Logs accepts.`, `use one of ${LOG_RETENTION_DAYS.join(', ')}.`);
    } else {
      logRetentionDays = raw.logRetentionDays;
    }
  }

  let alarmTopicArn: string | undefined;
  if (has('alarmTopicArn')) {
    const arn = /^arn:aws:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/.exec(typeof raw.alarmTopicArn === 'string' ? raw.alarmTopicArn : '');
    if (arn === null) {
      problems.add('alarmTopicArn', `${show(raw.alarmTopicArn)} is not an SNS topic ARN.`, 'write it as "arn:aws:sns:<homeRegion>:<account>:<topic>", or remove it to send alarms to the alert topic.');
    } else if (arn[1] !== homeRegion) {
      problems.add('alarmTopicArn', `${show(raw.alarmTopicArn)} is in ${arn[1]}, not in the home region ${homeRegion}.`, `use a topic in ${homeRegion}: CloudWatch and EventBridge notify topics only in their own region.`);
    } else {
      alarmTopicArn = raw.alarmTopicArn as string;
    }
  }

  const accounts = validateAccounts(raw, problems);
  const accountAllowedCidrs = raw.accountAllowedCidrs === undefined ? {} : validateAccountAllowedCidrs(raw.accountAllowedCidrs, problems);
  const exceptions = raw.exceptions === undefined ? [] : validateExceptions(raw.exceptions, problems, now);

  let identityCenterRegion: string | undefined;
  if (has('identityCenterRegion')) {
    const value = raw.identityCenterRegion;
    if (typeof value !== 'string') problems.add('identityCenterRegion', `expected a region name, got ${typeName(value)} (${show(value)}).`, 'write the region of your Identity Center instance, such as "us-east-1".');
    else if (!isCommercialRegion(value)) regionProblem(problems, 'identityCenterRegion', value);
    else if (!regions.includes(value) && value !== homeRegion) {
      problems.add('identityCenterRegion', `${show(value)} is not in regions, so no forwarder there could carry its Identity Center sign-ins.`, `add "${value}" to regions.`);
    } else identityCenterRegion = value;
  }
  let extraSignals: ExtraSignal[] = [];
  if (has('extraSignals')) {
    const listed = stringArray(raw, 'extraSignals', problems, '["guardduty", "sign-in-anomaly"]');
    if (listed) {
      listed.forEach((signal, index) => {
        if ((EXTRA_SIGNALS as readonly string[]).includes(signal)) return;
        const suggestion = closestMatch(signal, EXTRA_SIGNALS);
        problems.add(`extraSignals[${index}]`, `${show(signal)} is not a signal signin-watch knows.`, suggestion ? `did you mean "${suggestion}"?` : `use any of ${EXTRA_SIGNALS.join(', ')}.`);
      });
      reportDuplicates(listed, 'extraSignals', problems);
      extraSignals = listed as ExtraSignal[];
    }
  }

  const delivery = validateDelivery(raw, problems, homeRegion);

  if (problems.items.length > 0) throw new ConfigError(file, problems.items);
  return { homeRegion, regions, allowedCidrs, accountAllowedCidrs, exceptions, notificationEmails, organizationId, namePrefix, logRetentionDays, alarmTopicArn, identityCenterRegion, extraSignals, ...delivery, ...accounts };
}

function validateAccountAllowedCidrs(value: unknown, problems: ProblemList): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add('accountAllowedCidrs', `expected an object, got ${typeName(value)} (${show(value)}).`, 'map account ids to lists of blocks, as in {"222222222222": ["198.51.100.0/24"]}.');
    return result;
  }
  for (const [account, cidrs] of Object.entries(value)) {
    const field = `accountAllowedCidrs.${show(account)}`;
    if (!ACCOUNT_ID.test(account)) {
      problems.add(field, `${show(account)} is not an AWS account id.`, 'use the 12-digit account id as the key.');
      continue;
    }
    const listed = stringArray({ [field]: cidrs }, field, problems, '["198.51.100.0/24"]');
    if (listed === undefined) continue;
    validateCidrs(listed, problems, field);
    reportDuplicates(listed, field, problems);
    result[account] = listed;
  }
  return result;
}

function severities(value: unknown, field: string, problems: ProblemList): AlertSeverity[] | undefined {
  const listed = stringArray({ [field]: value }, field, problems, '["critical", "high"]');
  if (listed === undefined) return undefined;
  const before = problems.items.length;
  listed.forEach((severity, index) => {
    if (!(ALERT_SEVERITIES as readonly string[]).includes(severity)) {
      const suggestion = closestMatch(severity, ALERT_SEVERITIES);
      problems.add(`${field}[${index}]`, `${show(severity)} is not a severity.`, suggestion ? `did you mean "${suggestion}"?` : `use any of ${ALERT_SEVERITIES.join(', ')}.`);
    }
  });
  reportDuplicates(listed, field, problems);
  if (listed.length === 0) problems.add(field, 'is empty, so nothing would be sent.', 'list at least one severity, or remove the setting.');
  return problems.items.length > before ? undefined : (listed as AlertSeverity[]);
}

/**
 * An object setting: reports a value that is not an object (with `fix`), and each key
 * not in `allowed`, with the closest one. `kind` names one key in messages.
 */
function objectWith(value: unknown, field: string, allowed: readonly string[], fix: string, problems: ProblemList, kind = `a ${field} setting`): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add(field, `expected an object, got ${typeName(value)} (${show(value)}).`, fix);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const suggestion = closestMatch(key, allowed);
    problems.add(`${field}.${show(key)}`, `is not ${kind}.`, suggestion ? `did you mean "${suggestion}"?` : `remove it; the settings are ${allowed.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

/** Where alerts go besides email, which severities go where, and where the allowlist lives. */
function validateDelivery(raw: Record<string, unknown>, problems: ProblemList, homeRegion: string) {
  const emailSeverities = raw.emailSeverities === undefined ? [...ALERT_SEVERITIES] : (severities(raw.emailSeverities, 'emailSeverities', problems) ?? []);

  let chat: { severities: AlertSeverity[] } | undefined;
  if (raw.chat !== undefined) {
    const value = objectWith(raw.chat, 'chat', ['severities'], 'write it as {"severities": ["critical", "high"]}.', problems);
    const listed = value === undefined ? undefined : value.severities === undefined ? ['critical', 'high'] as AlertSeverity[] : severities(value.severities, 'chat.severities', problems);
    if (listed !== undefined) chat = { severities: listed };
  }

  let webhook: { urlSecretArn: string; severities: AlertSeverity[] } | undefined;
  if (raw.webhook !== undefined) {
    const value = objectWith(raw.webhook, 'webhook', ['urlSecretArn', 'severities'], 'write it as {"urlSecretArn": "arn:aws:secretsmanager:<region>:<account>:secret:slack-webhook-AbCdEf"}.', problems);
    if (value !== undefined) {
      const arn = value.urlSecretArn;
      const parsed = typeof arn === 'string' ? /^arn:aws:(secretsmanager|ssm):([a-z0-9-]+):\d{12}:(secret:[\w/+=.@-]+|parameter\/[\w/.-]+)$/.exec(arn) : null;
      if (parsed === null || (parsed[1] === 'secretsmanager') !== parsed[3].startsWith('secret:')) {
        problems.add('webhook.urlSecretArn', `${show(arn)} is not a Secrets Manager secret or SSM parameter ARN.`, 'keep the webhook URL in a secret (or a SecureString parameter) and give its ARN; the URL itself never goes in config.');
      } else if (parsed[2] !== homeRegion) {
        problems.add('webhook.urlSecretArn', `${show(arn)} is in ${parsed[2]}, not in the home region ${homeRegion}.`, `keep the secret in ${homeRegion}, where the Lambda runs.`);
      }
      const listed = value.severities === undefined ? (['critical', 'high'] as AlertSeverity[]) : severities(value.severities, 'webhook.severities', problems);
      if (parsed !== null && listed !== undefined) webhook = { urlSecretArn: arn as string, severities: listed };
    }
  }

  let allowlistParameter: string | undefined;
  if (raw.allowlistParameter !== undefined) {
    const name = raw.allowlistParameter;
    if (typeof name !== 'string' || !/^\/?[\w.-]+(\/[\w.-]+)*$/.test(name) || name.length > 1011) {
      problems.add('allowlistParameter', `${show(name)} is not an SSM parameter name.`, 'write its name, such as "/signin-watch/allowed-cidrs".');
    } else if (Array.isArray(raw.allowedCidrs) && raw.allowedCidrs.length > 0) {
      problems.add('allowedCidrs', 'is set, and so is allowlistParameter: two global allowlists would disagree.', 'move the blocks into the parameter and remove allowedCidrs (accountAllowedCidrs and exceptions stay in config).');
    } else allowlistParameter = name;
  }
  let allowlistCacheSeconds = 300;
  if (raw.allowlistCacheSeconds !== undefined) {
    const seconds = raw.allowlistCacheSeconds;
    if (numberInQuotes(seconds)) numberAsString(problems, 'allowlistCacheSeconds', seconds as string);
    else if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
      problems.add('allowlistCacheSeconds', `${show(seconds)} is not a number of seconds from 0 to 3600.`, 'use a whole number such as 300; 0 reads the parameter on every sign-in.');
    } else allowlistCacheSeconds = seconds;
  }
  return { emailSeverities, chat, webhook, allowlistParameter, allowlistCacheSeconds };
}

const EXCEPTION_FIELDS = ['principal', 'cidrs', 'accounts', 'reason', 'expires'] as const;

function validateExceptions(value: unknown, problems: ProblemList, now: number): AddressException[] {
  const example = '[{"principal": "arn:aws:iam::*:role/BreakGlass", "reason": "break-glass access", "expires": "2027-06-30"}]';
  if (!Array.isArray(value)) {
    problems.add('exceptions', `expected an array, got ${typeName(value)} (${show(value)}).`, `write it as ${example}.`);
    return [];
  }
  const today = new Date(now).toISOString().slice(0, 10);
  const result: AddressException[] = [];
  value.forEach((item, index) => {
    const at = `exceptions[${index}]`;
    const before = problems.items.length;
    const entry = objectWith(item, at, EXCEPTION_FIELDS, `write each exception as in ${example}.`, problems, 'an exception setting');
    if (entry === undefined) return;
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '' || entry.reason.length > 200 || /[\r\n]/.test(entry.reason)) {
      problems.add(`${at}.reason`, `${show(entry.reason)} does not say why the exception exists.`, 'write one line of up to 200 characters; it is shown in every alert the exception touches.');
    }
    if (entry.principal === undefined && entry.cidrs === undefined) {
      problems.add(at, 'names neither a principal nor cidrs, so it would trust every sign-in.', 'add "principal" (an IAM user or role ARN) or "cidrs", or both.');
    }
    if (entry.principal !== undefined && (typeof entry.principal !== 'string' || !/^arn:aws:(iam|sts)::(\d{12}|\*):[\w+=,.@/*-]+$/.test(entry.principal))) {
      problems.add(`${at}.principal`, `${show(entry.principal)} is not an IAM user or role ARN.`, 'write it as "arn:aws:iam::<account or *>:role/<name>" or ":user/<name>"; * matches any run of characters.');
    }
    let cidrs: string[] | undefined;
    if (entry.cidrs !== undefined) {
      cidrs = stringArray({ [`${at}.cidrs`]: entry.cidrs }, `${at}.cidrs`, problems, '["198.51.100.0/24"]');
      if (cidrs !== undefined) validateCidrs(cidrs, problems, `${at}.cidrs`);
    }
    let accounts: string[] | undefined;
    if (entry.accounts !== undefined) {
      accounts = stringArray({ [`${at}.accounts`]: entry.accounts }, `${at}.accounts`, problems, '["222222222222"]');
      accounts?.forEach((account, position) => {
        if (!ACCOUNT_ID.test(account)) problems.add(`${at}.accounts[${position}]`, `${show(account)} is not an AWS account id.`, 'write the 12 digits as a string.');
      });
    }
    if (entry.expires !== undefined) {
      const expires = entry.expires;
      if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires) || new Date(`${expires}T00:00:00Z`).toISOString().slice(0, 10) !== expires) {
        problems.add(`${at}.expires`, `${show(expires)} is not a date.`, 'write the last day it applies as "YYYY-MM-DD" (UTC).');
      } else if (expiryOf(expires) <= now) {
        problems.add(`${at}.expires`, `${show(expires)} has passed (today is ${today}, UTC), so this exception no longer applies.`, 'remove it, or set a later date if it is still needed.');
      }
    }
    if (problems.items.length > before) return;
    result.push({
      ...(entry.principal === undefined ? {} : { principal: entry.principal as string }),
      ...(cidrs === undefined ? {} : { cidrs }),
      ...(accounts === undefined ? {} : { accounts }),
      reason: entry.reason as string,
      ...(entry.expires === undefined ? {} : { expires: entry.expires as string }),
    });
  });
  return result;
}

const ACCOUNT_ID = /^\d{12}$/;

function accountIdField(raw: Record<string, unknown>, field: 'centralAccountId' | 'accountId', problems: ProblemList): string | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && ACCOUNT_ID.test(value)) return value;
  problems.add(field, `${show(value)} is not an AWS account id.`, 'write the 12 digits as a string, such as "111122223333" (`aws sts get-caller-identity` shows it).');
  return undefined;
}

/** Fills `{accountId}` in a template; undefined (and a problem) when the template needs an id the config lacks. */
function fillAccountId(field: string, template: string, accountId: string | undefined, problems: ProblemList): string | undefined {
  if (!template.includes('{accountId}')) return template;
  if (accountId === undefined) {
    problems.add(field, `${show(template)} contains {accountId}, but accountId is not set.`, 'set accountId to the account this config deploys to.');
    return undefined;
  }
  return template.replaceAll('{accountId}', accountId);
}

/** The fields that say which account a config is for, how to reach it, and where its state lives. */
function validateAccounts(raw: Record<string, unknown>, problems: ProblemList) {
  const centralAccountId = accountIdField(raw, 'centralAccountId', problems);
  const accountId = accountIdField(raw, 'accountId', problems);
  if (centralAccountId !== undefined && raw.accountId === undefined) {
    problems.add(
      'accountId',
      'is not set, but centralAccountId is, so it is unclear whether this config is for the central account or a member.',
      'set accountId to the account this config deploys to, usually in a per-account file that extends the shared one.',
    );
  }
  if (centralAccountId !== undefined && raw.organizationId === undefined) {
    problems.add(
      'organizationId',
      'is not set, but centralAccountId is: member accounts can put events on the central bus only when it admits their organization.',
      'set organizationId (from `aws organizations describe-organization`, it looks like "o-a1b2c3d4e5").',
    );
  }

  const accountNames: Record<string, string> = {};
  if (raw.accountNames !== undefined) {
    const value = raw.accountNames;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.add('accountNames', `expected an object, got ${typeName(value)} (${show(value)}).`, 'map account ids to names, as in {"111122223333": "production"}.');
    } else {
      for (const [id, name] of Object.entries(value)) {
        if (!ACCOUNT_ID.test(id)) problems.add(`accountNames.${show(id)}`, `${show(id)} is not an AWS account id.`, 'use the 12-digit account id as the key.');
        // eslint-disable-next-line no-control-regex
        else if (typeof name !== 'string' || name.length === 0 || name.length > 64 || /[\x00-\x1f]/.test(name)) {
          problems.add(`accountNames.${id}`, `${show(name)} is not a usable name.`, 'write 1 to 64 characters on one line, such as "production".');
        } else accountNames[id] = name;
      }
    }
  }

  let stateBackend: StateBackend | undefined;
  if (raw.stateBackend !== undefined) stateBackend = validateStateBackend(raw.stateBackend, accountId, problems);

  let deployRoleArn: string | undefined;
  if (raw.deployRoleArn !== undefined) {
    const template = raw.deployRoleArn;
    const filled = typeof template === 'string' ? fillAccountId('deployRoleArn', template, accountId, problems) : undefined;
    const arn = filled === undefined ? null : /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/.exec(filled);
    if (typeof template !== 'string') {
      problems.add('deployRoleArn', `${show(template)} is not a role ARN.`, 'write it as "arn:aws:iam::{accountId}:role/<name>".');
    } else if (filled !== undefined && arn === null) {
      problems.add('deployRoleArn', `${show(template)} is not an IAM role ARN.`, 'write it as "arn:aws:iam::{accountId}:role/<name>", for example with OrganizationAccountAccessRole.');
    } else if (arn !== null && accountId !== undefined && arn[1] !== accountId) {
      problems.add('deployRoleArn', `${show(filled)} is a role in account ${arn[1]}, not in accountId ${accountId}.`, 'use "{accountId}" in place of the account, so that the role is always the target account\'s.');
    } else if (arn !== null) deployRoleArn = filled;
  }

  let awsProfile: string | undefined;
  if (raw.awsProfile !== undefined) {
    const template = raw.awsProfile;
    const filled = typeof template === 'string' ? fillAccountId('awsProfile', template, accountId, problems) : undefined;
    if (typeof template !== 'string' || (filled !== undefined && !/^[\w.+@-]{1,128}$/.test(filled))) {
      problems.add('awsProfile', `${show(template)} is not an AWS CLI profile name.`, 'write the name as it appears in ~/.aws/config, such as "security-audit" or "member-{accountId}".');
    } else awsProfile = filled;
  }

  let stackSets: StackSetsConfig | undefined;
  if (raw.stackSets !== undefined) stackSets = validateStackSets(raw.stackSets, centralAccountId, problems);

  return { centralAccountId, accountId, accountNames, stateBackend, deployRoleArn, awsProfile, stackSets };
}

const STACK_SETS_FIELDS = ['organizationalUnitIds', 'managementAccountId', 'adminAccountId'] as const;
const OU_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
/** CreateStackInstances takes at most 50 OUs. */
const MAX_OUS = 50;

function validateStackSets(value: unknown, centralAccountId: string | undefined, problems: ProblemList): StackSetsConfig | undefined {
  const before = problems.items.length;
  const raw = objectWith(value, 'stackSets', STACK_SETS_FIELDS, 'write it as {"organizationalUnitIds": ["r-a1b2"], "managementAccountId": "999999999999"}.', problems);
  if (raw === undefined) return undefined;
  const ous = raw.organizationalUnitIds;
  if (!Array.isArray(ous) || ous.length === 0 || ous.length > MAX_OUS) {
    problems.add(
      'stackSets.organizationalUnitIds',
      `expected 1 to ${MAX_OUS} OU or root ids, got ${show(ous)}.`,
      'list the root (`aws organizations list-roots`, "r-...") to cover every account, or the OUs ("ou-...") to cover.',
    );
  } else {
    ous.forEach((ou, index) => {
      if (typeof ou !== 'string' || !OU_ID.test(ou)) {
        problems.add(`stackSets.organizationalUnitIds[${index}]`, `${show(ou)} is not an organization root or OU id.`, 'copy it from `aws organizations list-roots` ("r-a1b2") or `list-organizational-units-for-parent` ("ou-a1b2-c3d4e5f6").');
      }
    });
    reportDuplicates(ous.filter((ou): ou is string => typeof ou === 'string'), 'stackSets.organizationalUnitIds', problems);
  }
  for (const field of ['managementAccountId', 'adminAccountId'] as const) {
    const id = raw[field];
    if (id === undefined && field === 'adminAccountId') continue;
    if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
      problems.add(`stackSets.${field}`, `${show(id)} is not an AWS account id.`, field === 'managementAccountId' ? 'write the 12-digit id of the organization\'s management account (`aws organizations describe-organization`).' : 'write the 12-digit id of the delegated StackSets administrator, or remove it to use the management account.');
    }
  }
  if (centralAccountId === undefined) {
    problems.add('stackSets', 'is set, but centralAccountId is not: the stack sets deploy forwarders that target the central account\'s bus.', 'set centralAccountId (and organizationId).');
  }
  if (problems.items.length > before) return undefined;
  return {
    organizationalUnitIds: ous as string[],
    managementAccountId: raw.managementAccountId as string,
    adminAccountId: (raw.adminAccountId as string | undefined) ?? (raw.managementAccountId as string),
  };
}

const BACKEND_FIELDS = ['bucket', 'region', 'keyPrefix', 'lockTable'] as const;

function validateStateBackend(value: unknown, accountId: string | undefined, problems: ProblemList): StateBackend | undefined {
  const before = problems.items.length;
  const backend = objectWith(value, 'stateBackend', BACKEND_FIELDS, 'write it as {"bucket": "my-terraform-state", "region": "us-east-1"}.', problems);
  if (backend === undefined) return undefined;
  if (typeof backend.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(backend.bucket)) {
    problems.add('stateBackend.bucket', `${show(backend.bucket)} is not an S3 bucket name.`, 'name an existing bucket: 3 to 63 lower-case letters, digits, dots and hyphens.');
  }
  if (typeof backend.region !== 'string') {
    problems.add('stateBackend.region', `expected the bucket's region, got ${show(backend.region)}.`, 'write it as a string such as "us-east-1".');
  } else if (!isCommercialRegion(backend.region)) regionProblem(problems, 'stateBackend.region', backend.region);
  const keyPrefix = backend.keyPrefix ?? STATE_BACKEND_DEFAULTS.keyPrefix;
  if (typeof keyPrefix !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(keyPrefix)) {
    problems.add('stateBackend.keyPrefix', `${show(backend.keyPrefix)} is not a usable key prefix.`, 'use letters, digits, dots, hyphens and inner slashes, such as "signin-watch" or "security/signin-watch".');
  }
  if (backend.lockTable !== undefined && (typeof backend.lockTable !== 'string' || !/^[\w.-]{3,255}$/.test(backend.lockTable))) {
    problems.add('stateBackend.lockTable', `${show(backend.lockTable)} is not a DynamoDB table name.`, 'name an existing table with a "LockID" string key, or remove it to lock with a lock file in the bucket.');
  }
  if (accountId === undefined) {
    problems.add('accountId', 'is not set, but stateBackend is: the state of every account shares the bucket, so each key names its account.', 'set accountId to the account this config deploys to.');
  }
  if (problems.items.length > before) return undefined;
  return { bucket: backend.bucket as string, region: backend.region as string, keyPrefix: keyPrefix as string, ...(backend.lockTable === undefined ? {} : { lockTable: backend.lockTable as string }) };
}

/** Every region that gets a forwarder: the configured ones plus the home region, in config order. */
export function forwarderRegions(config: SigninWatchConfig): string[] {
  return config.regions.includes(config.homeRegion) ? [...config.regions] : [...config.regions, config.homeRegion];
}
