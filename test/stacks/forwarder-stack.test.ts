import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CONSOLE_SIGN_IN_PATTERN } from '../../core/event-pattern';
import { matchesPattern } from '../helpers/event-pattern';
import { envelope, getTestEvent } from '../helpers/fixtures';
import { onlyResource, parseJsonProperty, synthForwarder } from '../helpers/synth';

const CENTRAL_BUS_ARN = 'arn:aws:events:us-east-1:${data.aws_caller_identity.account.account_id}:event-bus/signin-watch';

describe('ForwarderStack', () => {
  it('uses one AWS provider, in its own region', () => {
    // Act
    const { json } = synthForwarder({ region: 'af-south-1' });

    // Assess
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'af-south-1' })]);
  });

  it('creates a rule on the default bus with the console sign-in pattern', () => {
    // Act
    const { raw, json } = synthForwarder();

    // Assess
    expect(raw).toHaveResourceWithProperties(CloudwatchEventRule, { name: 'signin-watch-forward' });
    const rule = onlyResource(json, 'aws_cloudwatch_event_rule');
    expect(rule.event_bus_name).toBeUndefined();
    expect(parseJsonProperty(rule, 'event_pattern')).toEqual(CONSOLE_SIGN_IN_PATTERN);
  });

  it('matches a ConsoleLogin and rejects the other sign-in events that share its detail-type', () => {
    // Prepare
    const pattern = parseJsonProperty(onlyResource(synthForwarder().json, 'aws_cloudwatch_event_rule'), 'event_pattern');
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

  it('lets only its own rule assume its role', () => {
    // Prepare
    const role = onlyResource(synthForwarder().json, 'aws_iam_role');

    // Act
    const trust = parseJsonProperty(role, 'assume_role_policy');

    // Assess
    expect([role.name, trust.Statement]).toEqual([
      'signin-watch-forward-eu-west-1',
      [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:SourceArn': '${aws_cloudwatch_event_rule.rule.arn}' } },
        },
      ],
    ]);
  });

  it('keeps undeliverable events 14 days in a queue that admits only its rule', () => {
    // Prepare
    const { json } = synthForwarder();

    // Act
    const queue = onlyResource(json, 'aws_sqs_queue');
    const policy = parseJsonProperty(onlyResource(json, 'aws_sqs_queue_policy'), 'policy');

    // Assess
    expect(queue).toMatchObject({ name: 'signin-watch-forward-dlq', message_retention_seconds: 1_209_600, sqs_managed_sse_enabled: true });
    expect(queue.fifo_queue).toBeUndefined();
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': '${aws_cloudwatch_event_rule.rule.arn}' } },
      }),
    ]);
  });

  it('prefixes every name so that two installs cannot collide', () => {
    // Act
    const { json } = synthForwarder({ namePrefix: 'sw-test' });

    // Assess
    expect([
      onlyResource(json, 'aws_cloudwatch_event_rule').name,
      onlyResource(json, 'aws_iam_role').name,
      onlyResource(json, 'aws_sqs_queue').name,
      onlyResource(json, 'aws_cloudwatch_event_target').arn,
    ]).toEqual(['sw-test-forward', 'sw-test-forward-eu-west-1', 'sw-test-forward-dlq', expect.stringMatching(/:event-bus\/sw-test$/)]);
  });
});
