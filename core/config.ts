import { type ParseError, parse as parseTolerant, printParseErrorCode } from 'jsonc-parser';
import { parseCidr } from './allowlist';
import { COMMERCIAL_REGIONS, DEFAULT_REGIONS, GLOBAL_SIGN_IN_REGION, isCommercialRegion } from './regions';
import { closestMatch } from './suggest';

/** The validated configuration of one signin-watch install. Every field is documented in README.md. */
export interface SigninWatchConfig {
  /** Region of the central event bus, the Lambda and the SNS topic. */
  readonly homeRegion: string;
  /** Regions that get a forwarder, as configured; see `forwarderRegions` for the full set. */
  readonly regions: readonly string[];
  /** Trusted source addresses: IPv4 and IPv6 CIDR blocks or single addresses. */
  readonly allowedCidrs: readonly string[];
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
}

export const CONFIG_DEFAULTS = {
  homeRegion: GLOBAL_SIGN_IN_REGION,
  regions: DEFAULT_REGIONS,
  allowedCidrs: [],
  notificationEmails: [],
  namePrefix: 'signin-watch',
  logRetentionDays: 365,
} as const satisfies Omit<SigninWatchConfig, 'organizationId' | 'alarmTopicArn'>;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const FIELDS = ['homeRegion', 'regions', 'allowedCidrs', 'notificationEmails', 'organizationId', 'namePrefix', 'logRetentionDays', 'alarmTopicArn'] as const;

export interface ConfigProblem {
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
    super(problems.map((problem) => `${file}: ${problem.field}: ${problem.message} Fix: ${problem.fix}`).join('\n'));
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
  add(field: string, message: string, fix: string): void {
    this.items.push({ field, message, fix });
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

function regionProblem(problems: ProblemList, field: string, value: string): void {
  const suggestion = closestMatch(value, COMMERCIAL_REGIONS);
  problems.add(
    field,
    `${show(value)} is not a commercial AWS region.`,
    suggestion ? `did you mean "${suggestion}"?` : `use a region code such as "us-east-1"; the list is in README.md ("Regions").`,
  );
}

function validateCidrs(cidrs: readonly string[], problems: ProblemList): void {
  cidrs.forEach((cidr, index) => {
    const field = `allowedCidrs[${index}]`;
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

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[a-zA-Z]{2,}$/;

/**
 * Parses and validates a config file's text. Reports every problem at once, each
 * naming the field, the value received and the fix.
 *
 * @param text the file's contents
 * @param file the file's name, as the user should see it in error messages
 * @throws ConfigError listing every problem found
 */
export function parseConfig(text: string, file: string): SigninWatchConfig {
  const json = parseJson(text);
  if (!json.ok) throw new ConfigError(file, [json.problem]);
  const raw = json.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [
      { field: '(file)', message: `expected a JSON object, got ${typeName(raw)}.`, fix: 'write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}.' },
    ]);
  }
  return validateConfig(raw as Record<string, unknown>, file);
}

/** Validates an already parsed config object; see `parseConfig`. */
export function validateConfig(raw: Record<string, unknown>, file: string): SigninWatchConfig {
  const problems = new ProblemList();

  for (const field of Object.keys(raw)) {
    if ((FIELDS as readonly string[]).includes(field)) continue;
    const suggestion = closestMatch(field, FIELDS);
    // Quoted: an unknown name may be empty or hold anything, a line break included.
    problems.add(show(field), 'is not a signin-watch setting.', suggestion ? `did you mean "${suggestion}"?` : `remove it; the settings are ${FIELDS.join(', ')}.`);
  }

  const has = (field: (typeof FIELDS)[number]): boolean => raw[field] !== undefined;

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
    if (typeof raw.logRetentionDays !== 'number' || !LOG_RETENTION_DAYS.includes(raw.logRetentionDays)) {
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

  if (problems.items.length > 0) throw new ConfigError(file, problems.items);
  return { homeRegion, regions, allowedCidrs, notificationEmails, organizationId, namePrefix, logRetentionDays, alarmTopicArn };
}

/** Every region that gets a forwarder: the configured ones plus the home region, in config order. */
export function forwarderRegions(config: SigninWatchConfig): string[] {
  return config.regions.includes(config.homeRegion) ? [...config.regions] : [...config.regions, config.homeRegion];
}
