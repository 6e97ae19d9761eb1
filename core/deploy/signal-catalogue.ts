import { alarmStateChangePattern } from './alarms';
import { CONSOLE_SIGN_IN_PATTERN, matchesPattern, REGION_CHANGE_PATTERN } from './event-pattern';
import { resourceNames } from './names';
import { GLOBAL_SIGN_IN_REGION } from '../config/regions';
import type { ExtraSignal } from '../config/types';
import { EXTRA_SIGNAL_PATTERNS, IDENTITY_CENTER_PATTERN, type RuleState, type Signal, SIGNAL_RULE_STATES, type SignalSettings } from './signal-patterns';

type Names = ReturnType<typeof resourceNames>;

/** Everything a forwarder rule carries: the signals the Lambda judges, and signin-watch's own alarm state changes. */
export type CatalogueSignal = Signal | 'alarm-state-change';

/**
 * How the central account handles a signal: one of the Lambda's evaluators (core/detect/evaluate.ts
 * for CloudTrail sign-in records, core/detect/region-change.ts, core/detect/aws-detections.ts), or, for alarm
 * state changes, the alarm topic directly.
 */
export type Judge = 'sign-in' | 'region-change' | 'aws-signal' | 'alarm-topic';

/** Where a signal's forwarder rule goes. */
export type ForwardedIn = 'every-region' | 'global-sign-in-region' | 'identity-center-region';

export type Replay = { readonly replayable: true } | { readonly replayable: false; readonly why: string };

/** One signal, described once: every stack, template and command reads it from here. */
export interface SignalEntry {
  readonly signal: CatalogueSignal;
  /** Plural noun phrase for descriptions, such as "console sign-ins". */
  readonly what: string;
  readonly pattern: (names: Names) => object;
  /** Both its forwarder rules and its central rule (see SIGNAL_RULE_STATES). */
  readonly state: RuleState;
  readonly forwardedIn: ForwardedIn;
  /** Construct id stem of its rules; they are Terraform addresses, so the first two keep their historical ids. */
  readonly id: string;
  readonly forwarderRuleName: (names: Names) => string;
  readonly forwarderDescription: (region: string, towards: string) => string;
  readonly centralRuleName: (names: Names) => string;
  readonly judge: Judge;
  readonly replay: Replay;
}

/** Replaying is invoking the Lambda with the kept event: whatever the Lambda judges can be replayed. */
const BY_LAMBDA: Replay = { replayable: true };

const CONSOLE_SIGN_IN: SignalEntry = {
  signal: 'console-sign-in',
  what: 'console sign-ins',
  pattern: () => CONSOLE_SIGN_IN_PATTERN,
  state: SIGNAL_RULE_STATES['console-sign-in'],
  forwardedIn: 'every-region',
  id: 'rule',
  forwarderRuleName: (names) => names.forwarderRule,
  forwarderDescription: (region, towards) => `Forwards console sign-ins recorded in ${region} to ${towards}`,
  centralRuleName: (names) => names.centralRule,
  judge: 'sign-in',
  replay: BY_LAMBDA,
};

// Alarm state changes are CloudWatch's own events, not CloudTrail's.
const ALARM_STATE_CHANGE: SignalEntry = {
  signal: 'alarm-state-change',
  what: "the forwarders' alarm state changes",
  pattern: (names) => alarmStateChangePattern(names.forwarderAlarmPrefix),
  state: 'ENABLED',
  forwardedIn: 'every-region',
  id: 'alarm-rule',
  forwarderRuleName: (names) => names.forwarderAlarmRule,
  forwarderDescription: (region, towards) => `Forwards the state changes of signin-watch's alarms in ${region} to ${towards}`,
  centralRuleName: (names) => names.centralAlarmRule,
  judge: 'alarm-topic',
  replay: { replayable: false, why: 'an alarm state change, not a sign-in: its alarm already fired' },
};

// AWS delivers global-service events, Account Management's included, in us-east-1 only.
const REGION_CHANGE: SignalEntry = {
  signal: 'region-change',
  what: 'region opt-in changes',
  pattern: () => REGION_CHANGE_PATTERN,
  state: SIGNAL_RULE_STATES['region-change'],
  forwardedIn: 'global-sign-in-region',
  id: 'region-change-rule',
  forwarderRuleName: (names) => names.forwarderRegionChangeRule,
  forwarderDescription: (_, towards) => `Forwards region opt-in changes of this account to ${towards}`,
  centralRuleName: (names) => names.centralRegionChangeRule,
  judge: 'region-change',
  replay: BY_LAMBDA,
};

const IDENTITY_CENTER: SignalEntry = {
  signal: 'identity-center',
  what: 'IAM Identity Center sign-ins',
  pattern: () => IDENTITY_CENTER_PATTERN,
  state: SIGNAL_RULE_STATES['identity-center'],
  forwardedIn: 'identity-center-region',
  id: 'identity-center-rule',
  forwarderRuleName: (names) => names.forwarderSignalRule('identity-center'),
  forwarderDescription: (region, towards) => `Forwards IAM Identity Center sign-ins recorded in ${region} to ${towards}`,
  centralRuleName: (names) => names.centralSignalRule('identity-center'),
  judge: 'sign-in',
  replay: BY_LAMBDA,
};

const EXTRA_SIGNAL_NAMES: Record<ExtraSignal, string> = {
  'get-signin-token': 'console sign-in tokens made from API keys (GetSigninToken)',
  guardduty: 'GuardDuty console sign-in findings',
  'sign-in-anomaly': 'AWS Sign-In anomaly alerts',
};

const extraSignal = (signal: ExtraSignal): SignalEntry => ({
  signal,
  what: EXTRA_SIGNAL_NAMES[signal],
  pattern: () => EXTRA_SIGNAL_PATTERNS[signal],
  state: SIGNAL_RULE_STATES[signal],
  forwardedIn: 'every-region',
  id: `${signal}-rule`,
  forwarderRuleName: (names) => names.forwarderSignalRule(signal),
  forwarderDescription: (region, towards) => `Forwards ${signal} events in ${region} to ${towards}`,
  centralRuleName: (names) => names.centralSignalRule(signal),
  // GetSigninToken is a CloudTrail record; GuardDuty findings and anomaly alerts are AWS's own events.
  judge: signal === 'get-signin-token' ? 'sign-in' : 'aws-signal',
  replay: BY_LAMBDA,
});

/** Every signal signin-watch knows, in the order its rules are synthesized. */
export const SIGNAL_CATALOGUE: readonly SignalEntry[] = [
  CONSOLE_SIGN_IN,
  ALARM_STATE_CHANGE,
  REGION_CHANGE,
  IDENTITY_CENTER,
  ...(['get-signin-token', 'guardduty', 'sign-in-anomaly'] as const).map(extraSignal),
];

const entryOf = (signal: CatalogueSignal): SignalEntry => SIGNAL_CATALOGUE.find((entry) => entry.signal === signal) as SignalEntry;

/** The signals a config switches on, in rule order: the fixed ones, then its extra signals in its own order. */
export function activeSignals(settings: SignalSettings): SignalEntry[] {
  return [CONSOLE_SIGN_IN, ALARM_STATE_CHANGE, REGION_CHANGE, ...(settings.identityCenterRegion === undefined ? [] : [IDENTITY_CENTER]), ...settings.extraSignals.map(entryOf)];
}

/** The signals one region's forwarder carries. */
export function forwardedSignals(settings: SignalSettings, region: string): SignalEntry[] {
  const forwardedHere: Record<ForwardedIn, boolean> = {
    'every-region': true,
    'global-sign-in-region': region === GLOBAL_SIGN_IN_REGION,
    'identity-center-region': region === settings.identityCenterRegion,
  };
  return activeSignals(settings).filter((entry) => forwardedHere[entry.forwardedIn]);
}

/** The event sources the central bus admits for a config: nothing it does not route. */
export function centralBusSources(settings: SignalSettings): string[] {
  const sources = activeSignals(settings).flatMap((entry) => (entry.pattern(resourceNames('')) as { source: readonly string[] }).source);
  return [...new Set(sources)];
}

/** The catalogued signal an event is, by its rules' patterns; undefined for an event signin-watch never forwards. */
export function signalOfEvent(event: unknown, names: Names): SignalEntry | undefined {
  return SIGNAL_CATALOGUE.find((entry) => matchesPattern(entry.pattern(names), event));
}
