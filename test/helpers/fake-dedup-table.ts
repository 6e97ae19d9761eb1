import { type AttributeValue, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

type Operation = 'put' | 'update' | 'delete';

/**
 * A DynamoDB client mock backed by a Map, applying the claim condition DedupTable writes
 * (new id, or an expired "publishing" lease) the way DynamoDB would. `failNext` makes the
 * next call of one operation fail, as an outage would.
 */
export function fakeDedupTable() {
  const items = new Map<string, Item>();
  const failures: Partial<Record<Operation, Error>> = {};
  const failIfAsked = (operation: Operation): void => {
    const failure = failures[operation];
    delete failures[operation];
    if (failure) throw failure;
  };
  const mock = mockClient(DynamoDBClient);
  mock.on(PutItemCommand).callsFake((input: { Item: Item; ExpressionAttributeValues: Item }) => {
    failIfAsked('put');
    const id = input.Item.id.S as string;
    const old = items.get(id);
    const now = Number(input.ExpressionAttributeValues[':now'].N);
    if (old !== undefined && !(old.state.S === 'publishing' && (old.leaseUntilMs === undefined || Number(old.leaseUntilMs.N) < now))) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: old });
    }
    items.set(id, { ...input.Item });
    return {};
  });
  mock.on(UpdateItemCommand).callsFake((input: { Key: Item }) => {
    failIfAsked('update');
    const item = items.get(input.Key.id.S as string);
    if (item !== undefined) {
      item.state = { S: 'published' };
      delete item.leaseUntilMs;
    }
    return {};
  });
  mock.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    failIfAsked('delete');
    items.delete(input.Key.id.S as string);
    return {};
  });
  return {
    items,
    failNext: (operation: Operation, error: Error): void => {
      failures[operation] = error;
    },
  };
}
