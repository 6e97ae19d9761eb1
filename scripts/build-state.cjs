// What `npm run build` (scripts/build.mjs) writes, and whether it is current: shared with
// scripts/synth.cjs, which checks it without loading esbuild or an ES module.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const APP_ENTRIES = [
  'main.ts',
  'cli/evaluate.ts',
  'cli/replay.ts',
  'cli/doctor.ts',
  'cli/rollout.ts',
  'scripts/plan.ts',
  'cli/smoke.ts',
  'cli/backtest.ts',
  'scripts/validate.ts',
  'scripts/cfn-lint.ts',
  'scripts/e2e.ts',
  'bench/lambda.bench.ts',
  'bench/cold-start.bench.ts',
  'bench/scaling.bench.ts',
  'bench/synth.bench.ts',
  'bench/tests.bench.ts',
  'bench/backtest.bench.ts',
];
const LAMBDA_OUTPUT = 'dist/lambda/index.js';
const SOURCES = ['main.ts', 'core', 'stacks', 'handlers', 'cli', 'synth', 'scripts', 'bench', 'package-lock.json'];

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => name !== 'reference')
      .map((name) => newestSource(join(path, name))),
  );
}

function oldestOutput(root) {
  try {
    return Math.min(...[LAMBDA_OUTPUT, ...APP_ENTRIES.map((entry) => join('dist', entry.replace(/\.ts$/, '.js')))].map((path) => statSync(join(root, path)).mtimeMs));
  } catch {
    return 0;
  }
}

/** Every output of the build newer than every source under `root`. */
function buildIsCurrent(root) {
  return oldestOutput(root) > Math.max(...SOURCES.map((source) => newestSource(join(root, source))));
}

module.exports = { APP_ENTRIES, LAMBDA_OUTPUT, buildIsCurrent };
