import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { parseConfig } from '../../core/config';
import { evaluate } from '../../core/detect/evaluate';
import { formatNotification } from '../../core/notify/notification';
import { expectedAlarm, expectedAlert, matchDelivery, parseDelivery, planSmoke, SMOKE_SOURCE_IP, smokeReport, smokeSignInEvent, subscriptionCheck } from '../../core/verify/smoke';
import { Trust } from '../../core/detect/trust';

const RUN = '3f1c2b7a-0d4e-4c55-9a61-2b8e0f6d1c33';
const ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };
const config = (fields: object) => parseConfig(JSON.stringify(fields), 'config.json');
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:signin-watch-alerts';

describe('planSmoke', () => {
  it('invokes the Lambda and sets one forwarder alarm in every region of a central config', () => {
    // Act
    const plan = planSmoke({ config: config({ ...ORG, accountId: '111111111111' }), runId: RUN, timeoutSeconds: 60 });

    // Assess
    expect(plan).toEqual({
      runId: RUN,
      timeoutSeconds: 60,
      alarms: [
        { region: 'us-east-1', name: 'signin-watch-forward-us-east-1-dlq-not-empty' },
        { region: 'eu-west-1', name: 'signin-watch-forward-eu-west-1-dlq-not-empty' },
      ],
      central: { homeRegion: 'eu-west-1', namePrefix: 'signin-watch', functionName: 'signin-watch-alert', alarmTopicArn: undefined, invoke: true, queueName: 'signin-watch-smoke-3f1c2b7a' },
      centralAccountId: undefined,
    });
  });

  it('sets only the regions given, and refuses one without a forwarder', () => {
    // Prepare
    const single = config({ regions: ['us-east-1', 'eu-west-1', 'af-south-1'] });

    // Act
    const some = planSmoke({ config: single, regions: ['af-south-1'], runId: RUN, timeoutSeconds: 60 });
    const unknown = planSmoke({ config: single, regions: ['af-south-1', 'eu-west-3'], runId: RUN, timeoutSeconds: 60 });

    // Assess
    expect('alarms' in some && some.alarms.map(({ region }) => region)).toEqual(['af-south-1']);
    expect(unknown).toEqual({ error: '--regions: eu-west-3 has no forwarder in this config (its regions: us-east-1, eu-west-1, af-south-1).' });
  });

  it("sets a member's alarms without watching anything, or watches the central account's topics given its config", () => {
    // Prepare
    const member = config({ ...ORG, accountId: '222222222222' });
    const central = config({ ...ORG, accountId: '111111111111', alarmTopicArn: 'arn:aws:sns:eu-west-1:111111111111:ops' });

    // Act
    const alone = planSmoke({ config: member, runId: RUN, timeoutSeconds: 60 });
    const confirmed = planSmoke({ config: member, centralConfig: central, runId: RUN, timeoutSeconds: 60 });

    // Assess
    expect(alone).toMatchObject({ central: undefined, centralAccountId: '111111111111' });
    expect(confirmed).toMatchObject({ central: { invoke: false, alarmTopicArn: 'arn:aws:sns:eu-west-1:111111111111:ops' }, alarms: [{ name: 'signin-watch-forward-us-east-1-dlq-not-empty' }, {}] });
  });

  it.each([
    ['a central config', { ...ORG, accountId: '111111111111' }, { ...ORG, accountId: '111111111111' }, 'this config is already the central account'],
    ['another member', { ...ORG, accountId: '222222222222' }, { ...ORG, accountId: '333333333333' }, 'must be the config of account 111111111111'],
  ])('refuses --central-config for %s', (_, own, central, message) => {
    // Act
    const plan = planSmoke({ config: config(own), centralConfig: config(central), runId: RUN, timeoutSeconds: 60 });

    // Assess
    expect('error' in plan && plan.error).toContain(message);
  });
});

describe('the test sign-in', () => {
  const event = smokeSignInEvent(RUN, '111111111111', 'eu-west-1', Date.parse('2026-12-01T10:00:00.123Z'));
  const detail = event.detail as CloudTrailRecord;

  it('alerts even when its address and its user are trusted, and its notification says it is a test', () => {
    // Prepare: everything trusted, so only the failed password is left to alert on.
    const trust = Trust.fromCidrs([`${SMOKE_SOURCE_IP}/32`]);

    // Act
    const evaluation = evaluate(detail, trust);
    const notification = formatNotification(evaluation, event, { '111111111111': 'security' });

    // Assess
    expect([evaluation.alert, evaluation.findings, evaluation.facts.eventId]).toEqual([true, ['sign-in-failed'], RUN]);
    expect(notification.subject).toBe('[LOW] signin-watch smoke test in 111111111111 (security): not a real sign-in');
    expect(notification.body).toContain('What to do: None: npm run smoke sent this synthetic sign-in');
    expect(notification.chat.content.title).toContain('signin-watch smoke test');
  });

  it('is not called a test when the same record arrives as a real sign-in', () => {
    // Act
    const notification = formatNotification(evaluate(detail, Trust.fromCidrs([])), { ...event, source: 'aws.signin' });

    // Assess
    expect(notification.subject).toBe('[MEDIUM] smoke-test failed console sign-in to 111111111111 from 192.0.2.1');
  });
});

describe('matching a notification to a hop', () => {
  const delivery = (topicArn: string, message: string, subject?: string) => JSON.stringify({ Type: 'Notification', MessageId: 'm', TopicArn: topicArn, Subject: subject, Message: message });
  const alert = expectedAlert('alert signin-watch-alerts', TOPIC, RUN);
  const alarm = expectedAlarm('alarm us-east-1', TOPIC, { region: 'us-east-1', name: 'signin-watch-forward-us-east-1-dlq-not-empty' }, RUN);
  const alarmText = (run: string, state = 'ALARM') =>
    `"signin-watch alarm signin-watch-forward-us-east-1-dlq-not-empty is ${state} in us-east-1, account 1. signin-watch smoke test ${run}: set by npm run smoke"`;

  it.each([
    ['the alert with the run id', delivery(TOPIC, `...\nEvent ID:  ${RUN}\n...`, '[LOW] signin-watch smoke test'), 'alert signin-watch-alerts'],
    ["this run's alarm change", delivery(TOPIC, alarmText(RUN)), 'alarm us-east-1'],
    ["an earlier run's alarm change", delivery(TOPIC, alarmText('0000')), undefined],
    ['the alarm going back to OK', delivery(TOPIC, alarmText(RUN, 'OK')), undefined],
    ['the same text on another topic', delivery(`${TOPIC}-other`, alarmText(RUN)), undefined],
  ])('matches %s', (_, body, hop) => {
    // Act
    const parsed = parseDelivery(body);
    const matched = parsed === undefined ? undefined : matchDelivery(parsed, [alert, alarm]);

    // Assess
    expect(matched?.hop).toBe(hop);
  });

  it('ignores what is not a notification', () => {
    // Act
    const parsed = ['not json', JSON.stringify({ Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Message: RUN }), undefined].map(parseDelivery);

    // Assess
    expect(parsed).toEqual([undefined, undefined, undefined]);
  });
});

describe('the report', () => {
  it('prints one aligned line per hop with its latency, then a summary, and fails on any FAIL', () => {
    // Act
    const { lines, exitCode } = smokeReport(
      [
        { status: 'ok', name: 'invoke signin-watch-alert', ms: 412.4, detail: 'evaluated.' },
        { status: 'fail', name: 'alarm af-south-1', detail: 'no notification within 60 s.' },
      ],
      61_234,
    );

    // Assess
    expect(lines).toEqual([
      'ok    invoke signin-watch-alert   412 ms  evaluated.',
      'FAIL  alarm af-south-1                 -  no notification within 60 s.',
      'smoke: 1 ok, 0 warnings, 1 failed in 61.2 s: alerts do not reach people; see the FAIL lines',
    ]);
    expect(exitCode).toBe(1);
  });

  it('warns about email addresses that never confirmed their subscription', () => {
    // Act
    const check = subscriptionCheck('signin-watch-alerts', [
      { Protocol: 'email', Endpoint: 'a@example.com', SubscriptionArn: 'PendingConfirmation' },
      { Protocol: 'email', Endpoint: 'b@example.com', SubscriptionArn: `${TOPIC}:1` },
      { Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-west-1:1:q', SubscriptionArn: `${TOPIC}:2` },
    ]);

    // Assess
    expect(check).toEqual({ status: 'warn', name: 'subscribers signin-watch-alerts', detail: expect.stringMatching(/^a@example.com never confirmed its subscription and gets no mail/) });
    expect(smokeReport([check], 1).exitCode).toBe(0);
  });
});
