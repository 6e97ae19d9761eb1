import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';

/** The CloudWatch alarm state changes that signin-watch forwards: its own alarms, into ALARM and back to OK. */
export function alarmStateChangePattern(alarmNamePrefix: string) {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [{ prefix: alarmNamePrefix }], state: { value: ['ALARM', 'OK'] } },
  };
}

interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Sum' | 'Maximum';
  /** Topics to notify on ALARM and on OK; empty when EventBridge carries the state change instead. */
  readonly actions: readonly string[];
}

/** One alarm that fires as soon as the metric is above zero in any minute, and ignores missing data (no traffic). */
export function anyAboveZeroAlarm(scope: Construct, id: string, spec: AlarmSpec): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.name,
    alarmDescription: `${spec.description} See the Runbook in signin-watch's README.`,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic,
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [...spec.actions],
    okActions: [...spec.actions],
  });
}

export interface RuleAlarmsProps {
  /** Prefix of both alarm names. */
  readonly namePrefix: string;
  readonly ruleName: string;
  /** Omit for a rule on the default bus, whose metrics carry no bus dimension. */
  readonly eventBusName?: string;
  readonly actions: readonly string[];
}

/** Alarms on a rule's target failures: deliveries that failed, and failures that not even the dead-letter queue took. */
export class RuleAlarms extends Construct {
  constructor(scope: Construct, id: string, props: RuleAlarmsProps) {
    super(scope, id);
    const dimensions: Record<string, string> = props.eventBusName === undefined ? { RuleName: props.ruleName } : { EventBusName: props.eventBusName, RuleName: props.ruleName };
    anyAboveZeroAlarm(this, 'failed-invocations', {
      name: `${props.namePrefix}-failed-invocations`,
      description: `Rule ${props.ruleName} failed to deliver an event to its target; it retries, then the event goes to its dead-letter queue.`,
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensions,
      statistic: 'Sum',
      actions: props.actions,
    });
    anyAboveZeroAlarm(this, 'dlq-send-failures', {
      name: `${props.namePrefix}-dlq-send-failures`,
      description: `Rule ${props.ruleName} could not put a failed event in its dead-letter queue: that event is lost.`,
      namespace: 'AWS/Events',
      metricName: 'InvocationsFailedToBeSentToDLQ',
      dimensions,
      statistic: 'Sum',
      actions: props.actions,
    });
  }
}

/** An alarm on messages waiting in a queue that holds failed events. */
export function queueNotEmptyAlarm(scope: Construct, id: string, props: { name: string; queueName: string; holds: string; actions: readonly string[] }): CloudwatchMetricAlarm {
  return anyAboveZeroAlarm(scope, id, {
    name: props.name,
    description: `Queue ${props.queueName} holds ${props.holds}; they are kept 14 days.`,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: props.queueName },
    statistic: 'Maximum',
    actions: props.actions,
  });
}
