import { Trust } from '../../core/detect/trust';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { evaluate, FINDINGS } from '../../core/detect/evaluate';
import { formatNotification, RAW_EVENT_MAX_BYTES, SUBJECT_MAX_LENGTH } from '../../core/notify/notification';
import { envelope, getTestEvent } from '../helpers/fixtures';

const ROOT_NO_MFA = 'sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json';
const allowlist = Trust.fromCidrs(['192.0.2.0/24']);

function notificationFor(event: Record<string, unknown>) {
  return formatNotification(evaluate(event.detail as CloudTrailRecord, allowlist), event);
}

describe('formatNotification', () => {
  it('writes a subject that says severity, who, which account and from where', () => {
    // Act
    const { subject } = notificationFor(getTestEvent(ROOT_NO_MFA));

    // Assess
    expect(subject).toBe('[CRITICAL] Root console sign-in to 123456789012 from 0.0.0.0');
  });

  it('says "failed" in the subject of a failed sign-in', () => {
    // Act
    const { subject } = notificationFor(getTestEvent('sample-events/eventbridge-iamuser-consolelogin-failure_2018-console-sample.json'));

    // Assess
    expect(subject).toBe('[MEDIUM] usernamehere failed console sign-in to 0000000000 from 124.169.26.213');
  });

  it('keeps the subject within what SNS accepts for any principal name', () => {
    // Prepare
    const event = getTestEvent<Record<string, unknown>>(ROOT_NO_MFA);
    const userName = `Zoë\u202e\n${'Ω'.repeat(150)}`;
    event.detail = { ...(event.detail as object), userIdentity: { type: 'IAMUser', userName } };

    // Act
    const { subject } = notificationFor(event);

    // Assess
    expect(subject.length).toBe(SUBJECT_MAX_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7e]+\.\.\.$/);
  });

  it('writes who, where, when, outcome and MFA in the body', () => {
    // Act
    const { body } = notificationFor(getTestEvent(ROOT_NO_MFA));

    // Assess
    expect(body.split('\n').slice(0, 13)).toEqual([
      'CRITICAL: root user signed in to account 123456789012 from 0.0.0.0 in us-east-1: root user, address not on the allowlist, no MFA',
      '',
      'Who:       root user (Root)',
      'Account:   123456789012',
      'Region:    us-east-1',
      'From:      0.0.0.0',
      'Client:    Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/47.0.2526.106 Safari/537.36',
      'When:      2016-01-05T18:21:27Z',
      'Event:     ConsoleLogin',
      'Outcome:   Success',
      'MFA:       not used',
      'Event ID:  324731c0-64b3-4421-b552-dfc3c27df4f6',
      '',
    ]);
  });

  it('explains every finding in a sentence and says what to do', () => {
    // Act
    const { body } = notificationFor(getTestEvent(ROOT_NO_MFA));

    // Assess
    expect(body).toContain("- root-sign-in: The account's root user was used.");
    expect(body).toContain('- source-ip-not-allowed: The source address 0.0.0.0 is not inside any block in allowedCidrs.');
    expect(body).toContain('- mfa-not-used: The sign-in succeeded with a password alone: no MFA device was used.');
    expect(body).toContain('What to do: Confirm with the account owner right now that this was them.');
  });

  it('says so when the source address is not an IP address at all', () => {
    // Prepare
    const event = envelope({ eventName: 'ConsoleLogin', sourceIPAddress: 'AWS Internal', responseElements: { ConsoleLogin: 'Success' } });

    // Act
    const { body } = notificationFor(event);

    // Assess
    expect(body).toContain('The source address AWS Internal is not inside any block in allowedCidrs (it is not an IP address at all).');
  });

  it('names the error of a failed sign-in', () => {
    // Act
    const { body } = notificationFor(getTestEvent('sample-events/eventbridge-iamuser-consolelogin-failure_2018-console-sample.json'));

    // Assess
    expect(body).toContain('- sign-in-failed: The sign-in failed (Failed authentication)');
  });

  it('ends with the raw event', () => {
    // Prepare
    const event = getTestEvent(ROOT_NO_MFA);

    // Act
    const { body } = notificationFor(event);

    // Assess
    expect(JSON.parse(body.slice(body.indexOf('Raw event:\n') + 'Raw event:\n'.length))).toEqual(event);
  });

  it('cuts a huge raw event so the message stays under the SNS limit', () => {
    // Prepare
    const event = envelope({ eventName: 'ConsoleLogin', userAgent: 'x'.repeat(300_000) });

    // Act
    const { body } = notificationFor(event);

    // Assess
    expect(Buffer.byteLength(body)).toBeLessThan(256 * 1024);
    expect(body).toContain(`... (cut at ${RAW_EVENT_MAX_BYTES} bytes)`);
  });

  it('stays under the SNS limit in bytes when the event is full of 4-byte characters', () => {
    // Prepare
    const event = envelope({ eventName: 'ConsoleLogin', userAgent: '\u{10000}'.repeat(150_000) });

    // Act
    const { body } = notificationFor(event);

    // Assess
    expect(Buffer.byteLength(body)).toBeLessThan(256 * 1024);
  });

  it('gives subscribers severity, account and findings to filter on', () => {
    // Act
    const { attributes } = notificationFor(getTestEvent(ROOT_NO_MFA));

    // Assess
    expect(attributes).toEqual({ severity: 'critical', account: '123456789012', findings: ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used'] });
  });

  it('lists findings in the fixed order of the vocabulary', () => {
    // Assess
    expect(FINDINGS).toEqual(['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used', 'sign-in-failed']);
  });
});
