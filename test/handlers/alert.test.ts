import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Allowlist } from '../../core/allowlist';
import { createAlertHandler, loadAlertSettings, MalformedEventError } from '../../handlers/alert';
import { envelope, getTestEvent } from '../helpers/fixtures';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:signin-watch-alerts';
const ROOT_SIGN_IN = 'sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json';
const ALLOWED_SIGN_IN = 'sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json';

const snsMock = mockClient(SNSClient);

/** The JSON lines the handler logged. */
function loggedLines(spy: jest.SpyInstance): Array<Record<string, unknown>> {
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)));
}

describe('alert handler', () => {
  const handler = createAlertHandler({ topicArn: TOPIC_ARN, allowlist: Allowlist.fromCidrs(['192.0.2.0/24']) }, new SNSClient({ region: 'us-east-1' }));
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    snsMock.reset();
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
    expect(loggedLines(stdout)).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'allowed', eventId: 'fed06f42-cb12-4764-8c69-121063dc79b9', findings: [], severity: 'none' }),
    ]);
  });

  it('publishes nothing for a sign-in event other than ConsoleLogin and logs why', async () => {
    // Act
    await handler(envelope(getTestEvent('sample-events/cloudtrail-iamuser-checkmfa_ct-docs-2022.json')));

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(loggedLines(stdout)[0]).toMatchObject({ message: 'skipped', summary: 'skipped: eventName is "CheckMfa", not "ConsoleLogin"' });
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

  it('reads the topic from the environment and the allowlist from the package', () => {
    // Prepare
    writeFileSync(join(dir, 'allowlist.json'), JSON.stringify({ allowedCidrs: ['203.0.113.0/24'] }));

    // Act
    const settings = loadAlertSettings({ TOPIC_ARN }, dir);

    // Assess
    expect([settings.topicArn, settings.allowlist.contains('203.0.113.9'), settings.allowlist.contains('203.0.114.9')]).toEqual([TOPIC_ARN, true, false]);
  });

  it('fails at init when TOPIC_ARN is missing', () => {
    // Act
    const load = () => loadAlertSettings({}, dir);

    // Assess
    expect(load).toThrow('environment variable TOPIC_ARN is not set');
  });

  it('fails at init when the allowlist file is missing', () => {
    // Act
    const load = () => loadAlertSettings({ TOPIC_ARN }, dir);

    // Assess
    expect(load).toThrow(/allowlist\.json/);
  });
});
