import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { fakeDedupTable } from '../helpers/fake-dedup-table';
import { mockClient } from 'aws-sdk-client-mock';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTestEvent } from '../helpers/fixtures';

const ROOT = join(__dirname, '..', '..');

describe('the Lambda bundle (dist/lambda/index.js)', () => {
  // Inside the project, so that the bundle's external @aws-sdk/* resolve as in Lambda's runtime.
  const packageDir = join(ROOT, 'dist', `test-package-${process.pid}`);
  const snsMock = mockClient(SNSClient);
  fakeDedupTable();

  beforeAll(() => {
    mkdirSync(packageDir, { recursive: true });
    copyFileSync(join(ROOT, 'dist', 'lambda', 'index.js'), join(packageDir, 'index.js'));
    writeFileSync(join(packageDir, 'settings.json'), JSON.stringify({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));
  });

  afterAll(() => {
    rmSync(packageDir, { recursive: true, force: true });
  });

  it('leaves the AWS SDK out, since the runtime ships it', () => {
    // Act
    const size = statSync(join(ROOT, 'dist', 'lambda', 'index.js')).size;

    // Assess
    expect(size).toBeLessThan(40_000);
  });

  it('loads with its packaged allowlist and publishes an alert through the SDK client', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.env.TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:signin-watch-alerts';
    process.env.DEDUP_TABLE = 'signin-watch-dedup';
    process.env.AWS_REGION = 'us-east-1';

    // Act
    const { handler } = jest.requireActual<{ handler: (event: unknown) => Promise<void> }>(join(packageDir, 'index.js'));
    await handler(getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json'));

    // Assess
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn)).toEqual([process.env.TOPIC_ARN]);
  });
});
