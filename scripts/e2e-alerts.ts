import { rmSync } from 'node:fs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ACCOUNT, CONFIG, HOME_REGION, NAMES, REGIONS } from './e2e-config';
import { type CentralArrival, EXPECTED_ALERTS } from './e2e-events';
import { extractLambdaPackage, invoke, loadBundledHandler } from './e2e-lambda';
import { receiveAll } from './e2e-moto';
import type { E2eReport } from './e2e-report';
import { exerciseSmoke } from './e2e-smoke';

/**
 * The alerts scenario: what reached the central bus runs through the bundled handler, one
 * event at a time as Lambda would; the notifications on the topic must be exactly the
 * expected ones, once each; the handler's failure paths throw; then the smoke scenario.
 */

export interface AlertsScenario {
  readonly report: E2eReport;
  readonly outDir: string;
  readonly endpoint: string;
  readonly sqs: SQSClient;
  readonly topicArn: string;
  /** The queue subscribed to the alert topic. */
  readonly alertsUrl: string;
  /** The sign-ins, region changes and other signals that reached the central bus. */
  readonly arrived: readonly CentralArrival[];
  readonly regionChanges: readonly CentralArrival[];
  readonly signals: readonly CentralArrival[];
}

interface Notification {
  readonly subject: string;
  readonly eventId: string;
  readonly attributes: Record<string, string>;
}

function parseNotification(body: string): Notification {
  const message = JSON.parse(body) as { Subject: string; Message: string; MessageAttributes?: Record<string, { Value: string }> };
  return {
    subject: message.Subject,
    eventId: /^Event ID:\s+(\S+)/m.exec(message.Message)?.[1] ?? '',
    attributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([key, { Value }]) => [key, Value])),
  };
}

/** Every notification on the topic: one per alerting event, with the subject, findings and attributes expected. */
function checkNotifications(report: E2eReport, all: Notification[]): void {
  const signalAlerts = all.filter(({ attributes }) => attributes.findings === '["guardduty-console-login"]' || attributes.findings === '["source-ip-not-allowed","sign-in-failed"]');
  report.check(
    JSON.stringify(signalAlerts.map(({ subject }) => subject).sort()) ===
      JSON.stringify(
        [
          '[MEDIUM] GuardDuty impossible-travel sign-in: GeneratedFindingUserName in 123456789012 (e2e)',
          '[MEDIUM] demo-user-2 failed IAM Identity Center sign-in to 123456789012 (e2e) from 203.0.113.50',
        ].sort(),
      ),
    'the Identity Center failure and the GuardDuty finding each produced one notification',
    `got ${JSON.stringify(signalAlerts.map(({ subject }) => subject))}`,
  );
  const regionAlerts = all.filter(({ attributes }) => attributes.findings === '["region-enabled"]');
  report.check(
    regionAlerts.length === 1 && regionAlerts[0].subject === `[HIGH] Region ap-east-1 enabled in ${ACCOUNT} (e2e), not covered yet`,
    'the region opt-in produced one notification naming the region and the account by its configured name',
    `got ${JSON.stringify(regionAlerts.map(({ subject }) => subject))}`,
  );
  const notifications = all.filter((notification) => !regionAlerts.includes(notification) && !signalAlerts.includes(notification));
  for (const region of REGIONS) {
    for (const [kind, expected] of Object.entries(EXPECTED_ALERTS)) {
      const matching = notifications.filter(({ eventId }) => eventId === `e2e-${region}-${kind}`);
      const got = matching.map(({ subject, attributes }) => `${subject} ${attributes.findings}`);
      report.check(
        matching.length === 1 && matching[0].subject === expected.subject && matching[0].attributes.findings === JSON.stringify(expected.findings),
        `${region}: the ${kind} sign-in produced one notification "${expected.subject}" with findings ${expected.findings.join(', ')}`,
        `got ${JSON.stringify(got)}`,
      );
    }
  }
  const allowed = notifications.filter(({ eventId }) => eventId.endsWith('-allowed'));
  report.check(allowed.length === 0, 'sign-ins from allowed addresses with MFA produced no notification', `${allowed.length} notifications`);
  report.check(
    notifications.length === REGIONS.length * Object.keys(EXPECTED_ALERTS).length,
    `exactly ${REGIONS.length * Object.keys(EXPECTED_ALERTS).length} notifications in all: the redelivered sign-ins did not page twice (DynamoDB dedup)`,
    `${notifications.length} notifications`,
  );
  report.check(
    notifications.every(({ attributes }) => attributes.severity && attributes.account === '111122223333' && attributes.findings),
    'every notification carries the severity, account and findings attributes that subscription filters use',
  );
}

export async function exerciseAlerts({ report, outDir, endpoint, sqs, topicArn, alertsUrl, arrived, regionChanges, signals }: AlertsScenario): Promise<void> {
  const bundleDir = extractLambdaPackage(outDir);
  try {
    const handler = loadBundledHandler(bundleDir, topicArn, endpoint);
    // One at a time, as Lambda's asynchronous invocations reach one container.
    const failures: Array<{ error?: Error }> = [];
    for (const event of [...arrived, ...regionChanges, ...signals]) {
      const result = await invoke(handler, event);
      if (result.error) failures.push(result);
    }
    report.check(failures.length === 0, `the bundled handler processed all ${arrived.length + regionChanges.length + signals.length} arrivals`, failures.map(({ error }) => String(error)).join('\n'));
    // A redelivery of a sign-in that already alerted, through another region (a new envelope id): checked below, one notification each.
    const redelivered = arrived.filter((event) => event.detail.eventID.endsWith('-root'));
    for (const event of redelivered) await invoke(handler, { ...event, id: `redelivery-${event.detail.eventID}`, region: 'eu-west-1' });
    report.check(redelivered.length === REGIONS.length, `redelivered the ${redelivered.length} root sign-ins to the handler, each under a new envelope id`);

    checkNotifications(report, (await receiveAll(sqs, alertsUrl, REGIONS.length * Object.keys(EXPECTED_ALERTS).length + 3, 20)).map(parseNotification));

    // Failure paths the handler owns: both throw, so Lambda retries and then keeps the event.
    // A sign-in not seen before: one that already alerted would be skipped as a duplicate.
    const found = arrived.find((event) => event.detail.eventID === `e2e-${HOME_REGION}-root`) as { detail: object };
    const rootEvent = { ...found, detail: { ...found.detail, eventID: 'e2e-missing-topic' } };
    const missingTopic = `arn:aws:sns:${HOME_REGION}:${ACCOUNT}:${NAMES.alertTopic}-deleted`;
    const broken = await invoke(loadBundledHandler(bundleDir, missingTopic, endpoint), rootEvent);
    report.check(
      broken.error !== undefined && broken.logs.some((line) => line.includes('publish failed')),
      'a publish to a missing topic throws and is logged (in AWS: 2 Lambda retries, then the on-failure queue keeps the event)',
      broken.error ? broken.logs.join('\n') : 'the handler returned normally',
    );
    const malformed = await invoke(handler, { id: 'e2e-malformed', source: 'aws.signin', detail: {} });
    report.check(
      malformed.error?.name === 'MalformedEventError' && malformed.logs.some((line) => line.includes('e2e-malformed')),
      'an event without a CloudTrail record is logged with its id and thrown, not dropped',
    );
    await exerciseSmoke({ report, endpoint, outDir, config: CONFIG, invoke: (event) => invoke(handler, event) });
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
