import { parseConfig } from '../../core/config';
import { deploySummary } from '../../core/deploy/summary';

const NOW = Date.parse('2030-06-01T12:00:00Z');
const COMPLETE = { regions: ['us-east-1', 'eu-west-1'], allowedCidrs: ['203.0.113.0/24'], notificationEmails: ['security@example.com'] };
const summaryOf = (settings: object, now = NOW) => deploySummary(parseConfig(JSON.stringify(settings), 'config.json'), 'config.json', now);
const warnings = (lines: readonly string[]) => lines.filter((line) => line.startsWith('WARNING:'));

describe('deploySummary', () => {
  it('says what a complete single-account config deploys, with no warning', () => {
    // Act
    const lines = summaryOf(COMPLETE);

    // Assess
    expect(lines).toEqual([
      'signin-watch: config.json deploys to this account:',
      '  role:        central account: the alert bus, Lambda and topic in us-east-1, and forwarders',
      '  regions:     2: us-east-1, eu-west-1',
      '  alerts on:   console sign-ins as root, without MFA, failed, or from outside the allowlist',
      "  alerts go:   email to security@example.com, once each address confirms AWS's subscription mail",
      '  allowlist:   1 address block',
    ]);
  });

  it('warns that alerts go nowhere and every sign-in alerts for the default config', () => {
    // Act
    const lines = summaryOf({});

    // Assess
    expect(lines).toContain('  alerts go:   nowhere');
    expect(warnings(lines)).toEqual([
      'WARNING: alerts go nowhere: no notificationEmails, chat or webhook is set, so nobody hears of a sign-in. Add at least one email address.',
      'WARNING: the allowlist is empty: every sign-in raises an alert. List your offices and VPN in allowedCidrs.',
    ]);
  });

  it('counts chat or a webhook as a destination, and an SSM allowlist as an allowlist', () => {
    // Act
    const lines = summaryOf({
      regions: ['us-east-1'],
      allowlistParameter: '/signin-watch/allowed-cidrs',
      chat: { severities: ['critical', 'high'] },
      webhook: { urlSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hook-AbCdEf' },
    });

    // Assess
    expect(warnings(lines)).toEqual([]);
    expect(lines).toContain(
      '  alerts go:   a chat topic for AWS Chatbot (critical, high only); a webhook whose URL is in arn:aws:secretsmanager:us-east-1:111122223333:secret:hook-AbCdEf (critical, high only)',
    );
    expect(lines).toContain('  allowlist:   read from SSM parameter /signin-watch/allowed-cidrs');
  });

  it('warns about an opt-in region, which fails to deploy until the account enables it', () => {
    // Act
    const lines = summaryOf({ ...COMPLETE, regions: ['us-east-1', 'af-south-1'] });

    // Assess
    expect(warnings(lines)).toEqual(['WARNING: af-south-1 is an opt-in region: deploying fails unless the account has enabled it (AWS console, Account, AWS Regions).']);
  });

  it('warns about an exception that ends within 7 days, and not about one that ends later', () => {
    // Prepare
    const exceptions = [
      { principal: 'arn:aws:iam::*:role/Vendor', reason: 'vendor migration', expires: '2030-06-03' },
      { principal: 'arn:aws:iam::*:role/Audit', reason: 'yearly audit', expires: '2030-06-09' },
    ];

    // Act
    const lines = summaryOf({ ...COMPLETE, exceptions });

    // Assess
    expect(warnings(lines)).toEqual(['WARNING: exceptions[0] ("vendor migration") ends after 2030-06-03, in 3 days: its sign-ins alert again from then on. Extend it or remove it.']);
    expect(lines).toContain('  allowlist:   1 address block, plus 2 exceptions');
  });

  it('leaves alerts to the central account in a member account, and names the StackSets administrator', () => {
    // Prepare
    const org = { regions: ['us-east-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111', stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' } };

    // Act
    const lines = summaryOf({ ...org, accountId: '999999999999' });

    // Assess
    expect(lines.slice(1)).toEqual([
      "  role:        member account: forwarders to the central bus in account 111111111111, and the organization's stack sets (this is the StackSets administrator)",
      '  regions:     1: us-east-1',
      '  alerts:      judged and sent by the central account 111111111111, as its config says',
    ]);
  });
});
