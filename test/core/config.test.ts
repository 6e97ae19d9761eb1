import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DEFAULTS, ConfigError, forwarderRegions, parseConfig } from '../../core/config';
import { COMMERCIAL_REGIONS, DEFAULT_REGIONS, OPT_IN_REGIONS } from '../../core/config/regions';

const FILE = 'config/test.json';

/** The messages of the ConfigError that parsing `settings` throws. */
function problemsOf(settings: unknown): string[] {
  try {
    parseConfig(typeof settings === 'string' ? settings : JSON.stringify(settings), FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills every field with its default for an empty object', () => {
    // Act
    const config = parseConfig('{}', FILE);

    // Assess
    expect(config).toEqual({ ...CONFIG_DEFAULTS, regions: [...DEFAULT_REGIONS], organizationId: undefined, alarmTopicArn: undefined });
  });

  it('keeps config/default.json in step with the defaults in code', () => {
    // Prepare
    const text = readFileSync(join(__dirname, '..', '..', 'config', 'default.json'), 'utf8');

    // Act
    const config = parseConfig(text, 'config/default.json');

    // Assess
    expect(config).toEqual(parseConfig('{}', FILE));
  });

  it('knows the 17 default and 17 opt-in commercial regions', () => {
    // Assess
    expect([DEFAULT_REGIONS.length, OPT_IN_REGIONS.length, new Set(COMMERCIAL_REGIONS).size]).toEqual([17, 17, 34]);
  });

  it('accepts opt-in regions, IPv4 and IPv6 entries, emails and an organization', () => {
    // Prepare
    const settings = {
      homeRegion: 'eu-central-1',
      regions: ['us-east-1', 'af-south-1', 'eu-central-1'],
      allowedCidrs: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'],
      notificationEmails: ['security@example.com'],
      organizationId: 'o-a1b2c3d4e5',
      namePrefix: 'sw-prod',
      logRetentionDays: 90,
      alarmTopicArn: 'arn:aws:sns:eu-central-1:111122223333:ops-alarms',
    };

    // Act
    const config = parseConfig(JSON.stringify(settings), FILE);

    // Assess
    expect(config).toEqual({
      ...settings,
      accountNames: {},
      accountAllowedCidrs: {},
      exceptions: [],
      extraSignals: [],
      emailSeverities: ['critical', 'high', 'medium', 'low'],
      allowlistCacheSeconds: 300,
    });
  });

  it('fails on a misspelled region and suggests the closest one', () => {
    // Act
    const problems = problemsOf({ regions: ['us-east-1', 'eu-wset-1'] });

    // Assess
    expect(problems).toEqual([`${FILE}: regions[1]: "eu-wset-1" is not a commercial AWS region. Fix: did you mean "eu-west-1"?`]);
  });

  it('fails on a region name that resembles none', () => {
    // Act
    const problems = problemsOf({ regions: ['us-east-1', 'moon-1'] });

    // Assess
    expect(problems[0]).toMatch(/regions\[1\]: "moon-1" is not a commercial AWS region\. Fix: use a region code such as "us-east-1"/);
  });

  it('fails on a GovCloud or China region, which cannot route events here', () => {
    // Act
    const problems = problemsOf({ regions: ['us-east-1', 'us-gov-west-1', 'cn-north-1'] });

    // Assess
    expect(problems).toHaveLength(2);
  });

  it('fails on a duplicate region', () => {
    // Act
    const problems = problemsOf({ regions: ['us-east-1', 'eu-west-1', 'eu-west-1'] });

    // Assess
    expect(problems).toEqual([`${FILE}: regions[2]: "eu-west-1" repeats regions[1]. Fix: remove the duplicate.`]);
  });

  it('fails when us-east-1 is missing, and says why it is needed', () => {
    // Act
    const problems = problemsOf({ homeRegion: 'eu-west-1', regions: ['eu-west-1'] });

    // Assess
    expect(problems).toEqual([expect.stringMatching(/regions: does not include "us-east-1", where AWS records every root sign-in.*Fix: add "us-east-1"/)]);
  });

  it('fails on a home region that is not a region', () => {
    // Act
    const problems = problemsOf({ homeRegion: 'us-east1' });

    // Assess
    expect(problems).toEqual([`${FILE}: homeRegion: "us-east1" is not a commercial AWS region. Fix: did you mean "us-east-1"?`]);
  });

  it('fails on a CIDR with host bits set and says so', () => {
    // Act
    const problems = problemsOf({ allowedCidrs: ['192.168.1.10/24'] });

    // Assess
    expect(problems).toEqual([
      `${FILE}: allowedCidrs[0]: "192.168.1.10/24" has host bits set, which is almost always a typo: that block starts at 192.168.1.0. Fix: write "192.168.1.0/24" for the whole block, or "192.168.1.10/32" to trust only that address.`,
    ]);
  });

  it.each([
    ['999.1.1.1', /is not an IPv4 or IPv6 address or CIDR block/],
    ['10.0.0.0/40', /prefix length that is out of range/],
    ['office', /is not an IPv4 or IPv6 address or CIDR block/],
  ])('fails on the invalid CIDR %j', (cidr, message) => {
    // Act
    const problems = problemsOf({ allowedCidrs: [cidr] });

    // Assess
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('fails on a duplicate CIDR', () => {
    // Act
    const problems = problemsOf({ allowedCidrs: ['203.0.113.0/24', '203.0.113.0/24'] });

    // Assess
    expect(problems).toEqual([expect.stringContaining('allowedCidrs[1]: "203.0.113.0/24" repeats allowedCidrs[0]')]);
  });

  it.each(['security', 'security@', '@example.com', 'a b@example.com', 'security@example'])('fails on the invalid email %j', (email) => {
    // Act
    const problems = problemsOf({ notificationEmails: [email] });

    // Assess
    expect(problems).toEqual([expect.stringContaining(`notificationEmails[0]: ${JSON.stringify(email)} is not an email address.`)]);
  });

  it('fails on the same email twice in different case', () => {
    // Act
    const problems = problemsOf({ notificationEmails: ['Sec@example.com', 'sec@example.com'] });

    // Assess
    expect(problems).toEqual([expect.stringContaining('notificationEmails[1]: "sec@example.com" repeats notificationEmails[0]')]);
  });

  it('fails on a malformed organization id', () => {
    // Act
    const problems = problemsOf({ organizationId: 'r-1234' });

    // Assess
    expect(problems).toEqual([expect.stringMatching(/organizationId: "r-1234" is not an AWS Organizations id\. Fix: copy the id/)]);
  });

  it('fails on an alarm topic outside the home region, which alarms cannot notify', () => {
    // Act
    const problems = problemsOf({ alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' });

    // Assess
    expect(problems).toEqual([expect.stringContaining('alarmTopicArn: "arn:aws:sns:eu-west-1:111122223333:ops" is in eu-west-1, not in the home region us-east-1.')]);
  });

  it('fails on an alarm topic that is not an SNS topic ARN', () => {
    // Act
    const problems = problemsOf({ alarmTopicArn: 'ops-alarms' });

    // Assess
    expect(problems).toEqual([expect.stringContaining('alarmTopicArn: "ops-alarms" is not an SNS topic ARN.')]);
  });

  it('fails on an unknown field and suggests the one probably meant', () => {
    // Act
    const problems = problemsOf({ allowedCidr: [] });

    // Assess
    expect(problems).toEqual([`${FILE}: "allowedCidr": is not a signin-watch setting. Fix: did you mean "allowedCidrs"?`]);
  });

  it('fails on an unknown field that resembles none, listing the settings', () => {
    // Act
    const problems = problemsOf({ slackChannel: '#security' });

    // Assess
    expect(problems[0]).toMatch(/"slackChannel": is not a signin-watch setting\. Fix: remove it; the settings are extends, homeRegion, regions/);
  });

  it.each([
    [{ regions: 'us-east-1' }, 'regions: expected an array of strings, got a string ("us-east-1")'],
    [{ allowedCidrs: ['203.0.113.0/24', 7] }, 'allowedCidrs[1]: expected a string, got a number (7)'],
    [{ homeRegion: ['us-east-1'] }, 'homeRegion: expected a region name, got an array'],
    [{ notificationEmails: null }, 'notificationEmails: expected an array of strings, got null'],
    [{ logRetentionDays: 91 }, 'logRetentionDays: 91 is not a retention CloudWatch Logs accepts'],
    [{ logRetentionDays: 100 }, 'logRetentionDays: 100 is not a retention CloudWatch Logs accepts'],
    [{ namePrefix: 'Signin_Watch' }, 'namePrefix: "Signin_Watch" cannot prefix AWS resource names'],
  ])('fails on a wrong type or value: %j', (settings, message) => {
    // Act
    const problems = problemsOf(settings);

    // Assess
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('reports every problem at once', () => {
    // Act
    const problems = problemsOf({ regions: ['eu-west-1', 'eu-west-1'], allowedCidrs: ['10.0.0.1/8'], notificationEmails: ['nobody'], colour: 'red' });

    // Assess
    expect(problems).toHaveLength(5);
  });

  it('fails on malformed JSON with the line and column of the mistake', () => {
    // Act
    const problems = problemsOf('{\n  "regions": ["us-east-1",]\n}');

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^config\/test\.json: line 2, column 27: the file is not valid JSON \(value expected\)\. Fix: correct the JSON at that position/)]);
  });

  it('fails on a truncated file at its end', () => {
    // Act
    const problems = problemsOf('{\n  "regions": [');

    // Assess
    expect(problems).toEqual([expect.stringMatching(/line 2, column 15: the file is not valid JSON/)]);
  });

  it('fails on a comment, which JSON does not allow', () => {
    // Act
    const problems = problemsOf('{\n  // office\n  "allowedCidrs": []\n}');

    // Assess
    expect(problems).toEqual([expect.stringContaining('line 2, column 3: the file is not valid JSON (invalid comment token).')]);
  });

  it('fails on a file that holds an array instead of an object', () => {
    // Act
    const problems = problemsOf('["us-east-1"]');

    // Assess
    expect(problems).toEqual([expect.stringContaining('(file): expected a JSON object, got an array.')]);
  });
});

describe('forwarderRegions', () => {
  it('adds the home region when regions does not list it', () => {
    // Prepare
    const config = parseConfig(JSON.stringify({ homeRegion: 'eu-central-1', regions: ['us-east-1', 'af-south-1'] }), FILE);

    // Act
    const regions = forwarderRegions(config);

    // Assess
    expect(regions).toEqual(['us-east-1', 'af-south-1', 'eu-central-1']);
  });

  it('does not repeat a home region that regions lists', () => {
    // Prepare
    const config = parseConfig('{}', FILE);

    // Act
    const regions = forwarderRegions(config);

    // Assess
    expect(regions).toEqual([...DEFAULT_REGIONS]);
  });
});
