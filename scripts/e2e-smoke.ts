import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand, type SetAlarmStateCommandInput } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutEventsCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { runSmoke, type SmokeClients } from '../cli/smoke-run';
import type { SigninWatchConfig } from '../core/config';
import { CREDENTIALS, NAMES } from './e2e-config';
import type { E2eReport } from './e2e-report';
import { stackDir } from './terraform';

/**
 * The e2e's smoke scenario: `npm run smoke`'s own code (arguments, config, every call)
 * against the stacks deployed to moto, with the e2e's seams injected where moto falls
 * short of AWS: the Lambda invoke runs the bundled handler in-process, a SetAlarmState
 * also puts the state-change event CloudWatch would put on the region's default bus, and
 * the central alarm rule's topic target becomes a queue with the synthesized input
 * transformer whose messages are published to the topic.
 */

export interface SmokeScenario {
  readonly report: E2eReport;
  readonly endpoint: string;
  /** The synthesized app, whose central stack names the alarm rule's input transformer. */
  readonly outDir: string;
  readonly config: { readonly homeRegion: string; readonly regions: readonly string[] };
  /** Runs the bundled handler in-process, as the e2e does for every event. */
  readonly invoke: (event: unknown) => Promise<{ error?: Error }>;
}

const RELAY_TARGET = 'e2e-smoke-relay';

/** The smoke's clients on moto, with the two seams that make moto behave like AWS for this path. */
function motoClients(endpoint: string, invoke: SmokeScenario['invoke']) {
  return (_: SigninWatchConfig, central: SigninWatchConfig): SmokeClients => {
    const options = (region: string) => ({ region, endpoint, credentials: CREDENTIALS });
    const lambda = new LambdaClient(options(central.homeRegion));
    lambda.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'InvokeCommand') return next(args);
        const { error } = await invoke(JSON.parse(Buffer.from((args.input as InvokeCommandInput).Payload as Uint8Array).toString()));
        const answer =
          error === undefined ? { Payload: Buffer.from('null') } : { FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorType: error.name, errorMessage: error.message })) };
        return { output: { $metadata: {}, StatusCode: 200, ...answer }, response: {} } as never;
      },
      { step: 'initialize', name: 'e2eInvokeInProcess' },
    );
    const sns = new SNSClient(options(central.homeRegion));
    const sqs = new SQSClient(options(central.homeRegion));
    return {
      lambda: () => lambda,
      sns: () => sns,
      sqs: () => sqs,
      cloudwatch: (region) => {
        const client = new CloudWatchClient(options(region));
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const result = await next(args);
            if (context.commandName === 'SetAlarmStateCommand') {
              const { AlarmName, StateValue, StateReason } = args.input as SetAlarmStateCommandInput;
              const detail = { alarmName: AlarmName, state: { value: StateValue, reason: StateReason } };
              await new EventBridgeClient(options(region)).send(
                new PutEventsCommand({ Entries: [{ Source: 'aws.cloudwatch', DetailType: 'CloudWatch Alarm State Change', Detail: JSON.stringify(detail) }] }),
              );
            }
            return result;
          },
          { step: 'initialize', name: 'e2eAlarmStateChangeEvent' },
        );
        return client;
      },
    };
  };
}

/** The central alarm rule's input transformer, as synthesized. */
function alarmTransformer(outDir: string): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  const app = JSON.parse(readFileSync(join(stackDir(outDir, NAMES.centralStack), 'cdk.tf.json'), 'utf8')) as {
    resource: { aws_cloudwatch_event_target: Record<string, { target_id: string; input_transformer?: { input_paths: Record<string, string>; input_template: string } }> };
  };
  const target = Object.values(app.resource.aws_cloudwatch_event_target).find(({ target_id }) => target_id === 'alarm-topic');
  if (target?.input_transformer === undefined) throw new Error(`${NAMES.centralStack} has no alarm-topic target with an input transformer`);
  return { InputPathsMap: target.input_transformer.input_paths, InputTemplate: target.input_transformer.input_template };
}

/** Publishes what reaches the relay queue to the topic, as EventBridge's topic target would, until stopped. */
function relay(sqs: SQSClient, sns: SNSClient, queueUrl: string, topicArn: string): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const { Body, ReceiptHandle } of Messages) {
        await sns.send(new PublishCommand({ TopicArn: topicArn, Message: Body ?? '' }));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle }));
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

export async function exerciseSmoke({ report, endpoint, outDir, config, invoke }: SmokeScenario): Promise<void> {
  const home = { region: config.homeRegion, endpoint, credentials: CREDENTIALS };
  const [sqs, sns, events] = [new SQSClient(home), new SNSClient(home), new EventBridgeClient(home)];
  const topicArn = ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map(({ TopicArn }) => TopicArn ?? '').find((arn) => arn.endsWith(`:${NAMES.alertTopic}`)) as string;
  const { QueueUrl: relayUrl } = await sqs.send(new CreateQueueCommand({ QueueName: RELAY_TARGET }));
  const relayArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: relayUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  await events.send(
    new PutTargetsCommand({ Rule: NAMES.centralAlarmRule, EventBusName: NAMES.centralBus, Targets: [{ Id: RELAY_TARGET, Arn: relayArn, InputTransformer: alarmTransformer(outDir) }] }),
  );
  const stopRelay = relay(sqs, sns, relayUrl as string, topicArn);
  let relayRunning = true;
  const configFile = join(dirname(outDir), 'e2e-smoke.json');
  writeFileSync(configFile, JSON.stringify(config));
  const smoke = async (args: string[]) => {
    const lines: string[] = [];
    const io = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line), env: {} };
    const code = await runSmoke(['--config', configFile, ...args], io, { clients: motoClients(endpoint, invoke) });
    return { code, lines, output: lines.join('\n') };
  };
  const leftovers = async () => {
    const queues = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${NAMES.centralBus}-smoke-` }))).QueueUrls ?? [];
    const subscriptions = ((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? []).filter(({ Endpoint }) => Endpoint?.includes('-smoke-'));
    const states = await Promise.all(
      config.regions.map(
        async (region) =>
          (await new CloudWatchClient({ ...home, region }).send(new DescribeAlarmsCommand({ AlarmNames: [NAMES.forwarderAlarm(region, 'dlq-not-empty')] }))).MetricAlarms?.[0]?.StateValue,
      ),
    );
    return { queues, subscriptions, states };
  };

  try {
    const passing = await smoke(['--timeout', '30']);
    const line = (hop: string) => passing.lines.find((text) => text.slice(6).startsWith(`${hop} `)) ?? `(no line for ${hop})`;
    report.check(passing.code === 0, 'smoke against the deployed stacks exits 0', passing.output);
    const alert = line(`alert ${NAMES.alertTopic}`);
    report.check(
      line(`invoke ${NAMES.alertFunction}`).startsWith('ok') && alert.startsWith('ok') && alert.includes('"[LOW] signin-watch smoke test in 123456789012 (e2e): not a real sign-in"'),
      'smoke: the test sign-in went through the bundled handler to the topic, its subject marked as a test',
      passing.output,
    );
    for (const region of config.regions) {
      report.check(line(`alarm ${region}`).startsWith('ok'), `smoke: ${region}: the forwarder alarm set to ALARM reached the topic through the central bus and the alarm rule`, passing.output);
    }
    const after = await leftovers();
    report.check(
      after.queues.length === 0 && after.subscriptions.length === 0 && after.states.every((state) => state === 'OK'),
      'smoke: afterwards, no temporary queue or subscription is left and every alarm is back to OK',
      JSON.stringify(after),
    );

    // A broken central alarm rule: its target gone, nothing reaches the topic.
    await stopRelay();
    relayRunning = false;
    await events.send(new RemoveTargetsCommand({ Rule: NAMES.centralAlarmRule, EventBusName: NAMES.centralBus, Ids: [RELAY_TARGET] }));
    const failing = await smoke(['--regions', 'af-south-1', '--timeout', '3']);
    const cleaned = await leftovers();
    report.check(
      failing.code === 1 &&
        failing.lines.some((text) => /^FAIL {2}alarm af-south-1 .*no notification within 3 s: check the dead-letter queues/.test(text)) &&
        cleaned.queues.length === 0 &&
        cleaned.states.every((state) => state === 'OK'),
      'smoke: with the central alarm rule broken, it exits 1, says what to check, and still removes its queue and sets the alarm back',
      `${failing.output}\n${JSON.stringify(cleaned)}`,
    );
  } finally {
    if (relayRunning) await stopRelay();
    await events.send(new RemoveTargetsCommand({ Rule: NAMES.centralAlarmRule, EventBusName: NAMES.centralBus, Ids: [RELAY_TARGET] })).catch(() => undefined);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: relayUrl }));
  }
  report.note(
    "smoke's seams: the Lambda invoke ran the bundled handler in-process, SetAlarmState also put the state-change event CloudWatch puts on the default bus, and the central alarm rule's topic target was a queue (with the synthesized input transformer) relayed to the topic",
  );
}
