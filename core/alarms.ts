/**
 * signin-watch's CloudWatch alarms as data, so that the cdktf stacks and the
 * CloudFormation forwarder template render the same alarms.
 */
export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: 'Sum' | 'Maximum';
}

/** Every alarm fires as soon as its metric is above zero in any minute, and treats missing data (no traffic) as fine. */
export const ANY_ABOVE_ZERO = { period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching' } as const;

const RUNBOOK = " See the Runbook in signin-watch's README.";

/** The CloudWatch alarm state changes that signin-watch forwards: its own alarms, into ALARM and back to OK. */
export function alarmStateChangePattern(alarmNamePrefix: string) {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [{ prefix: alarmNamePrefix }], state: { value: ['ALARM', 'OK'] } },
  };
}

/** An alarm on any metric of signin-watch's own; `description` says what it means. */
export function anyAboveZeroSpec(spec: AlarmSpec): AlarmSpec {
  return { ...spec, description: `${spec.description}${RUNBOOK}` };
}

/**
 * Alarms on a rule's target failures: deliveries that failed, and failures that not even
 * the dead-letter queue took. Omit `eventBusName` for a rule on the default bus, whose
 * metrics carry no bus dimension.
 */
export function ruleAlarmSpecs(namePrefix: string, ruleName: string, eventBusName?: string): { failedInvocations: AlarmSpec; dlqSendFailures: AlarmSpec } {
  const dimensions: Record<string, string> = eventBusName === undefined ? { RuleName: ruleName } : { EventBusName: eventBusName, RuleName: ruleName };
  return {
    failedInvocations: anyAboveZeroSpec({
      name: `${namePrefix}-failed-invocations`,
      description: `Rule ${ruleName} failed to deliver an event to its target; it retries, then the event goes to its dead-letter queue.`,
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensions,
      statistic: 'Sum',
    }),
    dlqSendFailures: anyAboveZeroSpec({
      name: `${namePrefix}-dlq-send-failures`,
      description: `Rule ${ruleName} could not put a failed event in its dead-letter queue: that event is lost.`,
      namespace: 'AWS/Events',
      metricName: 'InvocationsFailedToBeSentToDLQ',
      dimensions,
      statistic: 'Sum',
    }),
  };
}

/** An alarm on messages waiting in a queue that holds failed events. */
export function queueNotEmptySpec(name: string, queueName: string, holds: string): AlarmSpec {
  return anyAboveZeroSpec({
    name,
    description: `Queue ${queueName} holds ${holds}; they are kept 14 days.`,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
  });
}
