import { isObject } from '../detect/cloudtrail-record';
import type { Evaluation, Finding, Severity } from '../detect/evaluate';

export type AlertFinding = Finding | 'region-enabled' | 'guardduty-console-login' | 'sign-in-anomaly';

/**
 * The custom-notification format of Amazon Q Developer in chat applications (AWS
 * Chatbot): `version` 1.0, `source` custom, markdown `content`. See
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html.
 */
export interface ChatNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: { readonly summary: string; readonly eventType: string };
}

/** One alert, rendered for each way it can be delivered. */
export interface Notification {
  /** ASCII, at most 100 characters, no line breaks (SNS rejects anything else for email). */
  readonly subject: string;
  /** Plain text for email: summary, details, findings, what to do, raw event. */
  readonly body: string;
  /** The same alert for a chat channel, without the raw event. */
  readonly chat: ChatNotification;
  /** Message attributes that SNS subscription filter policies can match on. */
  readonly attributes: {
    readonly severity: Severity;
    readonly account: string;
    /** Sign-in findings, or one of AWS's own signals, or `region-enabled` for a region opt-in change. */
    readonly findings: readonly AlertFinding[];
  };
}

/** What every kind of alert says, before it is rendered for email and chat. */
export interface AlertParts {
  readonly severity: Severity;
  /** Without the severity tag, which is added. */
  readonly headline: string;
  readonly summary: string;
  readonly details: ReadonlyArray<readonly [label: string, value: string | undefined]>;
  readonly findings: ReadonlyArray<{ readonly name: AlertFinding; readonly explanation: string }>;
  readonly nextStep: string;
  readonly account: string;
  /** A stable id for the chat message, such as the event id. */
  readonly id?: string;
  readonly rawEvent: unknown;
}

/**
 * The envelope `source` of the synthetic sign-in that `npm run smoke` hands the alert
 * Lambda, so that its alert says it is a test. A real sign-in can never carry it: events
 * reach the Lambda through central rules whose patterns require an `aws.*` source (and
 * `replay` re-sends only such events), so only a direct invoke, which needs
 * lambda:InvokeFunction on the function, can set it. The record alone cannot say so: its
 * user name and user agent are whatever the person signing in chose.
 */
export const SMOKE_TEST_SOURCE = 'signin-watch.smoke-test';

/** Chat titles and descriptions stay short; the full text is in the email. */
export const CHAT_TITLE_MAX_LENGTH = 250;
export const CHAT_DESCRIPTION_MAX_LENGTH = 3_500;

const SEVERITY_MARK: Record<Severity, string> = { critical: ':rotating_light:', high: ':red_circle:', medium: ':large_orange_circle:', low: ':large_blue_circle:', none: ':white_circle:' };

/**
 * Record values are attacker-influenced: in chat markdown `<url|text>` makes a link, so
 * `&`, `<` and `>` become entities (Slack's documented escaping; it has no backslash escapes).
 */
const escapeChat = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A value shown as inline code, where chat applies no formatting; backticks would end it early. */
const chatValue = (text: string): string => `\`${escapeChat(text).replace(/`/g, "'")}\``;

/** Renders an alert for email and for chat. */
export function composeNotification(parts: AlertParts): Notification {
  const tag = parts.severity.toUpperCase();
  const line = (label: string, value: string | undefined): string => `${`${label}:`.padEnd(10)} ${clip(value ?? 'unknown', FIELD_MAX_LENGTH)}`;
  const body = [
    clip(`${tag}: ${parts.summary}`, FIELD_MAX_LENGTH),
    '',
    ...parts.details.map(([label, value]) => line(label, value)),
    '',
    'Findings:',
    ...parts.findings.map(({ name, explanation }) => `- ${name}: ${clip(explanation, FIELD_MAX_LENGTH)}`),
    '',
    `What to do: ${parts.nextStep}`,
    '',
    'Raw event:',
    rawEventText(parts.rawEvent),
  ].join('\n');
  const description = [
    escapeChat(clip(parts.summary, FIELD_MAX_LENGTH)),
    '',
    ...parts.details.map(([label, value]) => `*${label}:* ${chatValue(clip(value ?? 'unknown', 300))}`),
    '',
    ...parts.findings.map(({ name, explanation }) => `• \`${name}\`: ${escapeChat(clip(explanation, 500))}`),
  ].join('\n');
  return {
    subject: toSubject(`[${tag}] ${parts.headline}`),
    body,
    chat: {
      version: '1.0',
      source: 'custom',
      ...(parts.id === undefined ? {} : { id: parts.id }),
      content: {
        textType: 'client-markdown',
        title: clip(`${SEVERITY_MARK[parts.severity]} ${tag}: ${escapeChat(parts.headline)}`, CHAT_TITLE_MAX_LENGTH),
        description: clip(description, CHAT_DESCRIPTION_MAX_LENGTH),
        nextSteps: [clip(parts.nextStep, FIELD_MAX_LENGTH)],
        keywords: [parts.severity, ...parts.findings.map(({ name }) => name), parts.account],
      },
      metadata: { summary: clip(parts.summary, 500), eventType: parts.findings.map(({ name }) => name).join(',') || 'none' },
    },
    attributes: { severity: parts.severity, account: parts.account, findings: parts.findings.map(({ name }) => name) },
  };
}

/** The same alert as a Slack incoming-webhook message (mrkdwn text). */
export function webhookMessage(notification: Notification): { readonly text: string } {
  const { title, description, nextSteps } = notification.chat.content;
  return { text: [`*${title}*`, description, '', `*What to do:* ${nextSteps.join(' ')}`].join('\n') };
}

export const SUBJECT_MAX_LENGTH = 100;

/** SNS rejects messages over 256 KiB (of UTF-8); the raw event gets what the rest of the body cannot use. */
export const RAW_EVENT_MAX_BYTES = 150_000;

/** Longest value shown on one line of the body; records are attacker-influenced (user agent, user name). */
export const FIELD_MAX_LENGTH = 1_000;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}... (cut at ${max} characters)`);

/** An account id with its name from `accountNames`, when the config gives one. */
export function accountLabel(account: string, accountNames: Readonly<Record<string, string>>): string {
  const name = Object.hasOwn(accountNames, account) ? accountNames[account] : undefined;
  return name === undefined ? account : `${account} (${name})`;
}

/** The raw event for the end of a body, cut so that the whole message stays within SNS's limit. */
const rawEventText = (rawEvent: unknown): string => clipBytes(JSON.stringify(rawEvent, null, 2) ?? String(rawEvent), RAW_EVENT_MAX_BYTES);

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
  critical:
    'Confirm with the account owner right now that this was them. If not: change the root password, check the root MFA devices, review CloudTrail for what the session did, and follow your incident process.',
  high: 'Confirm with the person named above that this was them. If not: disable their console password and access keys, and review CloudTrail for what the session did.',
  medium: 'Ask the person named above to confirm, and to use MFA from now on (or add the address to allowedCidrs if it is a known office).',
  low: 'No action is needed for a single failure. Repeated failures for one user or from one address suggest password guessing.',
  none: 'No action needed.',
};

/** Replaces everything SNS would reject in a subject and cuts it to length. */
function toSubject(text: string): string {
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
 * Formats a sign-in alert for people: a subject readable at a glance in a mail client, and
 * a body with who, where, when, the outcome, every finding in a sentence and what to do
 * next, followed by the raw event. Accounts carry their name from `accountNames`, because
 * one team watches many accounts and ids are hard to tell apart.
 */
export function formatNotification(
  evaluation: Evaluation,
  rawEvent: unknown,
  accountNames: Readonly<Record<string, string>> = {},
  /** More lines for the details, such as why the allowlist was not used. */
  notes: ReadonlyArray<readonly [string, string]> = [],
): Notification {
  const { facts, severity, findings } = evaluation;
  const test = isObject(rawEvent) && rawEvent.source === SMOKE_TEST_SOURCE;
  return composeNotification({
    severity,
    headline: test ? `signin-watch smoke test in ${accountLabel(facts.account ?? 'unknown account', accountNames)}: not a real sign-in` : headline(evaluation, accountNames),
    summary: evaluation.summary,
    details: [
      ['Who', facts.principalType ? `${facts.principal} (${facts.principalType})` : facts.principal],
      ['Account', facts.account === undefined ? undefined : accountLabel(facts.account, accountNames)],
      ['Region', facts.region],
      ['From', facts.sourceIp || undefined],
      ...(facts.allowedBy === undefined ? [] : [['Trusted', facts.allowedBy] as const]),
      ['Client', facts.userAgent],
      ['When', facts.eventTime],
      ['Event', facts.eventName],
      ['Outcome', facts.outcome],
      ['MFA', facts.mfa],
      ['Event ID', facts.eventId],
      ...notes,
    ],
    findings: findings.map((finding) => ({ name: finding, explanation: FINDING_EXPLANATIONS[finding](evaluation) })),
    nextStep: test ? 'None: npm run smoke sent this synthetic sign-in to check that alerts reach you.' : NEXT_STEPS[severity],
    account: facts.account ?? 'unknown',
    id: facts.eventId,
    rawEvent,
  });
}
