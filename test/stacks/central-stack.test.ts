import '../helpers/cdktf-matchers';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CONSOLE_SIGN_IN_PATTERN } from '../../core/deploy/event-pattern';
import { alarmStateChangePattern } from '../../core/deploy/alarms';
import { matchesPattern } from '../helpers/event-pattern';
import { onlyResource, parseJsonProperty, resourcesByName, synthCentral, synthForwarder } from '../helpers/synth';

const ONLY_FORWARDED_SOURCES = { 'events:source': ['aws.signin', 'aws.cloudwatch', 'aws.account'] };
const TOPIC_ARN = '${aws_sns_topic.topic.arn}';

/** A CloudWatch alarm state change as EventBridge delivers it. */
const alarmChange = (alarmName: string) => ({ source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName, state: { value: 'ALARM' } } });

describe('CentralStack', () => {
  it('uses one AWS provider, in the home region', () => {
    // Act
    const { json } = synthCentral({ homeRegion: 'eu-central-1' });

    // Assess
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'eu-central-1' })]);
  });

  it('lets only this account put sign-ins, alarm and region changes on the bus when no organization is configured', () => {
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
        Condition: { 'ForAllValues:StringEquals': ONLY_FORWARDED_SOURCES },
      },
    ]);
  });

  it('lets every account of the organization put sign-ins, alarm and region changes on the bus when one is configured', () => {
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
        Condition: { 'ForAllValues:StringEquals': ONLY_FORWARDED_SOURCES, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
  });

  it('sends console sign-ins on the central bus to the Lambda, with a DLQ and retries', () => {
    // Prepare
    const { raw, json } = synthCentral();

    // Act
    const rule = resourcesByName(json, 'aws_cloudwatch_event_rule')['signin-watch-to-alert'];

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

  it('keeps events that cannot be handed on in a queue that admits only the central rules', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_sqs_queue_policy'), 'policy');

    // Assess
    expect(resourcesByName(json, 'aws_sqs_queue')['signin-watch-central-dlq']).toMatchObject({ message_retention_seconds: 1_209_600 });
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Condition: {
          ArnEquals: {
            'aws:SourceArn': ['${aws_cloudwatch_event_rule.rule.arn}', '${aws_cloudwatch_event_rule.region-change-rule.arn}', '${aws_cloudwatch_event_rule.alarm-rule.arn}'],
          },
        },
      }),
    ]);
  });

  it('lets only the sign-in and region-change rules invoke the Lambda', () => {
    // Act
    const permissions = Object.values(synthCentral().json.resource.aws_lambda_permission);

    // Assess
    expect(permissions.map(({ action, principal, source_arn }) => ({ action, principal, source_arn }))).toEqual([
      { action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', source_arn: '${aws_cloudwatch_event_rule.rule.arn}' },
      { action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', source_arn: '${aws_cloudwatch_event_rule.region-change-rule.arn}' },
    ]);
  });

  it('sends region opt-in changes arriving on the central bus to the Lambda, with the same retries and queue', () => {
    // Act
    const { json } = synthCentral();
    const rule = resourcesByName(json, 'aws_cloudwatch_event_rule')['signin-watch-region-changes-to-alert'];
    const target = Object.values(json.resource.aws_cloudwatch_event_target).find((candidate) => candidate.rule === '${aws_cloudwatch_event_rule.region-change-rule.name}');

    // Assess
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual({ source: ['aws.account'], 'detail-type': ['Region Opt-In Status Change', 'AWS API Call via CloudTrail'] });
    expect(rule.event_bus_name).toBe('${aws_cloudwatch_event_bus.bus.name}');
    expect(target).toMatchObject({
      arn: '${aws_lambda_function.alert-function.arn}',
      retry_policy: { maximum_event_age_in_seconds: 86_400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: expect.stringMatching(/rule-dead-letter-queue/) },
    });
  });

  it('runs the Lambda on nodejs22.x with its topic and dedup table in its environment and its log group first', () => {
    // Act
    const { raw } = synthCentral();

    // Assess
    expect(raw).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'signin-watch-alert',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memory_size: 1024,
      timeout: 30,
      environment: { variables: { TOPIC_ARN: '${aws_sns_topic.topic.arn}', DEDUP_TABLE: '${aws_dynamodb_table.dedup-table.name}' } },
      depends_on: ['aws_cloudwatch_log_group.log-group'],
    });
  });

  it('puts no secret in the Lambda environment: only the topic ARN and the table name', () => {
    // Act
    const fn = onlyResource(synthCentral().json, 'aws_lambda_function') as { environment: { variables: Record<string, string> } };

    // Assess
    expect(Object.keys(fn.environment.variables).sort()).toEqual(['DEDUP_TABLE', 'TOPIC_ARN']);
  });

  it('remembers alerted sign-ins in an on-demand table that expires them', () => {
    // Act
    const table = onlyResource(synthCentral().json, 'aws_dynamodb_table');

    // Assess
    expect(table).toMatchObject({
      name: 'signin-watch-dedup',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      attribute: [{ name: 'id', type: 'S' }],
      ttl: { attribute_name: 'expiresAt', enabled: true },
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

  it('lets the Lambda write its logs, publish to its topic, use the topic key and its dedup table and keep its failures, and nothing else', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_iam_role_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '${aws_cloudwatch_log_group.log-group.arn}:*' },
      { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: '${aws_sns_topic.topic.arn}' },
      { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '${aws_kms_key.topic-key.arn}' },
      { Sid: 'DeduplicateAlerts', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: '${aws_dynamodb_table.dedup-table.arn}' },
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

  it('lets only EventBridge and CloudWatch, for this account, use the topic key besides the account itself', () => {
    // Act
    const policy = parseJsonProperty(onlyResource(synthCentral().json, 'aws_kms_key'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Sid: 'AccountAdministersKeyThroughIam', Principal: { AWS: 'arn:aws:iam::${data.aws_caller_identity.account.account_id}:root' } }),
      {
        Sid: 'AlarmsPublishToEncryptedTopic',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.account.account_id}' } },
      },
    ]);
  });

  it('sends forwarded alarm state changes to the topic as readable text, with a DLQ and retries', () => {
    // Prepare
    const { json } = synthCentral();

    // Act
    const rule = resourcesByName(json, 'aws_cloudwatch_event_rule')['signin-watch-alarms-to-topic'];
    const target = Object.values(json.resource.aws_cloudwatch_event_target).find((t) => t.rule === '${aws_cloudwatch_event_rule.alarm-rule.name}');

    // Assess
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual(alarmStateChangePattern('signin-watch-forward-'));
    expect(target).toMatchObject({
      arn: TOPIC_ARN,
      dead_letter_config: { arn: expect.stringMatching(/rule-dead-letter-queue/) },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      input_transformer: { input_template: expect.stringContaining('signin-watch alarm <alarm> is <state> in <region>, account <account>. <reason>') },
    });
  });

  it('lets only its alarm rule and its own alarms publish to the topic', () => {
    // Act
    const policy = parseJsonProperty(onlyResource(synthCentral().json, 'aws_sns_topic_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Condition: { ArnEquals: { 'aws:SourceArn': '${aws_cloudwatch_event_rule.alarm-rule.arn}' } } }),
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:${data.aws_caller_identity.account.account_id}:alarm:signin-watch-central-*' } },
      }),
    ]);
  });

  it('alarms on both queues, the Lambda (failures, throttles and lost failure records) and all three rules, notifying the topic on ALARM and OK', () => {
    // Act
    const alarms = resourcesByName(synthCentral().json, 'aws_cloudwatch_metric_alarm');

    // Assess
    expect(Object.fromEntries(Object.entries(alarms).map(([name, alarm]) => [name, `${alarm.namespace} ${alarm.metric_name}`]))).toEqual({
      'signin-watch-central-dlq-not-empty': 'AWS/SQS ApproximateNumberOfMessagesVisible',
      'signin-watch-central-alert-failures-not-empty': 'AWS/SQS ApproximateNumberOfMessagesVisible',
      'signin-watch-central-alert-errors': 'AWS/Lambda Errors',
      'signin-watch-central-alert-throttles': 'AWS/Lambda Throttles',
      'signin-watch-central-alert-destination-failures': 'AWS/Lambda DestinationDeliveryFailures',
      'signin-watch-central-rule-failed-invocations': 'AWS/Events FailedInvocations',
      'signin-watch-central-rule-dlq-send-failures': 'AWS/Events InvocationsFailedToBeSentToDlq',
      'signin-watch-central-alarm-rule-failed-invocations': 'AWS/Events FailedInvocations',
      'signin-watch-central-alarm-rule-dlq-send-failures': 'AWS/Events InvocationsFailedToBeSentToDlq',
      'signin-watch-central-region-change-rule-failed-invocations': 'AWS/Events FailedInvocations',
      'signin-watch-central-region-change-rule-dlq-send-failures': 'AWS/Events InvocationsFailedToBeSentToDlq',
    });
    expect(alarms['signin-watch-central-rule-failed-invocations'].dimensions).toEqual({ EventBusName: 'signin-watch', RuleName: 'signin-watch-to-alert' });
    for (const alarm of Object.values(alarms)) expect(alarm).toMatchObject({ alarm_actions: [TOPIC_ARN], ok_actions: [TOPIC_ARN] });
  });

  it('routes every forwarder alarm to the topic once: through the alarm rules, never also directly', () => {
    // Prepare
    const central = synthCentral().json;
    const forwarder = synthForwarder({ region: 'us-east-1' }).json;
    const pattern = parseJsonProperty(resourcesByName(central, 'aws_cloudwatch_event_rule')['signin-watch-alarms-to-topic'], 'event_pattern');

    // Act
    const forwarded = Object.keys(resourcesByName(forwarder, 'aws_cloudwatch_metric_alarm')).map((name) => matchesPattern(pattern, alarmChange(name)));
    const centralForwarded = Object.keys(resourcesByName(central, 'aws_cloudwatch_metric_alarm')).map((name) => matchesPattern(pattern, alarmChange(name)));

    // Assess
    expect(forwarded).toEqual(new Array(7).fill(true));
    expect(centralForwarded).toEqual(new Array(11).fill(false));
  });

  it("sends every alarm to the configured alarm topic instead, and leaves that topic's policy alone", () => {
    // Prepare
    const alarmTopicArn = 'arn:aws:sns:us-east-1:111122223333:ops-alarms';

    // Act
    const { json } = synthCentral({ alarmTopicArn });

    // Assess
    expect(json.resource.aws_sns_topic_policy).toBeUndefined();
    expect(Object.values(json.resource.aws_cloudwatch_event_target).map((target) => target.arn)).toContain(alarmTopicArn);
    for (const alarm of Object.values(resourcesByName(json, 'aws_cloudwatch_metric_alarm'))) expect(alarm.alarm_actions).toEqual([alarmTopicArn]);
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

describe('CentralStack optional signals', () => {
  it('routes each configured signal to the Lambda through its own rule, and admits GuardDuty only when it is on', () => {
    // Act
    const plain = synthCentral().json;
    const all = synthCentral({ identityCenterRegion: 'us-east-1', extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'] }).json;
    const sources = (json: typeof plain) =>
      parseJsonProperty<{ Statement: Array<{ Condition: Record<string, Record<string, string[]>> }> }>(onlyResource(json, 'aws_cloudwatch_event_bus_policy'), 'policy').Statement[0].Condition[
        'ForAllValues:StringEquals'
      ]['events:source'];
    const toLambda = (json: typeof plain) => Object.values(json.resource.aws_cloudwatch_event_target).filter((target) => target.target_id === 'alert-function').length;

    // Assess
    expect(Object.keys(resourcesByName(all, 'aws_cloudwatch_event_rule')).sort()).toEqual(
      [
        'signin-watch-to-alert',
        'signin-watch-alarms-to-topic',
        'signin-watch-region-changes-to-alert',
        'signin-watch-identity-center-to-alert',
        'signin-watch-get-signin-token-to-alert',
        'signin-watch-guardduty-to-alert',
        'signin-watch-sign-in-anomaly-to-alert',
      ].sort(),
    );
    expect([toLambda(plain), toLambda(all)]).toEqual([2, 6]);
    expect(Object.values(all.resource.aws_lambda_permission).map((permission) => permission.statement_id)).toContain('InvokeFromGetSigninTokenRule');
    expect([sources(plain), sources(all)]).toEqual([
      ['aws.signin', 'aws.cloudwatch', 'aws.account'],
      ['aws.signin', 'aws.cloudwatch', 'aws.account', 'aws.guardduty'],
    ]);
  });
});

describe('CentralStack rule states', () => {
  it('lets only the GetSigninToken rule receive read-only management events, forwarded ones included, and leaves every other rule at the default ENABLED', () => {
    // Act
    const rules = resourcesByName(synthCentral({ identityCenterRegion: 'us-east-1', extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'] }).json, 'aws_cloudwatch_event_rule');

    // Assess: an absent state is Terraform's ENABLED, so rules that predate the wider state synthesize as before.
    expect(
      Object.entries(rules)
        .map(([name, rule]) => [name, rule.state ?? 'absent'])
        .sort(),
    ).toEqual(
      [
        ['signin-watch-to-alert', 'absent'],
        ['signin-watch-alarms-to-topic', 'absent'],
        ['signin-watch-region-changes-to-alert', 'absent'],
        ['signin-watch-identity-center-to-alert', 'absent'],
        ['signin-watch-get-signin-token-to-alert', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'],
        ['signin-watch-guardduty-to-alert', 'absent'],
        ['signin-watch-sign-in-anomaly-to-alert', 'absent'],
      ].sort(),
    );
  });
});

describe('CentralStack delivery options', () => {
  it('mails every severity without a filter by default, and filters by severity when told, letting alarms through', () => {
    // Act
    const plain = Object.values(synthCentral().json.resource.aws_sns_topic_subscription);
    const filtered = Object.values(synthCentral({ emailSeverities: ['critical', 'high'] }).json.resource.aws_sns_topic_subscription);

    // Assess
    expect(plain[0].filter_policy).toBeUndefined();
    expect([JSON.parse(filtered[0].filter_policy as string), filtered[0].filter_policy_scope]).toEqual([{ severity: ['critical', 'high', { exists: false }] }, 'MessageAttributes']);
  });

  it('creates an encrypted chat topic for AWS Chatbot, names it in an output, and gives the Lambda its ARN', () => {
    // Act
    const { json } = synthCentral({ chat: { severities: ['critical'] } });
    const chatTopic = resourcesByName(json, 'aws_sns_topic')['signin-watch-chat'];

    // Assess
    expect(chatTopic).toMatchObject({ kms_master_key_id: '${aws_kms_key.topic-key.arn}' });
    expect((json as unknown as { output: Record<string, { value: string }> }).output['chat-topic-arn'].value).toBe('${aws_sns_topic.chat-topic.arn}');
    expect((onlyResource(json, 'aws_lambda_function').environment as { variables: Record<string, string> }).variables.CHAT_TOPIC_ARN).toBe('${aws_sns_topic.chat-topic.arn}');
  });

  it('lets the Lambda read a webhook URL kept in an SSM SecureString with ssm:GetParameter on that parameter only', () => {
    // Act
    const policy = parseJsonProperty<{ Statement: Array<{ Sid: string; Action: string; Resource: string }> }>(
      onlyResource(synthCentral({ webhook: { urlSecretArn: 'arn:aws:ssm:us-east-1:111122223333:parameter/slack/webhook' } }).json, 'aws_iam_role_policy'),
      'policy',
    );

    // Assess
    expect(policy.Statement.find((statement) => statement.Sid === 'ReadWebhookUrl')).toEqual({
      Sid: 'ReadWebhookUrl',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: 'arn:aws:ssm:us-east-1:111122223333:parameter/slack/webhook',
    });
  });

  it.each([
    ['a full ARN, with the suffix Secrets Manager adds', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf'],
    ['a partial ARN, the secret name only', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook'],
  ])('grants secretsmanager:GetSecretValue on the real secret when the webhook secret is given as %s', (_, urlSecretArn) => {
    // Prepare: IAM matches a resource ARN literally, with ? standing for one character.
    const realSecretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf';
    const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.*+^${}()|[\]\\/]/g, '\\$&').replace(/\?/g, '.')}$`).test(realSecretArn);

    // Act
    const policy = parseJsonProperty<{ Statement: Array<{ Sid: string; Action: string; Resource: string | string[] }> }>(
      onlyResource(synthCentral({ webhook: { urlSecretArn } }).json, 'aws_iam_role_policy'),
      'policy',
    );
    const grant = policy.Statement.find((statement) => statement.Sid === 'ReadWebhookUrl');
    const resources = ([] as string[]).concat(grant?.Resource ?? []);

    // Assess
    expect(grant?.Action).toBe('secretsmanager:GetSecretValue');
    expect(resources.some(matches)).toBe(true);
    expect(resources.every((resource) => resource.startsWith(`${urlSecretArn}`))).toBe(true);
  });
});
