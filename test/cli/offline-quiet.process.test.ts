import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realSteps } from '../../cli/rollout';

const ROOT = join(__dirname, '..', '..');

describe('what the commands print besides their own output', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-quiet-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['doctor', 'rollout', 'replay', 'evaluate'])('keeps the AWS SDK Node-version warning out of %s, whatever Node runs it', (command) => {
    // Prepare
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const script = `require(${JSON.stringify(join(ROOT, 'dist', 'cli', `${command}.js`))}); new (require('@aws-sdk/client-cloudtrail').CloudTrailClient)({ region: 'us-east-1' });`;

    // Act
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env, encoding: 'utf8' });

    // Assess
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  it("runs rollout's terraform with CHECKPOINT_DISABLE=1, so an offline machine reports no failed call to HashiCorp", async () => {
    // Prepare: a terraform on the PATH that records what it was given.
    writeFileSync(join(dir, 'terraform'), `#!/bin/sh\necho "$CHECKPOINT_DISABLE" > "${join(dir, 'seen')}"\n`);
    chmodSync(join(dir, 'terraform'), 0o755);
    const steps = realSteps({ ...process.env, PATH: `${dir}:${process.env.PATH}`, CHECKPOINT_DISABLE: undefined });

    // Act
    const code = await steps.terraform(dir, ['version']);

    // Assess
    expect([code, readFileSync(join(dir, 'seen'), 'utf8').trim()]).toEqual([0, '1']);
  });
});

describe('the built commands', () => {
  it.each([
    ['rollout', `rollout: Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus" (--help shows the usage)`],
    ['doctor', "doctor: Unknown option '--bogus' (--help shows the usage)"],
  ])('%s runs only its own entry point', (command, expected) => {
    // Act
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', `${command}.js`), '--bogus'], { encoding: 'utf8' });

    // Assess
    expect([result.status, result.stderr.split('\n')[0]]).toEqual([2, expected]);
    expect(result.stderr.match(/unknown (argument|option)/gi)).toHaveLength(1);
  });
});
