import type { Evaluation, Finding, Severity } from './evaluate';

/** A notification as SNS takes it, before it is wrapped in a PublishCommand. */
export interface Notification {
  /** ASCII, at most 100 characters, no line breaks (SNS rejects anything else for email). */
  readonly subject: string;
  readonly body: string;
  /** Message attributes that SNS subscription filter policies can match on. */
  readonly attributes: {
    readonly severity: string;
    readonly account: string;
    /** Sign-in findings, or one of AWS's own signals, or `region-enabled` for a region opt-in change. */
    readonly findings: readonly (Finding | 'region-enabled' | 'guardduty-console-login' | 'sign-in-anomaly')[];
  };
}

export const SUBJECT_MAX_LENGTH = 100;

/** SNS rejects messages over 256 KiB (of UTF-8); the raw event gets what the rest of the body cannot use. */
export const RAW_EVENT_MAX_BYTES = 150_000;

/** Longest value shown on one line of the body; records are attacker-influenced (user agent, user name). */
export const FIELD_MAX_LENGTH = 1_000;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}... (cut at ${max} characters)`);

/** One value for a line of a body, cut to `FIELD_MAX_LENGTH`. */
export const clipField = (text: string): string => clip(text, FIELD_MAX_LENGTH);

/** An account id with its name from `accountNames`, when the config gives one. */
export function accountLabel(account: string, accountNames: Readonly<Record<string, string>>): string {
  const name = Object.hasOwn(accountNames, account) ? accountNames[account] : undefined;
  return name === undefined ? account : `${account} (${name})`;
}

/** The raw event for the end of a body, cut so that the whole message stays within SNS's limit. */
export const rawEventText = (rawEvent: unknown): string => clipBytes(JSON.stringify(rawEvent, null, 2) ?? String(rawEvent), RAW_EVENT_MAX_BYTES);

/** Cuts to at most `maxBytes` of UTF-8 (a character split at the cut becomes U+FFFD). */
function clipBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= maxBytes ? text : `${bytes.subarray(0, maxBytes).toString('utf8')}\n... (cut at ${maxBytes} bytes)`;
}

const FINDING_EXPLANATIONS: Record<Finding, (evaluation: Evaluation) => string> = {
  'root-sign-in': () => "The account's root user was used. Root has every permission and should be needed only for the few tasks that require it.",
  'source-ip-not-allowed': ({ facts }) =>
    facts.sourceIp === undefined || facts.sourceIp === ''
      ? 'The record has no source address, so it cannot be on the allowlist.'
      : `The source address ${facts.sourceIp} is not inside any block in allowedCidrs${/^[\d.]+$|:/.test(facts.sourceIp) ? '' : ' (it is not an IP address at all)'}.`,
  'mfa-not-used': () => 'The sign-in succeeded with a password alone: no MFA device was used.',
  'sign-in-failed': ({ facts }) => `The sign-in failed (${facts.errorMessage ?? 'no error message recorded'}): a mistyped password, or someone guessing it.`,
};

const NEXT_STEPS: Record<Severity, string> = {
  critical: 'Confirm with the account owner right now that this was them. If not: change the root password, check the root MFA devices, review CloudTrail for what the session did, and follow your incident process.',
  high: 'Confirm with the person named above that this was them. If not: disable their console password and access keys, and review CloudTrail for what the session did.',
  medium: 'Ask the person named above to confirm, and to use MFA from now on (or add the address to allowedCidrs if it is a known office).',
  low: 'No action is needed for a single failure. Repeated failures for one user or from one address suggest password guessing.',
  none: 'No action needed.',
};

/** Replaces everything SNS would reject in a subject and cuts it to length. */
export function toSubject(text: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_MAX_LENGTH ? ascii : `${ascii.slice(0, SUBJECT_MAX_LENGTH - 3)}...`;
}

/** What happened, in a few words, for the subject. */
function whatHappened(facts: Evaluation['facts']): string {
  const failed = facts.outcome === 'Failure';
  switch (facts.eventName) {
    case 'GetSigninToken':
      return `${failed ? 'failed ' : ''}console sign-in token from API keys`;
    case 'UserAuthentication':
      return failed ? 'failed IAM Identity Center sign-in' : 'IAM Identity Center sign-in';
    case 'CredentialVerification':
      return 'failed IAM Identity Center credential check';
    default:
      return failed ? 'failed console sign-in' : 'console sign-in';
  }
}

function headline(evaluation: Evaluation, accountNames: Readonly<Record<string, string>>): string {
  const { facts, findings } = evaluation;
  const who = findings.includes('root-sign-in') ? 'Root' : facts.principal;
  const from = facts.sourceIp ? ` from ${facts.sourceIp}` : '';
  return `${who} ${whatHappened(facts)} to ${facts.account === undefined ? 'unknown account' : accountLabel(facts.account, accountNames)}${from}`;
}

/**
 * Formats an alert for people: a subject readable at a glance in a mail client, and a
 * plain-text body with who, where, when, the outcome, every finding in a sentence and
 * what to do next, followed by the raw event. Accounts carry their name from
 * `accountNames`, because one team watches many accounts and ids are hard to tell apart.
 */
export function formatNotification(evaluation: Evaluation, rawEvent: unknown, accountNames: Readonly<Record<string, string>> = {}): Notification {
  const { facts, severity, findings } = evaluation;
  const subject = toSubject(`[${severity.toUpperCase()}] ${headline(evaluation, accountNames)}`);
  const raw = rawEventText(rawEvent);
  const line = (label: string, value: string | undefined): string => `${`${label}:`.padEnd(11)}${clip(value ?? 'unknown', FIELD_MAX_LENGTH)}`;
  const body = [
    clip(`${severity.toUpperCase()}: ${evaluation.summary}`, FIELD_MAX_LENGTH),
    '',
    line('Who', facts.principalType ? `${facts.principal} (${facts.principalType})` : facts.principal),
    line('Account', facts.account === undefined ? undefined : accountLabel(facts.account, accountNames)),
    line('Region', facts.region),
    line('From', facts.sourceIp || undefined),
    ...(facts.allowedBy === undefined ? [] : [line('Trusted', facts.allowedBy)]),
    line('Client', facts.userAgent),
    line('When', facts.eventTime),
    line('Event', facts.eventName),
    line('Outcome', facts.outcome),
    line('MFA', facts.mfa),
    line('Event ID', facts.eventId),
    '',
    'Findings:',
    ...findings.map((finding) => `- ${finding}: ${clip(FINDING_EXPLANATIONS[finding](evaluation), FIELD_MAX_LENGTH)}`),
    '',
    `What to do: ${NEXT_STEPS[severity]}`,
    '',
    'Raw event:',
    raw,
  ].join('\n');
  return { subject, body, attributes: { severity, account: facts.account ?? 'unknown', findings } };
}
