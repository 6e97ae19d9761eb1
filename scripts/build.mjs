// Compiles the TypeScript entry points with esbuild (no type check: `npm run typecheck`
// does that), so that synth starts from plain JavaScript. Does nothing when every output
// is newer than every source, since `npm run synth` runs it each time; --force rebuilds.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const APP_ENTRIES = ['main.ts', 'cli/evaluate.ts', 'cli/replay.ts', 'cli/doctor.ts', 'cli/rollout.ts', 'scripts/plan.ts', 'cli/smoke.ts', 'cli/backtest.ts', 'scripts/validate.ts', 'scripts/cfn-lint.ts', 'scripts/e2e.ts', 'bench/lambda.bench.ts', 'bench/cold-start.bench.ts', 'bench/scaling.bench.ts', 'bench/synth.bench.ts', 'bench/tests.bench.ts', 'bench/backtest.bench.ts'];
const LAMBDA_OUTPUT = 'dist/lambda/index.js';
const SOURCES = ['main.ts', 'core', 'stacks', 'handlers', 'cli', 'scripts', 'bench', 'package-lock.json'];

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((name) => name !== 'reference').map((name) => newestSource(join(path, name))));
}

function oldestOutput() {
  try {
    return Math.min(...[LAMBDA_OUTPUT, ...APP_ENTRIES.map((entry) => join('dist', entry.replace(/\.ts$/, '.js')))].map((path) => statSync(path).mtimeMs));
  } catch {
    return 0;
  }
}

if (process.argv.includes('--force') || oldestOutput() <= Math.max(...SOURCES.map(newestSource))) {
  const { build } = await import('esbuild');
  await Promise.all([
    build({ entryPoints: APP_ENTRIES, outdir: 'dist', outbase: '.', bundle: true, packages: 'external', platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' }),
    build({
      entryPoints: ['handlers/index.ts'],
      outfile: LAMBDA_OUTPUT,
      bundle: true,
      // The SNS and DynamoDB clients are bundled, from their ES module builds: one file
      // loads in less than half the time the runtime's own SDK packages take (npm run bench).
      mainFields: ['module', 'main'],
      // Loaded only for an allowlist parameter or a webhook, on first use, from the runtime's SDK.
      external: ['@aws-sdk/client-ssm', '@aws-sdk/client-secrets-manager'],
      // Credentials come from the environment on Lambda; see handlers/lambda-credentials.ts.
      alias: { '@aws-sdk/credential-provider-node': './handlers/lambda-credentials.ts' },
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ]);
}
