import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateAwsSignal } from '../../core/detect/aws-detections';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { evaluate } from '../../core/detect/evaluate';
import { formatNotification, type Notification, webhookMessage } from '../../core/notify/notification';
import { evaluateRegionChange } from '../../core/detect/region-change';
import { Trust } from '../../core/detect/trust';
import { getTestEvent } from '../helpers/fixtures';

/**
 * Every kind of alert, rendered for email, for AWS Chatbot and for a webhook, compared
 * with plain files in test/snapshots/notifications that a reviewer can read. After a
 * deliberate change, run `UPDATE_SNAPSHOTS=1 npx jest notification-snapshots` and review
 * the diff; CI never writes them.
 */
const DIR = join(__dirname, '..', 'snapshots', 'notifications');
const NOW = Date.parse('2026-11-27T12:00:00Z');
const NAMES = { '111122223333': 'production' };
const TRUST = Trust.fromRules({
  allowedCidrs: ['192.0.2.0/24'],
  accountAllowedCidrs: {},
  exceptions: [{ principal: 'arn:aws:iam::*:user/ops-*', reason: 'on-call engineers travel', expires: '2026-12-31' }],
});

const record = (name: string): CloudTrailRecord => {
  const document = getTestEvent<Record<string, unknown>>(`sample-events/${name}.json`);
  return ((document.Records as CloudTrailRecord[] | undefined)?.[0] ?? (document.detail as CloudTrailRecord | undefined) ?? document) as CloudTrailRecord;
};
const signIn = (detail: CloudTrailRecord, notes: ReadonlyArray<readonly [string, string]> = []): Notification => formatNotification(evaluate(detail, TRUST, {}, NOW), { detail }, NAMES, notes);
const iamSuccess = record('cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022');
const iamFailure = record('cloudtrail-iamuser-consolelogin-failure_ct-docs-2022');
const identityCenter = record('cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025');
const alertOf = (verdict: { alert: boolean; notification?: Notification }): Notification => {
  if (!verdict.notification) throw new Error('expected an alert');
  return verdict.notification;
};

const CASES: Record<string, () => Notification> = {
  'root-no-mfa-foreign-address': () => signIn(record('eventbridge-root-consolelogin-success_cwe-docs-2016')),
  'root-failed': () => signIn(record('cloudtrail-root-consolelogin-failure_ct-docs-2022')),
  'iam-user-foreign-address': () => signIn({ ...iamSuccess, sourceIPAddress: '203.0.113.50' }),
  'iam-user-failed-foreign-address': () => signIn({ ...iamFailure, sourceIPAddress: '203.0.113.50' }),
  'iam-user-no-mfa': () => signIn(record('cloudtrail-iamuser-consolelogin-success-nomfa_ct-docs-2022')),
  'iam-user-failed': () => signIn(iamFailure),
  'federated-foreign-address': () => signIn(record('cloudtrail-saml-federated-consolelogin-success_microfocus')),
  'exception-trusted-no-mfa': () =>
    signIn({
      ...record('cloudtrail-iamuser-consolelogin-success-nomfa_ct-docs-2022'),
      sourceIPAddress: '198.51.100.23',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ops-bob', accountId: '111122223333', userName: 'ops-bob' },
    }),
  'allowlist-unavailable': () =>
    signIn(iamSuccess, [['Allowlist', 'unavailable, so no address was trusted: allowlist parameter /signin-watch/allowed-cidrs: could not be read (AccessDeniedException)']]),
  'identity-center-failed-foreign-address': () => signIn({ ...identityCenter, sourceIPAddress: '203.0.113.50', serviceEventDetails: { UserAuthentication: 'Failure' } }),
  'get-signin-token-foreign-address': () =>
    signIn({
      eventName: 'GetSigninToken',
      eventID: 'b0e2a6f4-get-signin-token',
      eventTime: '2026-11-27T10:00:00Z',
      sourceIPAddress: '203.0.113.50',
      userAgent: 'python-requests/2.31.0',
      userIdentity: { type: 'IAMUser', userName: 'ci-bot', arn: 'arn:aws:iam::111122223333:user/ci-bot' },
      recipientAccountId: '111122223333',
      awsRegion: 'us-east-1',
    }),
  'guardduty-console-login': () => alertOf(evaluateAwsSignal(getTestEvent('aws-signals/guardduty-consoleloginsuccess-b.json'), NAMES)),
  'sign-in-anomaly': () => alertOf(evaluateAwsSignal(getTestEvent('aws-signals/sign-in-anomaly-alert_constructed.json'), NAMES)),
  'region-enabled': () => alertOf(evaluateRegionChange(getTestEvent('account-events/region-opt-in-enabled_account-docs.json'), { regions: ['us-east-1'], accountNames: NAMES })),
};

function matchesFile(name: string, actual: string): void {
  const file = join(DIR, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${file} does not exist: run UPDATE_SNAPSHOTS=1 npx jest notification-snapshots, and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(Object.entries(CASES))('the %s alert', (name, make) => {
  const notification = make();

  it('reads as recorded in its email snapshot', () => {
    // Assess
    matchesFile(`${name}.email.txt`, `Subject: ${notification.subject}\n\n${notification.body}\n`);
  });

  it('reads as recorded in its AWS Chatbot snapshot, without the raw event', () => {
    // Assess
    matchesFile(`${name}.chat.json`, `${JSON.stringify(notification.chat, null, 2)}\n`);
    expect(JSON.stringify(notification.chat)).not.toContain('Raw event');
  });

  it('reads as recorded in its webhook snapshot', () => {
    // Assess
    matchesFile(`${name}.webhook.txt`, `${webhookMessage(notification).text}\n`);
  });
});

describe('chat rendering of attacker-influenced values', () => {
  it('cannot be made into a link or break out of its code span', () => {
    // Prepare
    const detail = { ...iamSuccess, sourceIPAddress: '203.0.113.50', userAgent: 'x` <https://evil.example|click here> &', userIdentity: { type: 'IAMUser', userName: '<https://evil.example|admin>' } };

    // Act
    const { chat } = signIn(detail);

    // Assess
    expect(chat.content.description).toContain("*Client:* `x' &lt;https://evil.example|click here&gt; &amp;`");
    expect(`${chat.content.title}${chat.content.description}`).not.toMatch(/<https?:/);
  });
});
