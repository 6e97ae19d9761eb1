import { type AccountRole, accountRole, forwarderRegions, type SigninWatchConfig, type StackSetsConfig } from '../config';
import { resourceNames } from './names';
import { activeSignals, forwardedSignals, type SignalEntry } from './signal-catalogue';
import type { RuleState } from './signal-patterns';

/** A delegated administrator must say so on every StackSets call; the management account calls as itself. */
export type CallAs = 'SELF' | 'DELEGATED_ADMIN';
export const stackSetsCallAs = (stackSets: StackSetsConfig): CallAs => (stackSets.adminAccountId === stackSets.managementAccountId ? 'SELF' : 'DELEGATED_ADMIN');

export interface PlannedForwarder {
  readonly region: string;
  readonly stackName: string;
  readonly signals: readonly SignalEntry[];
}

export interface PlannedOrganization {
  readonly stackName: string;
  /** The forwarder regions, one stack set each. */
  readonly regions: readonly string[];
  readonly centralAccountId: string;
  readonly stackSets: StackSetsConfig;
  readonly callAs: CallAs;
}

/** Where a deployed rule sends what it matches. */
export type RuleTarget = 'central-bus' | 'alert-function' | 'alarm-topic';

/** One EventBridge rule the plan deploys, as `doctor` finds it in AWS. */
export interface PlannedRule {
  readonly signal: SignalEntry;
  readonly region: string;
  /** Undefined for a forwarder rule on the default bus. */
  readonly busName?: string;
  readonly name: string;
  readonly pattern: object;
  readonly state: RuleState;
  readonly target: RuleTarget;
}

/** What one account's config deploys: its stacks, and in each region the signals forwarded. */
export interface DeploymentPlan {
  readonly role: AccountRole;
  /** The central stack, in the home region of the central account only. */
  readonly central?: { readonly stackName: string; readonly region: string; readonly signals: readonly SignalEntry[] };
  readonly forwarders: readonly PlannedForwarder[];
  /** The organization's stack sets, for the StackSets administrator only. */
  readonly organization?: PlannedOrganization;
  /** Every rule of the central and forwarder stacks (the stack sets' rules are the forwarders' in each member). */
  readonly rules: readonly PlannedRule[];
}

/** The deployment plan of a validated config; pure, so every command and stack can read it. */
export function deploymentPlan(config: SigninWatchConfig): DeploymentPlan {
  const names = resourceNames(config.namePrefix);
  const role = accountRole(config);
  const settings = { identityCenterRegion: config.identityCenterRegion, extraSignals: config.extraSignals };
  const forwarders = forwarderRegions(config).map((region) => ({ region, stackName: names.forwarderStack(region), signals: forwardedSignals(settings, region) }));
  const central = role === 'central' ? { stackName: names.centralStack, region: config.homeRegion, signals: activeSignals(settings) } : undefined;
  const { stackSets, centralAccountId } = config;
  const organization =
    stackSets !== undefined && centralAccountId !== undefined && config.accountId === stackSets.adminAccountId
      ? { stackName: names.organizationStack, regions: forwarders.map(({ region }) => region), centralAccountId, stackSets, callAs: stackSetsCallAs(stackSets) }
      : undefined;
  const rules: PlannedRule[] = [
    ...forwarders.flatMap(({ region, signals }) =>
      signals.map((signal) => ({ signal, region, name: signal.forwarderRuleName(names), pattern: signal.pattern(names), state: signal.state, target: 'central-bus' as const })),
    ),
    ...(central?.signals ?? []).map((signal) => ({
      signal,
      region: central?.region ?? config.homeRegion,
      busName: names.centralBus,
      name: signal.centralRuleName(names),
      pattern: signal.pattern(names),
      state: signal.state,
      target: signal.judge === 'alarm-topic' ? ('alarm-topic' as const) : ('alert-function' as const),
    })),
  ];
  return { role, central, forwarders, organization, rules };
}
