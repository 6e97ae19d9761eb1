import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CREDENTIALS } from './e2e-config';

/** Pointing the synthesized stacks at moto (scripts/moto.ts runs it), and the queues the scenarios watch with. */

/**
 * Points a synthesized stack at moto and keeps its state in the work folder, without
 * touching cdk.tf.json. A stack with `allowed_account_ids` needs the provider to ask
 * moto's STS who it is.
 */
export function overrideForMoto(dir: string, endpoint: string, stateFile: string, requestAccountId = false): void {
  const services = ['events', 'sqs', 'sns', 'iam', 'sts', 'lambda', 'kms', 'logs', 'cloudwatch', 'dynamodb', 'cloudformation', 'organizations'];
  writeFileSync(
    join(dir, 'e2e_override.tf.json'),
    JSON.stringify({
      terraform: { backend: { local: { path: stateFile } } },
      provider: {
        aws: {
          access_key: CREDENTIALS.accessKeyId,
          secret_key: CREDENTIALS.secretAccessKey,
          skip_credentials_validation: true,
          skip_requesting_account_id: !requestAccountId,
          skip_metadata_api_check: true,
          endpoints: [Object.fromEntries(services.map((service) => [service, endpoint]))],
        },
      },
    }),
  );
}

export async function receiveAll(sqs: SQSClient, queueUrl: string, expected: number, seconds: number): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + seconds * 1000;
  // Once the expected count is in, keep listening a moment longer to catch duplicates.
  let graceUntil = Number.POSITIVE_INFINITY;
  while (Date.now() < Math.min(deadline, graceUntil)) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 600 }));
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    if (bodies.length >= expected && graceUntil === Number.POSITIVE_INFINITY) graceUntil = Date.now() + 2000;
  }
  return bodies;
}

export async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
}
