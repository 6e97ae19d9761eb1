import '../helpers/cdktf-matchers';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Testing } from 'cdktf';
import { QUEUE_RETENTION_SECONDS } from '../../core/deploy/forwarder-model';
import { DeadLetterQueue } from '../../stacks/dead-letter-queue';

describe('DeadLetterQueue', () => {
  it('keeps messages for the SQS maximum of 14 days, encrypted', () => {
    // Act
    const synthesized = Testing.synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { name: 'test-dlq' }));

    // Assess
    expect(QUEUE_RETENTION_SECONDS).toBe(1_209_600);
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, { name: 'test-dlq', message_retention_seconds: QUEUE_RETENTION_SECONDS, sqs_managed_sse_enabled: true });
  });

  it('admits only the named rules', () => {
    // Prepare
    const ruleArns = ['arn:aws:events:eu-west-1:111122223333:rule/a', 'arn:aws:events:eu-west-1:111122223333:rule/b'];

    // Act
    const synthesized = Testing.synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { name: 'test-dlq', ruleArns }));

    // Assess
    const policies = Object.values(JSON.parse(synthesized).resource.aws_sqs_queue_policy) as Array<{ policy: string }>;
    expect(JSON.parse(policies[0].policy).Statement).toEqual([
      {
        Sid: 'AllowOnlyItsRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.dlq_\w+\.arn\}$/),
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      },
    ]);
  });

  it('has no resource policy when no rule writes to it', () => {
    // Act
    const synthesized = Testing.synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { name: 'test-dlq' }));

    // Assess
    expect(synthesized).not.toHaveResource(SqsQueuePolicy);
  });
});
