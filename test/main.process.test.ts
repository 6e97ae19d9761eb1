import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthEnv } from './helpers/synth-env';

const ROOT = join(__dirname, '..');

/** Runs synth as `npm run synth` and `cdktf synth` do (scripts/synth.cjs, which runs the built app), in its own process: where the process itself is under test. */
function synth(config: unknown | undefined, dir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'synth.cjs')], { cwd: ROOT, env: synthEnv(config, dir), encoding: 'utf8' });
}

describe('main (npm run synth), the built app in its own process, on the default config', () => {
  let dir: string;
  let result: ReturnType<typeof synth>;

  // Act: both tests look at the same run.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-main-'));
    result = synth(undefined, dir);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes the default config: a central stack and 17 forwarders', () => {
    // Assess
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toHaveLength(18);
    expect(result.stdout).toContain('config/default.json: central stack in us-east-1, forwarders in 17 regions');
  });

  it('prints what it deploys on stdout before anything else, with the warnings, and nothing on stderr, which cdktf shows as errors', () => {
    // Assess
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('signin-watch: config/default.json deploys to this account:');
    expect(lines.filter((line) => line.startsWith('WARNING: '))).toEqual([expect.stringContaining('alerts go nowhere'), expect.stringContaining('the allowlist is empty')]);
    expect(result.stderr).toBe('');
  });
});

describe('main (npm run synth), the built app in its own process, on a config error', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-main-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails on a config error with every problem, naming the file, and no stack trace', () => {
    // Act: in its own process, the built bundle's exit code and stderr for a user's mistake.
    const result = synth({ regions: ['eu-wset-1'], allowedCidrs: ['10.0.0.1/8'] }, dir);

    // Assess
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/config\.json: regions\[0\]: "eu-wset-1" is not a commercial AWS region\. Fix: did you mean "eu-west-1"\?$/),
      expect.stringMatching(/config\.json: regions: does not include "us-east-1"/),
      expect.stringMatching(/config\.json: allowedCidrs\[0\]: "10\.0\.0\.1\/8" has host bits set/),
    ]);
  });
});

describe('main (npm run synth), the built app in its own process, with a reader that stops early', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-main-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('still writes every stack, quietly, when its output is cut off as by `| head -1`', async () => {
    // Act
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'synth.cjs')], { cwd: ROOT, env: synthEnv(undefined, dir) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));

    // Assess
    expect([code, stderr]).toEqual([0, '']);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).stacks)).toHaveLength(18);
  });
});
