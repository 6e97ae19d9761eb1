import { Testing } from 'cdktf';
import { ALARM_METRICS, METRIC_DIMENSIONS } from '../../core/deploy/alarms';
import { forwarderRegions, parseConfig } from '../../core/config';
import { resourceNames } from '../../core/deploy/names';
import { CentralStack } from '../../stacks/central-stack';
import { ForwarderStack } from '../../stacks/forwarder-stack';
import { fromTerraformLiteral, OrganizationStack } from '../../stacks/organization-stack';
import { fakeLambdaPackage, type SynthesizedStack, synthesize } from '../helpers/synth';

/**
 * The metric names each AWS page lists, copied from the pages (metrics tables, 2026-12), so
 * that the code's table is held to the documentation and not to itself. CloudWatch metric
 * names are case-sensitive: `InvocationsFailedToBeSentToDLQ` is not a metric.
 */
const DOCUMENTED: Record<string, { page: string; metrics: string[] }> = {
  'AWS/Events': {
    page: 'EventBridge User Guide, "Monitoring Amazon EventBridge" (eb-monitoring.html)',
    metrics: [
      'DeadLetterInvocations',
      'FailedInvocations',
      'Invocations',
      'InvocationAttempts',
      'InvocationsCreated',
      'InvocationsFailedToBeSentToDlq',
      'InvocationsSentToDlq',
      'MatchedEvents',
      'RetryInvocationAttempts',
      'SuccessfulInvocationAttempts',
      'ThrottledRules',
      'TriggeredRules',
    ],
  },
  'AWS/SQS': {
    page: 'SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS"',
    metrics: [
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesDelayed',
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesVisible',
      'NumberOfEmptyReceives',
      'NumberOfMessagesDeleted',
      'NumberOfMessagesReceived',
      'NumberOfMessagesSent',
      'SentMessageSize',
    ],
  },
  'AWS/Lambda': {
    page: 'Lambda Developer Guide, "Types of metrics for Lambda functions" (monitoring-metrics-types.html)',
    metrics: [
      'Invocations',
      'Errors',
      'DeadLetterErrors',
      'DestinationDeliveryFailures',
      'Throttles',
      'Duration',
      'ConcurrentExecutions',
      'AsyncEventsReceived',
      'AsyncEventAge',
      'AsyncEventsDropped',
    ],
  },
};

interface Alarm {
  readonly where: string;
  readonly name: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: string[];
}

const ORGANIZATION = {
  homeRegion: 'eu-west-1',
  regions: ['us-east-1', 'eu-west-1'],
  organizationId: 'o-a1b2c3d4e5',
  centralAccountId: '111111111111',
  accountId: '999999999999',
  identityCenterRegion: 'us-east-1',
  extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'],
  stackSets: { organizationalUnitIds: ['ou-a1b2-c3d4e5f6'], managementAccountId: '999999999999', adminAccountId: '999999999999' },
};

/** Every alarm of every stack one account deploys with this config: Terraform alarms and the StackSets templates' alarms. */
function alarmsOf(settings: Record<string, unknown>): Alarm[] {
  const config = parseConfig(JSON.stringify(settings), 'test.json');
  const names = resourceNames(config.namePrefix);
  const app = Testing.app();
  const stacks: SynthesizedStack[] = [
    synthesize(new CentralStack(app, names.centralStack, { ...config, lambdaPackagePath: fakeLambdaPackage() })).json,
    ...forwarderRegions(config).map((region) => synthesize(new ForwarderStack(app, names.forwarderStack(region), { ...config, region })).json),
  ];
  const terraform = stacks.flatMap((stack) =>
    Object.values(stack.resource.aws_cloudwatch_metric_alarm ?? {}).map((alarm) => ({
      where: 'Terraform',
      name: String(alarm.alarm_name),
      namespace: String(alarm.namespace),
      metricName: String(alarm.metric_name),
      dimensions: Object.keys(alarm.dimensions as object).sort(),
    })),
  );
  if (config.stackSets === undefined || config.centralAccountId === undefined) return terraform;
  const organization = synthesize(
    new OrganizationStack(app, 'organization', { ...config, centralAccountId: config.centralAccountId, accountId: String(config.accountId), stackSets: config.stackSets }),
  ).json;
  const cloudFormation = Object.values(organization.resource.aws_cloudformation_stack_set).flatMap((stackSet) => {
    const template = JSON.parse(fromTerraformLiteral(String(stackSet.template_body))) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
    return Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map(({ Properties: alarm }) => ({
        where: 'CloudFormation',
        name: String(alarm.AlarmName),
        namespace: String(alarm.Namespace),
        metricName: String(alarm.MetricName),
        dimensions: (alarm.Dimensions as Array<{ Name: string }>).map((dimension) => dimension.Name).sort(),
      }));
  });
  return [...terraform, ...cloudFormation];
}

describe('the alarm metric table', () => {
  it.each(Object.entries(ALARM_METRICS))('spells %s as the AWS page that lists it', (_, metric) => {
    // Assess
    expect(DOCUMENTED[metric.namespace].metrics).toContain(metric.metricName);
    expect(metric.documentedAt).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe.each([
  ['the default config', {}],
  ['an organization config with every signal and StackSets', ORGANIZATION],
])('every alarm that %s deploys', (_, settings) => {
  const alarms = alarmsOf(settings);

  it('is found (so the checks below cannot pass on nothing), in Terraform and, with StackSets, in CloudFormation', () => {
    // Assess
    expect(alarms.length).toBeGreaterThan(10);
    expect(new Set(alarms.map((alarm) => alarm.where))).toEqual(new Set(settings === ORGANIZATION ? ['Terraform', 'CloudFormation'] : ['Terraform']));
  });

  it('watches a metric of the table, with a dimension set its namespace publishes', () => {
    // Act
    const known = new Set(Object.values(ALARM_METRICS).map((metric) => `${metric.namespace} ${metric.metricName}`));
    const strays = alarms.filter(
      (alarm) => !known.has(`${alarm.namespace} ${alarm.metricName}`) || !METRIC_DIMENSIONS[alarm.namespace as keyof typeof METRIC_DIMENSIONS]?.some((set) => set.join() === alarm.dimensions.join()),
    );

    // Assess
    expect(strays).toEqual([]);
  });

  it('watches for events lost between a rule and its dead-letter queue, and between the Lambda and its failure queue', () => {
    // Act
    const metrics = new Set(alarms.map((alarm) => alarm.metricName));

    // Assess
    expect(metrics).toContain('InvocationsFailedToBeSentToDlq');
    expect(metrics).toContain('DestinationDeliveryFailures');
  });
});
