import { ConditionalCheckFailedException, DeleteItemCommand, type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * How long a published alert is remembered. Redeliveries come within EventBridge's 24 hours
 * of target retries plus Lambda's 6 hours of async retries; a week leaves room for a replay
 * from a dead-letter queue (see README.md, "Runbook").
 */
export const DEDUP_RETENTION_SECONDS = 7 * 24 * 60 * 60;

export type ClaimResult = 'claimed' | 'already-published' | 'in-progress';

/**
 * Remembers which sign-ins were alerted on, in a DynamoDB table with TTL, so that one
 * sign-in pages once however often it is delivered. A delivery first claims the sign-in
 * with a conditional write and a lease, publishes, then marks it published. A publish that
 * fails releases the claim; a delivery that dies holding it leaves the lease to expire.
 */
export class DedupTable {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** See `ALERT_FUNCTION.dedupLeaseMs` for the bounds it must keep. */
    private readonly leaseMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async claim(key: string): Promise<ClaimResult> {
    const now = this.now();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            id: { S: key },
            state: { S: 'publishing' },
            leaseUntilMs: { N: String(now + this.leaseMs) },
            // DynamoDB's TTL reads epoch seconds.
            expiresAt: { N: String(Math.floor(now / 1000) + DEDUP_RETENTION_SECONDS) },
          },
          // New, or a claim whose holder died before publishing (its lease ran out). A claim
          // without leaseUntilMs was written before leases were kept in milliseconds: expired.
          ConditionExpression: 'attribute_not_exists(id) OR (#state = :publishing AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs < :now))',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':publishing': { S: 'publishing' }, ':now': { N: String(now) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item?.state?.S === 'published' ? 'already-published' : 'in-progress';
    }
  }

  async markPublished(key: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { id: { S: key } },
        UpdateExpression: 'SET #state = :published REMOVE leaseUntilMs',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':published': { S: 'published' } },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { id: { S: key } } }));
  }
}
