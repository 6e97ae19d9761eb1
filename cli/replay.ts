import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isCloudTrailRecord, isObject } from '../core/cloudtrail-record';
import { resourceNames } from '../core/names';
import { type CliIo, loadConfigOrReport } from './load-config';

const USAGE = `usage: npm run --silent replay -- --queue NAME|URL [--region REGION] [--config FILE] [--dry-run] [--max N]

Replays the sign-ins kept in a signin-watch queue (a forwarder's or the central
dead-letter queue, or the alert failure queue) by invoking the alert Lambda with each
original event, then deletes each message the Lambda accepted. The Lambda deduplicates,
so a sign-in that was already alerted on does not page again. --region is the queue's
region (default: the home region); --dry-run only lists what would be replayed.`;

export interface ReplayClients {
  readonly sqs: (region: string) => SQSClient;
  readonly lambda: (region: string) => LambdaClient;
}

interface ReplayOptions {
  readonly queue: string;
  readonly region?: string;
  readonly config?: string;
  readonly dryRun: boolean;
  readonly max: number;
}

function parseArguments(args: readonly string[]): ReplayOptions | { error: string } {
  const options: { queue?: string; region?: string; config?: string; dryRun: boolean; max: number } = { dryRun: false, max: 1000 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--dry-run') options.dryRun = true;
    else if (flag === '--queue') options.queue = value();
    else if (flag === '--region') options.region = value();
    else if (flag === '--config') options.config = value();
    else if (flag === '--max') options.max = Number(value());
    else return { error: flag === '--help' || flag === '-h' ? '' : `unknown argument ${args[i]}` };
  }
  if (!options.queue) return { error: '--queue is required' };
  if (!Number.isInteger(options.max) || options.max < 1) return { error: '--max takes a whole number above 0' };
  return { ...options, queue: options.queue };
}

/**
 * The EventBridge event a queue message holds: EventBridge dead-letter queues keep the
 * event itself; Lambda's on-failure destination wraps it as `requestPayload`.
 */
export function eventOfMessage(body: string | undefined): { event: Record<string, unknown> } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { problem: 'the message is not JSON' };
  }
  const event = isObject(parsed) && isObject(parsed.requestPayload) ? parsed.requestPayload : parsed;
  if (!isObject(event)) return { problem: 'the message holds no event' };
  if (event.source === 'aws.cloudwatch') return { problem: 'an alarm state change, not a sign-in: its alarm already fired' };
  if (!isCloudTrailRecord(event.detail)) return { problem: 'the event carries no CloudTrail record' };
  return { event };
}

/** Runs the command and returns its exit code: 0, 1 when an invocation failed, 2 for a usage or config error. */
export async function runReplay(args: readonly string[], io: CliIo, clients: ReplayClients): Promise<number> {
  const options = parseArguments(args);
  if ('error' in options) {
    if (options.error) io.stderr(`replay: ${options.error}`);
    io.stderr(USAGE);
    return 2;
  }
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  const { homeRegion } = config;
  const functionName = resourceNames(config.namePrefix).alertFunction;
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
      const found = eventOfMessage(message.Body);
      if ('problem' in found) {
        counts.left++;
        io.stdout(`left ${message.MessageId} in the queue: ${found.problem}`);
        continue;
      }
      const eventId = (found.event.detail as Record<string, unknown>).eventID ?? '(no eventID)';
      if (options.dryRun) {
        counts.replayed++;
        io.stdout(`would replay ${message.MessageId}: sign-in ${String(eventId)}`);
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
      io.stdout(`replayed ${message.MessageId}: sign-in ${String(eventId)}`);
    }
  }
  io.stdout(`replay: ${counts.replayed} ${options.dryRun ? 'to replay' : 'replayed'}, ${counts.left} left in the queue, ${counts.failed} failed (${functionName} in ${homeRegion})`);
  return counts.failed === 0 ? 0 : 1;
}

if (require.main === module) {
  runReplay(
    process.argv.slice(2),
    { stdout: (line) => process.stdout.write(`${line}\n`), stderr: (line) => process.stderr.write(`${line}\n`), env: process.env },
    { sqs: (region) => new SQSClient({ region }), lambda: (region) => new LambdaClient({ region }) },
  ).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`replay: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
