import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { runSmoke, type SmokeClients } from '../../cli/smoke-run';
import type { SigninWatchConfig } from '../../core/config';

const RUN = '3f1c2b7a-0d4e-4c55-9a61-2b8e0f6d1c33';
const CENTRAL = '111111111111';
const TOPIC = `arn:aws:sns:eu-west-1:${CENTRAL}:signin-watch-alerts`;
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${CENTRAL}/signin-watch-smoke-3f1c2b7a`;
const ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: CENTRAL };

const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const cloudwatch = mockClient(CloudWatchClient);

/** What the alert topic delivers to the queue once the run has done its part. */
const notification = (Message: string, Subject?: string) => ({ Body: JSON.stringify({ Type: 'Notification', TopicArn: TOPIC, Subject, Message }) });
const alert = notification(`LOW: smoke-test failed to sign in\n\nEvent ID:  ${RUN}\n`, '[LOW] signin-watch smoke test in 111111111111: not a real sign-in');
const alarm = (region: string) =>
  notification(`"signin-watch alarm signin-watch-forward-${region}-dlq-not-empty is ALARM in ${region}, account ${CENTRAL}. signin-watch smoke test ${RUN}: set by npm run smoke."`);

/** A central account where everything is deployed and every notification arrives. */
function deployed(): void {
  lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionArn: `arn:aws:lambda:eu-west-1:${CENTRAL}:function:signin-watch-alert`, Environment: { Variables: { TOPIC_ARN: TOPIC } } });
  lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload('null') });
  sqs.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
  sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({ Messages: [alarm('eu-west-1'), alert] })
    .resolves({ Messages: [alarm('us-east-1')] });
  sns.on(SubscribeCommand).callsFake(({ TopicArn }) => ({ SubscriptionArn: `${TopicArn}:sub-1` }));
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ Protocol: 'email', Endpoint: 'security@example.com', SubscriptionArn: `${TOPIC}:mail` }] });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
}

/** The inputs of every call of one command a mocked client received. */
const inputs = <T>(stub: { commandCalls: (command: never) => ReadonlyArray<{ args: readonly unknown[] }> }, command: new (input: T) => unknown): T[] =>
  stub.commandCalls(command as never).map((call) => (call.args[0] as { input: T }).input);
/** A Lambda response payload, which the SDK hands out as a Uint8Array with helpers. */
const payload = (text: string) => Buffer.from(text) as unknown as InvokeCommandOutput['Payload'];

describe('npm run smoke', () => {
  let dir: string;
  let clock: number;
  let clientsFor: string[];

  beforeEach(() => {
    // Calls a test does not script succeed with an empty answer, as SetAlarmState, Unsubscribe and DeleteQueue do.
    lambda.reset().onAnyCommand().resolves({});
    sns.reset().onAnyCommand().resolves({});
    sqs.reset().onAnyCommand().resolves({});
    cloudwatch.reset().onAnyCommand().resolves({});
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-smoke-'));
    clock = 0;
    clientsFor = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function configFile(name: string, fields: object): string {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(fields));
    return file;
  }

  async function run(args: string[], signal?: AbortSignal) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const clients = (config: SigninWatchConfig, central: SigninWatchConfig): SmokeClients => {
      clientsFor.push(`${config.accountId} via ${central.accountId}`);
      return { lambda: () => new LambdaClient({}), sns: () => new SNSClient({}), sqs: () => new SQSClient({}), cloudwatch: (region) => new CloudWatchClient({ region }) };
    };
    // Each reading of the clock moves it on 100 ms, so that waits end and latencies show.
    const exitCode = await runSmoke(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} }, { clients, now: () => (clock += 100), runId: () => RUN, signal });
    return { exitCode, stdout, stderr };
  }

  const central = () => configFile('central.json', { ...ORG, accountId: CENTRAL });

  it('follows the test sign-in and one alarm per region to the topic, then removes what it made', async () => {
    // Prepare
    deployed();

    // Act
    const { exitCode, stdout } = await run(['--config', central()]);

    // Assess
    expect(exitCode).toBe(0);
    const aligned = (line: string) => (/^(ok|WARN|FAIL) /.test(line) ? line.replace(/ +(\d+(\.\d)? m?s|-) {2}/, ' <latency> ') : line);
    expect(stdout.map(aligned)).toEqual([
      `smoke: run ${RUN}: invoking signin-watch-alert and setting 2 forwarder alarms to ALARM; waiting up to 60 s for the notifications.`,
      'ok    subscribers signin-watch-alerts <latency> 1 confirmed email subscription.',
      'ok    invoke signin-watch-alert <latency> evaluated the test sign-in and returned without error.',
      'ok    alert signin-watch-alerts <latency> "[LOW] signin-watch smoke test in 111111111111: not a real sign-in" arrived on signin-watch-alerts.',
      'ok    alarm us-east-1 <latency> the notification arrived on signin-watch-alerts.',
      'ok    alarm eu-west-1 <latency> the notification arrived on signin-watch-alerts.',
      expect.stringMatching(/^smoke: 5 ok, 0 warnings, 0 failed in .*: alerts reach the topic$/),
    ]);
    const [invoked] = inputs(lambda, InvokeCommand);
    const event = JSON.parse(Buffer.from(invoked.Payload as Uint8Array).toString());
    expect([invoked.InvocationType, event.source, event.detail.eventID, event.detail.recipientAccountId]).toEqual(['RequestResponse', 'signin-watch.smoke-test', RUN, CENTRAL]);
    const [queue] = inputs(sqs, CreateQueueCommand);
    expect(JSON.parse(queue.Attributes?.Policy ?? '').Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': [TOPIC] } } }),
    ]);
    expect(
      inputs(cloudwatch, SetAlarmStateCommand)
        .map(({ AlarmName, StateValue }) => `${AlarmName} ${StateValue}`)
        .sort(),
    ).toEqual([
      'signin-watch-forward-eu-west-1-dlq-not-empty ALARM',
      'signin-watch-forward-eu-west-1-dlq-not-empty OK',
      'signin-watch-forward-us-east-1-dlq-not-empty ALARM',
      'signin-watch-forward-us-east-1-dlq-not-empty OK',
    ]);
    expect([inputs(sns, UnsubscribeCommand), inputs(sqs, DeleteQueueCommand)]).toEqual([[{ SubscriptionArn: `${TOPIC}:sub-1` }], [{ QueueUrl: QUEUE_URL }]]);
  });

  it('uses exactly the permissions its documentation names', async () => {
    // Prepare
    deployed();
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'deploy-and-verify.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### Verify: `npm run smoke`'));

    // Act
    await run(['--config', central()]);

    // Assess
    const used = [lambda, sns, sqs, cloudwatch].flatMap((stub, i) =>
      stub.calls().map((call) => `${['lambda', 'sns', 'sqs', 'cloudwatch'][i]}:${(call.args[0] as object).constructor.name.replace(/Command$/, '').replace(/^Invoke$/, 'InvokeFunction')}`),
    );
    const named = [...section.matchAll(/`((?:lambda|sns|sqs|cloudwatch):\w+)`/g)].map(([, action]) => action);
    expect([...new Set(used)].sort()).toEqual([...new Set(named)].sort());
  });

  it('says in one line that there are no credentials, exits 2 and creates nothing', async () => {
    // Prepare
    lambda.on(GetFunctionConfigurationCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));

    // Act
    const { exitCode, stdout, stderr } = await run(['--config', central()]);

    // Assess
    expect([exitCode, stdout, stderr]).toEqual([
      2,
      [],
      [expect.stringMatching(/^smoke: no usable AWS credentials \(CredentialsProviderError: Could not load credentials from any providers\): log in/)],
    ]);
    expect([sqs.calls().length, cloudwatch.calls().length]).toEqual([0, 0]);
  });

  it('fails on a topic that no longer exists, and still removes the queue', async () => {
    // Prepare
    deployed();
    sns.on(SubscribeCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));

    // Act
    const { exitCode, stdout } = await run(['--config', central()]);

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout).toContainEqual(expect.stringMatching(/^FAIL {2}topic signin-watch-alerts +- +does not exist: deploy the central stack again\.$/));
    expect([inputs(sqs, DeleteQueueCommand).length, cloudwatch.calls().length, lambda.commandCalls(InvokeCommand).length]).toEqual([1, 0, 0]);
  });

  it('says what to check when nothing arrives in time, and still sets the alarms back and removes the queue', async () => {
    // Prepare
    deployed();
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });

    // Act
    const { exitCode, stdout } = await run(['--config', central(), '--timeout', '5', '--regions', 'us-east-1']);

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout.filter((line) => line.startsWith('FAIL'))).toEqual([
      expect.stringMatching(
        /^FAIL {2}alert signin-watch-alerts +- +no alert within 5 s: check the Lambda's log group \/aws\/lambda\/signin-watch-alert \(it logs "alert published"\) and the failure queue signin-watch-alert-failures/,
      ),
      expect.stringMatching(/^FAIL {2}alarm us-east-1 +- +no notification within 5 s: check the dead-letter queues signin-watch-forward-dlq in us-east-1 and signin-watch-central-dlq in eu-west-1/),
    ]);
    expect(inputs(cloudwatch, SetAlarmStateCommand).map(({ StateValue }) => StateValue)).toEqual(['ALARM', 'OK']);
    expect([inputs(sns, UnsubscribeCommand).length, inputs(sqs, DeleteQueueCommand).length]).toEqual([1, 1]);
  });

  it('cleans up even when a call fails unexpectedly', async () => {
    // Prepare
    deployed();
    sqs.on(ReceiveMessageCommand).rejects(new Error('socket hang up'));

    // Act
    const running = run(['--config', central()]);

    // Assess
    await expect(running).resolves.toMatchObject({ exitCode: 1, stderr: ['smoke: socket hang up'] });
    expect([inputs(cloudwatch, SetAlarmStateCommand).filter(({ StateValue }) => StateValue === 'OK').length, inputs(sqs, DeleteQueueCommand).length]).toEqual([2, 1]);
  });

  it('stops waiting on Ctrl-C, cleans up and exits 130', async () => {
    // Prepare
    deployed();
    const controller = new AbortController();
    sqs.on(ReceiveMessageCommand).callsFake(() => {
      controller.abort();
      return { Messages: [] };
    });

    // Act
    const { exitCode, stdout, stderr } = await run(['--config', central()], controller.signal);

    // Assess
    expect([exitCode, stdout.filter((line) => line.startsWith('smoke: ') && !line.startsWith('smoke: run ')), stderr]).toEqual([130, [], ['smoke: interrupted']]);
    expect(inputs(sqs, DeleteQueueCommand)).toHaveLength(1);
  });

  it('reports a failing Lambda with its error and log group', async () => {
    // Prepare
    deployed();
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload('{"errorMessage":"KMS key disabled"}') });

    // Act
    const { exitCode, stdout } = await run(['--config', central()]);

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout).toContainEqual(
      expect.stringMatching(/^FAIL {2}invoke signin-watch-alert .* failed \(Unhandled\): \{"errorMessage":"KMS key disabled"\}\. Check its log group \/aws\/lambda\/signin-watch-alert\.$/),
    );
  });

  it('leaves an alarm that is already in ALARM alone, and says so', async () => {
    // Prepare
    deployed();
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'ALARM' }] });

    // Act
    const { exitCode, stdout } = await run(['--config', central(), '--regions', 'eu-west-1']);

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout).toContainEqual(expect.stringContaining('signin-watch-forward-eu-west-1-dlq-not-empty is already in ALARM, a real problem'));
    expect(inputs(cloudwatch, SetAlarmStateCommand)).toEqual([]);
  });

  it('watches only the alert topic when alarmTopicArn is in another account, and says so', async () => {
    // Prepare
    deployed();
    const file = configFile('central.json', { ...ORG, accountId: CENTRAL, alarmTopicArn: 'arn:aws:sns:eu-west-1:999999999999:ops-alarms' });

    // Act
    const { exitCode, stdout } = await run(['--config', file, '--regions', 'eu-west-1']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toContainEqual(expect.stringMatching(/^WARN {2}alarm topic ops-alarms .* is in account 999999999999, so this run cannot subscribe to it/));
    expect(stdout).toContainEqual(
      expect.stringMatching(/^WARN {2}alarm eu-west-1 .* set to ALARM and back, not confirmed: look for "3f1c2b7a-.*" in what account 999999999999's alarm topic delivers\.$/),
    );
    expect(inputs(sns, SubscribeCommand).map(({ TopicArn }) => TopicArn)).toEqual([TOPIC]);
  });

  it("sets a member's alarms and says where to confirm them, without touching the central account", async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
    const member = configFile('member.json', { ...ORG, accountId: '222222222222' });

    // Act
    const { exitCode, stdout } = await run(['--config', member]);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.filter((line) => line.startsWith('WARN'))).toHaveLength(2);
    expect(stdout).toContainEqual(expect.stringContaining(`in what account ${CENTRAL}'s alarm topic delivers, or run again with --central-config.`));
    expect([lambda.calls().length, sns.calls().length, sqs.calls().length]).toEqual([0, 0, 0]);
  });

  it("confirms a member's alarms on the central topic with --central-config, without invoking the Lambda", async () => {
    // Prepare
    deployed();
    const member = configFile('member.json', { ...ORG, accountId: '222222222222' });

    // Act
    const { exitCode, stdout } = await run(['--config', member, '--central-config', central()]);

    // Assess
    expect(exitCode).toBe(0);
    expect(clientsFor).toEqual([`222222222222 via ${CENTRAL}`]);
    expect(stdout.filter((line) => line.startsWith('ok    alarm'))).toHaveLength(2);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it.each([
    [['--colour'], "Unknown option '--colour'"],
    [['--timeout', '0'], '--timeout takes a whole number of seconds above 0'],
    [['--regions', ''], '--regions takes a comma-separated list, such as us-east-1,eu-west-1'],
  ])('says in one line what is wrong with %j and exits 2', async (args, problem) => {
    // Act
    const { exitCode, stderr } = await run(args);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [`smoke: ${problem} (--help shows the usage)`]]);
  });

  it('exits 2 for a region without a forwarder', async () => {
    // Act
    const { exitCode, stderr } = await run(['--config', central(), '--regions', 'ap-east-1']);

    // Assess
    expect([exitCode, stderr]).toEqual([2, ['smoke: --regions: ap-east-1 has no forwarder in this config (its regions: us-east-1, eu-west-1).']]);
  });
});
