import { Trust } from '../../core/detect/trust';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { evaluate, severityOf } from '../../core/detect/evaluate';
import { getTestEvent } from '../helpers/fixtures';

const IAM_USER_MFA = 'sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json';
const ROOT_MFA = 'sample-events/cloudtrail-root-consolelogin-success-mfa_ct-docs-2022.json';

/** The IAM-user sign-in with MFA from the CloudTrail docs, with fields replaced. */
function iamUserSignIn(changes: Record<string, unknown> = {}): CloudTrailRecord {
  return { ...getTestEvent<CloudTrailRecord>(IAM_USER_MFA), ...changes };
}

const allowlist = Trust.fromCidrs(['192.0.2.0/24', '198.51.100.7', '2001:db8:1234::/48']);

describe('evaluate', () => {
  it('allows an IAM user with MFA from an allowed address', () => {
    // Act
    const result = evaluate(iamUserSignIn(), allowlist);

    // Assess
    expect(result).toMatchObject({ alert: false, severity: 'none', findings: [], summary: 'anaya signed in to account 111122223333 from 192.0.2.0 in us-east-1: allowed' });
  });

  it('allows an address that a single-address entry names', () => {
    // Act
    const result = evaluate(iamUserSignIn({ sourceIPAddress: '198.51.100.7' }), allowlist);

    // Assess
    expect(result.findings).toEqual([]);
  });

  it('flags the neighbour of a single-address entry', () => {
    // Act
    const result = evaluate(iamUserSignIn({ sourceIPAddress: '198.51.100.8' }), allowlist);

    // Assess
    expect(result).toMatchObject({ alert: true, severity: 'high', findings: ['source-ip-not-allowed'] });
  });

  it('allows an IPv6 address inside an IPv6 block', () => {
    // Act
    const result = evaluate(iamUserSignIn({ sourceIPAddress: '2001:db8:1234:5::9' }), allowlist);

    // Assess
    expect(result.alert).toBe(false);
  });

  it('flags an IPv6 address outside every block', () => {
    // Act
    const result = evaluate(iamUserSignIn({ sourceIPAddress: '2001:db8:1235::9' }), allowlist);

    // Assess
    expect(result.findings).toEqual(['source-ip-not-allowed']);
  });

  it.each([['AWS Internal'], ['signin.amazonaws.com'], [''], [null], [42]])('never allows the source address %j, which is not an IP', (sourceIPAddress) => {
    // Act
    const result = evaluate(iamUserSignIn({ sourceIPAddress }), Trust.fromCidrs(['0.0.0.0/0', '::/0']));

    // Assess
    expect(result.findings).toEqual(['source-ip-not-allowed']);
  });

  it.each(['Yes', 'YES', 'yes', ' yes ', true])('counts MFAUsed %j as MFA used', (mfaUsed) => {
    // Prepare
    const record = iamUserSignIn({ additionalEventData: { MFAUsed: mfaUsed } });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result.findings).toEqual([]);
  });

  it.each(['No', 'NO', '', 'false', false, undefined])('flags an IAM user whose MFAUsed is %j', (mfaUsed) => {
    // Prepare
    const record = iamUserSignIn({ additionalEventData: { MFAUsed: mfaUsed } });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result).toMatchObject({ severity: 'medium', findings: ['mfa-not-used'] });
  });

  it('flags an IAM user whose record has no additionalEventData at all', () => {
    // Prepare
    const record = iamUserSignIn({ additionalEventData: undefined });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result.findings).toEqual(['mfa-not-used']);
  });

  it('does not flag MFA on a SAML sign-in, whose MFA happens at the identity provider', () => {
    // Prepare
    const record = iamUserSignIn({ additionalEventData: { MFAUsed: 'No', SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' } });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result).toMatchObject({ findings: [], facts: { mfa: 'federated (checked by the identity provider)' } });
  });

  it.each(['AssumedRole', 'FederatedUser', 'IdentityCenterUser'])('does not flag MFA for a %s sign-in', (type) => {
    // Prepare
    const record = iamUserSignIn({ userIdentity: { type }, additionalEventData: { MFAUsed: 'No' } });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result.findings).toEqual([]);
  });

  it('rates a root sign-in with MFA from an allowed address critical', () => {
    // Act
    const result = evaluate(getTestEvent<CloudTrailRecord>(ROOT_MFA), allowlist);

    // Assess
    expect(result).toMatchObject({ alert: true, severity: 'critical', findings: ['root-sign-in'], summary: expect.stringMatching(/^root user signed in/) });
  });

  it('does not flag MFA on a failed sign-in, which proves nothing about MFA', () => {
    // Prepare
    const record = iamUserSignIn({ responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'No' }, errorMessage: 'Failed authentication' });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result).toMatchObject({ severity: 'low', findings: ['sign-in-failed'], facts: { mfa: 'not applicable', errorMessage: 'Failed authentication' } });
  });

  it('treats an error message without responseElements as a failure', () => {
    // Prepare
    const record = iamUserSignIn({ responseElements: null, errorMessage: 'Failed authentication' });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result.facts.outcome).toBe('Failure');
  });

  it('says the outcome is unknown when the record does not tell', () => {
    // Prepare
    const record = iamUserSignIn({ responseElements: 'null', sourceIPAddress: '203.0.113.9' });

    // Act
    const result = evaluate(record, allowlist);

    // Assess
    expect(result).toMatchObject({ severity: 'high', findings: ['source-ip-not-allowed'], summary: expect.stringContaining('tried to sign in (outcome unknown)') });
  });

  it('skips other sign-in events and says why', () => {
    // Act
    const result = evaluate(iamUserSignIn({ eventName: 'SwitchRole', sourceIPAddress: '203.0.113.9' }), allowlist);

    // Assess
    expect(result).toMatchObject({
      alert: false,
      severity: 'none',
      findings: [],
      skipped: `eventName is "SwitchRole", not a sign-in signin-watch evaluates (ConsoleLogin, GetSigninToken, UserAuthentication, CredentialChallenge, CredentialVerification)`,
    });
  });

  it('takes account, region and time from the envelope when the record lacks them', () => {
    // Prepare
    const record: CloudTrailRecord = { eventName: 'ConsoleLogin' };

    // Act
    const result = evaluate(record, allowlist, { account: '444455556666', region: 'ap-southeast-2', time: '2026-01-01T00:00:00Z' });

    // Assess
    expect(result.facts).toMatchObject({ account: '444455556666', region: 'ap-southeast-2', eventTime: '2026-01-01T00:00:00Z', principal: 'unknown principal', outcome: 'Unknown' });
  });

  it.each([[{ userIdentity: 'root' }], [{ userIdentity: { type: 7, arn: [] } }], [{ additionalEventData: 'yes' }], [{ responseElements: { ConsoleLogin: 1 } }], [{ eventTime: 1700000000 }]])(
    'returns a result for the odd shape %j',
    (changes) => {
      // Act
      const evaluateOdd = () => evaluate(iamUserSignIn(changes), allowlist);

      // Assess
      expect(evaluateOdd).not.toThrow();
    },
  );
});

describe('severityOf', () => {
  it.each([
    [['root-sign-in'], 'Success', 'critical'],
    [['root-sign-in', 'sign-in-failed'], 'Failure', 'high'],
    [['root-sign-in'], 'Unknown', 'critical'],
    [['source-ip-not-allowed', 'mfa-not-used'], 'Success', 'high'],
    [['source-ip-not-allowed', 'sign-in-failed'], 'Failure', 'medium'],
    [['mfa-not-used'], 'Success', 'medium'],
    [['sign-in-failed'], 'Failure', 'low'],
    [[], 'Success', 'none'],
  ] as const)('rates %j with outcome %s as %s', (findings, outcome, expected) => {
    // Act
    const severity = severityOf(findings, outcome);

    // Assess
    expect(severity).toBe(expected);
  });
});

describe('evaluate: IAM Identity Center and sign-in tokens', () => {
  const trust = Trust.fromCidrs(['192.0.2.0/24']);
  const sample = getTestEvent<Record<string, unknown>>('sample-events/cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025.json');
  const identityCenter = (overrides: Record<string, unknown>) => ({ ...sample, ...overrides }) as CloudTrailRecord;

  it.each([
    ['a sign-in from outside the allowlist', { sourceIPAddress: '203.0.113.9' }, 'high', ['source-ip-not-allowed']],
    ['a failed sign-in', { serviceEventDetails: { UserAuthentication: 'Failure' } }, 'low', ['sign-in-failed']],
    [
      'a failed credential check from outside the allowlist',
      { eventName: 'CredentialVerification', sourceIPAddress: '203.0.113.9', serviceEventDetails: { CredentialVerification: 'Failure' } },
      'medium',
      ['source-ip-not-allowed', 'sign-in-failed'],
    ],
    [
      'a sign-in recorded with the July 2025 identity type',
      { userIdentity: { type: 'IdentityCenterUser', accountId: '123456789012', onBehalfOf: { userId: 'u-1' } }, sourceIPAddress: '2001:db8::5' },
      'high',
      ['source-ip-not-allowed'],
    ],
  ])('judges %s', (_, overrides, severity, findings) => {
    // Act
    const result = evaluate(identityCenter(overrides), trust);

    // Assess
    expect([result.severity, result.findings, result.facts.mfa]).toEqual([severity, findings, 'checked by IAM Identity Center']);
  });

  it.each([
    ['CredentialChallenge', { eventName: 'CredentialChallenge', serviceEventDetails: { CredentialChallenge: 'Success' } }, /only asks for a credential/],
    ['a CredentialVerification that succeeded', { eventName: 'CredentialVerification', serviceEventDetails: { CredentialVerification: 'Success' } }, /did not fail/],
  ])('skips %s, which the UserAuthentication covers', (_, overrides, reason) => {
    // Act
    const result = evaluate(identityCenter(overrides), trust);

    // Assess
    expect([result.alert, result.skipped]).toEqual([false, expect.stringMatching(reason)]);
  });

  it('alerts on a console sign-in token made from API keys outside the allowlist, and says what it is', () => {
    // Act
    const result = evaluate(
      {
        eventName: 'GetSigninToken',
        eventSource: 'signin.amazonaws.com',
        sourceIPAddress: '203.0.113.9',
        userAgent: 'python-requests/2.31',
        userIdentity: { type: 'IAMUser', userName: 'ci-bot' },
        recipientAccountId: '111122223333',
      },
      trust,
    );

    // Assess
    expect([result.severity, result.findings, result.summary]).toEqual([
      'high',
      ['source-ip-not-allowed'],
      'ci-bot made a console sign-in token from API keys to account 111122223333 from 203.0.113.9 in an unknown region: address not on the allowlist',
    ]);
  });
});
