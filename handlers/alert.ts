import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type AddressException, Trust } from '../core/trust';
import { isCloudTrailRecord, isObject, nonEmptyStringAt } from '../core/cloudtrail-record';
import { evaluate, type SignInFacts } from '../core/evaluate';
import { formatNotification, type Notification } from '../core/notification';
import { evaluateRegionChange } from '../core/region-change';
import { evaluateAwsSignal, isAwsSignal } from '../core/aws-signal';
import type { DedupTable } from './dedup';
import { log } from './log';

/** Name of the file, next to the bundle, that carries the config's address rules, regions and account names into the Lambda. */
export const PACKAGED_SETTINGS_FILE = 'settings.json';

/** What the central stack packages with the code, from the config. */
export interface PackagedSettings {
  readonly allowedCidrs: readonly string[];
  readonly accountAllowedCidrs: Readonly<Record<string, readonly string[]>>;
  readonly exceptions: readonly AddressException[];
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An event the handler cannot evaluate; thrown so that Lambda keeps it in the on-failure queue. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

export interface AlertSettings {
  readonly topicArn: string;
  readonly dedupTableName: string;
  /** The allowlists and exceptions, compiled. */
  readonly trust: Trust;
  /** The central config's regions, to tell whether a newly enabled region is already configured. */
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
}

/**
 * Reads the settings the central stack gives the Lambda: the topic from the environment
 * and the allowlist from the file packaged with the code (no size limit, unlike the
 * 4 KB of environment variables).
 * @throws Error naming what is missing, so that a broken deployment fails at init
 */
export function loadAlertSettings(env: NodeJS.ProcessEnv, packageDir: string): AlertSettings {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set; the central stack sets it`);
    return value;
  };
  const file = join(packageDir, PACKAGED_SETTINGS_FILE);
  const { allowedCidrs, accountAllowedCidrs, exceptions, regions, accountNames } = JSON.parse(readFileSync(file, 'utf8')) as PackagedSettings;
  if (!Array.isArray(allowedCidrs) || !isObject(accountAllowedCidrs) || !Array.isArray(exceptions) || !Array.isArray(regions) || !isObject(accountNames)) {
    throw new Error(`${file} lacks allowedCidrs, accountAllowedCidrs, exceptions, regions or accountNames; synth packages all five`);
  }
  return {
    topicArn: required('TOPIC_ARN'),
    dedupTableName: required('DEDUP_TABLE'),
    trust: Trust.fromRules({ allowedCidrs, accountAllowedCidrs: accountAllowedCidrs as PackagedSettings['accountAllowedCidrs'], exceptions }),
    regions,
    accountNames: accountNames as Record<string, string>,
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
 * The EventBridge target: evaluates one console sign-in (or region opt-in change) and
 * publishes an alert when it has findings, once however often it is delivered. Every
 * failure throws, so Lambda retries and finally keeps the event.
 */
export function createAlertHandler(settings: AlertSettings, sns: SNSClient, dedup: DedupTable): (event: unknown) => Promise<void> {
  /** Publishes once per key; without a key, every delivery publishes (a duplicate beats a loss). */
  async function publishOnce(key: string | undefined, notification: Notification, logged: Record<string, unknown>): Promise<void> {
    if (key === undefined) {
      log('WARN', 'record has no eventID, so this alert cannot be deduplicated', logged);
    } else {
      const claim = await dedup.claim(key);
      if (claim !== 'claimed') {
        log('INFO', `duplicate delivery, not published (${claim})`, { ...logged, dedupKey: key });
        return;
      }
    }
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: settings.topicArn,
          Subject: notification.subject,
          Message: notification.body,
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: notification.attributes.severity },
            account: { DataType: 'String', StringValue: notification.attributes.account },
            findings: { DataType: 'String.Array', StringValue: JSON.stringify(notification.attributes.findings) },
          },
        }),
      );
    } catch (error) {
      log('ERROR', 'publish failed; throwing so Lambda retries', { ...logged, error: messageOf(error) });
      // Without the claim, the retry publishes at once; should this fail too, the lease runs out.
      if (key !== undefined) await dedup.release(key).catch((releaseError: unknown) => log('WARN', 'could not release the dedup claim', { ...logged, error: messageOf(releaseError) }));
      throw error;
    }
    log('INFO', 'alert published', logged);
    // The alert is out: a failure here must not make Lambda retry and publish it again.
    if (key !== undefined) await dedup.markPublished(key).catch((markError: unknown) => log('WARN', 'published, but could not record it; a redelivery within the lease is still suppressed', { ...logged, error: messageOf(markError) }));
  }

  return async (event) => {
    const envelopeId = nonEmptyStringAt(event, 'id');
    if (nonEmptyStringAt(event, 'source') === 'aws.account') {
      const verdict = evaluateRegionChange(event, settings);
      if (!verdict.alert) {
        log('INFO', 'skipped', { envelopeId, reason: verdict.reason });
        return;
      }
      await publishOnce(verdict.dedupKey, verdict.notification, { envelopeId, account: verdict.account, region: verdict.region, findings: verdict.notification.attributes.findings });
      return;
    }
    if (isAwsSignal(event)) {
      const verdict = evaluateAwsSignal(event, settings.accountNames);
      if (!verdict.alert) {
        log('INFO', 'skipped', { envelopeId, reason: verdict.reason });
        return;
      }
      await publishOnce(verdict.dedupKey, verdict.notification, { envelopeId, summary: verdict.summary, findings: verdict.notification.attributes.findings });
      return;
    }
    const detail = isObject(event) ? event.detail : undefined;
    if (!isCloudTrailRecord(detail)) {
      log('ERROR', 'event carries no CloudTrail record; throwing so the on-failure queue keeps it', { envelopeId, event });
      throw new MalformedEventError(`event ${envelopeId ?? '(no id)'} has no CloudTrail record in "detail"`);
    }
    const context = { account: nonEmptyStringAt(event, 'account'), region: nonEmptyStringAt(event, 'region'), time: nonEmptyStringAt(event, 'time') };
    const evaluation = evaluate(detail, settings.trust, context);
    const logged = { envelopeId, eventId: evaluation.facts.eventId, severity: evaluation.severity, findings: evaluation.findings, summary: evaluation.summary };
    if (!evaluation.alert) {
      log('INFO', evaluation.skipped ? 'skipped' : 'allowed', logged);
      return;
    }
    await publishOnce(dedupKey(evaluation.facts), formatNotification(evaluation, event, settings.accountNames), logged);
  };
}
