import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isCloudTrailRecord, isObject } from '../core/detect/cloudtrail-record';
import { CONFIG_DEFAULTS, type SigninWatchConfig } from '../core/config';
import { resourceNames } from '../core/deploy/names';
import { isCommercialRegion } from '../core/config/regions';
import { signalOfEvent } from '../core/deploy/signal-catalogue';
import { awsCredentials } from './aws-access';
import { command, HELP_OPTION, parseCommandLine, runCommand, UsageError } from './command';
import { type CliIo, loadConfigOrReport } from '../synth/load-config';

const USAGE = `usage: npm run --silent replay -- --queue NAME|URL [--region REGION] [--config FILE] [--dry-run] [--max N]

Replays the sign-ins (and region changes, GuardDuty findings and sign-in anomaly
alerts) kept in a signin-watch queue (a forwarder's or the central
dead-letter queue, or the alert failure queue) by invoking the alert Lambda with each
original event, then deletes each message the Lambda accepted. The Lambda deduplicates,
so a sign-in that was already alerted on does not page again. --region is the queue's
region (default: the home region); --dry-run only lists what would be replayed.`;

export interface ReplayClients {
  readonly sqs: (region: string) => SQSClient;
  readonly lambda: (region: string) => LambdaClient;
}

/** Clients with the config's credentials (awsProfile, deployRoleArn), the way its Terraform provider reaches the account. */
export function replayClients(config: SigninWatchConfig): ReplayClients {
  const credentials = awsCredentials(config, 'replay');
  const options = (region: string) => ({ region, ...(credentials === undefined ? {} : { credentials }) });
  return { sqs: (region) => new SQSClient(options(region)), lambda: (region) => new LambdaClient(options(region)) };
}

interface ReplayOptions {
  readonly queue: string;
  readonly region?: string;
  readonly config?: string;
  readonly dryRun: boolean;
  readonly max: number;
}

/** The options, or 'help'; throws a UsageError for a command line it cannot use. */
function parseOptions(args: readonly string[]): ReplayOptions | 'help' {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      queue: { type: 'string' },
      region: { type: 'string' },
      config: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      max: { type: 'string', default: '1000' },
      ...HELP_OPTION,
    },
  });
  if (values.help) return 'help';
  if (!values.queue) throw new UsageError('--queue is required');
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1) throw new UsageError('--max takes a whole number above 0');
  if (values.region !== undefined && !isCommercialRegion(values.region)) throw new UsageError(`--region ${values.region} is not an AWS region signin-watch covers`);
  return { queue: values.queue, region: values.region, config: values.config, dryRun: values['dry-run'], max };
}

/**
 * The EventBridge event a queue message holds: EventBridge dead-letter queues keep the
 * event itself; Lambda's on-failure destination wraps it as `requestPayload`. Only a signal
 * the Lambda judges can be replayed (see the signal catalogue).
 */
export function eventOfMessage(body: string | undefined, names = resourceNames(CONFIG_DEFAULTS.namePrefix)): { event: Record<string, unknown>; what: string } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { problem: 'the message is not JSON' };
  }
  const event = isObject(parsed) && isObject(parsed.requestPayload) ? parsed.requestPayload : parsed;
  if (!isObject(event)) return { problem: 'the message holds no event' };
  const signal = signalOfEvent(event, names);
  if (signal === undefined) return { problem: 'the event is none that signin-watch forwards' };
  if (!signal.replay.replayable) return { problem: signal.replay.why };
  if (signal.judge === 'sign-in' && !isCloudTrailRecord(event.detail)) return { problem: 'the event carries no CloudTrail record' };
  const id = isCloudTrailRecord(event.detail) ? event.detail.eventID : event.id;
  return { event, what: `${signal.judge === 'sign-in' ? 'sign-in' : signal.signal} ${String(id ?? '(no id)')}` };
}

/** Runs the command and returns its exit code: 0, 1 when an invocation failed, 2 for a usage or config error. */
export const runReplay = command('replay', replay);

async function replay(args: readonly string[], io: CliIo, makeClients: (config: SigninWatchConfig) => ReplayClients): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  const { homeRegion } = config;
  const names = resourceNames(config.namePrefix);
  const functionName = names.alertFunction;
  const clients = makeClients(config);
  const region = options.region ?? homeRegion;
  const sqs = clients.sqs(region);
  const lambda = clients.lambda(homeRegion);
  const queueUrl = options.queue.startsWith('https://') ? options.queue : (await sqs.send(new GetQueueUrlCommand({ QueueName: options.queue }))).QueueUrl;
  const counts = { replayed: 0, left: 0, failed: 0 };
  const seen = new Set<string>();
  while (seen.size < options.max) {
    const { Messages = [] } = await sqs.send(
      // Hidden long enough to replay, short enough that a dry run does not hide them for long.
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: options.dryRun ? 30 : 300 }),
    );
    const fresh = Messages.filter(({ MessageId }) => MessageId !== undefined && !seen.has(MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh.slice(0, options.max - seen.size)) {
      seen.add(message.MessageId as string);
      const found = eventOfMessage(message.Body, names);
      if ('problem' in found) {
        counts.left++;
        io.stdout(`left ${message.MessageId} in the queue: ${found.problem}`);
        continue;
      }
      if (options.dryRun) {
        counts.replayed++;
        io.stdout(`would replay ${message.MessageId}: ${found.what}`);
        continue;
      }
      const { StatusCode, FunctionError } = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(found.event)) }));
      if (StatusCode !== 202 || FunctionError) {
        counts.failed++;
        io.stderr(`failed to replay ${message.MessageId}: Lambda answered ${StatusCode}${FunctionError ? ` (${FunctionError})` : ''}; it stays in the queue`);
        continue;
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      counts.replayed++;
      io.stdout(`replayed ${message.MessageId}: ${found.what}`);
    }
  }
  io.stdout(`replay: ${counts.replayed} ${options.dryRun ? 'to replay' : 'replayed'}, ${counts.left} left in the queue, ${counts.failed} failed (${functionName} in ${homeRegion})`);
  return counts.failed === 0 ? 0 : 1;
}

if (require.main === module) runCommand(runReplay, replayClients);
