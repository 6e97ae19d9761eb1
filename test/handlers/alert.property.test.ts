import { ALERT_FUNCTION } from '../../core/deploy/alert-function';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Trust } from '../../core/detect/trust';
import { PackagedTrust } from '../../handlers/allowlist-parameter';
import { type CloudTrailRecord, isCloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { evaluate } from '../../core/detect/evaluate';
import { createAlertHandler, MalformedEventError } from '../../handlers/alert';
import { DedupTable } from '../../handlers/dedup';
import { CASES, PROPERTY_MODE, oddValue, signInRecord } from '../helpers/arbitraries';
import { fakeDedupTable } from '../helpers/fake-dedup-table';
import { envelope } from '../helpers/fixtures';

describe('alert handler, on generated events', () => {
  const sns = mockClient(SNSClient);
  const dedup = fakeDedupTable();
  const trust = Trust.fromCidrs(['192.0.2.0/24']);
  const handler = createAlertHandler(
    {
      topicArn: 'arn:aws:sns:us-east-1:111122223333:t',
      dedupTableName: 't',
      trust: new PackagedTrust({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions: [] }),
      regions: ['us-east-1'],
      accountNames: {},
      channels: [],
    },
    new SNSClient({ region: 'us-east-1' }),
    new DedupTable(new DynamoDBClient({ region: 'us-east-1' }), 't', ALERT_FUNCTION.dedupLeaseMs),
  );

  afterAll(() => {
    console.log(`property tests, handler: ${CASES.handler} generated events (${PROPERTY_MODE})`);
  });

  it(`publishes exactly when the core says alert, and throws only MalformedEventError, for what is not a record (${CASES.handler} cases)`, async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          signInRecord.map((record) => envelope(record)),
          fc.record({ id: fc.string(), detail: oddValue }),
          oddValue,
        ),
        async (event) => {
          // Prepare
          sns.reset();
          sns.on(PublishCommand).resolves({});
          dedup.items.clear();
          const detail = (event as { detail?: unknown } | null)?.detail;

          // Act
          const outcome = await handler(event).then(
            () => 'resolved',
            (error: unknown) => error,
          );

          // Assess
          if (isCloudTrailRecord(detail)) {
            expect(outcome).toBe('resolved');
            expect(sns.commandCalls(PublishCommand)).toHaveLength(evaluate(detail as CloudTrailRecord, trust).alert ? 1 : 0);
          } else {
            expect(outcome).toBeInstanceOf(MalformedEventError);
            expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
          }
        },
      ),
      { numRuns: CASES.handler },
    );
  });
});
