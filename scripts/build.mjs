// Compiles the TypeScript entry points with esbuild (no type check: `npm run typecheck`
// does that), so that synth starts from plain JavaScript in well under a second.
import { build } from 'esbuild';

await Promise.all([
  build({
    entryPoints: ['main.ts', 'cli/evaluate.ts', 'cli/replay.ts', 'scripts/validate.ts', 'scripts/e2e.ts', 'bench/lambda.bench.ts', 'bench/scaling.bench.ts', 'bench/synth.bench.ts', 'bench/tests.bench.ts'],
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['handlers/index.ts'],
    outfile: 'dist/lambda/index.js',
    bundle: true,
    // The Lambda Node.js runtimes ship AWS SDK v3; bundling it would add 200 KB.
    external: ['@aws-sdk/*'],
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  }),
]);
