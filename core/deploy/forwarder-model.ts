import { type AlarmSpec, queueNotEmptySpec, ruleAlarmSpecs } from './alarms';
import { eventBusArn } from './event-pattern';
import { resourceNames } from './names';
import { forwardedSignals } from './signal-catalogue';
import type { ExtraSignal } from '../config/types';
import type { RuleState } from './signal-patterns';

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
  const settings = { identityCenterRegion: props.identityCenterRegion, extraSignals: props.extraSignals ?? [] };
  const rules = forwardedSignals(settings, props.region).map((entry): ForwardedRule => {
    const name = entry.forwarderRuleName(names);
    return { id: entry.id, name, description: entry.forwarderDescription(props.region, towards), pattern: entry.pattern(names), state: entry.state, alarms: ruleAlarmSpecs(alarm(entry.id), name) };
  });
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
