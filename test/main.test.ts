import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runSynth } from '../synth/synth';
import { synthEnv } from './helpers/synth-env';

const ROOT = join(__dirname, '..');

class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/**
 * Runs what dist/main.js runs (runSynth) in this process, with the same dist/ folder,
 * capturing its output, its stderr and the code it exits with, where the spawn itself is
 * not under test: a spawned synth costs a second of CPU.
 */
function synthInProcess(env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new ProcessExit(code ?? 0);
  }) as typeof process.exit);
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    runSynth({ env, distDir: join(ROOT, 'dist'), cwd: ROOT, stdout: (text) => (stdout += text) });
    return { status: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof ProcessExit) return { status: error.code, stdout, stderr };
    throw error;
  } finally {
    exit.mockRestore();
    write.mockRestore();
  }
}

function stackJson(dir: string, stack: string) {
  return JSON.parse(readFileSync(join(dir, 'out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}
describe('main (npm run synth)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-main-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one forwarder per region, each in its region and after the central stack', () => {
    // Act
    const result = synthInProcess(synthEnv({ homeRegion: 'eu-central-1', regions: ['us-east-1', 'af-south-1', 'ap-southeast-2'] }, dir));

    // Assess
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    const forwarders = ['us-east-1', 'af-south-1', 'ap-southeast-2', 'eu-central-1'].map((region) => `signin-watch-forwarder-${region}`);
    expect(Object.keys(manifest.stacks).sort()).toEqual(['signin-watch-central', ...forwarders].sort());
    for (const [index, stack] of forwarders.entries()) {
      expect(manifest.stacks[stack].dependencies).toEqual(['signin-watch-central']);
      expect(stackJson(dir, stack).provider.aws[0].region).toBe(['us-east-1', 'af-south-1', 'ap-southeast-2', 'eu-central-1'][index]);
    }
    expect(stackJson(dir, 'signin-watch-central').provider.aws[0].region).toBe('eu-central-1');
  });

  it('packages the allowlist, regions and account names with the Lambda, reproducibly', () => {
    // Act
    const settings = { allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'], regions: ['us-east-1', 'eu-west-1'], homeRegion: 'eu-central-1', accountNames: { '111122223333': 'production' } };
    synthInProcess(synthEnv(settings, dir));
    const first = readFileSync(join(ROOT, 'dist', 'alert-package.zip'));
    synthInProcess(synthEnv(settings, dir));

    // Assess
    const files = unzipSync(first);
    expect(Object.keys(files).sort()).toEqual(['index.js', 'settings.json']);
    expect(JSON.parse(strFromU8(files['settings.json']))).toEqual({
      allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'],
      accountAllowedCidrs: {},
      exceptions: [],
      regions: ['us-east-1', 'eu-west-1', 'eu-central-1'],
      accountNames: { '111122223333': 'production' },
      allowlistCacheSeconds: 300,
    });
    expect(readFileSync(join(ROOT, 'dist', 'alert-package.zip')).equals(first)).toBe(true);
  });

  it('synthesizes only forwarders for a member account, targeting the central account, each with its own state', () => {
    // Prepare
    writeFileSync(join(dir, 'org.json'), JSON.stringify({ homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' }));
    const config = { extends: 'org.json', accountId: '222222222222', deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole' };

    // Act
    const result = synthInProcess(synthEnv(config, dir));

    // Assess
    expect(result.stdout).toContain('member account 222222222222: forwarders to account 111111111111, in 2 regions');
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['signin-watch-forwarder-eu-west-1', 'signin-watch-forwarder-us-east-1']);
    const forwarder = stackJson(dir, 'signin-watch-forwarder-eu-west-1');
    expect(manifest.stacks['signin-watch-forwarder-eu-west-1'].dependencies).toEqual([]);
    expect(Object.values(forwarder.resource.aws_cloudwatch_event_target).map((target) => (target as { arn: string }).arn)).toContain('arn:aws:events:eu-west-1:111111111111:event-bus/signin-watch');
    expect(forwarder.provider.aws[0]).toMatchObject({ allowed_account_ids: ['222222222222'], assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole' }] });
    expect(forwarder.terraform.backend.local.path).toBe(join(ROOT, 'state', '222222222222', 'terraform.signin-watch-forwarder-eu-west-1.tfstate'));
  });

  it('synthesizes the central stack in the central account of the same organization config', () => {
    // Prepare
    writeFileSync(join(dir, 'org.json'), JSON.stringify({ homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' }));

    // Act
    const result = synthInProcess(synthEnv({ extends: 'org.json', accountId: '111111111111' }, dir));

    // Assess
    expect(result.stdout).toContain('central stack in eu-west-1, forwarders in 2 regions');
    const policy = JSON.parse(Object.values(stackJson(dir, 'signin-watch-central').resource.aws_cloudwatch_event_bus_policy as Record<string, { policy: string }>)[0].policy);
    expect(policy.Statement[0].Condition.StringEquals['aws:PrincipalOrgID']).toBe('o-a1b2c3d4e5');
  });

  it('does not forget the management account: its synth holds its own forwarders next to the stack sets, which never deploy there', () => {
    // Prepare
    writeFileSync(
      join(dir, 'org.json'),
      JSON.stringify({
        homeRegion: 'eu-west-1',
        regions: ['us-east-1', 'eu-west-1'],
        organizationId: 'o-a1b2c3d4e5',
        centralAccountId: '111111111111',
        stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' },
      }),
    );

    // Act
    const management = synthInProcess(synthEnv({ extends: 'org.json', accountId: '999999999999' }, dir));
    const managementStacks = Object.keys(JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).stacks).sort();
    synthInProcess(synthEnv({ extends: 'org.json', accountId: '222222222222' }, dir));
    const memberStacks = Object.keys(JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).stacks).sort();

    // Assess
    expect(management.stdout).toContain("and the organization's stack sets for 2 regions");
    expect(managementStacks).toEqual(['signin-watch-forwarder-eu-west-1', 'signin-watch-forwarder-us-east-1', 'signin-watch-organization']);
    expect(memberStacks).toEqual(['signin-watch-forwarder-eu-west-1', 'signin-watch-forwarder-us-east-1']);
  });
  it('fails on malformed JSON with line and column and no stack trace', () => {
    // Act
    const result = synthInProcess(synthEnv('{\n  "regions": [\n    "us-east-1"\n  ],,\n}', dir));

    // Assess
    expect([result.status, result.stderr]).toEqual([1, expect.stringMatching(/config\.json: line 4, column 5: the file is not valid JSON \(.+\)\. Fix: /)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails on a config file that does not exist', () => {
    // Prepare
    const env = { ...process.env, SIGNIN_WATCH_CONFIG: join(dir, 'missing.json'), CDKTF_OUTDIR: join(dir, 'out') };

    // Act
    const result = synthInProcess(env);

    // Assess
    expect([result.status, result.stderr.trim()]).toEqual([1, expect.stringMatching(/missing\.json: \(file\): the config file does not exist\. Fix: check the path/)]);
  });
});
