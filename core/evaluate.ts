import { type CloudTrailRecord, isObject, nonEmptyStringAt, stringAt } from './cloudtrail-record';
import type { Trust } from './trust';

/** Independent facts about one sign-in; see README.md ("Findings and severities"). */
export const FINDINGS = ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used', 'sign-in-failed'] as const;
export type Finding = (typeof FINDINGS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Outcome = 'Success' | 'Failure' | 'Unknown';

/** Whether MFA was used, as far as the record can tell. */
export type MfaStatus = 'used' | 'not used' | 'federated (checked by the identity provider)' | 'not applicable';

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

const FEDERATED_TYPES = new Set(['AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser', 'IdentityCenterUser']);

function outcomeOf(record: CloudTrailRecord): Outcome {
  const reported = stringAt(record, 'responseElements', CONSOLE_LOGIN)?.toLowerCase();
  if (reported === 'success') return 'Success';
  if (reported === 'failure') return 'Failure';
  // Some tools' records drop responseElements but keep the error; an error means it failed.
  return nonEmptyStringAt(record, 'errorMessage') === undefined ? 'Unknown' : 'Failure';
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

function factsOf(record: CloudTrailRecord, context: EnvelopeContext): SignInFacts {
  const principalType = nonEmptyStringAt(record, 'userIdentity', 'type');
  const outcome = outcomeOf(record);
  let mfa: MfaStatus;
  if (isFederated(record, principalType)) mfa = 'federated (checked by the identity provider)';
  else if (outcome !== 'Success') mfa = 'not applicable';
  else mfa = mfaUsed(record) ? 'used' : 'not used';
  return {
    eventId: nonEmptyStringAt(record, 'eventID'),
    eventName: record.eventName,
    eventTime: nonEmptyStringAt(record, 'eventTime') ?? context.time,
    account: nonEmptyStringAt(record, 'recipientAccountId') ?? nonEmptyStringAt(record, 'userIdentity', 'accountId') ?? context.account,
    region: nonEmptyStringAt(record, 'awsRegion') ?? context.region,
    principal: principalOf(record, principalType),
    principalType,
    principalArn: nonEmptyStringAt(record, 'userIdentity', 'arn'),
    sourceIp: stringAt(record, 'sourceIPAddress'),
    userAgent: nonEmptyStringAt(record, 'userAgent'),
    outcome,
    errorMessage: nonEmptyStringAt(record, 'errorMessage'),
    mfa,
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

function summaryOf(facts: SignInFacts, findings: readonly Finding[]): string {
  const verb = facts.outcome === 'Success' ? 'signed in' : facts.outcome === 'Failure' ? 'failed to sign in' : 'tried to sign in (outcome unknown)';
  const where = `to account ${facts.account ?? 'unknown'} from ${facts.sourceIp || 'an unknown address'} in ${facts.region ?? 'an unknown region'}`;
  const verdict = findings.length === 0 ? 'allowed' : findings.map((finding) => FINDING_PHRASES[finding]).join(', ');
  return `${facts.principal} ${verb} ${where}: ${verdict}`;
}

/**
 * Evaluates one CloudTrail record against the address rules (allowlists and exceptions,
 * as they stand at `now`). Pure, and total: any record with an `eventName` gets a result,
 * whatever else it lacks. Records other than ConsoleLogin are skipped with the reason.
 */
export function evaluate(record: CloudTrailRecord, trust: Trust, context: EnvelopeContext = {}, now: number = Date.now()): Evaluation {
  const base = factsOf(record, context);
  const facts: SignInFacts = { ...base, allowedBy: trust.allowedBy(base, now) };
  if (record.eventName !== CONSOLE_LOGIN) {
    const skipped = `eventName is "${record.eventName}", not "${CONSOLE_LOGIN}"`;
    return { alert: false, severity: 'none', findings: [], summary: `skipped: ${skipped}`, skipped, facts };
  }
  const findings: Finding[] = [];
  if (facts.principalType === 'Root') findings.push('root-sign-in');
  if (facts.allowedBy === undefined) findings.push('source-ip-not-allowed');
  if (facts.mfa === 'not used' && (facts.principalType === 'IAMUser' || facts.principalType === 'Root')) findings.push('mfa-not-used');
  if (facts.outcome === 'Failure') findings.push('sign-in-failed');
  return { alert: findings.length > 0, severity: severityOf(findings, facts.outcome), findings, summary: summaryOf(facts, findings), facts };
}
