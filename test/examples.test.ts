import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'cdktf';
import { defineStacks } from '../synth/define-stacks';
import { loadConfig } from '../synth/load-config';
import { deploySummary } from '../core/deploy/summary';

const ROOT = join(__dirname, '..');
const EXAMPLES = join(ROOT, 'examples');

/** Every config a user deploys: each JSON file except the shared org.json that the others extend. */
function exampleConfigs(dir = EXAMPLES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return exampleConfigs(path);
    return entry.name.endsWith('.json') && entry.name !== 'org.json' ? [relative(ROOT, path)] : [];
  });
}

const forwarders = (count: number) => Array.from({ length: count }, () => expect.stringMatching(/^signin-watch-forwarder-/));

describe('examples/', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-examples-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the three layouts a user copies', () => {
    // Assess
    expect(exampleConfigs().sort()).toEqual([
      'examples/organization/accounts/111111111111.json',
      'examples/organization/accounts/222222222222.json',
      'examples/single-account/config.json',
      'examples/stacksets/accounts/111111111111.json',
      'examples/stacksets/accounts/999999999999.json',
    ]);
  });

  it.each([
    ['examples/single-account/config.json', ['signin-watch-central', ...forwarders(17)]],
    ['examples/organization/accounts/111111111111.json', ['signin-watch-central', ...forwarders(17)]],
    ['examples/organization/accounts/222222222222.json', forwarders(17)],
    ['examples/stacksets/accounts/111111111111.json', ['signin-watch-central', ...forwarders(17)]],
    ['examples/stacksets/accounts/999999999999.json', [...forwarders(17), 'signin-watch-organization']],
  ])('synthesizes %s without a warning', (file, stacks) => {
    // Prepare
    const config = loadConfig(join(ROOT, file));
    const outdir = join(dir, file.replace(/\W/g, '-'));
    const app = new App({ outdir, stackTraces: false });

    // Act
    defineStacks(app, config, { bundle: join(ROOT, 'dist', 'lambda', 'index.js'), zip: join(outdir, 'alert-package.zip') }, outdir);
    app.synth();

    // Assess
    expect(deploySummary(config, file, Date.now()).filter((line) => line.startsWith('WARNING'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(stacks);
  });
});
