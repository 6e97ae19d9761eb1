import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PackagedTrust } from '../../handlers/allowlist-parameter';
import { ALERT_FUNCTION } from '../../core/deploy/alert-function';
import { ClaimInProgressError, createAlertHandler, loadAlertSettings, MalformedEventError } from '../../handlers/alert';
import { DedupTable } from '../../handlers/dedup';
import { fakeDedupTable } from '../helpers/fake-dedup-table';
import { envelope, getTestEvent } from '../helpers/fixtures';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:signin-watch-alerts';
const ROOT_SIGN_IN = 'sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json';
const ALLOWED_SIGN_IN = 'sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json';

const snsMock = mockClient(SNSClient);
const dedup = fakeDedupTable();

/** The JSON lines the handler logged. */
function loggedLines(spy: jest.SpyInstance): Array<Record<string, unknown>> {
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)));
}

const SETTINGS = {
  topicArn: TOPIC_ARN,
  dedupTableName: 'signin-watch-dedup',
  trust: new PackagedTrust({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions: [] }),
  regions: ['us-east-1', 'eu-west-1'],
  accountNames: { '111122223333': 'production' },
  channels: [],
};

describe('alert handler', () => {
  let now = Date.UTC(2026, 10, 27);
  const handler = createAlertHandler(
    SETTINGS,
    new SNSClient({ region: 'us-east-1' }),
    new DedupTable(new DynamoDBClient({ region: 'us-east-1' }), 'signin-watch-dedup', ALERT_FUNCTION.dedupLeaseMs, () => now),
  );
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    snsMock.reset();
    dedup.items.clear();
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  it('publishes one readable alert for a root sign-in', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });

    // Act
    await handler(getTestEvent(ROOT_SIGN_IN));

    // Assess
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC_ARN,
      Subject: '[CRITICAL] Root console sign-in to 123456789012 from 0.0.0.0',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        account: { DataType: 'String', StringValue: '123456789012' },
        findings: { DataType: 'String.Array', StringValue: '["root-sign-in","source-ip-not-allowed","mfa-not-used"]' },
      },
    });
    expect(input.Message).toContain('Who:       root user (Root)');
    expect(input.Message).toContain('- mfa-not-used: ');
  });

  it('names the account with its configured name in the subject and the body', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const event = getTestEvent<{ detail: Record<string, unknown> }>(ROOT_SIGN_IN);

    // Act
    await handler({ ...event, account: '111122223333', detail: { ...event.detail, recipientAccountId: '111122223333' } });

    // Assess
    const input = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.Subject).toBe('[CRITICAL] Root console sign-in to 111122223333 (production) from 0.0.0.0');
    expect(input.Message).toContain('Account:   111122223333 (production)');
  });

  it('publishes one alert for a region enabled in an account, however it is reported', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const optIn = getTestEvent('account-events/region-opt-in-enabled_account-docs.json');
    const call = {
      source: 'aws.account',
      'detail-type': 'AWS API Call via CloudTrail',
      account: '123456789012',
      detail: { eventName: 'EnableRegion', recipientAccountId: '123456789012', requestParameters: { RegionName: 'ap-east-1' } },
    };

    // Act
    await handler(optIn);
    await handler(call);

    // Assess
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({
      Subject: '[HIGH] Region ap-east-1 enabled in 123456789012, not covered yet',
      MessageAttributes: { severity: { StringValue: 'high' }, findings: { StringValue: '["region-enabled"]' } },
    });
  });

  it('publishes nothing for a region that is only being enabled, and logs why', async () => {
    // Prepare
    const optIn = getTestEvent<{ detail: Record<string, unknown> }>('account-events/region-opt-in-enabled_account-docs.json');

    // Act
    await handler({ ...optIn, detail: { ...optIn.detail, status: 'ENABLING' } });

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(loggedLines(stdout)).toEqual([expect.objectContaining({ level: 'INFO', message: 'skipped', reason: 'region opt-in status ENABLING needs no action' })]);
  });

  it('publishes one alert for a GuardDuty console sign-in finding, however often it arrives', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const finding = getTestEvent<Record<string, unknown>>('aws-signals/guardduty-consoleloginsuccess-b.json');

    // Act
    await handler(finding);
    await handler({ ...finding, id: 'redelivered', region: 'eu-west-1' });

    // Assess
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.MessageAttributes?.findings?.StringValue).toBe('["guardduty-console-login"]');
  });

  it('alerts on a failed IAM Identity Center sign-in and on a console token made from API keys', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const identityCenter = getTestEvent<Record<string, unknown>>('sample-events/cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025.json');
    const failed = envelope({ ...identityCenter, eventID: 'idc-failed', sourceIPAddress: '203.0.113.9', serviceEventDetails: { UserAuthentication: 'Failure' } });
    const token = envelope({
      eventName: 'GetSigninToken',
      eventID: 'token-1',
      sourceIPAddress: '203.0.113.9',
      userIdentity: { type: 'IAMUser', userName: 'ci-bot' },
      recipientAccountId: '111122223333',
    });

    // Act
    await handler(failed);
    await handler(token);

    // Assess
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject)).toEqual([
      '[MEDIUM] demo-user-2 failed IAM Identity Center sign-in to 123456789012 from 203.0.113.9',
      '[HIGH] ci-bot console sign-in token from API keys to 111122223333 (production) from 203.0.113.9',
    ]);
  });

  it('keeps the subject within SNS limits', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const event = getTestEvent<Record<string, unknown>>(ROOT_SIGN_IN);
    event.detail = { ...(event.detail as object), userIdentity: { type: 'IAMUser', userName: `désiré-${'x'.repeat(200)}` } };

    // Act
    await handler(event);

    // Assess
    const subject = snsMock.commandCalls(PublishCommand)[0].args[0].input.Subject as string;
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('publishes nothing for an allowed sign-in and logs it as one structured line', async () => {
    // Act
    await handler(envelope(getTestEvent(ALLOWED_SIGN_IN)));

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(loggedLines(stdout)).toEqual([expect.objectContaining({ level: 'INFO', message: 'allowed', eventId: 'fed06f42-cb12-4764-8c69-121063dc79b9', findings: [], severity: 'none' })]);
  });

  it('publishes nothing for a sign-in event other than ConsoleLogin and logs why', async () => {
    // Act
    await handler(envelope(getTestEvent('sample-events/cloudtrail-iamuser-checkmfa_ct-docs-2022.json')));

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(loggedLines(stdout)[0]).toMatchObject({
      message: 'skipped',
      summary: `skipped: eventName is "CheckMfa", not a sign-in signin-watch evaluates (ConsoleLogin, GetSigninToken, UserAuthentication, CredentialChallenge, CredentialVerification)`,
    });
  });

  it('logs the seconds from the sign-in to its alert as a CloudWatch metric on the "alert published" line', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const event = getTestEvent<Record<string, any>>(ROOT_SIGN_IN);
    const eventTime = new Date(Date.now() - 12_000).toISOString();
    event.detail.eventTime = eventTime;

    // Act
    await handler(event);

    // Assess
    const published = loggedLines(stdout).find(({ message }) => message === 'alert published') as Record<string, any>;
    expect(published._aws.CloudWatchMetrics).toEqual([{ Namespace: 'signin-watch', Dimensions: [[]], Metrics: [{ Name: 'SignInToAlertSeconds', Unit: 'Seconds' }] }]);
    expect(published.SignInToAlertSeconds).toBeGreaterThanOrEqual(12);
    expect(published.SignInToAlertSeconds).toBeLessThan(20);
  });

  it('publishes one alert when the same sign-in is delivered twice, even through another region', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const first = getTestEvent<Record<string, unknown>>(ROOT_SIGN_IN);
    const second = { ...getTestEvent<Record<string, unknown>>(ROOT_SIGN_IN), id: 'a-new-envelope-id', region: 'eu-west-1' };

    // Act
    await handler(first);
    await handler(second);

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(loggedLines(stdout).map(({ message }) => message)).toEqual(['alert published', 'duplicate delivery, not published (already-published)']);
  });

  it('publishes exactly once when a publish fails and the retry succeeds', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejectsOnce(new Error('Throttling')).resolves({});
    const event = getTestEvent(ROOT_SIGN_IN);

    // Act
    await expect(handler(event)).rejects.toThrow('Throttling');
    await handler(event);
    await handler(event);

    // Assess
    const publishes = snsMock.commandCalls(PublishCommand);
    expect(publishes).toHaveLength(2);
    expect([publishes[0].args[0].input.Subject, publishes[1].args[0].input.Subject]).toEqual([
      '[CRITICAL] Root console sign-in to 123456789012 from 0.0.0.0',
      '[CRITICAL] Root console sign-in to 123456789012 from 0.0.0.0',
    ]);
    expect(loggedLines(stdout).map(({ message }) => message)).toEqual(['publish failed; throwing so Lambda retries', 'alert published', 'duplicate delivery, not published (already-published)']);
  });

  it('publishes on the retry after the lease, even when a failed publish could not release its claim', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejectsOnce(new Error('Throttling')).resolves({});
    dedup.failNext('delete', new Error('DynamoDB unavailable'));
    const event = getTestEvent(ROOT_SIGN_IN);
    await expect(handler(event)).rejects.toThrow('Throttling');

    // Act
    await expect(handler(event)).rejects.toThrow(ClaimInProgressError);
    now += 60_000;
    await handler(event);

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
    expect(loggedLines(stdout).map(({ message }) => message)).toEqual([
      'publish failed; throwing so Lambda retries',
      'could not release the dedup claim',
      'another delivery holds the claim; throwing so Lambda retries after the lease',
      'alert published',
    ]);
  });

  it('sends the alert exactly once when the invocation holding the claim crashed before publishing', async () => {
    // Prepare: the first delivery claims, then its container dies inside the publish (a
    // promise that never settles), so it neither publishes nor releases its claim.
    const delivered: string[] = [];
    snsMock
      .on(PublishCommand)
      .callsFakeOnce(() => new Promise(() => undefined))
      .callsFake((input: { Subject: string }) => {
        delivered.push(input.Subject);
        return {};
      });
    const event = getTestEvent(ROOT_SIGN_IN);
    void handler(event);
    await new Promise((resolve) => setImmediate(resolve));

    // Act: a redelivery while the lease holds, then Lambda's retries of both, one minute
    // (the first retry's wait) and three minutes later.
    now += 1_000;
    const redelivery = handler(event);
    await expect(redelivery).rejects.toThrow(ClaimInProgressError);
    now += 59_000;
    await handler(event);
    now += 120_000;
    await handler(event);

    // Assess
    expect(delivered).toEqual(['[CRITICAL] Root console sign-in to 123456789012 from 0.0.0.0']);
    expect(loggedLines(stdout).map(({ message }) => message)).toEqual([
      'another delivery holds the claim; throwing so Lambda retries after the lease',
      'alert published',
      'duplicate delivery, not published (already-published)',
    ]);
  });

  it('does not throw when the alert is out but could not be recorded, so Lambda does not publish it again', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    dedup.failNext('update', new Error('DynamoDB unavailable'));

    // Act
    await handler(getTestEvent(ROOT_SIGN_IN));

    // Assess
    expect(loggedLines(stdout).map(({ level, message }) => `${level} ${message}`)).toEqual([
      'INFO alert published',
      'WARN published, but could not record it; a redelivery after the lease publishes it again',
    ]);
  });

  it('throws when it cannot claim the sign-in, so Lambda retries instead of risking a lost alert', async () => {
    // Prepare
    dedup.failNext('put', new Error('DynamoDB unavailable'));

    // Act
    const invocation = handler(getTestEvent(ROOT_SIGN_IN));

    // Assess
    await expect(invocation).rejects.toThrow('DynamoDB unavailable');
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('publishes a record without an eventID, which cannot be deduplicated, and says so', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const event = getTestEvent<Record<string, unknown>>(ROOT_SIGN_IN);
    event.detail = { ...(event.detail as object), eventID: undefined };

    // Act
    await handler(event);
    await handler(event);

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
    expect(loggedLines(stdout)[0]).toMatchObject({ level: 'WARN', message: 'record has no eventID, so this alert cannot be deduplicated' });
  });

  it('rethrows a publish failure so that Lambda retries, and logs it', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(new Error('KMS key disabled'));

    // Act
    const invocation = handler(getTestEvent(ROOT_SIGN_IN));

    // Assess
    await expect(invocation).rejects.toThrow('KMS key disabled');
    expect(loggedLines(stdout)).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'publish failed; throwing so Lambda retries', eventId: '324731c0-64b3-4421-b552-dfc3c27df4f6', error: 'KMS key disabled' }),
    ]);
  });

  it.each([
    ['no detail', { id: 'e-1', source: 'aws.signin' }],
    ['a detail without eventName', { id: 'e-1', detail: { sourceIPAddress: '1.2.3.4' } }],
    ['a detail that is a string', { id: 'e-1', detail: '{"eventName":"ConsoleLogin"}' }],
  ])('throws on an event with %s, logging its id', async (_, event) => {
    // Act
    const invocation = handler(event);

    // Assess
    await expect(invocation).rejects.toThrow(new MalformedEventError('event e-1 has no CloudTrail record in "detail"'));
    expect(loggedLines(stdout)).toEqual([expect.objectContaining({ level: 'ERROR', envelopeId: 'e-1', event })]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it.each([[null], ['text'], [[]], [42]])('throws on %j, which is not an event at all', async (event) => {
    // Act
    const invocation = handler(event);

    // Assess
    await expect(invocation).rejects.toThrow('event (no id) has no CloudTrail record in "detail"');
  });
});

describe('loadAlertSettings', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-settings-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const ENV = { TOPIC_ARN, DEDUP_TABLE: 'signin-watch-dedup' };
  const CLIENTS = {
    sns: () => new SNSClient({ region: 'us-east-1' }),
    readParameter: async () => undefined,
    readSecret: async () => undefined,
    fetch,
    sleep: async () => undefined,
    now: Date.now,
  };

  it('reads the topic and table from the environment and the allowlist from the packaged settings', async () => {
    // Prepare
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ allowedCidrs: ['203.0.113.0/24'], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));

    // Act
    const settings = loadAlertSettings(ENV, dir, CLIENTS);

    // Assess
    const { trust } = await settings.trust.current();
    expect([settings.topicArn, settings.dedupTableName, trust.allowedBy({ sourceIp: '203.0.113.9' }, 0) !== undefined, trust.allowedBy({ sourceIp: '203.0.114.9' }, 0) !== undefined]).toEqual([
      TOPIC_ARN,
      'signin-watch-dedup',
      true,
      false,
    ]);
  });

  it.each(['TOPIC_ARN', 'DEDUP_TABLE'])('fails at init when %s is missing', (name) => {
    // Prepare
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ allowedCidrs: [], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));

    // Act
    const load = () => loadAlertSettings({ ...ENV, [name]: undefined }, dir, CLIENTS);

    // Assess
    expect(load).toThrow(`environment variable ${name} is not set`);
  });

  it('fails at init when the settings file is missing', () => {
    // Act
    const load = () => loadAlertSettings(ENV, dir, CLIENTS);

    // Assess
    expect(load).toThrow(/settings\.json/);
  });

  it('fails at init when the settings file lacks a part, naming the file', () => {
    // Prepare
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ allowedCidrs: [] }));

    // Act
    const load = () => loadAlertSettings(ENV, dir, CLIENTS);

    // Assess
    expect(load).toThrow(/settings\.json lacks allowedCidrs, accountAllowedCidrs, exceptions, regions or accountNames/);
  });
});
