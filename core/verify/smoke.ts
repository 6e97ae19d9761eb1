import { isObject } from '../detect/cloudtrail-record';
import { accountRole, forwarderRegions, type SigninWatchConfig } from '../config';
import { resourceNames } from '../deploy/names';
import { SMOKE_TEST_SOURCE } from '../notify/notification';

/**
 * `npm run smoke` without AWS: what to invoke, which alarms to set, how a received
 * notification matches a hop, and the report. cli/smoke.ts makes the calls.
 */

/** How long a run waits for its notifications; cross-region EventBridge and SNS take seconds. */
export const SMOKE_TIMEOUT_SECONDS = 60;
/** The forwarder alarm a run sets in each region: every forwarder has it, and its ALARM is the runbook's first step. */
export const SMOKE_ALARM = 'dlq-not-empty';
/** RFC 5737 TEST-NET-1: reserved for documentation, so no real client has it. */
export const SMOKE_SOURCE_IP = '192.0.2.1';
export const SMOKE_USER = 'smoke-test';

export type HopStatus = 'ok' | 'warn' | 'fail';

/** One line of the report: a hop of the path an alert takes, or what the run found on the way. */
export interface HopResult {
  readonly status: HopStatus;
  readonly name: string;
  /** From the call that started the hop to its answer, or to the notification's arrival. */
  readonly ms?: number;
  readonly detail: string;
}

export interface SmokeAlarm {
  readonly region: string;
  readonly name: string;
}

export interface SmokePlan {
  /** Unique per run: the test sign-in's eventID (so dedup never suppresses it) and the mark on each alarm change. */
  readonly runId: string;
  readonly timeoutSeconds: number;
  /** The forwarder alarms to set, one per region, in the config's account. */
  readonly alarms: readonly SmokeAlarm[];
  /** Set when the run can watch the topics: the central account's stack, as its config names it. */
  readonly central?: {
    readonly homeRegion: string;
    readonly namePrefix: string;
    readonly functionName: string;
    readonly alarmTopicArn?: string;
    /** Invoke the alert Lambda too: only when testing the central account itself. */
    readonly invoke: boolean;
    /** The temporary queue, named so that a leftover is easy to recognise. */
    readonly queueName: string;
  };
  /** The central account, for a member's run that cannot confirm delivery. */
  readonly centralAccountId?: string;
}

/** Decides what a run does; an error is a usage mistake. */
export function planSmoke(input: {
  readonly config: SigninWatchConfig;
  readonly centralConfig?: SigninWatchConfig;
  readonly regions?: readonly string[];
  readonly runId: string;
  readonly timeoutSeconds: number;
}): SmokePlan | { readonly error: string } {
  const { config, centralConfig } = input;
  const member = accountRole(config) === 'member';
  if (centralConfig !== undefined) {
    if (!member) return { error: '--central-config is for a member account: this config is already the central account.' };
    if (accountRole(centralConfig) !== 'central' || centralConfig.accountId !== config.centralAccountId) {
      return {
        error: `--central-config must be the config of account ${config.centralAccountId}, the member's centralAccountId (it is for ${centralConfig.accountId ?? 'an account without accountId'}).`,
      };
    }
  }
  const configured = forwarderRegions(config);
  const unknown = (input.regions ?? []).filter((region) => !configured.includes(region));
  if (unknown.length > 0) return { error: `--regions: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no forwarder in this config (its regions: ${configured.join(', ')}).` };
  const names = resourceNames(config.namePrefix);
  const receiving = member ? centralConfig : config;
  return {
    runId: input.runId,
    timeoutSeconds: input.timeoutSeconds,
    alarms: (input.regions ?? configured).map((region) => ({ region, name: names.forwarderAlarm(region, SMOKE_ALARM) })),
    central:
      receiving === undefined
        ? undefined
        : {
            homeRegion: receiving.homeRegion,
            namePrefix: receiving.namePrefix,
            functionName: resourceNames(receiving.namePrefix).alertFunction,
            alarmTopicArn: receiving.alarmTopicArn,
            invoke: !member,
            queueName: `${receiving.namePrefix}-smoke-${input.runId.slice(0, 8)}`,
          },
    centralAccountId: member ? config.centralAccountId : undefined,
  };
}

/** The reason a run's alarm changes carry; it ends up in the notification, so it names the run. No quotes, which the alarm rule's input template would not escape. */
export const alarmReason = (runId: string): string => `signin-watch smoke test ${runId}: set by npm run smoke, not a real problem, and set back at once.`;

/**
 * The synthetic console sign-in the alert Lambda gets: a failed password, which alerts
 * whatever the allowlist and exceptions say, from a documentation address, with the
 * envelope source that makes the notification say it is a test.
 */
export function smokeSignInEvent(runId: string, account: string, region: string, now: number): Record<string, unknown> {
  const time = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: runId,
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: SMOKE_TEST_SOURCE,
    account,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', principalId: 'SMOKETEST', arn: `arn:aws:iam::${account}:user/${SMOKE_USER}`, accountId: account, userName: SMOKE_USER },
      eventTime: time,
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: region,
      sourceIPAddress: SMOKE_SOURCE_IP,
      userAgent: 'signin-watch smoke test (npm run smoke)',
      errorMessage: 'Failed authentication',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
      eventID: runId,
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    },
  };
}

/** The queue policy: only these topics may send, and nobody else may do anything. */
export function smokeQueuePolicy(queueArn: string, topicArns: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheWatchedTopics',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArns } },
      },
    ],
  });
}

/** A notification as SNS delivers it to a queue without raw delivery. */
export interface Delivery {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
}

export function parseDelivery(body: string | undefined): Delivery | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.Type !== 'Notification' || typeof parsed.TopicArn !== 'string' || typeof parsed.Message !== 'string') return undefined;
  return { topicArn: parsed.TopicArn, subject: typeof parsed.Subject === 'string' ? parsed.Subject : undefined, message: parsed.Message };
}

/** A notification a run waits for; `hop` names its line. */
export interface Expected {
  readonly hop: string;
  readonly topicArn: string;
  readonly matches: (message: string) => boolean;
}

/** The alert's body names the sign-in's event ID, which is the run id; the alarm changes carry it too, in another form. */
export const expectedAlert = (hop: string, topicArn: string, runId: string): Expected => ({
  hop,
  topicArn,
  matches: (message) => message.split('\n').some((line) => /^Event ID:\s/.test(line) && line.trim().endsWith(` ${runId}`)),
});

/** The central alarm rule's text says "alarm NAME is ALARM"; the reason names the run, so an earlier run's or a real change never matches. */
export const expectedAlarm = (hop: string, topicArn: string, alarm: SmokeAlarm, runId: string): Expected => ({
  hop,
  topicArn,
  matches: (message) => message.includes(`alarm ${alarm.name} is ALARM`) && message.includes(runId),
});

/** The expected notification a delivery is, if any. */
export function matchDelivery(delivery: Delivery, pending: readonly Expected[]): Expected | undefined {
  return pending.find((expected) => expected.topicArn === delivery.topicArn && expected.matches(delivery.message));
}

/** What to check when a hop fails, in the words of the README's runbook. */
export const advice = {
  noAlert: (prefix: string, timeoutSeconds: number): string => {
    const names = resourceNames(prefix);
    return `no alert within ${timeoutSeconds} s: check the Lambda's log group /aws/lambda/${names.alertFunction} (it logs "alert published") and the failure queue ${names.alertFailureQueue}, then the topic's subscriptions.`;
  },
  noAlarm: (prefix: string, region: string, homeRegion: string, timeoutSeconds: number): string => {
    const names = resourceNames(prefix);
    return (
      `no notification within ${timeoutSeconds} s: check the dead-letter queues ${names.forwarderDeadLetterQueue} in ${region} and ${names.centralDeadLetterQueue} in ${homeRegion}, ` +
      `the FailedInvocations of the rules ${names.forwarderAlarmRule} (${region}) and ${names.centralAlarmRule} (${homeRegion}), and the alarm topic's policy and KMS key (docs/runbook.md).`
    );
  },
};

/** The email subscriptions of the alert topic: a pending one receives nothing. */
export function subscriptionCheck(topicName: string, subscriptions: ReadonlyArray<{ readonly Protocol?: string; readonly Endpoint?: string; readonly SubscriptionArn?: string }>): HopResult {
  const name = `subscribers ${topicName}`;
  const emails = subscriptions.filter(({ Protocol }) => Protocol === 'email' || Protocol === 'email-json');
  const pending = emails.filter(({ SubscriptionArn }) => SubscriptionArn === 'PendingConfirmation').map(({ Endpoint }) => Endpoint);
  const confirmed = emails.length - pending.length;
  if (pending.length > 0) {
    return {
      status: 'warn',
      name,
      detail: `${pending.join(', ')} never confirmed ${pending.length === 1 ? 'its' : 'their'} subscription and get${pending.length === 1 ? 's' : ''} no mail: confirm with the link in AWS's mail (for a new one, see "No confirmation mail" in the README's Troubleshooting).`,
    };
  }
  return {
    status: 'ok',
    name,
    detail: confirmed === 0 ? 'no email subscriptions; alerts reach whatever else subscribes to the topic.' : `${confirmed} confirmed email subscription${confirmed === 1 ? '' : 's'}.`,
  };
}

export function formatLatency(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const LABEL: Record<HopStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** One line per hop, then the summary; exit code 1 when any hop failed. */
export function smokeReport(results: readonly HopResult[], elapsedMs: number): { readonly lines: string[]; readonly exitCode: 0 | 1 } {
  const width = Math.max(0, ...results.map(({ name }) => name.length));
  const lines = results.map(({ status, name, ms, detail }) => `${LABEL[status]}  ${name.padEnd(width)}  ${formatLatency(ms).padStart(7)}  ${detail}`);
  const count = (status: HopStatus) => results.filter((result) => result.status === status).length;
  const failed = count('fail');
  const verdict = failed > 0 ? 'alerts do not reach people; see the FAIL lines' : count('warn') > 0 ? 'see the WARN lines' : 'alerts reach the topic';
  lines.push(`smoke: ${count('ok')} ok, ${count('warn')} warnings, ${failed} failed in ${formatLatency(elapsedMs)}: ${verdict}`);
  return { lines, exitCode: failed > 0 ? 1 : 0 };
}
