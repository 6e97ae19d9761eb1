import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SynthTimings } from '../synth/synth';
import { COMMERCIAL_REGIONS, DEFAULT_REGIONS } from '../core/config/regions';
import { gnuTimeNote, type Measurement, measure, printMachine, ROOT, RUNS, show, stats } from './measure';

/**
 * Synth wall time and peak memory for 17 and 34 regions: signin-watch through `npm run synth`
 * and `npx cdktf synth`, beside a reference app of the same topology written the way the
 * cdktf template does (barrel import, ts-node; bench/reference/). Also splits `npm run synth`
 * into its parts, and `node dist/main.js` into node's start, loading the modules, building the
 * construct tree and writing the JSON (from the timings main.js writes to the file that
 * SIGNIN_WATCH_SYNTH_TIMINGS names), to show where the time goes.
 */
const work = mkdtempSync(join(tmpdir(), 'signin-watch-synth-bench-'));
const REFERENCE = join(ROOT, 'bench', 'reference');

interface Variant {
  readonly name: string;
  readonly run: (regions: readonly string[], out: string) => Measurement & { split?: Record<string, number> };
}

function ourEnv(regions: readonly string[], out: string): NodeJS.ProcessEnv {
  const config = join(work, `config-${regions.length}.json`);
  writeFileSync(config, JSON.stringify({ regions }));
  return { SIGNIN_WATCH_CONFIG: config, CDKTF_OUTDIR: out };
}

const refEnv = (regions: readonly string[], out: string): NodeJS.ProcessEnv => ({ REFERENCE_REGIONS: regions.join(','), CDKTF_OUTDIR: out });

const VARIANTS: Variant[] = [
  { name: 'signin-watch: npm run synth', run: (regions, out) => measure('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env: ourEnv(regions, out) }) },
  { name: '  of which: node dist/main.js', run: (regions, out) => withSplit(regions, out) },
  { name: '  of which: the build check alone', run: () => measure(process.execPath, ['-e', "require('./scripts/build-state.cjs').buildIsCurrent('.')"], { cwd: ROOT }) },
  { name: 'signin-watch: npx cdktf synth', run: (regions, out) => measure('npx', ['cdktf', 'synth', '--output', out], { cwd: ROOT, env: ourEnv(regions, out) }) },
  { name: 'reference: npx ts-node main.ts', run: (regions, out) => measure('npx', ['ts-node', 'main.ts'], { cwd: REFERENCE, env: refEnv(regions, out) }) },
  { name: 'reference: npx cdktf synth', run: (regions, out) => measure('npx', ['cdktf', 'synth', '--output', out], { cwd: REFERENCE, env: refEnv(regions, out) }) },
];

/** node dist/main.js, and where its time went: each part in seconds, the exit being what the wall time leaves. */
function withSplit(regions: readonly string[], out: string): Measurement & { split: Record<string, number> } {
  const timingsFile = join(work, 'timings.json');
  const measured = measure(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...ourEnv(regions, out), SIGNIN_WATCH_SYNTH_TIMINGS: timingsFile } });
  const t = JSON.parse(readFileSync(timingsFile, 'utf8')) as SynthTimings;
  const ms = {
    'node start': t.nodeStarted,
    'module load': t.modulesLoaded - t.nodeStarted,
    'construct tree (and config)': t.treeBuilt - t.modulesLoaded,
    'JSON write (and Lambda zip)': t.jsonWritten - t.treeBuilt,
    'exit (the wall time left)': Math.max(0, measured.seconds * 1000 - t.jsonWritten),
  };
  return { ...measured, split: Object.fromEntries(Object.entries(ms).map(([part, value]) => [part, value / 1000])) };
}

printMachine(`synth: median (min-max) of ${RUNS} runs; CPU is the user and system time of every process`);
process.stdout.write(`${gnuTimeNote()}\n`);
try {
  for (const regions of [DEFAULT_REGIONS, COMMERCIAL_REGIONS]) {
    process.stdout.write(`\n${regions.length} regions (${regions.length + 1} stacks)\n`);
    const results = new Map<string, { seconds: number; cpuSeconds?: number; peakMb?: number }>();
    for (const variant of VARIANTS) {
      const runs = Array.from({ length: RUNS }, (_, i) => variant.run(regions, join(work, `out-${i}`)));
      const seconds = stats(runs.map((r) => r.seconds));
      const cpu = runs[0].cpuSeconds === undefined ? undefined : stats(runs.map((r) => r.cpuSeconds as number));
      const memory = runs[0].peakMb === undefined ? undefined : stats(runs.map((r) => r.peakMb as number));
      results.set(variant.name, { seconds: seconds.median, cpuSeconds: cpu?.median, peakMb: memory?.median });
      process.stdout.write(`  ${variant.name.padEnd(40)} ${show(seconds)} s${cpu ? `   CPU ${show(cpu)} s` : ''}${memory ? `   ${show(memory, 0)} MB` : ''}\n`);
      for (const part of Object.keys(runs[0].split ?? {})) {
        process.stdout.write(`      ${part.padEnd(34)} ${show(stats(runs.map((r) => r.split?.[part] ?? 0)), 3)} s\n`);
      }
    }
    const ours = results.get(VARIANTS[0].name)!;
    const reference = results.get('reference: npx ts-node main.ts')!;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(3)} (1/${(b / a).toFixed(1)})`;
    process.stdout.write(`  ratio npm run synth / reference: time ${ratio(ours.seconds, reference.seconds)}`);
    process.stdout.write(ours.cpuSeconds && reference.cpuSeconds ? `, CPU ${ratio(ours.cpuSeconds, reference.cpuSeconds)}` : '');
    process.stdout.write(ours.peakMb && reference.peakMb ? `, memory ${ratio(ours.peakMb, reference.peakMb)}\n` : '\n');
    const cli = results.get('signin-watch: npx cdktf synth')!;
    process.stdout.write(`  the cdktf CLI adds ${(cli.seconds - ours.seconds).toFixed(2)} s to npm run synth\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
