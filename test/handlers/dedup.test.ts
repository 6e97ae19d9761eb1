import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DEDUP_RETENTION_SECONDS, DedupTable } from '../../handlers/dedup';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0) + 250;
const NOW_SECONDS = Math.floor(NOW / 1000);

describe('DedupTable', () => {
  const dynamo = mockClient(DynamoDBClient);
  const table = new DedupTable(new DynamoDBClient({ region: 'us-east-1' }), 'signin-watch-dedup', 45_000, () => NOW);

  beforeEach(() => {
    dynamo.reset();
  });

  it('claims a sign-in with a conditional write that only a new or abandoned claim passes, leases compared to the millisecond', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});

    // Act
    const result = await table.claim('111122223333:e-1');

    // Assess
    expect(result).toBe('claimed');
    expect(dynamo.commandCalls(PutItemCommand)[0].args[0].input).toEqual({
      TableName: 'signin-watch-dedup',
      Item: {
        id: { S: '111122223333:e-1' },
        state: { S: 'publishing' },
        leaseUntilMs: { N: String(NOW + 45_000) },
        expiresAt: { N: String(NOW_SECONDS + DEDUP_RETENTION_SECONDS) },
      },
      ConditionExpression: 'attribute_not_exists(id) OR (#state = :publishing AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs < :now))',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':publishing': { S: 'publishing' }, ':now': { N: String(NOW) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('reports a sign-in that was already published', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, Item: { state: { S: 'published' } } }));

    // Act
    const result = await table.claim('111122223333:e-1');

    // Assess
    expect(result).toBe('already-published');
  });

  it('reports a sign-in another delivery is publishing right now', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, Item: { state: { S: 'publishing' } } }));

    // Act
    const result = await table.claim('111122223333:e-1');

    // Assess
    expect(result).toBe('in-progress');
  });

  it('lets any other DynamoDB error through, so that Lambda retries', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    // Act
    const claim = table.claim('111122223333:e-1');

    // Assess
    await expect(claim).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('marks a sign-in published and drops its lease', async () => {
    // Prepare
    dynamo.on(UpdateItemCommand).resolves({});

    // Act
    await table.markPublished('111122223333:e-1');

    // Assess
    expect(dynamo.commandCalls(UpdateItemCommand)[0].args[0].input).toMatchObject({ Key: { id: { S: '111122223333:e-1' } }, UpdateExpression: 'SET #state = :published REMOVE leaseUntilMs' });
  });

  it('releases a claim by deleting it', async () => {
    // Prepare
    dynamo.on(DeleteItemCommand).resolves({});

    // Act
    await table.release('111122223333:e-1');

    // Assess
    expect(dynamo.commandCalls(DeleteItemCommand)[0].args[0].input).toEqual({ TableName: 'signin-watch-dedup', Key: { id: { S: '111122223333:e-1' } } });
  });
});
