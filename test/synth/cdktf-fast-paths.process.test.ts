import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const APP = join(__dirname, 'fixtures', 'token-kinds-app.ts');

// Bundles the fixture app as scripts/build.mjs bundles main.ts, with and without the fast paths
// (in a process of its own: the plugin is an ES module, esbuild's API asynchronous).
const BUNDLE = `
import { build } from 'esbuild';
import { CDKTF_FAST_PATHS } from './scripts/cdktf-fast-paths.mjs';
const [app, dir] = process.argv.slice(1);
// archiver, which cdktf requires as it loads, cannot be found from a bundle in a temporary folder.
const noArchiver = { name: 'no-archiver', setup(b) { b.onResolve({ filter: /^archiver$/ }, () => ({ path: 'archiver', namespace: 'stub' })); b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {};' })); } };
for (const [name, plugins] of [['published', [noArchiver]], ['fast-paths', [noArchiver, CDKTF_FAST_PATHS]]]) {
  await build({ entryPoints: [app], outfile: dir + '/' + name + '.js', bundle: true, mainFields: ['module', 'main'], plugins, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
}`;

/** Every file under `dir`, by its path relative to it, with its content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe("scripts/cdktf-fast-paths.mjs (the bundled synth's fast paths in cdktf's resolve)", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-fast-paths-'));
    writeFileSync(join(dir, 'asset.txt'), 'an asset\n');
    const bundled = spawnSync(process.execPath, ['--input-type=module', '-e', BUNDLE, APP, dir], { cwd: ROOT, encoding: 'utf8' });
    if (bundled.status !== 0) throw new Error(bundled.stderr);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const synth = (bundle: string, out: string, depth?: number) =>
    spawnSync(process.execPath, [join(dir, `${bundle}.js`), join(dir, out), join(dir, 'asset.txt')], {
      env: depth === undefined ? process.env : { ...process.env, DEPTH: `${depth}` },
      encoding: 'utf8',
    });

  it('writes what published cdktf writes, byte for byte, for every kind of token, cross-stack references included', () => {
    // Act
    const published = synth('published', 'out-published');
    const fast = synth('fast-paths', 'out-fast');

    // Assess
    expect([published.status, fast.status]).toEqual([0, 0]);
    const expected = tree(join(dir, 'out-published'));
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['manifest.json', join('stacks', 'a', 'cdk.tf.json'), join('stacks', 'b', 'cdk.tf.json')]));
    expect(expected[join('stacks', 'b', 'cdk.tf.json')]).toContain('cross-stack-reference-input-a');
    expect(tree(join(dir, 'out-fast'))).toEqual(expected);
  });

  it.each([200, 201])('fails as published cdktf does on a value nested too deep (%i levels)', (depth) => {
    // Act
    const published = synth('published', `deep-published-${depth}`, depth);
    const fast = synth('fast-paths', `deep-fast-${depth}`, depth);

    // Assess
    const error = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('Error:'));
    expect(published.status).not.toBe(0);
    expect(error(published.stderr)).toContain('Unable to resolve object tree with circular reference');
    expect([fast.status, error(fast.stderr)]).toEqual([published.status, error(published.stderr)]);
  });
});
