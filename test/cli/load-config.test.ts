import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/config';
import { loadConfig } from '../../synth/load-config';

describe('loadConfig with extends', () => {
  let dir: string;
  const write = (name: string, settings: unknown) => {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings));
    return file;
  };
  const problemsOf = (file: string): string[] => {
    try {
      loadConfig(file);
    } catch (error) {
      if (error instanceof ConfigError) return error.message.split('\n');
      throw error;
    }
    throw new Error('expected a ConfigError');
  };
  const ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111', allowedCidrs: ['203.0.113.0/24'] };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-layers-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges an account file over the organization file, replacing lists whole', () => {
    // Prepare
    write('org.json', ORG);
    const file = write('accounts/222222222222.json', { extends: '../org.json', accountId: '222222222222', regions: ['us-east-1', 'eu-west-1', 'af-south-1'] });

    // Act
    const config = loadConfig(file);

    // Assess
    expect(config).toMatchObject({ ...ORG, accountId: '222222222222', regions: ['us-east-1', 'eu-west-1', 'af-south-1'] });
  });

  it('follows a chain of organization, unit and account files', () => {
    // Prepare
    write('org.json', ORG);
    write('units/workloads.json', { extends: '../org.json', deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole' });
    const file = write('accounts/222222222222.json', { extends: '../units/workloads.json', accountId: '222222222222' });

    // Act
    const config = loadConfig(file);

    // Assess
    expect(config.deployRoleArn).toBe('arn:aws:iam::222222222222:role/OrganizationAccountAccessRole');
  });

  it('names the file that set a bad field, not the file being loaded', () => {
    // Prepare
    const org = write('org.json', { ...ORG, regions: ['us-east-1', 'eu-wset-1'] });
    const file = write('accounts/222222222222.json', { extends: '../org.json', accountId: '222222222222' });

    // Act
    const problems = problemsOf(file);

    // Assess
    expect(problems).toEqual([`${org}: regions[1]: "eu-wset-1" is not a commercial AWS region. Fix: did you mean "eu-west-1"?`]);
  });

  it('refuses an account file that changes what ties it to the central bus', () => {
    // Prepare
    write('org.json', ORG);
    const file = write('accounts/222222222222.json', { extends: '../org.json', accountId: '222222222222', homeRegion: 'us-east-1', namePrefix: 'signin-watch' });

    // Act
    const problems = problemsOf(file);

    // Assess
    expect(problems).toEqual([
      `${file}: homeRegion: changes the "eu-west-1" of ${join(dir, 'org.json')}; every account must agree on it, or the forwarders target a central bus that does not exist. Fix: remove it from ${file}, or change it in ${join(dir, 'org.json')} for every account.`,
    ]);
  });

  it('refuses a unit file in the middle of the chain that changes what ties members to the central bus, naming that file', () => {
    // Prepare
    write('org.json', ORG);
    const unit = write('units/workloads.json', { extends: '../org.json', homeRegion: 'us-east-1' });
    const file = write('accounts/222222222222.json', { extends: '../units/workloads.json', accountId: '222222222222' });

    // Act
    const problems = problemsOf(file);

    // Assess
    expect(problems).toEqual([
      `${file}: homeRegion: set in ${unit}, changes the "eu-west-1" of ${join(dir, 'org.json')}; every account must agree on it, or the forwarders target a central bus that does not exist. Fix: remove it from ${unit}, or change it in ${join(dir, 'org.json')} for every account.`,
    ]);
  });

  it("refuses a member file that sets what only the central account uses, and allows it in the central account's file", () => {
    // Prepare
    write('org.json', ORG);
    const member = write('accounts/222222222222.json', { extends: '../org.json', accountId: '222222222222', allowedCidrs: ['198.51.100.0/24'] });
    const central = write('accounts/111111111111.json', { extends: '../org.json', accountId: '111111111111', allowedCidrs: ['198.51.100.0/24'] });

    // Act
    const problems = problemsOf(member);

    // Assess
    expect(problems).toEqual([
      `${member}: allowedCidrs: has no effect in member account 222222222222: only the central account (111111111111) deploys what uses it. Fix: remove it from ${member}, and set it in the central account's config instead.`,
    ]);
    expect(loadConfig(central).allowedCidrs).toEqual(['198.51.100.0/24']);
  });

  it.each([
    ['a missing base', { extends: '../nope.json' }, /extends: "\.\.\/nope\.json" does not exist \(looked for .*nope\.json\)\. Fix: name the shared file relative to this one/],
    ['a base that is not a string', { extends: 7 }, /extends: expected a file name, got 7\./],
  ])('reports %s on the extends field of the file that names it', (_, settings, message) => {
    // Prepare
    const file = write('accounts/a.json', settings);

    // Assess
    expect(problemsOf(file)).toEqual([expect.stringMatching(message)]);
  });

  it('reports a cycle of extends instead of looping', () => {
    // Prepare
    write('a.json', { extends: 'b.json' });
    const file = write('b.json', { extends: 'a.json' });

    // Assess
    expect(problemsOf(file)).toEqual([expect.stringMatching(/a\.json: extends: "b\.json" leads back to a file already in the chain .*Fix: break the cycle/)]);
  });

  it("reports invalid JSON in a base with the base's name and position", () => {
    // Prepare
    const org = write('org.json', '{"regions": [}');
    const file = write('accounts/a.json', { extends: '../org.json' });

    // Assess
    expect(problemsOf(file)).toEqual([expect.stringMatching(new RegExp(`^${org.replace(/[.\\/]/g, '\\$&')}: line 1, column 14: the file is not valid JSON`))]);
  });
});
