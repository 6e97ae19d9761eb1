import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { evaluateAwsSignal, isAwsSignal } from '../core/detect/aws-detections';
import { isCloudTrailRecord, isObject, nonEmptyStringAt } from '../core/detect/cloudtrail-record';
import type { AlertSeverity } from '../core/config';
import { evaluate, type SignInFacts } from '../core/detect/evaluate';
import { composeNotification, formatNotification, type Notification, webhookMessage } from '../core/notify/notification';
import { signInToAlertMetric } from '../core/notify/latency-metric';
import { evaluateRegionChange } from '../core/detect/region-change';
import { PACKAGED_SETTINGS_FILE, type PackagedSettings } from '../core/deploy/packaged-settings';
import { PackagedTrust, ParameterTrust, type TrustSource } from './allowlist-parameter';
import type { DedupTable } from './dedup';
import { log } from './log';
import { Webhook, type WebhookClients } from './webhook';
import { messageOf } from '../core/error-message';

/** An event the handler cannot evaluate; thrown so that Lambda keeps it in the on-failure queue. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

/**
 * Another delivery holds the claim on this alert. It may be publishing right now, or it may
 * have crashed holding it; only a retry after the lease can tell, so the invocation fails
 * and Lambda retries it (and in the end keeps it in the on-failure queue).
 */
export class ClaimInProgressError extends Error {
  constructor(key: string) {
    super(`another delivery holds the claim on ${key}; retrying after its lease`);
    this.name = 'ClaimInProgressError';
  }
}

/** A place alerts go besides the email topic, with the severities it takes. */
export interface Channel {
  readonly name: 'chat' | 'webhook';
  readonly severities: readonly AlertSeverity[];
  readonly send: (notification: Notification) => Promise<void>;
}

export interface AlertSettings {
  /** The alert topic; email subscriptions filter it by severity. */
  readonly topicArn: string;
  readonly dedupTableName: string;
  /** The allowlists and exceptions in force, packaged or read from SSM. */
  readonly trust: TrustSource;
  /** The central config's regions, to tell whether a newly enabled region is already configured. */
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
  readonly channels: readonly Channel[];
}

/** What the handler needs from outside to build its settings; the SDK clients are made only when used. */
export interface SettingsClients extends WebhookClients {
  readonly sns: () => SNSClient;
  readonly readParameter: (name: string) => Promise<string | undefined>;
}

/**
 * Reads the settings the central stack gives the Lambda: topics from the environment,
 * everything else from the file packaged with the code (no size limit, unlike the 4 KB
 * of environment variables).
 * @throws Error naming what is missing, so that a broken deployment fails at init
 */
export function loadAlertSettings(env: NodeJS.ProcessEnv, packageDir: string, clients: SettingsClients): AlertSettings {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set; the central stack sets it`);
    return value;
  };
  const file = join(packageDir, PACKAGED_SETTINGS_FILE);
  const packaged = JSON.parse(readFileSync(file, 'utf8')) as PackagedSettings;
  const { allowedCidrs, accountAllowedCidrs, exceptions, regions, accountNames } = packaged;
  if (!Array.isArray(allowedCidrs) || !isObject(accountAllowedCidrs) || !Array.isArray(exceptions) || !Array.isArray(regions) || !isObject(accountNames)) {
    throw new Error(`${file} lacks allowedCidrs, accountAllowedCidrs, exceptions, regions or accountNames; synth packages all five`);
  }
  const rules = { accountAllowedCidrs: accountAllowedCidrs as PackagedSettings['accountAllowedCidrs'], exceptions };
  const channels: Channel[] = [];
  if (packaged.chatSeverities !== undefined) {
    const chatTopicArn = required('CHAT_TOPIC_ARN');
    channels.push({
      name: 'chat',
      severities: packaged.chatSeverities,
      send: async (notification) => {
        await clients.sns().send(new PublishCommand({ TopicArn: chatTopicArn, Message: JSON.stringify(notification.chat), MessageAttributes: messageAttributes(notification) }));
      },
    });
  }
  if (packaged.webhook !== undefined) {
    const webhook = new Webhook(packaged.webhook.urlSecretArn, clients);
    channels.push({ name: 'webhook', severities: packaged.webhook.severities, send: (notification) => webhook.post(webhookMessage(notification)) });
  }
  return {
    topicArn: required('TOPIC_ARN'),
    dedupTableName: required('DEDUP_TABLE'),
    trust:
      packaged.allowlistParameter === undefined
        ? new PackagedTrust({ ...rules, allowedCidrs })
        : new ParameterTrust(clients.readParameter, packaged.allowlistParameter, rules, packaged.allowlistCacheSeconds * 1000),
    regions,
    accountNames: accountNames as Record<string, string>,
    channels,
  };
}

function messageAttributes(notification: Notification) {
  return {
    severity: { DataType: 'String', StringValue: notification.attributes.severity },
    account: { DataType: 'String', StringValue: notification.attributes.account },
    findings: { DataType: 'String.Array', StringValue: JSON.stringify(notification.attributes.findings) },
  };
}

/**
 * The key that identifies one sign-in across deliveries. The envelope id changes when an
 * event crosses regions; CloudTrail's eventID does not, and is unique per account.
 */
export function dedupKey(facts: SignInFacts): string | undefined {
  return facts.eventId === undefined ? undefined : `${facts.account ?? 'unknown-account'}:${facts.eventId}`;
}

/**
 * The EventBridge target: evaluates one console sign-in (or one of the other events the
 * central bus routes) and delivers an alert when it has findings: to the alert topic, and
 * to the chat topic and the webhook for the severities they take. Each delivery happens
 * once however often the event arrives. Every failure throws, after the other deliveries
 * were tried, so Lambda retries and finally keeps the event.
 */
export function createAlertHandler(settings: AlertSettings, sns: SNSClient, dedup: DedupTable): (event: unknown) => Promise<void> {
  /** Runs `send` once per key; without a key, on every delivery (a duplicate beats a loss). */
  async function once(key: string | undefined, channel: string, send: () => Promise<void>, logged: Record<string, unknown>, occurredAt?: string): Promise<void> {
    const where = channel === 'email' ? '' : ` to ${channel}`;
    if (key === undefined) {
      log('WARN', `record has no eventID, so this alert cannot be deduplicated${where}`, logged);
    } else {
      const claim = await dedup.claim(key);
      if (claim === 'already-published') {
        log('INFO', `duplicate delivery, not published${where} (${claim})`, { ...logged, dedupKey: key });
        return;
      }
      if (claim === 'in-progress') {
        log('WARN', `another delivery holds the claim${where}; throwing so Lambda retries after the lease`, { ...logged, dedupKey: key });
        throw new ClaimInProgressError(key);
      }
    }
    try {
      await send();
    } catch (error) {
      log('ERROR', `publish${where} failed; throwing so Lambda retries`, { ...logged, error: messageOf(error) });
      // Without the claim, the retry publishes at once; should this fail too, the lease runs out.
      if (key !== undefined) await dedup.release(key).catch((releaseError: unknown) => log('WARN', 'could not release the dedup claim', { ...logged, error: messageOf(releaseError) }));
      throw error;
    }
    // The email topic's publication is the alert's; its latency becomes a metric through the log line.
    log('INFO', `alert published${where}`, channel === 'email' ? { ...logged, ...signInToAlertMetric(occurredAt, Date.now()) } : logged);
    // The alert is out: a failure here must not make Lambda retry and publish it again.
    if (key !== undefined)
      await dedup
        .markPublished(key)
        .catch((markError: unknown) => log('WARN', 'published, but could not record it; a redelivery after the lease publishes it again', { ...logged, error: messageOf(markError) }));
  }

  /** Delivers one alert everywhere it should go; one failed channel does not hold back the others. */
  async function deliver(key: string | undefined, notification: Notification, logged: Record<string, unknown>, occurredAt?: string): Promise<void> {
    const failures: unknown[] = [];
    const attempt = (channel: string, suffix: string, send: () => Promise<void>) =>
      once(key === undefined ? undefined : `${key}${suffix}`, channel, send, logged, occurredAt).catch((error: unknown) => {
        failures.push(error);
      });
    await attempt('email', '', async () => {
      await sns.send(new PublishCommand({ TopicArn: settings.topicArn, Subject: notification.subject, Message: notification.body, MessageAttributes: messageAttributes(notification) }));
    });
    for (const channel of settings.channels) {
      const { severity } = notification.attributes;
      if (severity !== 'none' && channel.severities.includes(severity)) await attempt(channel.name, `#${channel.name}`, () => channel.send(notification));
    }
    if (failures.length > 0) throw failures[0];
  }

  /** A broken allowlist alerts too, at most once an hour, or nobody would know why everything alerts. */
  async function reportTrustProblem(problem: string): Promise<void> {
    log('ERROR', 'the allowlist is unavailable; no address is trusted until it is fixed', { problem });
    const hour = new Date().toISOString().slice(0, 13);
    const notification = composeNotification({
      severity: 'high',
      headline: 'signin-watch cannot read its allowlist: every address is untrusted',
      summary: `signin-watch could not use its allowlist, so no source address is trusted and every sign-in alerts: ${problem}`,
      details: [
        ['Problem', problem],
        ['Since', `${hour}:00 UTC or earlier`],
      ],
      findings: [],
      nextStep:
        "Fix the parameter (its value must be a JSON array or a comma-separated list of valid CIDR blocks), or the Lambda's permission to read it. Alerts return to normal within allowlistCacheSeconds.",
      account: 'signin-watch',
      rawEvent: { problem },
    });
    await deliver(`allowlist-unavailable:${hour}`, notification, { problem });
  }

  return async (event) => {
    const envelopeId = nonEmptyStringAt(event, 'id');
    if (nonEmptyStringAt(event, 'source') === 'aws.account') {
      const verdict = evaluateRegionChange(event, settings);
      if (!verdict.alert) {
        log('INFO', 'skipped', { envelopeId, reason: verdict.reason });
        return;
      }
      await deliver(verdict.dedupKey, verdict.notification, { envelopeId, account: verdict.account, region: verdict.region, findings: verdict.notification.attributes.findings });
      return;
    }
    if (isAwsSignal(event)) {
      const verdict = evaluateAwsSignal(event, settings.accountNames);
      if (!verdict.alert) {
        log('INFO', 'skipped', { envelopeId, reason: verdict.reason });
        return;
      }
      await deliver(verdict.dedupKey, verdict.notification, { envelopeId, summary: verdict.summary, findings: verdict.notification.attributes.findings });
      return;
    }
    const detail = isObject(event) ? event.detail : undefined;
    if (!isCloudTrailRecord(detail)) {
      log('ERROR', 'event carries no CloudTrail record; throwing so the on-failure queue keeps it', { envelopeId, event });
      throw new MalformedEventError(`event ${envelopeId ?? '(no id)'} has no CloudTrail record in "detail"`);
    }
    const { trust, problem } = await settings.trust.current();
    if (problem !== undefined) await reportTrustProblem(problem);
    const context = { account: nonEmptyStringAt(event, 'account'), region: nonEmptyStringAt(event, 'region'), time: nonEmptyStringAt(event, 'time') };
    const evaluation = evaluate(detail, trust, context);
    const logged = { envelopeId, eventId: evaluation.facts.eventId, severity: evaluation.severity, findings: evaluation.findings, summary: evaluation.summary };
    if (!evaluation.alert) {
      log('INFO', evaluation.skipped ? 'skipped' : 'allowed', logged);
      return;
    }
    const notes = problem === undefined ? [] : ([['Allowlist', `unavailable, so no address was trusted: ${problem}`]] as const);
    await deliver(dedupKey(evaluation.facts), formatNotification(evaluation, event, settings.accountNames, notes), logged, evaluation.facts.eventTime);
  };
}
