import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../cli/doctor';
import { type ResolveCredentials, resolveCredentials } from '../../cli/credentials-probe';

/** Clients that fail the test if the doctor reaches AWS at all. */
const unreachable = () => {
  throw new Error('the doctor must not create AWS clients here');
};

describe('npm run doctor: before any check', () => {
  let dir: string;
  let config: string;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-doctor-'));
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ regions: ['us-east-1'] }));
  });

  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[], credentials: ResolveCredentials = async () => ({})) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runDoctor(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} }, unreachable, credentials);
    return { exitCode, stdout, stderr };
  }

  it('says in one line that no credentials were found and exits 2, instead of failing checks it never made', async () => {
    // Prepare: a profile that no AWS config file names, resolved the way the doctor does.
    writeFileSync(config, JSON.stringify({ regions: ['us-east-1'], awsProfile: 'security-audit' }));
    writeFileSync(join(dir, 'aws-config'), '');
    Object.assign(process.env, { AWS_CONFIG_FILE: join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-config') });

    // Act
    const { exitCode, stdout, stderr } = await run(['--config', config], resolveCredentials);

    // Assess
    expect([exitCode, stdout]).toEqual([2, []]);
    expect(stderr).toEqual([expect.stringMatching(/^doctor: no AWS credentials were found \(looked in profile security-audit: .+\), so nothing was checked\. Sign in/)]);
  });

  it('says so when the credentials exist but cannot be used, such as a deploy role it may not assume', async () => {
    // Act
    const { exitCode, stderr } = await run(['--config', config], async () => Promise.reject(new Error('AccessDenied: not authorized to perform sts:AssumeRole')));

    // Assess
    expect([exitCode, stderr]).toEqual([2, ['doctor: the AWS credentials could not be used (AccessDenied: not authorized to perform sts:AssumeRole), so nothing was checked.']]);
  });

  it('refuses --org for a config without stackSets, as a usage error', async () => {
    // Act
    const { exitCode, stderr } = await run(['--config', config, '--org']);

    // Assess
    expect([exitCode, stderr]).toEqual([
      2,
      [`doctor: --org checks the organization's StackSets rollout, and ${config} sets no stackSets: run it without --org, or with the config of the StackSets administrator.`],
    ]);
  });

  it('prints its usage on stdout for --help and exits 0', async () => {
    // Act
    const { exitCode, stdout } = await run(['--help']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout[0]).toMatch(/^usage: npm run --silent doctor -- \[--config FILE\]/);
  });

  it.each([[['--config']], [['--verbose']]])('is a usage error for the arguments %j', async (args) => {
    // Act
    const { exitCode, stderr } = await run(args);

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr[0]).toMatch(/^doctor: (Option '--config <value>' argument missing|Unknown option '--verbose')/);
  });
});
