import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { TARGET_RETRY_POLICY } from '../../core/deploy/forwarder-model';
import { activeSignals, centralBusSources } from '../../core/deploy/signal-catalogue';
import { terraformRuleState } from '../../core/deploy/signal-patterns';
import { DeadLetterQueue } from '../dead-letter-queue';
import type { CentralParts } from './props';
import type { AlertTopics } from './topic';

/** The signals the central bus routes, from the config. */
export function centralSignals({ props }: CentralParts) {
  return { identityCenterRegion: props.identityCenterRegion, extraSignals: props.extraSignals ?? [] };
}

/** The central bus that every forwarder targets, and its policy. */
export function centralBus(parts: CentralParts): CloudwatchEventBus {
  const { stack, props, names, account } = parts;
  const bus = new CloudwatchEventBus(stack, 'bus', { name: names.centralBus });
  // Nobody may fill the central bus with arbitrary events: only the sources signin-watch
  // forwards. events:source is multivalued (one value per entry of a PutEvents call), so it
  // takes a set operator: a plain StringEquals never matches it and the statement would
  // admit nothing, as AWS's example for this policy shows ("Example policy: Send events to
  // a custom bus in a different account"). No Null guard: whether EventBridge sets the key
  // when a rule forwards bus to bus is not documented, and a guard would then drop every
  // forwarded sign-in.
  const onlyForwardedSources = { 'ForAllValues:StringEquals': { 'events:source': centralBusSources(centralSignals(parts)) } };
  new CloudwatchEventBusPolicy(stack, 'bus-policy', {
    eventBusName: bus.name,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        props.organizationId === undefined
          ? {
              Sid: 'ThisAccountPutsEvents',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'events:PutEvents',
              Resource: bus.arn,
              Condition: onlyForwardedSources,
            }
          : {
              Sid: 'OrganizationPutsEvents',
              Effect: 'Allow',
              // "*" is narrowed by the condition to principals of this organization: the
              // form AWS documents for organization-wide event buses.
              Principal: '*',
              Action: 'events:PutEvents',
              Resource: bus.arn,
              Condition: { ...onlyForwardedSources, StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
            },
      ],
    }),
  });
  return bus;
}

/** One central rule: its construct id (the signal's), its name, and the rule. */
export interface CentralRule {
  readonly id: string;
  readonly name: string;
  readonly rule: CloudwatchEventRule;
}

/** The bus's routes: the Lambda's rules, still without their targets, and the queue their failed deliveries go to. */
export interface CentralRoutes {
  /** One per signal the Lambda judges. */
  readonly signalRules: readonly CentralRule[];
  /** The rule that sends the forwarders' alarm state changes to the alarm topic. */
  readonly alarmRule: CentralRule;
  readonly ruleDeadLetterQueue: DeadLetterQueue;
}

/**
 * One rule per signal, so that each has its own failure alarms; alarm state changes go to
 * the alarm topic (targeted here), the others to the Lambda (targeted by the alert function).
 */
export function centralRoutes(parts: CentralParts, bus: CloudwatchEventBus): CentralRoutes {
  const { stack, names } = parts;
  const rules = activeSignals(centralSignals(parts)).map((signal) => {
    const name = signal.centralRuleName(names);
    const description = signal.judge === 'alarm-topic' ? `Sends ${signal.what} to the alarm topic` : `Sends ${signal.what} arriving on the central bus to the alert Lambda`;
    const state = signal.judge === 'alarm-topic' ? {} : terraformRuleState(signal.state);
    return {
      id: signal.id,
      name,
      toTopic: signal.judge === 'alarm-topic',
      rule: new CloudwatchEventRule(stack, signal.id, { name, description, eventBusName: bus.name, eventPattern: JSON.stringify(signal.pattern(names)), ...state }),
    };
  });
  const signalRules = rules.filter(({ toTopic }) => !toTopic);
  // The catalogue has one signal for the alarm topic: the forwarders' alarm state changes.
  const alarmRule = rules.find(({ toTopic }) => toTopic) as (typeof rules)[number];
  const ruleDeadLetterQueue = new DeadLetterQueue(stack, 'rule-dead-letter-queue', {
    name: names.centralDeadLetterQueue,
    ruleArns: [...signalRules.map(({ rule }) => rule.arn), alarmRule.rule.arn],
  });
  return { signalRules, alarmRule, ruleDeadLetterQueue };
}

/** The alarm rule's target, the alarm topic, and (for the alert topic) the topic's leave to take it. */
export function alarmRoute(parts: CentralParts, bus: CloudwatchEventBus, topics: AlertTopics, routes: CentralRoutes): void {
  const { stack, props, names, account } = parts;
  const { topic, alarmTopicArn } = topics;
  if (props.alarmTopicArn === undefined) {
    new SnsTopicPolicy(stack, 'topic-policy', {
      arn: topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ForwardedAlarms',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': routes.alarmRule.rule.arn } },
          },
          {
            Sid: 'CentralAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${props.homeRegion}:${account}:alarm:${names.centralAlarm('*')}` } },
          },
        ],
      }),
    });
  }
  new CloudwatchEventTarget(stack, 'alarm-rule-target', {
    rule: routes.alarmRule.rule.name,
    eventBusName: bus.name,
    targetId: 'alarm-topic',
    arn: alarmTopicArn,
    deadLetterConfig: { arn: routes.ruleDeadLetterQueue.queue.arn },
    retryPolicy: TARGET_RETRY_POLICY,
    inputTransformer: {
      inputPaths: { alarm: '$.detail.alarmName', state: '$.detail.state.value', reason: '$.detail.state.reason', region: '$.region', account: '$.account' },
      inputTemplate: '"signin-watch alarm <alarm> is <state> in <region>, account <account>. <reason> What to do: see Runbook in the signin-watch README."',
    },
  });
}
