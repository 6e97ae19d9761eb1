import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { ANY_ABOVE_ZERO, type AlarmSpec, queueNotEmptySpec, type ruleAlarmSpecs } from '../core/deploy/alarms';

/**
 * One alarm from its spec. `actions` are the topics to notify on ALARM and on OK; empty
 * when EventBridge carries the state change instead.
 */
export function metricAlarm(scope: Construct, id: string, spec: AlarmSpec, actions: readonly string[]): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: { ...spec.dimensions },
    statistic: spec.statistic,
    ...ANY_ABOVE_ZERO,
    alarmActions: [...actions],
    okActions: [...actions],
  });
}

export interface RuleAlarmsProps {
  /** From `ruleAlarmSpecs`. */
  readonly alarms: ReturnType<typeof ruleAlarmSpecs>;
  readonly actions: readonly string[];
}

/** Alarms on a rule's target failures: deliveries that failed, and failures that not even the dead-letter queue took. */
export class RuleAlarms extends Construct {
  constructor(scope: Construct, id: string, props: RuleAlarmsProps) {
    super(scope, id);
    metricAlarm(this, 'failed-invocations', props.alarms.failedInvocations, props.actions);
    metricAlarm(this, 'dlq-send-failures', props.alarms.dlqSendFailures, props.actions);
  }
}

/** An alarm on messages waiting in a queue that holds failed events. */
export function queueNotEmptyAlarm(scope: Construct, id: string, props: { name: string; queueName: string; holds: string; actions: readonly string[] }): CloudwatchMetricAlarm {
  return metricAlarm(scope, id, queueNotEmptySpec(props.name, props.queueName, props.holds), props.actions);
}
