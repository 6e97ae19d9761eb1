import { randomUUID } from 'node:crypto';
import { type CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand, type StateValue } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand, type SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SigninWatchConfig } from '../core/config';
import {
  advice,
  alarmReason,
  type Expected,
  expectedAlarm,
  expectedAlert,
  type HopResult,
  matchDelivery,
  parseDelivery,
  planSmoke,
  SMOKE_TIMEOUT_SECONDS,
  type SmokePlan,
  smokeQueuePolicy,
  smokeReport,
  smokeSignInEvent,
  subscriptionCheck,
} from '../core/verify/smoke';
import { command, HELP_OPTION, parseCommandLine, UsageError } from './command';
import { type CliIo, loadConfigOrReport } from '../synth/load-config';
import { messageOf } from '../core/error-message';

const USAGE = `usage: npm run --silent smoke -- [--config FILE] [--central-config FILE] [--regions r1,r2] [--timeout SECONDS]

The step after a deploy: shows, with the config's credentials, that alerts reach the
alert topic. It invokes the alert Lambda with a synthetic failed sign-in marked as a
test, sets one forwarder alarm per region (or per --regions) to ALARM and back, and
waits up to --timeout seconds (default ${SMOKE_TIMEOUT_SECONDS}) for each notification on a temporary
SQS queue subscribed to the topic, which it removes afterwards. For a member account's
config it sets the member's alarms; --central-config FILE (the central account's
config) lets it confirm that they arrive. One line per hop with its latency, then a
summary; exits 1 when a hop failed, 2 on a usage, config or credential error.`;

/** The clients a run uses; the first three in the central account's home region. */
export interface SmokeClients {
  readonly lambda: () => LambdaClient;
  readonly sns: () => SNSClient;
  readonly sqs: () => SQSClient;
  /** In the account whose alarms are set (the config's own). */
  readonly cloudwatch: (region: string) => CloudWatchClient;
}

export interface SmokeDeps {
  /** Clients for the config's account and, for the central stack, the central config's (the config itself unless --central-config). */
  readonly clients: (config: SigninWatchConfig, central: SigninWatchConfig) => SmokeClients;
  readonly now?: () => number;
  readonly runId?: () => string;
  /** Aborted on Ctrl-C: the run stops waiting and cleans up. */
  readonly signal?: AbortSignal;
}

/** Errors that mean the SDK could not authenticate at all, as opposed to a call being refused. */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException']);
const isCredentialError = (error: unknown): boolean => error instanceof Error && CREDENTIAL_ERRORS.has(error.name);
const isNamed = (error: unknown, ...names: string[]): boolean => error instanceof Error && names.includes(error.name);
const accountOf = (arn: string): string => arn.split(':')[4] ?? '';
const nameOf = (arn: string): string => arn.split(':').at(-1) ?? arn;

class Interrupted extends Error {}

/** The options, or 'help'; throws a UsageError for a command line it cannot use. */
function parseOptions(args: readonly string[]): { config?: string; centralConfig?: string; regions?: string[]; timeoutSeconds: number } | 'help' {
  const { values } = parseCommandLine({
    args: [...args],
    options: { config: { type: 'string' }, 'central-config': { type: 'string' }, regions: { type: 'string' }, timeout: { type: 'string' }, ...HELP_OPTION },
  });
  if (values.help) return 'help';
  const regions = values.regions?.split(',').filter(Boolean);
  if (regions?.length === 0) throw new UsageError('--regions takes a comma-separated list, such as us-east-1,eu-west-1');
  const timeoutSeconds = values.timeout === undefined ? SMOKE_TIMEOUT_SECONDS : Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) throw new UsageError('--timeout takes a whole number of seconds above 0');
  return { config: values.config, centralConfig: values['central-config'], regions, timeoutSeconds };
}

/** What a run created, so that cleanup removes exactly that, whatever happened in between. */
interface Created {
  queueUrl?: string;
  readonly subscriptions: string[];
  readonly alarms: Array<{ readonly region: string; readonly name: string; readonly restore: StateValue }>;
}

/** Runs the command and returns its exit code. */
export const runSmoke = command('smoke', smoke);

async function smoke(args: readonly string[], io: CliIo, deps: SmokeDeps): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const config = loadConfigOrReport(options.config, io);
  const centralConfig = options.centralConfig === undefined ? undefined : loadConfigOrReport(options.centralConfig, io);
  if (config === undefined || (options.centralConfig !== undefined && centralConfig === undefined)) return 2;
  const now = deps.now ?? Date.now;
  const plan = planSmoke({ config, centralConfig, regions: options.regions, runId: (deps.runId ?? randomUUID)(), timeoutSeconds: options.timeoutSeconds });
  if ('error' in plan) {
    io.stderr(`smoke: ${plan.error}`);
    return 2;
  }
  const clients = deps.clients(config, centralConfig ?? config);
  const created: Created = { subscriptions: [], alarms: [] };
  const started = now();
  let results: HopResult[] = [];
  let exitCode: number | undefined;
  try {
    results = await exercise(plan, clients, created, io, now, deps.signal);
  } catch (error) {
    if (error instanceof Interrupted) {
      io.stderr('smoke: interrupted');
      exitCode = 130;
    } else if (isCredentialError(error)) {
      io.stderr(`smoke: no usable AWS credentials (${messageOf(error)}): log in (aws sso login), or set awsProfile or deployRoleArn in the config.`);
      exitCode = 2;
    } else throw error;
  } finally {
    results.push(...(await cleanUp(plan, clients, created)));
  }
  const report = smokeReport(results, now() - started);
  // A run cut short has no verdict to give, only what its cleanup could not remove.
  for (const line of exitCode === undefined ? report.lines : report.lines.slice(0, -1)) io.stdout(line);
  return exitCode ?? report.exitCode;
}

/** Invokes, sets and waits; returns one result per hop. Throws only for credentials and interruption. */
async function exercise(plan: SmokePlan, clients: SmokeClients, created: Created, io: CliIo, now: () => number, signal?: AbortSignal): Promise<HopResult[]> {
  const results: HopResult[] = [];
  const pending: Array<Expected & { readonly since: number; readonly noArrival: string }> = [];
  const { central } = plan;
  let watched: { alertTopic: string; alarmTopic?: string } | undefined;
  let account = '';
  if (central !== undefined) {
    const hop = `invoke ${central.functionName}`;
    const found = await refusedOrMissing(
      hop,
      () => clients.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: central.functionName })),
      `does not exist in ${central.homeRegion}: deploy the central stack first.`,
    );
    if ('result' in found) return [found.result];
    const alertTopic = found.value.Environment?.Variables?.TOPIC_ARN;
    if (alertTopic === undefined) return [{ status: 'fail', name: hop, detail: 'has no TOPIC_ARN in its environment: deploy the central stack again.' }];
    account = accountOf(found.value.FunctionArn ?? '');
    const alarmTopic = central.alarmTopicArn ?? alertTopic;
    // Subscribing a queue to another account's topic needs that topic's consent and a confirmation.
    const alarmTopicWatched = accountOf(alarmTopic) === account;
    if (!alarmTopicWatched)
      results.push({
        status: 'warn',
        name: `alarm topic ${nameOf(alarmTopic)}`,
        detail: `is in account ${accountOf(alarmTopic)}, so this run cannot subscribe to it: confirm there that the alarm notifications below arrived.`,
      });
    const topics = [...new Set([alertTopic, ...(alarmTopicWatched ? [alarmTopic] : [])])];
    const queueArn = `arn:aws:sqs:${central.homeRegion}:${account}:${central.queueName}`;
    const queue = await refusedOrMissing(
      `queue ${central.queueName}`,
      () => clients.sqs().send(new CreateQueueCommand({ QueueName: central.queueName, Attributes: { Policy: smokeQueuePolicy(queueArn, topics), SqsManagedSseEnabled: 'true' } })),
      '',
    );
    if ('result' in queue) return [...results, queue.result];
    created.queueUrl = queue.value.QueueUrl;
    for (const topic of topics) {
      const subscribed = await refusedOrMissing(
        `topic ${nameOf(topic)}`,
        () => clients.sns().send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: true })),
        'does not exist: deploy the central stack again.',
      );
      if ('result' in subscribed) return [...results, subscribed.result];
      if (subscribed.value.SubscriptionArn) created.subscriptions.push(subscribed.value.SubscriptionArn);
    }
    const listed = await refusedOrMissing(`subscribers ${nameOf(alertTopic)}`, () => clients.sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: alertTopic })), '');
    results.push('result' in listed ? listed.result : subscriptionCheck(nameOf(alertTopic), listed.value.Subscriptions ?? []));
    watched = { alertTopic, alarmTopic: alarmTopicWatched ? alarmTopic : undefined };
  }
  io.stdout(
    `smoke: run ${plan.runId}: ${central?.invoke ? `invoking ${central.functionName} and ` : ''}setting ${plan.alarms.length} forwarder alarm${plan.alarms.length === 1 ? '' : 's'} to ALARM${watched ? `; waiting up to ${plan.timeoutSeconds} s for the notifications` : ''}.`,
  );

  const alarmResults = await Promise.all(
    plan.alarms.map(async (alarm): Promise<HopResult | undefined> => {
      const hop = `alarm ${alarm.region}`;
      const cloudwatch = clients.cloudwatch(alarm.region);
      const described = await refusedOrMissing(hop, () => cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarm.name] })), '');
      if ('result' in described) return described.result;
      const state = described.value.MetricAlarms?.[0]?.StateValue;
      if (state === undefined) return { status: 'fail', name: hop, detail: `${alarm.name} does not exist: deploy the forwarder in ${alarm.region} (npm run doctor lists what is missing).` };
      // Already in ALARM, it would send nothing new; and setting it back would hide a real problem.
      if (state === 'ALARM') return { status: 'fail', name: hop, detail: `${alarm.name} is already in ALARM, a real problem: see the README's Runbook. Left as it is.` };
      const since = now();
      const set = await refusedOrMissing(hop, () => cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarm.name, StateValue: 'ALARM', StateReason: alarmReason(plan.runId) })), '');
      if ('result' in set) return set.result;
      created.alarms.push({ ...alarm, restore: state });
      if (watched?.alarmTopic === undefined) {
        return {
          status: 'warn',
          name: hop,
          detail: `${alarm.name} set to ALARM and back, not confirmed: look for "${plan.runId}" in what account ${plan.centralAccountId ?? accountOf(central?.alarmTopicArn ?? '')}'s alarm topic delivers${plan.centralAccountId ? ', or run again with --central-config' : ''}.`,
        };
      }
      pending.push({
        ...expectedAlarm(hop, watched.alarmTopic, alarm, plan.runId),
        since,
        noArrival: advice.noAlarm(central?.namePrefix ?? '', alarm.region, central?.homeRegion ?? '', plan.timeoutSeconds),
      });
      return undefined;
    }),
  );
  if (signal?.aborted) throw new Interrupted();
  if (central?.invoke && watched !== undefined) {
    const hop = `invoke ${central.functionName}`;
    const since = now();
    const event = smokeSignInEvent(plan.runId, account, central.homeRegion, since);
    const invoked = await refusedOrMissing(
      hop,
      () => clients.lambda().send(new InvokeCommand({ FunctionName: central.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) })),
      '',
    );
    if ('result' in invoked) results.push(invoked.result);
    else if (invoked.value.FunctionError) {
      const payload = Buffer.from(invoked.value.Payload ?? new Uint8Array()).toString('utf8');
      results.push({
        status: 'fail',
        name: hop,
        ms: now() - since,
        detail: `failed (${invoked.value.FunctionError}): ${payload.slice(0, 300)}. Check its log group /aws/lambda/${central.functionName}.`,
      });
    } else {
      results.push({ status: 'ok', name: hop, ms: now() - since, detail: 'evaluated the test sign-in and returned without error.' });
      pending.push({ ...expectedAlert(`alert ${nameOf(watched.alertTopic)}`, watched.alertTopic, plan.runId), since, noArrival: advice.noAlert(central.namePrefix, plan.timeoutSeconds) });
    }
  }
  results.push(...alarmResults.filter((result): result is HopResult => result !== undefined));
  if (created.queueUrl !== undefined) results.push(...(await waitFor(pending, clients.sqs(), created.queueUrl, now() + plan.timeoutSeconds * 1000, now, signal)));
  // In the order an alert travels, whatever order the answers came in; findings about the topics first.
  const order = [`invoke ${central?.functionName}`, `alert ${nameOf(watched?.alertTopic ?? '')}`, ...plan.alarms.map(({ region }) => `alarm ${region}`)];
  return results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** Receives until every expected notification arrived or the deadline passed. */
async function waitFor(
  pending: Array<Expected & { since: number; noArrival: string }>,
  sqs: SQSClient,
  queueUrl: string,
  deadline: number,
  now: () => number,
  signal?: AbortSignal,
): Promise<HopResult[]> {
  const results: HopResult[] = [];
  while (pending.length > 0 && now() < deadline) {
    if (signal?.aborted) throw new Interrupted();
    const wait = Math.min(20, Math.max(1, Math.ceil((deadline - now()) / 1000)));
    let messages: Message[];
    try {
      messages = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }), { abortSignal: signal })).Messages ?? [];
    } catch (error) {
      throw signal?.aborted ? new Interrupted() : error;
    }
    for (const message of messages) {
      const delivery = parseDelivery(message.Body);
      const expected = delivery === undefined ? undefined : matchDelivery(delivery, pending);
      if (delivery === undefined || expected === undefined) continue;
      const index = pending.findIndex((entry) => entry.hop === expected.hop);
      results.push({
        status: 'ok',
        name: expected.hop,
        ms: now() - pending[index].since,
        detail: `${delivery.subject === undefined ? 'the notification' : `"${delivery.subject}"`} arrived on ${nameOf(delivery.topicArn)}.`,
      });
      pending.splice(index, 1);
    }
  }
  return [...results, ...pending.map(({ hop, noArrival }): HopResult => ({ status: 'fail', name: hop, detail: noArrival }))];
}

/**
 * A call whose refusal or absence is a failed hop rather than a crash; credential
 * errors still throw, since nothing else can work without them.
 */
async function refusedOrMissing<T>(hop: string, call: () => Promise<T>, missing: string): Promise<{ value: T } | { result: HopResult }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (isCredentialError(error)) throw error;
    if (missing && isNamed(error, 'ResourceNotFoundException', 'NotFoundException', 'NotFound')) return { result: { status: 'fail', name: hop, detail: missing } };
    const denied = isNamed(error, 'AccessDenied', 'AccessDeniedException', 'AuthorizationErrorException', 'AuthorizationError');
    return { result: { status: 'fail', name: hop, detail: `${messageOf(error)}${denied ? ' (see the permissions in docs/deploy-and-verify.md)' : ''}.` } };
  }
}

/** Sets the alarms back and removes the subscriptions and the queue; each failure is a line saying what is left behind. */
async function cleanUp(plan: SmokePlan, clients: SmokeClients, created: Created): Promise<HopResult[]> {
  const left =
    (name: string, what: string) =>
    (error: unknown): HopResult => ({ status: 'fail', name, detail: `${what} (${messageOf(error)}).` });
  const results = await Promise.all(
    created.alarms.map(({ region, name, restore }) =>
      clients
        .cloudwatch(region)
        .send(new SetAlarmStateCommand({ AlarmName: name, StateValue: restore, StateReason: `signin-watch smoke test ${plan.runId} is over.` }))
        .then(() => undefined, left(`cleanup alarm ${region}`, `${name} could not be set back to ${restore}; CloudWatch sets it to its real state at its next evaluation, within a minute`)),
    ),
  );
  for (const subscription of created.subscriptions) {
    results.push(
      await clients
        .sns()
        .send(new UnsubscribeCommand({ SubscriptionArn: subscription }))
        .then(() => undefined, left('cleanup subscription', `${subscription} is left: aws sns unsubscribe --subscription-arn ${subscription}`)),
    );
  }
  const queueUrl = created.queueUrl;
  if (queueUrl !== undefined) {
    results.push(
      await clients
        .sqs()
        .send(new DeleteQueueCommand({ QueueUrl: queueUrl }))
        .then(() => undefined, left('cleanup queue', `${queueUrl} is left: aws sqs delete-queue --queue-url ${queueUrl}`)),
    );
  }
  return results.filter((result): result is HopResult => result !== undefined);
}
