import { forwarderModel } from '../../core/deploy/forwarder-model';
import { forwarderTemplate } from '../../core/deploy/forwarder-template';
import { onlyResource, parseJsonProperty, synthForwarder } from '../helpers/synth';

const MEMBER = {
  homeRegion: 'eu-west-1',
  namePrefix: 'signin-watch',
  centralAccountId: '111111111111',
  accountId: '222222222222',
  // Every kind of rule a forwarder can have: the Identity Center one lives in us-east-1 here.
  identityCenterRegion: 'us-east-1',
  extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'] as const,
};

type Resource = { Type: string; Properties: Record<string, any> };

/** The CloudFormation forwarder and the cdktf forwarder of one region, side by side. */
function bothForwarders(region: string) {
  const template = forwarderTemplate(forwarderModel({ ...MEMBER, region, centralAccount: MEMBER.centralAccountId }));
  const resources = template.Resources as Record<string, Resource>;
  const ofType = (type: string) =>
    Object.values(resources)
      .filter((resource) => resource.Type === type)
      .map((resource) => resource.Properties);
  return { cfn: { resources, ofType }, tf: synthForwarder({ ...MEMBER, region }).json };
}

/** The rule an ARN names: CloudFormation builds it with Fn::Sub, cdktf refers to the rule resource. */
function ruleNamer(tf: ReturnType<typeof bothForwarders>['tf']) {
  const names = Object.fromEntries(Object.entries(tf.resource.aws_cloudwatch_event_rule).map(([id, rule]) => [id, String(rule.name)]));
  return (reference: unknown): string => {
    if (typeof reference === 'object' && reference !== null && 'Fn::Sub' in reference) return String((reference as { 'Fn::Sub': string })['Fn::Sub']).split('rule/')[1];
    return names[String(/aws_cloudwatch_event_rule\.([\w-]+)\./.exec(String(reference))?.[1])];
  };
}

/** A policy statement with its rule ARNs replaced by rule names and its resource left out. */
const comparable = (statement: Record<string, any>, ruleName: (reference: unknown) => string) => ({
  ...statement,
  Resource: statement.Resource === undefined ? undefined : 'the queue',
  Condition: { ArnEquals: { 'aws:SourceArn': statement.Condition.ArnEquals['aws:SourceArn'].map(ruleName).sort() } },
});

describe.each(['us-east-1', 'eu-west-1'])('the StackSets forwarder template in %s', (region) => {
  const { cfn, tf } = bothForwarders(region);
  const ruleName = ruleNamer(tf);
  const byName = <T extends { name: unknown }>(items: T[]) => [...items].sort((a, b) => String(a.name).localeCompare(String(b.name)));

  it('has the same rules, with the same names, descriptions, event patterns and states', () => {
    // Act
    const cfnRules = cfn.ofType('AWS::Events::Rule').map((rule) => ({ name: rule.Name, description: rule.Description, pattern: rule.EventPattern, state: rule.State }));
    // An absent state is Terraform's ENABLED.
    const tfRules = Object.values(tf.resource.aws_cloudwatch_event_rule).map((rule) => ({
      name: rule.name,
      description: rule.description,
      pattern: parseJsonProperty(rule, 'event_pattern'),
      state: rule.state ?? 'ENABLED',
    }));

    // Assess
    expect(byName(cfnRules)).toEqual(byName(tfRules));
    expect(cfnRules.length).toBe(region === 'us-east-1' ? 7 : 5);
  });

  it('lets only the GetSigninToken rule receive read-only management events, and keeps every other rule ENABLED', () => {
    // Act
    const states = Object.fromEntries(cfn.ofType('AWS::Events::Rule').map((rule) => [rule.Name, rule.State]));

    // Assess
    expect(states).toEqual({
      'signin-watch-forward': 'ENABLED',
      'signin-watch-forward-alarms': 'ENABLED',
      ...(region === 'us-east-1' ? { 'signin-watch-forward-region-changes': 'ENABLED', 'signin-watch-forward-identity-center': 'ENABLED' } : {}),
      'signin-watch-forward-get-signin-token': 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      'signin-watch-forward-guardduty': 'ENABLED',
      'signin-watch-forward-sign-in-anomaly': 'ENABLED',
    });
  });

  it('targets the same central bus with the same retry policy, through its role, into its dead-letter queue', () => {
    // Act
    const cfnTargets = cfn.ofType('AWS::Events::Rule').map((rule) => ({ name: rule.Name, id: rule.Targets[0].Id, arn: rule.Targets[0].Arn, retry: rule.Targets[0].RetryPolicy }));
    const tfTargets = Object.values(tf.resource.aws_cloudwatch_event_target).map((target) => ({
      name: ruleName(target.rule),
      id: target.target_id,
      arn: target.arn,
      retry: { MaximumEventAgeInSeconds: (target.retry_policy as any).maximum_event_age_in_seconds, MaximumRetryAttempts: (target.retry_policy as any).maximum_retry_attempts },
    }));

    // Assess
    expect(byName(cfnTargets)).toEqual(byName(tfTargets));
    for (const rule of cfn.ofType('AWS::Events::Rule')) {
      expect([rule.Targets[0].RoleArn, rule.Targets[0].DeadLetterConfig]).toEqual([{ 'Fn::GetAtt': ['Role', 'Arn'] }, { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } }]);
    }
    for (const target of Object.values(tf.resource.aws_cloudwatch_event_target)) {
      expect([target.role_arn, target.dead_letter_config]).toEqual(['${aws_iam_role.role.arn}', { arn: expect.stringMatching(/aws_sqs_queue\.dead-letter-queue_\w+\.arn/) }]);
    }
  });

  it('keeps failed events in the same queue, for as long, encrypted the same way, admitting the same rules', () => {
    // Act
    const [queue] = cfn.ofType('AWS::SQS::Queue');
    const [queuePolicy] = cfn.ofType('AWS::SQS::QueuePolicy');
    const tfQueue = onlyResource(tf, 'aws_sqs_queue');
    const tfPolicy = parseJsonProperty<{ Statement: Array<Record<string, any>> }>(onlyResource(tf, 'aws_sqs_queue_policy'), 'policy');

    // Assess
    expect(queue).toEqual({ QueueName: tfQueue.name, MessageRetentionPeriod: tfQueue.message_retention_seconds, SqsManagedSseEnabled: tfQueue.sqs_managed_sse_enabled });
    expect(queuePolicy.PolicyDocument.Statement.map((statement: Record<string, any>) => comparable(statement, ruleName))).toEqual(
      tfPolicy.Statement.map((statement) => comparable(statement, ruleName)),
    );
  });

  it('gives its role the same name, the same one permission and the same trust in its own rules', () => {
    // Act
    const [role] = cfn.ofType('AWS::IAM::Role');
    const tfRole = onlyResource(tf, 'aws_iam_role');
    const tfRolePolicy = onlyResource(tf, 'aws_iam_role_policy');
    const tfTrust = parseJsonProperty<{ Statement: Array<Record<string, any>> }>(tfRole, 'assume_role_policy');

    // Assess
    expect([role.RoleName, role.Description]).toEqual([tfRole.name, tfRole.description]);
    expect(role.Policies).toEqual([{ PolicyName: tfRolePolicy.name, PolicyDocument: parseJsonProperty(tfRolePolicy, 'policy') }]);
    expect(role.AssumeRolePolicyDocument.Statement.map((statement: Record<string, any>) => comparable(statement, ruleName))).toEqual(
      tfTrust.Statement.map((statement) => comparable(statement, ruleName)),
    );
  });

  it('has the same alarms, on the same metrics, with the same thresholds and no actions', () => {
    // Act
    const cfnAlarms = cfn.ofType('AWS::CloudWatch::Alarm').map((alarm) => ({
      name: alarm.AlarmName,
      description: alarm.AlarmDescription,
      metric: `${alarm.Namespace} ${alarm.MetricName} ${alarm.Statistic}`,
      dimensions: Object.fromEntries(alarm.Dimensions.map(({ Name, Value }: { Name: string; Value: string }) => [Name, Value])),
      shape: [alarm.Period, alarm.EvaluationPeriods, alarm.Threshold, alarm.ComparisonOperator, alarm.TreatMissingData],
      actions: [...(alarm.AlarmActions ?? []), ...(alarm.OKActions ?? [])],
    }));
    const tfAlarms = Object.values(tf.resource.aws_cloudwatch_metric_alarm).map((alarm) => ({
      name: alarm.alarm_name,
      description: alarm.alarm_description,
      metric: `${alarm.namespace} ${alarm.metric_name} ${alarm.statistic}`,
      dimensions: alarm.dimensions,
      shape: [alarm.period, alarm.evaluation_periods, alarm.threshold, alarm.comparison_operator, alarm.treat_missing_data],
      actions: [...(alarm.alarm_actions as string[]), ...(alarm.ok_actions as string[])],
    }));

    // Assess
    expect(byName(cfnAlarms)).toEqual(byName(tfAlarms));
  });

  it('has exactly the resources of the cdktf forwarder (targets and role policy inline)', () => {
    // Prepare
    const cfnType: Record<string, string> = {
      aws_iam_role: 'AWS::IAM::Role',
      aws_sqs_queue: 'AWS::SQS::Queue',
      aws_sqs_queue_policy: 'AWS::SQS::QueuePolicy',
      aws_cloudwatch_event_rule: 'AWS::Events::Rule',
      aws_cloudwatch_metric_alarm: 'AWS::CloudWatch::Alarm',
    };

    // Act
    const tfTypes = Object.entries(tf.resource)
      .filter(([type]) => !['aws_iam_role_policy', 'aws_cloudwatch_event_target'].includes(type))
      .flatMap(([type, resources]) => Object.keys(resources).map(() => cfnType[type] ?? type));

    // Assess
    expect(
      Object.values(cfn.resources)
        .map((resource) => resource.Type)
        .sort(),
    ).toEqual(tfTypes.sort());
  });
});
