import { SIGN_IN_ANOMALY_DETAIL_TYPE, GUARDDUTY_CONSOLE_LOGIN_FINDING } from '../detect/aws-detections';
import type { ExtraSignal } from '../config/types';
import { GET_SIGNIN_TOKEN, IDENTITY_CENTER_EVENTS } from '../detect/evaluate';

/**
 * IAM Identity Center's sign-in events. No `detail-type`: they are AwsServiceEvent records,
 * whose EventBridge detail-type is not confirmed by a published sample.
 */
export const IDENTITY_CENTER_PATTERN = {
  source: ['aws.signin'],
  detail: { eventSource: ['signin.amazonaws.com'], eventName: [...IDENTITY_CENTER_EVENTS] },
} as const;

/** One pattern per extra signal; none overlaps another or the console sign-in pattern, so no event is forwarded twice. */
export const EXTRA_SIGNAL_PATTERNS: Record<ExtraSignal, object> = {
  // An API call (AwsApiCall), so not under the console sign-in detail-type.
  'get-signin-token': { source: ['aws.signin'], detail: { eventName: [GET_SIGNIN_TOKEN] } },
  guardduty: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { type: [GUARDDUTY_CONSOLE_LOGIN_FINDING] } },
  'sign-in-anomaly': { source: ['aws.signin'], 'detail-type': [SIGN_IN_ANOMALY_DETAIL_TYPE] },
};

/** Every kind of event the Lambda judges. */
export type Signal = 'console-sign-in' | 'region-change' | 'identity-center' | ExtraSignal;

/**
 * The rule state that also receives read-only management events. EventBridge matches a rule
 * in plain `ENABLED` against every event except read-only AWS management events delivered
 * through CloudTrail (usually those whose names start with Describe, Get or List); only a
 * rule in this state receives them, on the default bus and on custom buses alike
 * (EventBridge User Guide, "Receiving read-only management events from AWS services",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html).
 */
export const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
export type RuleState = 'ENABLED' | typeof ALL_MANAGEMENT_EVENTS;

/**
 * The state of every rule that carries a signal: its forwarder rules on each region's
 * default bus and its rule on the central bus, in cdktf and in the StackSets template
 * alike. Each signal is checked against the read-only rule above. The wider state goes
 * only where the pattern names the event, so that it lets nothing else in.
 */
export const SIGNAL_RULE_STATES: Record<Signal, RuleState> = {
  // ConsoleLogin is not an API call but an AwsConsoleSignIn event, recorded with readOnly false.
  'console-sign-in': 'ENABLED',
  // EnableRegion and DisableRegion are writes, and the opt-in event is Account Management's
  // own, not CloudTrail's. The pattern takes every aws.account API call, so the wider state
  // would add every GetRegionOptStatus and ListRegions call (the doctor's own included).
  'region-change': 'ENABLED',
  // UserAuthentication, CredentialVerification and CredentialChallenge are AwsServiceEvent
  // records, not API calls, and none starts with Describe, Get or List (published
  // UserAuthentication records carry readOnly false).
  'identity-center': 'ENABLED',
  // An AwsApiCall whose name starts with Get: if CloudTrail marks it read-only, a rule in
  // plain ENABLED never sees one, and AWS publishes no record that says. Its pattern names
  // this one event, so the wider state costs nothing for any other.
  'get-signin-token': ALL_MANAGEMENT_EVENTS,
  // GuardDuty sends its findings to EventBridge itself, not through CloudTrail.
  guardduty: 'ENABLED',
  // AWS Sign-In sends the anomaly alert to EventBridge itself, not through CloudTrail.
  'sign-in-anomaly': 'ENABLED',
};

/**
 * A rule's `state` argument in Terraform: none for ENABLED, the provider's default, so that
 * the rules that predate the argument synthesize as before and no deployment sees a change.
 */
export function terraformRuleState(state: RuleState): { readonly state?: RuleState } {
  return state === 'ENABLED' ? {} : { state };
}

/** What a config switches on beyond console sign-ins and region changes. */
export interface SignalSettings {
  /** The region whose Identity Center sign-ins are forwarded, if any. */
  readonly identityCenterRegion?: string;
  readonly extraSignals: readonly ExtraSignal[];
}
