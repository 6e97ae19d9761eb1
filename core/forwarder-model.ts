import { type AlarmSpec, alarmStateChangePattern, queueNotEmptySpec, ruleAlarmSpecs } from './alarms';
import { CONSOLE_SIGN_IN_PATTERN, eventBusArn, REGION_CHANGE_PATTERN } from './event-pattern';
import { resourceNames } from './names';
import { GLOBAL_SIGN_IN_REGION } from './regions';
import { EXTRA_SIGNAL_PATTERNS, type ExtraSignal, IDENTITY_CENTER_PATTERN, type RuleState, SIGNAL_RULE_STATES } from './signals';

/**
 * EventBridge's own limits: retry for up to 24 hours and 185 attempts. A forwarder
 * uses both in full, so an outage of the home region delays alerts instead of losing them.
 */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 } as const;

/** SQS keeps a message at most 14 days; failed events get all of it. */
export const QUEUE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** The id of every forwarder target on the central bus. */
export const CENTRAL_BUS_TARGET_ID = 'central-bus';

export interface ForwardedRule {
  /** Construct id in the cdktf stack and logical id stem in the CloudFormation template. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly pattern: unknown;
  /** ENABLED, or for a signal that may be a read-only management event the state that receives those too. */
  readonly state: RuleState;
  readonly alarms: { readonly failedInvocations: AlarmSpec; readonly dlqSendFailures: AlarmSpec };
}

/**
 * One region's forwarder as data: what the cdktf `ForwarderStack` and the CloudFormation
 * StackSets template both render, so that the two cannot drift apart.
 */
export interface ForwarderModel {
  readonly region: string;
  readonly centralBusArn: string;
  readonly rules: readonly ForwardedRule[];
  readonly role: { readonly name: string; readonly description: string; readonly policyName: string; readonly policy: object };
  readonly deadLetterQueue: { readonly name: string; readonly retentionSeconds: number; readonly alarm: AlarmSpec };
  readonly retryPolicy: typeof TARGET_RETRY_POLICY;
}

export interface ForwarderModelProps {
  readonly region: string;
  readonly homeRegion: string;
  readonly namePrefix: string;
  /** The central bus's account: an id, or a stack's own-account token. */
  readonly centralAccount: string;
  /** Named in descriptions when the bus is in another account. */
  readonly centralAccountId?: string;
  /** The region whose Identity Center sign-ins this forwarder carries, when it is this one. */
  readonly identityCenterRegion?: string;
  readonly extraSignals?: readonly ExtraSignal[];
}

export function forwarderModel(props: ForwarderModelProps): ForwarderModel {
  const names = resourceNames(props.namePrefix);
  const centralBusArn = eventBusArn(props.homeRegion, props.centralAccount, names.centralBus);
  const towards = `${names.centralBus} in ${props.homeRegion}${props.centralAccountId === undefined ? '' : ` of account ${props.centralAccountId}`}`;
  const alarm = (what: string) => names.forwarderAlarm(props.region, what);
  const rule = (id: ForwardedRule['id'], name: string, description: string, pattern: unknown, state: RuleState): ForwardedRule => ({
    id,
    name,
    description,
    pattern,
    state,
    alarms: ruleAlarmSpecs(alarm(id), name),
  });
  const rules = [
    rule('rule', names.forwarderRule, `Forwards console sign-ins recorded in ${props.region} to ${towards}`, CONSOLE_SIGN_IN_PATTERN, SIGNAL_RULE_STATES['console-sign-in']),
    // Alarm state changes are CloudWatch's own events, not CloudTrail's.
    rule('alarm-rule', names.forwarderAlarmRule, `Forwards the state changes of signin-watch's alarms in ${props.region} to ${towards}`, alarmStateChangePattern(names.forwarderAlarmPrefix), 'ENABLED'),
  ];
  // AWS delivers global-service events, Account Management's included, in us-east-1 only.
  if (props.region === GLOBAL_SIGN_IN_REGION) {
    rules.push(rule('region-change-rule', names.forwarderRegionChangeRule, `Forwards region opt-in changes of this account to ${towards}`, REGION_CHANGE_PATTERN, SIGNAL_RULE_STATES['region-change']));
  }
  if (props.region === props.identityCenterRegion) {
    rules.push(
      rule(
        'identity-center-rule',
        names.forwarderSignalRule('identity-center'),
        `Forwards IAM Identity Center sign-ins recorded in ${props.region} to ${towards}`,
        IDENTITY_CENTER_PATTERN,
        SIGNAL_RULE_STATES['identity-center'],
      ),
    );
  }
  for (const signal of props.extraSignals ?? []) {
    rules.push(rule(`${signal}-rule`, names.forwarderSignalRule(signal), `Forwards ${signal} events in ${props.region} to ${towards}`, EXTRA_SIGNAL_PATTERNS[signal], SIGNAL_RULE_STATES[signal]));
  }
  return {
    region: props.region,
    centralBusArn,
    rules,
    role: {
      name: names.forwarderRole(props.region),
      description: `Lets the signin-watch rules in ${props.region} put events on ${towards}`,
      policyName: 'put-events-on-central-bus',
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn }] },
    },
    deadLetterQueue: {
      name: names.forwarderDeadLetterQueue,
      retentionSeconds: QUEUE_RETENTION_SECONDS,
      alarm: queueNotEmptySpec(alarm('dlq-not-empty'), names.forwarderDeadLetterQueue, `sign-ins (or alarm changes) from ${props.region} that the central bus did not accept`),
    },
    retryPolicy: TARGET_RETRY_POLICY,
  };
}

/** The role's trust policy: only these rules may use it (confused-deputy protection). */
export function forwarderTrustPolicy(ruleArns: readonly unknown[]): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } } }],
  };
}

/** A dead-letter queue's policy: only the rules it serves may send to it. */
export function deadLetterQueuePolicy(queueArn: unknown, ruleArns: readonly unknown[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowOnlyItsRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      },
    ],
  };
}
