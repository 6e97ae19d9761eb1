import '../helpers/cdktf-matchers';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CONSOLE_SIGN_IN_PATTERN } from '../../core/deploy/event-pattern';
import { alarmStateChangePattern } from '../../core/deploy/alarms';
import { matchesPattern } from '../helpers/event-pattern';
import { envelope, getTestEvent } from '../helpers/fixtures';
import { onlyResource, parseJsonProperty, resourcesByName, synthForwarder } from '../helpers/synth';

const CENTRAL_BUS_ARN = 'arn:aws:events:us-east-1:${data.aws_caller_identity.account.account_id}:event-bus/signin-watch';
const RULE_ARNS = ['${aws_cloudwatch_event_rule.rule.arn}', '${aws_cloudwatch_event_rule.alarm-rule.arn}'];

describe('ForwarderStack', () => {
  it('uses one AWS provider, in its own region', () => {
    // Act
    const { json } = synthForwarder({ region: 'af-south-1' });

    // Assess
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'af-south-1' })]);
  });

  it('creates a rule on the default bus with the console sign-in pattern', () => {
    // Act
    const rule = resourcesByName(synthForwarder().json, 'aws_cloudwatch_event_rule')['signin-watch-forward'];

    // Assess
    expect(rule.event_bus_name).toBeUndefined();
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual(CONSOLE_SIGN_IN_PATTERN);
  });

  it('matches a ConsoleLogin and rejects the other sign-in events that share its detail-type', () => {
    // Prepare
    const pattern = parseJsonProperty(resourcesByName(synthForwarder().json, 'aws_cloudwatch_event_rule')['signin-watch-forward'], 'event_pattern');
    const signIn = (fixture: string) => envelope(getTestEvent(`sample-events/${fixture}.json`));

    // Act
    const matches = {
      consoleLogin: matchesPattern(pattern, getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json')),
      failedConsoleLogin: matchesPattern(pattern, getTestEvent('sample-events/eventbridge-iamuser-consolelogin-failure_2018-console-sample.json')),
      switchRole: matchesPattern(pattern, signIn('cloudtrail-assumedrole-switchrole-success-regional-endpoint_2024-blog')),
      checkMfa: matchesPattern(pattern, signIn('cloudtrail-iamuser-checkmfa_ct-docs-2022')),
      passwordUpdated: matchesPattern(pattern, signIn('cloudtrail-root-passwordupdated_ct-docs-2022')),
      otherSource: matchesPattern(pattern, { ...signIn('cloudtrail-iamuser-consolelogin-failure_ct-docs-2022'), source: 'aws.iam' }),
    };

    // Assess
    expect(matches).toEqual({ consoleLogin: true, failedConsoleLogin: true, switchRole: false, checkMfa: false, passwordUpdated: false, otherSource: false });
  });

  it('targets the central bus in the home region through its role, with a DLQ and the longest retries', () => {
    // Act
    const { raw } = synthForwarder();

    // Assess
    expect(raw).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: CENTRAL_BUS_ARN,
      role_arn: '${aws_iam_role.role.arn}',
      rule: '${aws_cloudwatch_event_rule.rule.name}',
      dead_letter_config: { arn: expect.stringMatching(/^\$\{aws_sqs_queue\.dead-letter-queue_\w+\.arn\}$/) },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
    });
  });

  it('lets its role do one thing: put events on the central bus', () => {
    // Prepare
    const { json } = synthForwarder();

    // Act
    const policy = parseJsonProperty(onlyResource(json, 'aws_iam_role_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: CENTRAL_BUS_ARN }]);
  });

  it('lets only its own two rules assume its role', () => {
    // Prepare
    const role = onlyResource(synthForwarder().json, 'aws_iam_role');

    // Act
    const trust = parseJsonProperty(role, 'assume_role_policy');

    // Assess
    expect([role.name, trust.Statement]).toEqual([
      'signin-watch-forward-eu-west-1',
      [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARNS } } }],
    ]);
  });

  it('keeps undeliverable events 14 days in a queue that admits only its rules', () => {
    // Prepare
    const { json } = synthForwarder();

    // Act
    const queue = onlyResource(json, 'aws_sqs_queue');
    const policy = parseJsonProperty(onlyResource(json, 'aws_sqs_queue_policy'), 'policy');

    // Assess
    expect(queue).toMatchObject({ name: 'signin-watch-forward-dlq', message_retention_seconds: 1_209_600, sqs_managed_sse_enabled: true });
    expect(queue.fifo_queue).toBeUndefined();
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARNS } } }),
    ]);
  });

  it("forwards its region's alarm state changes to the central bus the same way", () => {
    // Prepare
    const { raw, json } = synthForwarder();

    // Act
    const rule = resourcesByName(json, 'aws_cloudwatch_event_rule')['signin-watch-forward-alarms'];

    // Assess
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual(alarmStateChangePattern('signin-watch-forward-'));
    expect(raw).toHaveResourceWithProperties(CloudwatchEventTarget, {
      rule: '${aws_cloudwatch_event_rule.alarm-rule.name}',
      arn: CENTRAL_BUS_ARN,
      role_arn: '${aws_iam_role.role.arn}',
      dead_letter_config: { arn: expect.stringMatching(/^\$\{aws_sqs_queue\.dead-letter-queue_\w+\.arn\}$/) },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
    });
  });

  it('alarms on its dead-letter queue and on the failures of both rules, with names its alarm rule forwards', () => {
    // Prepare
    const { json } = synthForwarder();
    const pattern = alarmStateChangePattern('signin-watch-forward-');

    // Act
    const alarms = resourcesByName(json, 'aws_cloudwatch_metric_alarm');

    // Assess
    expect(Object.fromEntries(Object.entries(alarms).map(([name, alarm]) => [name, [alarm.namespace, alarm.metric_name, alarm.dimensions]]))).toEqual({
      'signin-watch-forward-eu-west-1-dlq-not-empty': ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'signin-watch-forward-dlq' }],
      'signin-watch-forward-eu-west-1-rule-failed-invocations': ['AWS/Events', 'FailedInvocations', { RuleName: 'signin-watch-forward' }],
      'signin-watch-forward-eu-west-1-rule-dlq-send-failures': ['AWS/Events', 'InvocationsFailedToBeSentToDlq', { RuleName: 'signin-watch-forward' }],
      'signin-watch-forward-eu-west-1-alarm-rule-failed-invocations': ['AWS/Events', 'FailedInvocations', { RuleName: 'signin-watch-forward-alarms' }],
      'signin-watch-forward-eu-west-1-alarm-rule-dlq-send-failures': ['AWS/Events', 'InvocationsFailedToBeSentToDlq', { RuleName: 'signin-watch-forward-alarms' }],
    });
    for (const [name, alarm] of Object.entries(alarms)) {
      expect(alarm).toMatchObject({ threshold: 0, comparison_operator: 'GreaterThanThreshold', period: 60, treat_missing_data: 'notBreaching', alarm_actions: [] });
      const change = { source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName: name, state: { value: 'ALARM' } } };
      expect(matchesPattern(pattern, change)).toBe(true);
    }
  });

  it('prefixes every name so that two installs cannot collide', () => {
    // Act
    const { json } = synthForwarder({ namePrefix: 'sw-test' });

    // Assess
    expect([
      Object.keys(resourcesByName(json, 'aws_cloudwatch_event_rule')).sort(),
      onlyResource(json, 'aws_iam_role').name,
      onlyResource(json, 'aws_sqs_queue').name,
      Object.values(json.resource.aws_cloudwatch_event_target).map((target) => target.arn),
      Object.keys(resourcesByName(json, 'aws_cloudwatch_metric_alarm')).every((name) => name.startsWith('sw-test-forward-eu-west-1-')),
    ]).toEqual([
      ['sw-test-forward', 'sw-test-forward-alarms'],
      'sw-test-forward-eu-west-1',
      'sw-test-forward-dlq',
      [expect.stringMatching(/:event-bus\/sw-test$/), expect.stringMatching(/:event-bus\/sw-test$/)],
      true,
    ]);
  });
});

describe('ForwarderStack in a member account', () => {
  const MEMBER = { centralAccountId: '111111111111', accountId: '222222222222' };

  it("targets the central account's bus by its built ARN, without looking up its own account", () => {
    // Act
    const { json } = synthForwarder(MEMBER);
    const targets = Object.values(json.resource.aws_cloudwatch_event_target);

    // Assess
    expect(json.data?.aws_caller_identity).toBeUndefined();
    expect(targets.map((target) => [target.arn, target.role_arn])).toEqual([
      ['arn:aws:events:us-east-1:111111111111:event-bus/signin-watch', '${aws_iam_role.role.arn}'],
      ['arn:aws:events:us-east-1:111111111111:event-bus/signin-watch', '${aws_iam_role.role.arn}'],
    ]);
  });

  it("lets its role put events on the central account's bus and nothing else", () => {
    // Act
    const policy = parseJsonProperty(onlyResource(synthForwarder(MEMBER).json, 'aws_iam_role_policy'), 'policy');

    // Assess
    expect(policy.Statement).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: 'arn:aws:events:us-east-1:111111111111:event-bus/signin-watch' }]);
  });

  it('refuses to run against any account but its own, through the configured role or profile', () => {
    // Act
    const provider = synthForwarder({ ...MEMBER, deployRoleArn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', awsProfile: 'security' }).json.provider.aws[0];

    // Assess
    expect(provider).toMatchObject({
      allowed_account_ids: ['222222222222'],
      profile: 'security',
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', session_name: 'signin-watch' }],
    });
  });

  it('keeps a single-account provider free of account, role and profile settings', () => {
    // Act
    const provider = synthForwarder().json.provider.aws[0];

    // Assess
    expect(Object.keys(provider).sort()).toEqual(['default_tags', 'region']);
  });
});

describe('ForwarderStack region opt-in changes', () => {
  const regionChange = (detailType: string, detail: Record<string, unknown>) => ({ source: 'aws.account', 'detail-type': detailType, account: '222222222222', region: 'us-east-1', detail });

  it('forwards them from us-east-1 only, where AWS delivers global-service events, through the same role and queue', () => {
    // Act
    const east = synthForwarder({ region: 'us-east-1' }).json;
    const west = synthForwarder({ region: 'eu-west-1' }).json;
    const eastRules = resourcesByName(east, 'aws_cloudwatch_event_rule');
    const trust = parseJsonProperty<{ Statement: Array<{ Condition: unknown }> }>(onlyResource(east, 'aws_iam_role'), 'assume_role_policy');

    // Assess
    expect(Object.keys(eastRules).sort()).toEqual(['signin-watch-forward', 'signin-watch-forward-alarms', 'signin-watch-forward-region-changes']);
    expect(Object.keys(resourcesByName(west, 'aws_cloudwatch_event_rule')).sort()).toEqual(['signin-watch-forward', 'signin-watch-forward-alarms']);
    expect(trust.Statement[0].Condition).toEqual({ ArnEquals: { 'aws:SourceArn': [...RULE_ARNS, '${aws_cloudwatch_event_rule.region-change-rule.arn}'] } });
    expect(Object.values(east.resource.aws_cloudwatch_event_target).find((target) => target.rule === '${aws_cloudwatch_event_rule.region-change-rule.name}')).toMatchObject({
      arn: CENTRAL_BUS_ARN,
      role_arn: '${aws_iam_role.role.arn}',
      retry_policy: { maximum_event_age_in_seconds: 86_400, maximum_retry_attempts: 185 },
    });
    expect(Object.keys(resourcesByName(east, 'aws_cloudwatch_metric_alarm'))).toContain('signin-watch-forward-us-east-1-region-change-rule-failed-invocations');
  });

  it('matches both reports of a region opt-in and no sign-in', () => {
    // Prepare
    const pattern = parseJsonProperty(resourcesByName(synthForwarder({ region: 'us-east-1' }).json, 'aws_cloudwatch_event_rule')['signin-watch-forward-region-changes'], 'event_pattern');

    // Act
    const matches = [
      matchesPattern(pattern, getTestEvent('account-events/region-opt-in-enabled_account-docs.json')),
      matchesPattern(pattern, regionChange('AWS API Call via CloudTrail', { eventSource: 'account.amazonaws.com', eventName: 'EnableRegion' })),
      matchesPattern(pattern, getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json')),
    ];

    // Assess
    expect(matches).toEqual([true, true, false]);
  });
});

describe('ForwarderStack optional signals', () => {
  const SIGNALS = { identityCenterRegion: 'eu-west-1', extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'] as const };

  it('forwards Identity Center sign-ins from the Identity Center region only, and each extra signal from every region', () => {
    // Act
    const west = Object.keys(resourcesByName(synthForwarder({ region: 'eu-west-1', ...SIGNALS }).json, 'aws_cloudwatch_event_rule')).sort();
    const east = Object.keys(resourcesByName(synthForwarder({ region: 'eu-central-1', ...SIGNALS }).json, 'aws_cloudwatch_event_rule')).sort();

    // Assess
    const extras = ['signin-watch-forward-get-signin-token', 'signin-watch-forward-guardduty', 'signin-watch-forward-sign-in-anomaly'];
    expect(west).toEqual(['signin-watch-forward', 'signin-watch-forward-alarms', ...extras, 'signin-watch-forward-identity-center'].sort());
    expect(east).toEqual(['signin-watch-forward', 'signin-watch-forward-alarms', ...extras].sort());
  });

  it('lets only the GetSigninToken rule receive read-only management events, and leaves every other rule at the default ENABLED', () => {
    // Act
    const rules = resourcesByName(synthForwarder({ region: 'us-east-1', ...SIGNALS, identityCenterRegion: 'us-east-1' }).json, 'aws_cloudwatch_event_rule');

    // Assess: an absent state is Terraform's ENABLED, so rules that predate the wider state synthesize as before.
    expect(
      Object.entries(rules)
        .map(([name, rule]) => [name, rule.state ?? 'absent'])
        .sort(),
    ).toEqual(
      [
        ['signin-watch-forward', 'absent'],
        ['signin-watch-forward-alarms', 'absent'],
        ['signin-watch-forward-region-changes', 'absent'],
        ['signin-watch-forward-identity-center', 'absent'],
        ['signin-watch-forward-get-signin-token', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'],
        ['signin-watch-forward-guardduty', 'absent'],
        ['signin-watch-forward-sign-in-anomaly', 'absent'],
      ].sort(),
    );
    expect(Object.values(rules).map((rule) => rule.is_enabled)).toEqual(Object.values(rules).map(() => undefined));
  });

  it('sends every event to at most one rule, and each sample to the rule meant for it', () => {
    // Prepare
    const rules = resourcesByName(synthForwarder({ region: 'eu-west-1', ...SIGNALS }).json, 'aws_cloudwatch_event_rule');
    const patterns = Object.entries(rules).map(([name, rule]) => [name, parseJsonProperty(rule, 'event_pattern')] as const);
    const identityCenter = envelope(getTestEvent('sample-events/cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025.json'));
    const samples = {
      'signin-watch-forward': getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json'),
      'signin-watch-forward-identity-center': { ...identityCenter, 'detail-type': 'AWS Service Event via CloudTrail' },
      'signin-watch-forward-get-signin-token': { source: 'aws.signin', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 'signin.amazonaws.com', eventName: 'GetSigninToken' } },
      'signin-watch-forward-guardduty': getTestEvent('aws-signals/guardduty-consoleloginsuccess-b.json'),
      'signin-watch-forward-sign-in-anomaly': getTestEvent('aws-signals/sign-in-anomaly-alert_constructed.json'),
    };

    // Act
    const matched = Object.fromEntries(Object.entries(samples).map(([expected, event]) => [expected, patterns.filter(([, pattern]) => matchesPattern(pattern, event)).map(([name]) => name)]));

    // Assess
    expect(matched).toEqual(Object.fromEntries(Object.keys(samples).map((name) => [name, [name]])));
  });
});
