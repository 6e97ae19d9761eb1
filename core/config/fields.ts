import { cidrList, isAccountId, numberSetting, regionProblem, reportDuplicates, reportUnknown, stringArray } from './checks';
import type { ProblemList } from './messages';
import { show, typeName } from './messages';
import { readAccountAllowedCidrs, readAccountNames, readChat, readExceptions, readStackSets, readStateBackend, readWebhook, severities } from './objects';
import { ALERT_SEVERITIES, EXTRA_SIGNALS, type ExtraSignal, type SigninWatchConfig } from './types';
import { DEFAULT_REGIONS, GLOBAL_SIGN_IN_REGION, isCommercialRegion } from './regions';

/*
 * The table of settings: for each field of SigninWatchConfig, its default (a field without
 * one stays unset) and how its value is read and checked on its own. What ties one field
 * to another (a topic in the home region, {accountId} in a template) is in config-rules.ts.
 *
 * Hand-written rather than a schema library (zod, valibot): every message quotes the value
 * received and says how to fix it, often by suggesting the closest valid name, and problems
 * are reported all at once with the file that set each field. A schema library would need a
 * message mapping of its own for nearly every check to keep those messages, and would be a
 * dependency for synth-time code only, without making this smaller.
 */

/** What a check may need besides the value: the time, to refuse an exception that has expired. */
export interface FieldContext {
  readonly now: number;
}

/** How one setting is read. */
export interface Field<T> {
  /**
   * Checks a value that is set (never undefined) and returns it as the config holds it;
   * adds a problem for each mistake. It may return a value despite a problem (a list of
   * regions with a misspelled one), which the rules of later fields may read.
   */
  readonly read: (value: unknown, problems: ProblemList, context: FieldContext) => T | undefined;
}

type Config = SigninWatchConfig;
/** The fields a config may leave unset. */
export type OptionalField = { [K in keyof Config]-?: object extends Pick<Config, K> ? K : never }[keyof Config];
/** The fields that always hold a value: the default when unset. */
export type DefaultedField = Exclude<keyof Config, OptionalField>;

/** The table's type: every field of SigninWatchConfig, no other, and a default for each field that is not optional. */
export type FieldTable = {
  readonly [K in keyof Config]-?: K extends DefaultedField ? Field<Config[K]> & { readonly default: Config[K] } : Field<NonNullable<Config[K]>>;
};

/** A region name, for the fields that hold one. */
function region(field: string, fix: string) {
  return (value: unknown, problems: ProblemList): string | undefined => {
    if (typeof value !== 'string') problems.add(field, `expected a region name, got ${typeName(value)} (${show(value)}).`, fix);
    else if (!isCommercialRegion(value)) regionProblem(problems, field, value);
    else return value;
    return undefined;
  };
}

/** A string that `pattern` accepts; anything else gets `refuse`. */
function matching(field: string, accepts: (value: string) => boolean, refuse: { message: string; fix: string }) {
  return (value: unknown, problems: ProblemList): string | undefined => {
    if (typeof value === 'string' && accepts(value)) return value;
    problems.add(field, `${show(value)} ${refuse.message}`, refuse.fix);
    return undefined;
  };
}

/** An account id, such as centralAccountId. */
const accountId = (field: string) =>
  matching(field, isAccountId, { message: 'is not an AWS account id.', fix: 'write the 12 digits as a string, such as "111122223333" (`aws sts get-caller-identity` shows it).' });

/** A template that may hold `{accountId}`, filled and checked by config-rules.ts once accountId is known. */
const template =
  (field: string, what: string, fix: string) =>
  (value: unknown, problems: ProblemList): string | undefined => {
    if (typeof value === 'string') return value;
    problems.add(field, `${show(value)} is not ${what}.`, fix);
    return undefined;
  };

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[a-zA-Z]{2,}$/;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const isExtraSignal = (value: string): value is ExtraSignal => EXTRA_SIGNALS.some((signal) => signal === value);

/** Every setting, in the order they are checked and listed in messages (after `extends`); README.md documents each. */
export const FIELD_TABLE = {
  homeRegion: { default: GLOBAL_SIGN_IN_REGION, read: region('homeRegion', 'write it as a string such as "us-east-1".') },
  regions: {
    default: DEFAULT_REGIONS,
    read: (value, problems) => {
      const listed = stringArray(value, 'regions', problems, '["us-east-1", "eu-west-1"]');
      if (listed === undefined) return undefined;
      listed.forEach((name, index) => {
        if (!isCommercialRegion(name)) regionProblem(problems, `regions[${index}]`, name);
      });
      reportDuplicates(listed, 'regions', problems);
      if (!listed.includes(GLOBAL_SIGN_IN_REGION)) {
        problems.add(
          'regions',
          `does not include "${GLOBAL_SIGN_IN_REGION}", where AWS records every root sign-in and every sign-in through the global endpoint.`,
          `add "${GLOBAL_SIGN_IN_REGION}" to regions; without it those sign-ins are never seen.`,
        );
      }
      return listed;
    },
  },
  allowedCidrs: { default: [], read: (value, problems) => cidrList(value, 'allowedCidrs', problems, '["203.0.113.0/24", "2001:db8::/32"]') },
  accountAllowedCidrs: { default: {}, read: readAccountAllowedCidrs },
  exceptions: { default: [], read: (value, problems, { now }) => readExceptions(value, problems, now) },
  notificationEmails: {
    default: [],
    read: (value, problems) => {
      const listed = stringArray(value, 'notificationEmails', problems, '["security@example.com"]');
      if (listed === undefined) return undefined;
      listed.forEach((email, index) => {
        if (email.length > 254 || !EMAIL.test(email)) {
          problems.add(`notificationEmails[${index}]`, `${show(email)} is not an email address.`, 'write one address per entry, such as "security@example.com".');
        }
      });
      reportDuplicates(listed, 'notificationEmails', problems, (email) => email.toLowerCase());
      return listed;
    },
  },
  organizationId: {
    read: matching('organizationId', (value) => /^o-[a-z0-9]{10,32}$/.test(value), {
      message: 'is not an AWS Organizations id.',
      fix: 'copy the id from `aws organizations describe-organization` (it looks like "o-a1b2c3d4e5"), or remove the field to accept only this account.',
    }),
  },
  namePrefix: {
    default: 'signin-watch',
    read: matching('namePrefix', (value) => /^[a-z][a-z0-9-]{0,19}$/.test(value) && !value.endsWith('-'), {
      message: 'cannot prefix AWS resource names.',
      fix: 'use 1 to 20 lower-case letters, digits and inner hyphens, starting with a letter, such as "signin-watch".',
    }),
  },
  logRetentionDays: {
    default: 365,
    read: (value, problems) =>
      numberSetting(value, 'logRetentionDays', problems, (days) => LOG_RETENTION_DAYS.includes(days), {
        message: 'is not a retention CloudWatch Logs accepts.',
        fix: `use one of ${LOG_RETENTION_DAYS.join(', ')}.`,
      }),
  },
  alarmTopicArn: {
    read: matching('alarmTopicArn', (value) => /^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(value), {
      message: 'is not an SNS topic ARN.',
      fix: 'write it as "arn:aws:sns:<homeRegion>:<account>:<topic>", or remove it to send alarms to the alert topic.',
    }),
  },
  centralAccountId: { read: accountId('centralAccountId') },
  accountId: { read: accountId('accountId') },
  accountNames: { default: {}, read: readAccountNames },
  stateBackend: { read: readStateBackend },
  deployRoleArn: { read: template('deployRoleArn', 'a role ARN', 'write it as "arn:aws:iam::{accountId}:role/<name>".') },
  awsProfile: { read: template('awsProfile', 'an AWS CLI profile name', 'write the name as it appears in ~/.aws/config, such as "security-audit" or "member-{accountId}".') },
  stackSets: { read: readStackSets },
  identityCenterRegion: { read: region('identityCenterRegion', 'write the region of your Identity Center instance, such as "us-east-1".') },
  extraSignals: {
    default: [],
    read: (value, problems) => {
      const listed = stringArray(value, 'extraSignals', problems, '["guardduty", "sign-in-anomaly"]');
      if (listed === undefined) return undefined;
      reportUnknown(listed, 'extraSignals', EXTRA_SIGNALS, 'a signal signin-watch knows', problems);
      reportDuplicates(listed, 'extraSignals', problems);
      return listed.filter(isExtraSignal);
    },
  },
  emailSeverities: { default: ALERT_SEVERITIES, read: (value, problems) => severities(value, 'emailSeverities', problems) },
  chat: { read: readChat },
  webhook: { read: readWebhook },
  allowlistParameter: {
    read: matching('allowlistParameter', (name) => /^\/?[\w.-]+(\/[\w.-]+)*$/.test(name) && name.length <= 1011, {
      message: 'is not an SSM parameter name.',
      fix: 'write its name, such as "/signin-watch/allowed-cidrs".',
    }),
  },
  allowlistCacheSeconds: {
    default: 300,
    read: (value, problems) =>
      numberSetting(value, 'allowlistCacheSeconds', problems, (seconds) => Number.isInteger(seconds) && seconds >= 0 && seconds <= 3600, {
        message: 'is not a number of seconds from 0 to 3600.',
        fix: 'use a whole number such as 300; 0 reads the parameter on every sign-in.',
      }),
  },
} satisfies FieldTable;
