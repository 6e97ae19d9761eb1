import { type CloudTrailRecord, isObject, nonEmptyStringAt, stringAt } from './cloudtrail-record';
import type { Trust } from './trust';

/** Independent facts about one sign-in; see README.md ("Findings and severities"). */
export const FINDINGS = ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used', 'sign-in-failed'] as const;
export type Finding = (typeof FINDINGS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Outcome = 'Success' | 'Failure' | 'Unknown';

/** Whether MFA was used, as far as the record can tell. */
export type MfaStatus = 'used' | 'not used' | 'federated (checked by the identity provider)' | 'checked by IAM Identity Center' | 'not applicable';

/** What the record says, normalised for messages; missing values are undefined. */
export interface SignInFacts {
  readonly eventId?: string;
  readonly eventName: string;
  readonly eventTime?: string;
  readonly account?: string;
  readonly region?: string;
  readonly principal: string;
  readonly principalType?: string;
  /** `userIdentity.arn`, which exceptions match on. */
  readonly principalArn?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly outcome: Outcome;
  readonly errorMessage?: string;
  readonly mfa: MfaStatus;
  /** The rule that trusted the source address (an allowlist entry or an exception); undefined when none did. */
  readonly allowedBy?: string;
}

export interface Evaluation {
  /** True exactly when there is at least one finding. */
  readonly alert: boolean;
  readonly severity: Severity;
  /** In the order of `FINDINGS`, most serious first. */
  readonly findings: readonly Finding[];
  /** One line a person can read. */
  readonly summary: string;
  /** Why the record was not evaluated; present only for records that are not console sign-ins. */
  readonly skipped?: string;
  readonly facts: SignInFacts;
}

/** Defaults from the EventBridge envelope, for records that lack them. */
export interface EnvelopeContext {
  readonly account?: string;
  readonly region?: string;
  readonly time?: string;
}

export const CONSOLE_LOGIN = 'ConsoleLogin';
/** A console session made from API keys through the federation endpoint (the aws_consoler technique). */
export const GET_SIGNIN_TOKEN = 'GetSigninToken';
/**
 * IAM Identity Center's sign-in events (eventType AwsServiceEvent, recorded in the
 * Identity Center region of the account that hosts it). UserAuthentication ends a
 * sign-in; CredentialVerification matters when it fails (a wrong password);
 * CredentialChallenge only asks for a credential.
 */
export const IDENTITY_CENTER_EVENTS = ['UserAuthentication', 'CredentialChallenge', 'CredentialVerification'] as const;
/** Every eventName the evaluator judges; anything else is skipped with the reason. */
export const EVALUATED_EVENTS: readonly string[] = [CONSOLE_LOGIN, GET_SIGNIN_TOKEN, ...IDENTITY_CENTER_EVENTS];

const FEDERATED_TYPES = new Set(['AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser', 'IdentityCenterUser']);

function outcomeOf(record: CloudTrailRecord): Outcome {
  // ConsoleLogin reports in responseElements, Identity Center in serviceEventDetails, each under the event's name.
  const reported = (stringAt(record, 'responseElements', record.eventName) ?? stringAt(record, 'serviceEventDetails', record.eventName))?.toLowerCase();
  if (reported === 'success') return 'Success';
  if (reported === 'failure') return 'Failure';
  // Some tools' records drop responseElements but keep the error; an error means it failed.
  if (nonEmptyStringAt(record, 'errorMessage') !== undefined || nonEmptyStringAt(record, 'errorCode') !== undefined) return 'Failure';
  // An API call without an error succeeded; GetSigninToken reports nothing else.
  return record.eventName === GET_SIGNIN_TOKEN ? 'Success' : 'Unknown';
}

function isFederated(record: CloudTrailRecord, principalType: string | undefined): boolean {
  return (principalType !== undefined && FEDERATED_TYPES.has(principalType)) || nonEmptyStringAt(record, 'additionalEventData', 'SamlProviderArn') !== undefined;
}

function mfaUsed(record: CloudTrailRecord): boolean {
  const value = isObject(record.additionalEventData) ? record.additionalEventData.MFAUsed : undefined;
  // AWS's own samples write "Yes" and "YES"; a few tools turn it into a boolean.
  return value === true || (typeof value === 'string' && ['yes', 'true'].includes(value.trim().toLowerCase()));
}

function principalOf(record: CloudTrailRecord, principalType: string | undefined): string {
  if (principalType === 'Root') return 'root user';
  const arn = nonEmptyStringAt(record, 'userIdentity', 'arn');
  const assumed = arn === undefined ? undefined : /:assumed-role\/(.+)$/.exec(arn)?.[1];
  return (
    (assumed ? `role ${assumed}` : undefined) ??
    nonEmptyStringAt(record, 'userIdentity', 'userName') ??
    nonEmptyStringAt(record, 'additionalEventData', 'UserName') ??
    arn ??
    nonEmptyStringAt(record, 'userIdentity', 'principalId') ??
    'unknown principal'
  );
}

function factsOf(record: CloudTrailRecord, context: EnvelopeContext, trust: Trust, now: number): SignInFacts {
  const principalType = nonEmptyStringAt(record, 'userIdentity', 'type');
  const outcome = outcomeOf(record);
  let mfa: MfaStatus;
  if ((IDENTITY_CENTER_EVENTS as readonly string[]).includes(record.eventName)) mfa = 'checked by IAM Identity Center';
  else if (isFederated(record, principalType)) mfa = 'federated (checked by the identity provider)';
  // Only a ConsoleLogin record says whether MFA was used.
  else if (outcome !== 'Success' || record.eventName !== CONSOLE_LOGIN) mfa = 'not applicable';
  else mfa = mfaUsed(record) ? 'used' : 'not used';
  const account = nonEmptyStringAt(record, 'recipientAccountId') ?? nonEmptyStringAt(record, 'userIdentity', 'accountId') ?? context.account;
  const principalArn = nonEmptyStringAt(record, 'userIdentity', 'arn');
  const sourceIp = stringAt(record, 'sourceIPAddress');
  // One object literal: spreading facts into a new one costs V8's slow path, several microseconds.
  return {
    eventId: nonEmptyStringAt(record, 'eventID'),
    eventName: record.eventName,
    eventTime: nonEmptyStringAt(record, 'eventTime') ?? context.time,
    account,
    region: nonEmptyStringAt(record, 'awsRegion') ?? context.region,
    principal: principalOf(record, principalType),
    principalType,
    principalArn,
    sourceIp,
    userAgent: nonEmptyStringAt(record, 'userAgent'),
    outcome,
    errorMessage: nonEmptyStringAt(record, 'errorMessage'),
    mfa,
    allowedBy: trust.allowedBy({ sourceIp, account, principalArn }, now),
  };
}

/**
 * The severity of a set of findings. A sign-in whose outcome is unknown is treated
 * like a success: it cannot be shown to have failed.
 */
export function severityOf(findings: readonly Finding[], outcome: Outcome): Severity {
  const has = (finding: Finding): boolean => findings.includes(finding);
  const failed = outcome === 'Failure';
  if (has('root-sign-in')) return failed ? 'high' : 'critical';
  if (has('source-ip-not-allowed')) return failed ? 'medium' : 'high';
  if (has('mfa-not-used')) return 'medium';
  if (has('sign-in-failed')) return 'low';
  return 'none';
}

const FINDING_PHRASES: Record<Finding, string> = {
  'root-sign-in': 'root user',
  'source-ip-not-allowed': 'address not on the allowlist',
  'mfa-not-used': 'no MFA',
  'sign-in-failed': 'failed password',
};

function verbOf(facts: SignInFacts): string {
  const outcome = facts.outcome === 'Success' ? '' : facts.outcome === 'Failure' ? ' (failed)' : ' (outcome unknown)';
  if (facts.eventName === GET_SIGNIN_TOKEN) return `made a console sign-in token from API keys${outcome}`;
  if (facts.eventName === 'UserAuthentication') return facts.outcome === 'Failure' ? 'failed to sign in to IAM Identity Center' : `signed in to IAM Identity Center${outcome}`;
  if (facts.eventName === 'CredentialVerification') return 'failed IAM Identity Center credential verification';
  return facts.outcome === 'Success' ? 'signed in' : facts.outcome === 'Failure' ? 'failed to sign in' : 'tried to sign in (outcome unknown)';
}

function summaryOf(facts: SignInFacts, findings: readonly Finding[]): string {
  const verb = verbOf(facts);
  const where = `to account ${facts.account ?? 'unknown'} from ${facts.sourceIp || 'an unknown address'} in ${facts.region ?? 'an unknown region'}`;
  const verdict = findings.length === 0 ? 'allowed' : findings.map((finding) => FINDING_PHRASES[finding]).join(', ');
  return `${facts.principal} ${verb} ${where}: ${verdict}`;
}

/**
 * Evaluates one CloudTrail record against the address rules (allowlists and exceptions,
 * as they stand at `now`). Pure, and total: any record with an `eventName` gets a result,
 * whatever else it lacks. It judges ConsoleLogin, GetSigninToken and IAM Identity Center's
 * sign-in events; any other record is skipped with the reason.
 */
export function evaluate(record: CloudTrailRecord, trust: Trust, context: EnvelopeContext = {}, now: number = Date.now()): Evaluation {
  const facts = factsOf(record, context, trust, now);
  const skip = (skipped: string): Evaluation => ({ alert: false, severity: 'none', findings: [], summary: `skipped: ${skipped}`, skipped, facts });
  if (!EVALUATED_EVENTS.includes(record.eventName)) return skip(`eventName is "${record.eventName}", not a sign-in signin-watch evaluates (${EVALUATED_EVENTS.join(', ')})`);
  if (record.eventName === 'CredentialChallenge') return skip('CredentialChallenge only asks for a credential; its verification and the UserAuthentication are evaluated');
  if (record.eventName === 'CredentialVerification' && facts.outcome !== 'Failure') return skip('a CredentialVerification that did not fail; the UserAuthentication that follows is evaluated');
  // The access portal makes these too, with this user agent (SigmaHQ aws_console_getsignintoken.yml excludes it).
  if (record.eventName === GET_SIGNIN_TOKEN && facts.userAgent?.includes('Jersey/${project.version}')) return skip('GetSigninToken made by the IAM Identity Center access portal (its user agent), not from API keys');
  const findings: Finding[] = [];
  if (facts.principalType === 'Root') findings.push('root-sign-in');
  if (facts.allowedBy === undefined) findings.push('source-ip-not-allowed');
  // MFA is visible only in ConsoleLogin; Identity Center and sign-in tokens check it elsewhere.
  if (record.eventName === CONSOLE_LOGIN && facts.mfa === 'not used' && (facts.principalType === 'IAMUser' || facts.principalType === 'Root')) findings.push('mfa-not-used');
  if (facts.outcome === 'Failure') findings.push('sign-in-failed');
  return { alert: findings.length > 0, severity: severityOf(findings, facts.outcome), findings, summary: summaryOf(facts, findings), facts };
}
