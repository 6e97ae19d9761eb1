/**
 * signin-watch's CloudWatch alarms as data, so that the cdktf stacks and the
 * CloudFormation forwarder template render the same alarms.
 */
export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: AlarmMetric['namespace'];
  readonly metricName: AlarmMetric['metricName'];
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: 'Sum' | 'Maximum';
}

const EVENTBRIDGE_METRICS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html';
const SQS_METRICS = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html';
const LAMBDA_METRICS = 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html';

/**
 * Every metric signin-watch alarms on, spelled as the AWS page that lists it spells it.
 * CloudWatch matches namespace, metric name and dimensions exactly and case-sensitively: an
 * alarm on a misspelt metric is accepted, stays OK and never fires. Alarm specs take their
 * metric from here, and tests hold every synthesized alarm to this table.
 */
export const ALARM_METRICS = {
  ruleFailedInvocations: { namespace: 'AWS/Events', metricName: 'FailedInvocations', documentedAt: EVENTBRIDGE_METRICS },
  ruleDlqSendFailures: { namespace: 'AWS/Events', metricName: 'InvocationsFailedToBeSentToDlq', documentedAt: EVENTBRIDGE_METRICS },
  queueMessagesVisible: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', documentedAt: SQS_METRICS },
  functionErrors: { namespace: 'AWS/Lambda', metricName: 'Errors', documentedAt: LAMBDA_METRICS },
  functionThrottles: { namespace: 'AWS/Lambda', metricName: 'Throttles', documentedAt: LAMBDA_METRICS },
  functionDestinationDeliveryFailures: { namespace: 'AWS/Lambda', metricName: 'DestinationDeliveryFailures', documentedAt: LAMBDA_METRICS },
} as const;

/**
 * The dimension sets each namespace publishes those metrics with. EventBridge's page: "Metrics
 * that specify only the RuleName dimension refer to the default event bus. Metrics that
 * specify both the EventBusName and RuleName dimensions refer to a custom event bus."
 */
export const METRIC_DIMENSIONS: Readonly<Record<AlarmMetric['namespace'], ReadonlyArray<readonly string[]>>> = {
  'AWS/Events': [['RuleName'], ['EventBusName', 'RuleName']],
  'AWS/SQS': [['QueueName']],
  'AWS/Lambda': [['FunctionName']],
};

export type AlarmMetric = (typeof ALARM_METRICS)[keyof typeof ALARM_METRICS];

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
      namespace: ALARM_METRICS.ruleFailedInvocations.namespace,
      metricName: ALARM_METRICS.ruleFailedInvocations.metricName,
      dimensions,
      statistic: 'Sum',
    }),
    dlqSendFailures: anyAboveZeroSpec({
      name: `${namePrefix}-dlq-send-failures`,
      description: `Rule ${ruleName} could not put a failed event in its dead-letter queue: that event is lost.`,
      namespace: ALARM_METRICS.ruleDlqSendFailures.namespace,
      metricName: ALARM_METRICS.ruleDlqSendFailures.metricName,
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
    namespace: ALARM_METRICS.queueMessagesVisible.namespace,
    metricName: ALARM_METRICS.queueMessagesVisible.metricName,
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
  });
}

/**
 * Alarms on the alert Lambda: failed runs (Lambda retries twice, then keeps the event in the
 * failure queue), throttles (retried for 6 hours), and failed hand-offs of a failure record
 * to that queue, after which nothing holds the event any more.
 */
export function functionAlarmSpecs(
  alarmName: (what: string) => string,
  functionName: string,
  failureQueueName: string,
): Record<'alert-errors' | 'alert-throttles' | 'alert-destination-failures', AlarmSpec> {
  const spec = (what: string, metric: AlarmMetric, description: string) =>
    anyAboveZeroSpec({ name: alarmName(what), description, namespace: metric.namespace, metricName: metric.metricName, dimensions: { FunctionName: functionName }, statistic: 'Sum' });
  return {
    'alert-errors': spec('alert-errors', ALARM_METRICS.functionErrors, 'The alert Lambda failed on an event; Lambda retries it twice, then keeps it in the failure queue.'),
    'alert-throttles': spec('alert-throttles', ALARM_METRICS.functionThrottles, 'The alert Lambda was throttled; Lambda retries for up to 6 hours.'),
    'alert-destination-failures': spec(
      'alert-destination-failures',
      ALARM_METRICS.functionDestinationDeliveryFailures,
      `Lambda could not put a failed event in ${failureQueueName}: nothing holds that event any more; replay its sign-in from CloudTrail.`,
    ),
  };
}
