import { SIGN_IN_ANOMALY_DETAIL_TYPE, GUARDDUTY_CONSOLE_LOGIN_FINDING } from './aws-signal';
import { CONSOLE_SIGN_IN_PATTERN, REGION_CHANGE_PATTERN } from './event-pattern';
import { GET_SIGNIN_TOKEN, IDENTITY_CENTER_EVENTS } from './evaluate';

/** Signals beyond console sign-ins that a config can switch on; see README, "More signals". */
export const EXTRA_SIGNALS = ['get-signin-token', 'guardduty', 'sign-in-anomaly'] as const;
export type ExtraSignal = (typeof EXTRA_SIGNALS)[number];

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

/** What a config switches on beyond console sign-ins and region changes. */
export interface SignalSettings {
  /** The region whose Identity Center sign-ins are forwarded, if any. */
  readonly identityCenterRegion?: string;
  readonly extraSignals: readonly ExtraSignal[];
}

/** A kind of event the central bus takes and the Lambda judges, with its rule's id stem and pattern. */
export interface SignalRule {
  /** `rule` and `region-change-rule` keep their first ids; the others are `<signal>-rule`. */
  readonly id: string;
  readonly signal: 'console-sign-in' | 'region-change' | 'identity-center' | ExtraSignal;
  readonly what: string;
  readonly pattern: object;
}

/** Every kind of event the Lambda receives for a config, in a fixed order. */
export function centralSignals(settings: SignalSettings): SignalRule[] {
  return [
    { id: 'rule', signal: 'console-sign-in', what: 'console sign-ins', pattern: CONSOLE_SIGN_IN_PATTERN },
    { id: 'region-change-rule', signal: 'region-change', what: 'region opt-in changes', pattern: REGION_CHANGE_PATTERN },
    ...(settings.identityCenterRegion === undefined ? [] : [{ id: 'identity-center-rule', signal: 'identity-center' as const, what: 'IAM Identity Center sign-ins', pattern: IDENTITY_CENTER_PATTERN }]),
    ...settings.extraSignals.map((signal) => ({ id: `${signal}-rule`, signal, what: SIGNAL_NAMES[signal], pattern: EXTRA_SIGNAL_PATTERNS[signal] })),
  ];
}

const SIGNAL_NAMES: Record<ExtraSignal, string> = {
  'get-signin-token': 'console sign-in tokens made from API keys (GetSigninToken)',
  guardduty: 'GuardDuty console sign-in findings',
  'sign-in-anomaly': 'AWS Sign-In anomaly alerts',
};

/** The event sources the central bus admits for a config: nothing it does not route. */
export function centralBusSources(settings: SignalSettings): string[] {
  return ['aws.signin', 'aws.cloudwatch', 'aws.account', ...(settings.extraSignals.includes('guardduty') ? ['aws.guardduty'] : [])];
}
