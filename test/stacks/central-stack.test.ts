import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CONSOLE_SIGN_IN_PATTERN } from '../../core/event-pattern';
import { onlyResource, parseJsonProperty, resourcesByName, synthCentral } from '../helpers/synth';

describe('CentralStack', () => {
  it('uses one AWS provider, in the home region', () => {
    // Act
    const { json } = synthCentral({ homeRegion: 'eu-central-1' });

    // Assess
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'eu-central-1' })]);
  });

  it('lets only this account put events on the bus when no organization is configured', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_cloudwatch_event_bus_policy'), 'policy');

    // Assess
    expect(onlyResource(json, 'aws_cloudwatch_event_bus').name).toBe('signin-watch');
    expect(policy.Statement).toEqual([
      {
        Sid: 'ThisAccountPutsEvents',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::${data.aws_caller_identity.account.account_id}:root' },
        Action: 'events:PutEvents',
        Resource: '${aws_cloudwatch_event_bus.bus.arn}',
      },
    ]);
  });

  it('lets every account of the organization put events on the bus when one is configured', () => {
    // Prepare
    const { json } = synthCentral({ organizationId: 'o-a1b2c3d4e5' });

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_cloudwatch_event_bus_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([
      {
        Sid: 'OrganizationPutsEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: '${aws_cloudwatch_event_bus.bus.arn}',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
  });

  it('sends console sign-ins on the central bus to the Lambda, with a DLQ and retries', () => {
    // Prepare
    const { raw, json } = synthCentral();

    // Act
    const rule = onlyResource(json, 'aws_cloudwatch_event_rule');

    // Assess
    expect(rule.event_bus_name).toBe('${aws_cloudwatch_event_bus.bus.name}');
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual(CONSOLE_SIGN_IN_PATTERN);
    expect(raw).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: '${aws_lambda_function.alert-function.arn}',
      event_bus_name: '${aws_cloudwatch_event_bus.bus.name}',
      dead_letter_config: { arn: expect.stringMatching(/^\$\{aws_sqs_queue\.rule-dead-letter-queue_\w+\.arn\}$/) },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
    });
  });

  it('keeps events that cannot be handed to the Lambda in a queue that admits only the central rule', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_sqs_queue_policy'), 'policy');

    // Assess
    expect(resourcesByName(json, 'aws_sqs_queue')['signin-watch-central-dlq']).toMatchObject({ message_retention_seconds: 1_209_600 });
    expect(policy.Statement).toEqual([expect.objectContaining({ Condition: { ArnEquals: { 'aws:SourceArn': '${aws_cloudwatch_event_rule.rule.arn}' } } })]);
  });

  it('lets only the central rule invoke the Lambda', () => {
    // Act
    const { raw } = synthCentral();

    // Assess
    expect(raw).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: '${aws_cloudwatch_event_rule.rule.arn}',
    });
  });

  it('runs the Lambda on nodejs22.x with the topic in its environment and its log group first', () => {
    // Act
    const { raw } = synthCentral();

    // Assess
    expect(raw).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'signin-watch-alert',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      environment: { variables: { TOPIC_ARN: '${aws_sns_topic.topic.arn}' } },
      depends_on: ['aws_cloudwatch_log_group.log-group'],
    });
  });

  it('keeps the logs for the configured retention', () => {
    // Act
    const { json } = synthCentral({ logRetentionDays: 90 });

    // Assess
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/lambda/signin-watch-alert', retention_in_days: 90 });
  });

  it('keeps an event whose processing keeps failing in the on-failure queue after two retries', () => {
    // Prepare
    const { raw, json } = synthCentral();

    // Act
    const queues = resourcesByName(json, 'aws_sqs_queue');

    // Assess
    expect(raw).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 21600,
      destination_config: { on_failure: { destination: expect.stringMatching(/^\$\{aws_sqs_queue\.alert-failure-queue_\w+\.arn\}$/) } },
    });
    expect(queues['signin-watch-alert-failures']).toMatchObject({ name: 'signin-watch-alert-failures', message_retention_seconds: 1_209_600 });
  });

  it('lets the Lambda write its logs, publish to its topic, use the topic key and keep its failures, and nothing else', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_iam_role_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '${aws_cloudwatch_log_group.log-group.arn}:*' },
      { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: '${aws_sns_topic.topic.arn}' },
      { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '${aws_kms_key.topic-key.arn}' },
      { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.alert-failure-queue_\w+\.arn\}$/) },
    ]);
  });

  it('encrypts the topic with a rotating customer-managed key', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const topic = onlyResource(json, 'aws_sns_topic');
    const key = onlyResource(json, 'aws_kms_key');

    // Assess
    expect(topic).toMatchObject({ name: 'signin-watch-alerts', kms_master_key_id: '${aws_kms_key.topic-key.arn}' });
    expect(key).toMatchObject({ enable_key_rotation: true });
  });

  it('subscribes every configured address by email', () => {
    // Act
    const { raw, json } = synthCentral({ notificationEmails: ['a.b@example.com', 'a_b@example.com'] });

    // Assess
    expect(Object.keys(json.resource.aws_sns_topic_subscription)).toHaveLength(2);
    for (const endpoint of ['a.b@example.com', 'a_b@example.com']) {
      expect(raw).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email', endpoint, topic_arn: '${aws_sns_topic.topic.arn}' });
    }
  });

  it('creates no subscription when no address is configured', () => {
    // Act
    const { json } = synthCentral({ notificationEmails: [] });

    // Assess
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
  });
});
