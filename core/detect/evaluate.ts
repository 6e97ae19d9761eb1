import { type CloudTrailRecord, isObject } from './cloudtrail-record';
import type { AlertSeverity } from '../config/types';
import type { Trust } from './trust';

/** Independent facts about one sign-in; see README.md ("Findings and severities"). */
export const FINDINGS = ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used', 'sign-in-failed'] as const;
export type Finding = (typeof FINDINGS)[number];

/** An alert's severity (one list, the config's, which chooses among them), or none for a sign-in that does not alert. */
export type Severity = AlertSeverity | 'none';

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
  /**
   * One line a person can read. Written when it is read (a getter), so read it by name: a
   * spread, `Object.keys` or `JSON.stringify` of an evaluation leaves it out.
   */
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
const ASSUMED_ROLE_ARN = /:assumed-role\/(.+)$/;

/*
 * The facts are read field by field, each nested object once, rather than through
 * `stringAt(record, ...path)`: its rest parameter allocates an array on every call, and
 * a record needs about twenty reads (see bench/lambda.bench.ts).
 */

/** The value when it is an object (not an array), else undefined: one step into a record. */
function objectOrUndefined(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isObject(value) ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string that is not empty; anything else counts as missing. */
function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function outcomeOf(record: CloudTrailRecord, errorMessage: string | undefined): Outcome {
  // ConsoleLogin reports in responseElements, Identity Center in serviceEventDetails, each under the event's name.
  const reported = (
    stringOrUndefined(objectOrUndefined(record.responseElements)?.[record.eventName]) ?? stringOrUndefined(objectOrUndefined(record.serviceEventDetails)?.[record.eventName])
  )?.toLowerCase();
  if (reported === 'success') return 'Success';
  if (reported === 'failure') return 'Failure';
  // Some tools' records drop responseElements but keep the error; an error means it failed.
  if (errorMessage !== undefined || textOrUndefined(record.errorCode) !== undefined) return 'Failure';
  // An API call without an error succeeded; GetSigninToken reports nothing else.
  return record.eventName === GET_SIGNIN_TOKEN ? 'Success' : 'Unknown';
}

function mfaUsed(value: unknown): boolean {
  // AWS's own samples write "Yes" and "YES"; a few tools turn it into a boolean.
  if (value === true) return true;
  if (typeof value !== 'string') return false;
  const word = value.trim().toLowerCase();
  return word === 'yes' || word === 'true';
}

function principalOf(
  principalType: string | undefined,
  principalArn: string | undefined,
  identity: Readonly<Record<string, unknown>> | undefined,
  extra: Readonly<Record<string, unknown>> | undefined,
): string {
  if (principalType === 'Root') return 'root user';
  const assumed = principalArn === undefined ? undefined : ASSUMED_ROLE_ARN.exec(principalArn)?.[1];
  return (
    (assumed ? `role ${assumed}` : undefined) ??
    textOrUndefined(identity?.userName) ??
    textOrUndefined(extra?.UserName) ??
    principalArn ??
    textOrUndefined(identity?.principalId) ??
    'unknown principal'
  );
}

function factsOf(record: CloudTrailRecord, context: EnvelopeContext, trust: Trust, now: number | undefined): SignInFacts {
  const eventName = record.eventName;
  const identity = objectOrUndefined(record.userIdentity);
  const extra = objectOrUndefined(record.additionalEventData);
  const principalType = textOrUndefined(identity?.type);
  const principalArn = textOrUndefined(identity?.arn);
  const errorMessage = textOrUndefined(record.errorMessage);
  const outcome = outcomeOf(record, errorMessage);
  let mfa: MfaStatus;
  if ((IDENTITY_CENTER_EVENTS as readonly string[]).includes(eventName)) mfa = 'checked by IAM Identity Center';
  else if ((principalType !== undefined && FEDERATED_TYPES.has(principalType)) || textOrUndefined(extra?.SamlProviderArn) !== undefined) mfa = 'federated (checked by the identity provider)';
  // Only a ConsoleLogin record says whether MFA was used.
  else if (outcome !== 'Success' || eventName !== CONSOLE_LOGIN) mfa = 'not applicable';
  else mfa = mfaUsed(extra?.MFAUsed) ? 'used' : 'not used';
  const account = textOrUndefined(record.recipientAccountId) ?? textOrUndefined(identity?.accountId) ?? context.account;
  const sourceIp = stringOrUndefined(record.sourceIPAddress);
  // One object literal: spreading facts into a new one costs V8's slow path, several microseconds.
  return {
    eventId: textOrUndefined(record.eventID),
    eventName,
    eventTime: textOrUndefined(record.eventTime) ?? context.time,
    account,
    region: textOrUndefined(record.awsRegion) ?? context.region,
    principal: principalOf(principalType, principalArn, identity, extra),
    principalType,
    principalArn,
    sourceIp,
    userAgent: textOrUndefined(record.userAgent),
    outcome,
    errorMessage,
    mfa,
    allowedBy: trust.allowedBy({ sourceIp, account, principalArn }, now),
  };
}

/**
 * The severity of a set of findings. A sign-in whose outcome is unknown is treated
 * like a success: it cannot be shown to have failed.
 */
export function severityOf(findings: readonly Finding[], outcome: Outcome): Severity {
  const failed = outcome === 'Failure';
  if (findings.includes('root-sign-in')) return failed ? 'high' : 'critical';
  if (findings.includes('source-ip-not-allowed')) return failed ? 'medium' : 'high';
  if (findings.includes('mfa-not-used')) return 'medium';
  if (findings.includes('sign-in-failed')) return 'low';
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
  let verdict = findings.length === 0 ? 'allowed' : FINDING_PHRASES[findings[0]];
  for (let i = 1; i < findings.length; i++) verdict += `, ${FINDING_PHRASES[findings[i]]}`;
  return `${facts.principal} ${verbOf(facts)} to account ${facts.account ?? 'unknown'} from ${facts.sourceIp || 'an unknown address'} in ${facts.region ?? 'an unknown region'}: ${verdict}`;
}

/**
 * An evaluation whose summary is written when it is read: the backtest never reads it,
 * and writing it costs about 0.1 us, a quarter of an evaluation (bench/lambda.bench.ts).
 * A getter in an object literal would cost more than the summary itself (V8 makes such
 * an object a dictionary), hence a class.
 */
class SignInEvaluation implements Evaluation {
  readonly alert: boolean;
  readonly severity: Severity;
  readonly findings: readonly Finding[];
  readonly facts: SignInFacts;
  // Declared only, so that only a skipped record has the property.
  declare readonly skipped?: string;

  constructor(findings: readonly Finding[], facts: SignInFacts, skipped?: string) {
    this.alert = findings.length > 0;
    this.severity = severityOf(findings, facts.outcome);
    this.findings = findings;
    this.facts = facts;
    if (skipped !== undefined) this.skipped = skipped;
  }

  get summary(): string {
    return this.skipped === undefined ? summaryOf(this.facts, this.findings) : `skipped: ${this.skipped}`;
  }
}

const EVALUATED_LIST = EVALUATED_EVENTS.join(', ');
const NO_CONTEXT: EnvelopeContext = Object.freeze({});

/** Why a record is not judged, or undefined when it is. */
function skipReason(facts: SignInFacts): string | undefined {
  switch (facts.eventName) {
    case CONSOLE_LOGIN:
    case 'UserAuthentication':
      return undefined;
    case 'CredentialChallenge':
      return 'CredentialChallenge only asks for a credential; its verification and the UserAuthentication are evaluated';
    case 'CredentialVerification':
      return facts.outcome === 'Failure' ? undefined : 'a CredentialVerification that did not fail; the UserAuthentication that follows is evaluated';
    case GET_SIGNIN_TOKEN:
      // The access portal makes these too, with this user agent (SigmaHQ aws_console_getsignintoken.yml excludes it).
      return facts.userAgent?.includes('Jersey/${project.version}') ? 'GetSigninToken made by the IAM Identity Center access portal (its user agent), not from API keys' : undefined;
    default:
      return `eventName is "${facts.eventName}", not a sign-in signin-watch evaluates (${EVALUATED_LIST})`;
  }
}

/**
 * Evaluates one CloudTrail record against the address rules (allowlists and exceptions,
 * as they stand at `now`). Pure, and total: any record with an `eventName` gets a result,
 * whatever else it lacks. It judges ConsoleLogin, GetSigninToken and IAM Identity Center's
 * sign-in events; any other record is skipped with the reason. Without `now`, exceptions
 * are judged at the current time (the clock is read only when an exception is checked).
 */
export function evaluate(record: CloudTrailRecord, trust: Trust, context: EnvelopeContext = NO_CONTEXT, now?: number): Evaluation {
  const facts = factsOf(record, context, trust, now);
  const skipped = skipReason(facts);
  if (skipped !== undefined) return new SignInEvaluation([], facts, skipped);
  const findings: Finding[] = [];
  if (facts.principalType === 'Root') findings.push('root-sign-in');
  if (facts.allowedBy === undefined) findings.push('source-ip-not-allowed');
  // MFA is visible only in ConsoleLogin; Identity Center and sign-in tokens check it elsewhere.
  if (facts.eventName === CONSOLE_LOGIN && facts.mfa === 'not used' && (facts.principalType === 'IAMUser' || facts.principalType === 'Root')) findings.push('mfa-not-used');
  if (facts.outcome === 'Failure') findings.push('sign-in-failed');
  return new SignInEvaluation(findings, facts);
}
