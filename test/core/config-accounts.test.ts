import { accountRole, ConfigError, parseConfig } from '../../core/config';

const FILE = 'config/accounts/222222222222.json';
const ORG = { organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };

function problemsOf(settings: unknown): string[] {
  try {
    parseConfig(JSON.stringify(settings), FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: accounts', () => {
  it.each([
    [{}, 'central'],
    [{ accountId: '111111111111' }, 'central'],
    [{ ...ORG, accountId: '111111111111' }, 'central'],
    [{ ...ORG, accountId: '222222222222' }, 'member'],
  ])('decides the role of %j from config alone: %s', (settings, role) => {
    // Act
    const config = parseConfig(JSON.stringify(settings), FILE);

    // Assess
    expect(accountRole(config)).toBe(role);
  });

  it('needs accountId once centralAccountId is set, to tell central from member', () => {
    // Assess
    expect(problemsOf(ORG)).toEqual([
      `${FILE}: accountId: is not set, but centralAccountId is, so it is unclear whether this config is for the central account or a member. Fix: set accountId to the account this config deploys to, usually in a per-account file that extends the shared one.`,
    ]);
  });

  it('needs organizationId with centralAccountId, because members are admitted by organization', () => {
    // Assess
    expect(problemsOf({ centralAccountId: '111111111111', accountId: '222222222222' })[0]).toMatch(/organizationId: is not set, but centralAccountId is: member accounts can put events/);
  });

  it.each([['12345'], [111111111111], ['11111111111a']])('rejects the account id %j with how to find the right one', (accountId) => {
    // Assess
    expect(problemsOf({ accountId })).toEqual([
      `${FILE}: accountId: ${JSON.stringify(accountId)} is not an AWS account id. Fix: write the 12 digits as a string, such as "111122223333" (\`aws sts get-caller-identity\` shows it).`,
    ]);
  });

  it('fills {accountId} in the deploy role and the profile', () => {
    // Act
    const config = parseConfig(JSON.stringify({ accountId: '222222222222', deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole', awsProfile: 'member-{accountId}' }), FILE);

    // Assess
    expect([config.deployRoleArn, config.awsProfile]).toEqual(['arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', 'member-222222222222']);
  });

  it.each([
    [{ deployRoleArn: 'arn:aws:iam::{accountId}:role/Deploy' }, 'deployRoleArn: "arn:aws:iam::{accountId}:role/Deploy" contains {accountId}, but accountId is not set.'],
    [{ accountId: '222222222222', deployRoleArn: 'arn:aws:iam::333333333333:role/Deploy' }, 'is a role in account 333333333333, not in accountId 222222222222.'],
    [{ accountId: '222222222222', deployRoleArn: 'arn:aws:iam::{accountId}:user/deployer' }, 'is not an IAM role ARN.'],
    [{ awsProfile: 'my profile' }, 'awsProfile: "my profile" is not an AWS CLI profile name.'],
  ])('rejects the credentials in %j', (settings, message) => {
    // Assess
    expect(problemsOf(settings)[0]).toContain(message);
  });

  it('accepts account names and rejects keys that are not account ids', () => {
    // Act
    const config = parseConfig(JSON.stringify({ accountNames: { '111111111111': 'security' } }), FILE);

    // Assess
    expect(config.accountNames).toEqual({ '111111111111': 'security' });
    expect(problemsOf({ accountNames: { prod: 'production', '111111111111': '' } })).toEqual([
      `${FILE}: accountNames."prod": "prod" is not an AWS account id. Fix: use the 12-digit account id as the key.`,
      `${FILE}: accountNames.111111111111: "" is not a usable name. Fix: write 1 to 64 characters on one line, such as "production".`,
    ]);
  });
});

describe('parseConfig: stateBackend', () => {
  it('fills the key prefix and keeps an optional lock table', () => {
    // Act
    const config = parseConfig(JSON.stringify({ accountId: '222222222222', stateBackend: { bucket: 'acme-terraform-state', region: 'eu-west-1' } }), FILE);

    // Assess
    expect(config.stateBackend).toEqual({ bucket: 'acme-terraform-state', region: 'eu-west-1', keyPrefix: 'signin-watch' });
  });

  it('reports every problem inside it, with suggestions', () => {
    // Act
    const problems = problemsOf({ accountId: '222222222222', stateBackend: { bucket: 'Acme_State', region: 'eu-wset-1', keyPrefx: 'x', lockTable: '' } });

    // Assess
    expect(problems).toEqual([
      `${FILE}: stateBackend."keyPrefx": is not a stateBackend setting. Fix: did you mean "keyPrefix"?`,
      `${FILE}: stateBackend.bucket: "Acme_State" is not an S3 bucket name. Fix: name an existing bucket: 3 to 63 lower-case letters, digits, dots and hyphens.`,
      `${FILE}: stateBackend.region: "eu-wset-1" is not a commercial AWS region. Fix: did you mean "eu-west-1"?`,
      `${FILE}: stateBackend.lockTable: "" is not a DynamoDB table name. Fix: name an existing table with a "LockID" string key, or remove it to lock with a lock file in the bucket.`,
    ]);
  });

  it('needs accountId, because every account shares the bucket', () => {
    // Assess
    expect(problemsOf({ stateBackend: { bucket: 'acme-terraform-state', region: 'eu-west-1' } })[0]).toMatch(/accountId: is not set, but stateBackend is/);
  });
});

describe('parseConfig: stackSets', () => {
  const STACK_SETS = { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' };

  it('defaults the administrator to the management account', () => {
    // Act
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: '999999999999', stackSets: STACK_SETS }), FILE);

    // Assess
    expect(config.stackSets).toEqual({ ...STACK_SETS, adminAccountId: '999999999999' });
  });

  it('reports every problem inside it', () => {
    // Act
    const problems = problemsOf({ ...ORG, accountId: '999999999999', stackSets: { organizationalUnitIds: ['root', 'r-a1b2', 'r-a1b2'], managementAccountId: 'mgmt', adminAcountId: '1' } });

    // Assess
    expect(problems).toEqual([
      `${FILE}: stackSets."adminAcountId": is not a stackSets setting. Fix: did you mean "adminAccountId"?`,
      `${FILE}: stackSets.organizationalUnitIds[0]: "root" is not an organization root or OU id. Fix: copy it from \`aws organizations list-roots\` ("r-a1b2") or \`list-organizational-units-for-parent\` ("ou-a1b2-c3d4e5f6").`,
      `${FILE}: stackSets.organizationalUnitIds[2]: "r-a1b2" repeats stackSets.organizationalUnitIds[1]. Fix: remove the duplicate.`,
      `${FILE}: stackSets.managementAccountId: "mgmt" is not an AWS account id. Fix: write the 12-digit id of the organization's management account (\`aws organizations describe-organization\`).`,
    ]);
  });

  it('needs a central account for the forwarders to target', () => {
    // Assess
    expect(problemsOf({ stackSets: STACK_SETS })).toEqual([expect.stringMatching(/stackSets: is set, but centralAccountId is not/)]);
  });
});

describe('parseConfig: identityCenterRegion and extraSignals', () => {
  it('accepts an Identity Center region that has a forwarder, and the known signals', () => {
    // Act
    const config = parseConfig(JSON.stringify({ regions: ['us-east-1', 'eu-west-1'], identityCenterRegion: 'eu-west-1', extraSignals: ['guardduty', 'sign-in-anomaly'] }), FILE);

    // Assess
    expect([config.identityCenterRegion, config.extraSignals]).toEqual(['eu-west-1', ['guardduty', 'sign-in-anomaly']]);
  });

  it('refuses an Identity Center region without a forwarder, and unknown or repeated signals', () => {
    // Act
    const problems = problemsOf({ regions: ['us-east-1'], identityCenterRegion: 'eu-west-1', extraSignals: ['gaurdduty', 'guardduty', 'guardduty', 'sms'] });

    // Assess
    expect(problems).toEqual([
      `${FILE}: identityCenterRegion: "eu-west-1" is not in regions, so no forwarder there could carry its Identity Center sign-ins. Fix: add "eu-west-1" to regions.`,
      `${FILE}: extraSignals[0]: "gaurdduty" is not a signal signin-watch knows. Fix: did you mean "guardduty"?`,
      `${FILE}: extraSignals[3]: "sms" is not a signal signin-watch knows. Fix: use any of get-signin-token, guardduty, sign-in-anomaly.`,
      `${FILE}: extraSignals[2]: "guardduty" repeats extraSignals[1]. Fix: remove the duplicate.`,
    ]);
  });
});

describe('parseConfig: delivery', () => {
  it('defaults chat and webhook to critical and high, and email to everything', () => {
    // Act
    const config = parseConfig(JSON.stringify({ chat: {}, webhook: { urlSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hook-AbCdEf' } }), FILE);

    // Assess
    expect([config.emailSeverities, config.chat, config.webhook?.severities, config.allowlistCacheSeconds]).toEqual([
      ['critical', 'high', 'medium', 'low'],
      { severities: ['critical', 'high'] },
      ['critical', 'high'],
      300,
    ]);
  });

  it('refuses a webhook URL in config, a secret in another region, unknown severities, and two global allowlists', () => {
    // Act
    const problems = problemsOf({
      allowedCidrs: ['203.0.113.0/24'],
      allowlistParameter: '/signin-watch/allowed-cidrs',
      allowlistCacheSeconds: 7200,
      emailSeverities: ['critcal'],
      chat: { severities: [], channel: '#sec' },
      webhook: { urlSecretArn: 'https://hooks.slack.com/services/T/B/X' },
    });

    // Assess
    expect(problems).toEqual([
      `${FILE}: emailSeverities[0]: "critcal" is not a severity. Fix: did you mean "critical"?`,
      `${FILE}: chat."channel": is not a chat setting. Fix: remove it; the settings are severities.`,
      `${FILE}: chat.severities: is empty, so nothing would be sent. Fix: list at least one severity, or remove the setting.`,
      `${FILE}: webhook.urlSecretArn: "https://hooks.slack.com/services/T/B/X" is not a Secrets Manager secret or SSM parameter ARN. Fix: keep the webhook URL in a secret (or a SecureString parameter) and give its ARN; the URL itself never goes in config.`,
      `${FILE}: allowedCidrs: is set, and so is allowlistParameter: two global allowlists would disagree. Fix: move the blocks into the parameter and remove allowedCidrs (accountAllowedCidrs and exceptions stay in config).`,
      `${FILE}: allowlistCacheSeconds: 7200 is not a number of seconds from 0 to 3600. Fix: use a whole number such as 300; 0 reads the parameter on every sign-in.`,
    ]);
  });

  it('refuses a webhook secret outside the home region', () => {
    // Assess
    expect(problemsOf({ webhook: { urlSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hook-AbCdEf' } })).toEqual([
      `${FILE}: webhook.urlSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hook-AbCdEf" is in eu-west-1, not in the home region us-east-1. Fix: keep the secret in us-east-1, where the Lambda runs.`,
    ]);
  });
});
