import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { deadLetterQueuePolicy, QUEUE_RETENTION_SECONDS } from '../core/deploy/forwarder-model';

export interface DeadLetterQueueProps {
  /** Physical name of the queue. */
  readonly name: string;
  /**
   * ARNs of the EventBridge rules allowed to send to the queue; omit for a queue that
   * only an IAM principal with its own permission writes to (a Lambda destination).
   */
  readonly ruleArns?: readonly string[];
}

/**
 * A standard queue (EventBridge dead-letter queues cannot be FIFO) that keeps what a
 * hop could not deliver, encrypted with SQS-managed keys, with a policy that admits only
 * the rules it serves.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.name,
      messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    if (props.ruleArns === undefined) return;
    new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: JSON.stringify(deadLetterQueuePolicy(this.queue.arn, props.ruleArns)),
    });
  }
}
