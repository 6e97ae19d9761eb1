import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { defineStacks } from '../../synth/define-stacks';
import { parseConfig } from '../../core/config';
import { describeSynth } from '../../scripts/plan';

const ROOT = join(__dirname, '..', '..');

describe('npm run plan', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-plan-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each stack with its region and resources by type and name, one line for a stack like one before, then says what cdktf diff needs', () => {
    // Prepare
    const config = parseConfig(JSON.stringify({ regions: ['us-east-1', 'eu-west-1', 'eu-west-2'], allowedCidrs: ['203.0.113.0/24'], notificationEmails: ['security@example.com'] }), 'config.json');
    const app = new App({ outdir: dir, stackTraces: false });
    defineStacks(app, config, { bundle: join(ROOT, 'dist', 'lambda', 'index.js'), zip: join(dir, 'alert.zip') }, dir);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

    // Act
    const lines = describeSynth(manifest, (path) => JSON.parse(readFileSync(join(dir, path), 'utf8')));

    // Assess
    // Counts are not pinned: the stacks' own tests say what each holds.
    expect(lines).toContainEqual(expect.stringMatching(/^signin-watch-central \(us-east-1, \d+ resources\):$/));
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ {2}aws_lambda_function +alert-function$/), expect.stringMatching(/^ {2}aws_sns_topic_subscription +email-securityexamplecom$/)]),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^signin-watch-forwarder-eu-west-1 \(eu-west-1, \d+ resources, after signin-watch-central\):$/));
    expect(lines).toContainEqual(expect.stringMatching(/^signin-watch-forwarder-eu-west-2 \(eu-west-2, \d+ resources, after signin-watch-central\): the same as signin-watch-forwarder-eu-west-1$/));
    expect(lines[lines.length - 1]).toMatch(/^plan: 4 stacks, \d+ resources\. .*`npx cdktf diff STACK` .* needs AWS credentials and the Terraform registry/);
  });
});
