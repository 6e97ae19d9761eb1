import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventOfMessage, replayClients, runReplay } from '../../cli/replay';
import { parseConfig } from '../../core/config';
import { envelope, getTestEvent } from '../helpers/fixtures';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/signin-watch-forward-dlq';
const SIGN_IN = getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json');
const ALARM_CHANGE = { source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName: 'sw-prod-forward-eu-west-1-dlq-not-empty', state: { value: 'ALARM' } } };

describe('npm run replay', () => {
  const sqs = mockClient(SQSClient);
  const lambda = mockClient(LambdaClient);
  const regions: Record<string, string[]> = { sqs: [], lambda: [] };
  const clients = {
    sqs: (region: string) => {
      regions.sqs.push(region);
      return new SQSClient({ region });
    },
    lambda: (region: string) => {
      regions.lambda.push(region);
      return new LambdaClient({ region });
    },
  };
  let dir: string;
  let config: string;

  beforeEach(() => {
    sqs.reset();
    lambda.reset();
    regions.sqs = [];
    regions.lambda = [];
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-replay-'));
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ homeRegion: 'eu-central-1', regions: ['us-east-1', 'eu-west-1'], namePrefix: 'sw-prod' }));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A queue holding these bodies, served once each. */
  function queueHolding(bodies: unknown[]): void {
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE_URL });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: bodies.map((body, i) => ({ MessageId: `m-${i}`, ReceiptHandle: `r-${i}`, Body: JSON.stringify(body) })) })
      .resolves({ Messages: [] });
  }

  async function run(args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runReplay(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} }, () => clients);
    return { exitCode, stdout, stderr };
  }

  it('re-invokes the alert Lambda in the home region with each kept sign-in, then deletes the message', async () => {
    // Prepare
    queueHolding([SIGN_IN, { requestPayload: SIGN_IN, responsePayload: { errorMessage: 'KMS key disabled' } }]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    const { exitCode, stdout } = await run(['--config', config, '--region', 'eu-west-1', '--queue', 'signin-watch-forward-dlq']);

    // Assess
    expect(exitCode).toBe(0);
    expect([regions.sqs, regions.lambda]).toEqual([['eu-west-1'], ['eu-central-1']]);
    const invocations = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invocations.map(({ FunctionName, InvocationType }) => [FunctionName, InvocationType])).toEqual([
      ['sw-prod-alert', 'Event'],
      ['sw-prod-alert', 'Event'],
    ]);
    expect(invocations.map(({ Payload }) => JSON.parse(Buffer.from(Payload as Uint8Array).toString()))).toEqual([SIGN_IN, SIGN_IN]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-0' },
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-1' },
    ]);
    expect(stdout.at(-1)).toBe('replay: 2 replayed, 0 left in the queue, 0 failed (sw-prod-alert in eu-central-1)');
  });

  it('lists what it would replay in a dry run, and changes nothing', async () => {
    // Prepare
    queueHolding([SIGN_IN]);

    // Act
    const { exitCode, stdout } = await run(['--config', config, `--queue=${QUEUE_URL}`, '--dry-run']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toEqual(['would replay m-0: sign-in 324731c0-64b3-4421-b552-dfc3c27df4f6', 'replay: 1 to replay, 0 left in the queue, 0 failed (sw-prod-alert in eu-central-1)']);
    expect([lambda.commandCalls(InvokeCommand).length, sqs.commandCalls(DeleteMessageCommand).length, sqs.commandCalls(GetQueueUrlCommand).length]).toEqual([0, 0, 0]);
  });

  it('leaves what is not a sign-in in the queue and says why', async () => {
    // Prepare
    queueHolding([ALARM_CHANGE, 'not json', { id: 'x' }]);

    // Act
    const { exitCode, stdout } = await run(['--config', config, '--queue', 'signin-watch-central-dlq']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.slice(0, 3)).toEqual([
      'left m-0 in the queue: an alarm state change, not a sign-in: its alarm already fired',
      'left m-1 in the queue: the message holds no event',
      'left m-2 in the queue: the event is none that signin-watch forwards',
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('replays region changes, GuardDuty findings and sign-in anomaly alerts, which the Lambda judges too', async () => {
    // Prepare
    queueHolding([
      { id: 'e-1', source: 'aws.account', 'detail-type': 'Region Opt-In Status Change', detail: { status: 'ENABLED', regionName: 'ap-east-1' } },
      { id: 'e-2', source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: { type: 'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B' } },
      { id: 'e-3', source: 'aws.signin', 'detail-type': 'Sign-in Anomaly Alert', detail: {} },
    ]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    const { exitCode, stdout } = await run(['--config', config, '--queue', 'signin-watch-central-dlq']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.slice(0, 3)).toEqual(['replayed m-0: region-change e-1', 'replayed m-1: guardduty e-2', 'replayed m-2: sign-in-anomaly e-3']);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(3);
  });

  it.each([
    ['--config without a value', ['--queue', 'q', '--config'], /--config/],
    ['a --region that is no AWS region', ['--queue', 'q', '--region', 'eu-wst-1'], /--region eu-wst-1 is not an AWS region/],
  ])('refuses %s before touching AWS', async (_, args, message) => {
    // Act
    const { exitCode, stderr } = await run(args);

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr[0]).toMatch(message);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('keeps a message whose invocation Lambda did not accept, and exits 1', async () => {
    // Prepare
    queueHolding([SIGN_IN]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 500, FunctionError: 'Unhandled' });

    // Act
    const { exitCode, stderr } = await run(['--config', config, '--queue', 'q']);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr).toEqual(['failed to replay m-0: Lambda answered 500 (Unhandled); it stays in the queue']);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('stops after --max messages', async () => {
    // Prepare
    queueHolding([SIGN_IN, SIGN_IN, SIGN_IN]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    await run(['--config', config, '--queue', 'q', '--max', '2']);

    // Assess
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);
  });

  it.each([
    [[], '--queue is required'],
    [['--queue'], "Option '--queue <value>' argument missing"],
    [['--queue', 'q', '--max', '0'], '--max takes a whole number above 0'],
    [['--queue', 'q', '--colour'], "Unknown option '--colour'"],
  ])('says in one line what is wrong with %j and exits 2', async (args, problem) => {
    // Act
    const { exitCode, stderr } = await run(args);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [`replay: ${problem} (--help shows the usage)`]]);
  });

  it('reports a config error without a stack trace and exits 2', async () => {
    // Prepare
    writeFileSync(config, '{"homeRegion": "mars-1"}');

    // Act
    const { exitCode, stderr } = await run(['--config', config, '--queue', 'q']);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [expect.stringContaining('homeRegion: "mars-1" is not a commercial AWS region.')]]);
  });
});

describe('eventOfMessage', () => {
  it('unwraps the invocation record of a Lambda on-failure destination', () => {
    // Act
    const found = eventOfMessage(JSON.stringify({ version: '1.0', requestPayload: envelope({ eventName: 'ConsoleLogin' }), responsePayload: {} }));

    // Assess
    expect(found).toEqual({ event: envelope({ eventName: 'ConsoleLogin' }), what: expect.stringMatching(/^sign-in /) });
  });
});

describe('replayClients', () => {
  it("reaches AWS with the config's awsProfile, as rollout and doctor do", async () => {
    // Prepare
    const config = parseConfig(JSON.stringify({ awsProfile: 'signin-watch-no-such-profile' }), 'c.json');

    // Act
    const credentials = replayClients(config).sqs('eu-west-1').config.credentials();

    // Assess
    await expect(credentials).rejects.toThrow(/signin-watch-no-such-profile/);
  });
});
