import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { ListTopicsCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { exerciseAlerts } from './e2e-alerts';
import { ACCOUNT, CREDENTIALS, HOME_REGION, NAMES, REGIONS } from './e2e-config';
import { type Case, type CentralArrival, CONSOLE_LOGINS, DETAIL_TYPE, record, sample } from './e2e-events';
import { createQueue, receiveAll } from './e2e-moto';
import type { E2eReport } from './e2e-report';
import { ROOT } from './terraform';

/**
 * The fan-in scenario: sign-ins, alarm changes, region opt-ins, an Identity Center sign-in
 * and a GuardDuty finding put on the forwarder regions' default buses must reach the
 * central bus exactly where the plan forwards them; the alerts scenario then runs them
 * through the bundled handler.
 */

type Client = { region: string; endpoint: string; credentials: typeof CREDENTIALS };

/**
 * The seam: replaces the Lambda and SNS targets (which moto cannot deliver to) by an
 * observer of the central bus, and subscribes a queue to the alert topic.
 */
async function watchCentralBus(report: E2eReport, client: Client, sqs: SQSClient): Promise<{ arrivalsUrl: string; alertsUrl: string; topicArn: string } | undefined> {
  const centralEvents = new EventBridgeClient(client);
  const sns = new SNSClient(client);
  await centralEvents.send(new RemoveTargetsCommand({ Rule: NAMES.centralRule, EventBusName: NAMES.centralBus, Ids: ['alert-function'] }));
  await centralEvents.send(new RemoveTargetsCommand({ Rule: NAMES.centralAlarmRule, EventBusName: NAMES.centralBus, Ids: ['alarm-topic'] }));
  for (const rule of [NAMES.centralRegionChangeRule, NAMES.centralSignalRule('identity-center'), NAMES.centralSignalRule('guardduty')]) {
    await centralEvents.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: NAMES.centralBus, Ids: ['alert-function'] }));
  }
  const arrivals = await createQueue(sqs, 'e2e-central-bus-arrivals');
  await centralEvents.send(
    new PutRuleCommand({ Name: 'e2e-observer', EventBusName: NAMES.centralBus, EventPattern: JSON.stringify({ source: ['aws.signin', 'aws.cloudwatch', 'aws.account', 'aws.guardduty'] }) }),
  );
  await centralEvents.send(new PutTargetsCommand({ Rule: 'e2e-observer', EventBusName: NAMES.centralBus, Targets: [{ Id: 'queue', Arn: arrivals.arn }] }));
  const topics = (await sns.send(new ListTopicsCommand({}))).Topics ?? [];
  const topicArn = topics.map(({ TopicArn }) => TopicArn ?? '').find((arn) => arn.endsWith(`:${NAMES.alertTopic}`));
  if (!report.check(topicArn !== undefined, `the central stack created the topic ${NAMES.alertTopic}`)) return undefined;
  const alerts = await createQueue(sqs, 'e2e-alerts');
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: alerts.arn }));
  return { arrivalsUrl: arrivals.url, alertsUrl: alerts.url, topicArn: topicArn as string };
}

/** Puts every event of the scenario on the forwarder regions' default buses; returns the forwarder alarm that changed state. */
async function putEvents(report: E2eReport, client: Client): Promise<string> {
  const cases: Case[] = [...CONSOLE_LOGINS, 'switchRole', 'checkMfa'];
  for (const region of REGIONS) {
    const events = new EventBridgeClient({ ...client, region });
    const { FailedEntryCount } = await events.send(
      new PutEventsCommand({ Entries: cases.map((kind) => ({ Source: 'aws.signin', DetailType: DETAIL_TYPE, Detail: JSON.stringify(record(kind, region)) })) }),
    );
    report.check(FailedEntryCount === 0, `${region}: put ${cases.length} sign-in events on the default bus`);
  }
  // An alarm of this region's forwarder changes state, and so does someone else's alarm.
  const alarmChange = (alarmName: string) => ({
    Source: 'aws.cloudwatch',
    DetailType: 'CloudWatch Alarm State Change',
    Detail: JSON.stringify({ alarmName, state: { value: 'ALARM', reason: 'Threshold Crossed' } }),
  });
  const ownAlarm = NAMES.forwarderAlarm('af-south-1', 'dlq-not-empty');
  await new EventBridgeClient({ ...client, region: 'af-south-1' }).send(new PutEventsCommand({ Entries: [alarmChange(ownAlarm), alarmChange('someone-elses-alarm')] }));
  // A region opt-in, as Account Management reports it (in us-east-1); the same event in eu-west-1 has no rule to take it.
  const regionEnabled = (regionName: string) => ({
    Source: 'aws.account',
    DetailType: 'Region Opt-In Status Change',
    Detail: JSON.stringify({ accountId: ACCOUNT, regionName, status: 'ENABLED' }),
  });
  for (const [region, enabled] of [
    [HOME_REGION, 'ap-east-1'],
    ['eu-west-1', 'me-south-1'],
  ]) {
    await new EventBridgeClient({ ...client, region }).send(new PutEventsCommand({ Entries: [regionEnabled(enabled)] }));
  }

  // An Identity Center sign-in that failed, in the Identity Center region and (without a rule) elsewhere; a GuardDuty finding.
  const identityCenter = {
    ...sample('cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025'),
    sourceIPAddress: '203.0.113.50',
    serviceEventDetails: { UserAuthentication: 'Failure' },
  };
  for (const region of ['eu-west-1', 'af-south-1']) {
    const entry = { Source: 'aws.signin', DetailType: 'AWS Service Event via CloudTrail', Detail: JSON.stringify({ ...identityCenter, awsRegion: region, eventID: `e2e-idc-${region}` }) };
    await new EventBridgeClient({ ...client, region }).send(new PutEventsCommand({ Entries: [entry] }));
  }
  const finding = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'aws-signals', 'guardduty-consoleloginsuccess-b.json'), 'utf8')) as { detail: object };
  await new EventBridgeClient({ ...client, region: 'af-south-1' }).send(
    new PutEventsCommand({ Entries: [{ Source: 'aws.guardduty', DetailType: 'GuardDuty Finding', Detail: JSON.stringify(finding.detail) }] }),
  );
  return ownAlarm;
}

/** What reached the central bus, checked against what each region forwards; returned by kind for the handler. */
async function checkArrivals(report: E2eReport, sqs: SQSClient, arrivalsUrl: string, ownAlarm: string) {
  const everything = (await receiveAll(sqs, arrivalsUrl, REGIONS.length * CONSOLE_LOGINS.length + 4, 20)).map((body) => JSON.parse(body) as CentralArrival);
  const signals = everything.filter((event) => event.source === 'aws.guardduty' || event.detail.eventID?.startsWith('e2e-idc-'));
  report.check(
    JSON.stringify(signals.map((event) => event.detail.eventID ?? event.source).sort()) === JSON.stringify(['aws.guardduty', 'e2e-idc-eu-west-1'].sort()),
    'the Identity Center sign-in reached the central bus from the Identity Center region only, and the GuardDuty finding from af-south-1',
    `arrived: ${JSON.stringify(signals.map((event) => event.detail.eventID ?? event.source))}`,
  );
  const regionChanges = everything.filter((event) => event.source === 'aws.account');
  report.check(
    regionChanges.length === 1 && regionChanges[0].detail.regionName === 'ap-east-1',
    'us-east-1: a region opt-in change reached the central bus once (forwarded from us-east-1 only, where AWS delivers it)',
    `arrived: ${JSON.stringify(regionChanges.map((event) => event.detail))}`,
  );
  const alarms = everything.filter((event) => event.source === 'aws.cloudwatch').map((event) => event.detail.alarmName);
  report.check(
    alarms.length === 1 && alarms[0] === ownAlarm,
    `af-south-1: the state change of ${ownAlarm} reached the central bus once, and no other alarm's did`,
    `arrived: ${JSON.stringify(alarms)}`,
  );
  const arrived = everything.filter((event) => event.source === 'aws.signin' && !signals.includes(event));
  const arrivedIds = arrived.map((event) => event.detail.eventID);
  for (const region of REGIONS) {
    const counts = CONSOLE_LOGINS.map((kind) => arrivedIds.filter((id) => id === `e2e-${region}-${kind}`).length);
    report.check(
      counts.every((count) => count === 1),
      `${region}: each of its ${CONSOLE_LOGINS.length} ConsoleLogin events reached the central bus exactly once`,
      `counts ${JSON.stringify(Object.fromEntries(CONSOLE_LOGINS.map((kind, i) => [kind, counts[i]])))}`,
    );
  }
  const strays = arrivedIds.filter((id) => !CONSOLE_LOGINS.some((kind) => id.endsWith(`-${kind}`)));
  report.check(strays.length === 0, 'no SwitchRole or CheckMfa event reached the central bus', `arrived: ${strays.join(', ')}`);
  return { arrived, regionChanges, signals };
}

/** The fan-in, then the alerts its arrivals produce (scripts/e2e-alerts.ts). */
export async function exerciseFanIn(report: E2eReport, outDir: string, endpoint: string): Promise<void> {
  const client = { region: HOME_REGION, endpoint, credentials: CREDENTIALS };
  const sqs = new SQSClient(client);
  const watched = await watchCentralBus(report, client, sqs);
  if (watched === undefined) return;
  const ownAlarm = await putEvents(report, client);
  const arrivals = await checkArrivals(report, sqs, watched.arrivalsUrl, ownAlarm);
  await exerciseAlerts({ report, outDir, endpoint, sqs, topicArn: watched.topicArn, alertsUrl: watched.alertsUrl, ...arrivals });
}
