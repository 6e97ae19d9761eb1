import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Runs per figure; BENCH_RUNS overrides (at least 5 for the published figures). */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function printMachine(title: string): void {
  process.stdout.write(`\n== ${title} ==\nmachine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** "1.23 (1.20-1.31)": the median and the spread. */
export function show(s: Stats, digits = 2): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  readonly seconds: number;
  /** Peak resident memory of the largest process of the command, in MB; undefined without GNU time. */
  readonly peakMb?: number;
  /** CPU time (user and system) of the command and every process it waited for, in seconds: steadier than wall time on a loaded machine; undefined without GNU time. */
  readonly cpuSeconds?: number;
}

/** Runs a command once; wall time from GNU time (or the clock), peak RSS from GNU time. */
export function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Measurement {
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', ...options.env };
  if (!existsSync(GNU_TIME)) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: options.cwd, env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }
  const dir = mkdtempSync(join(tmpdir(), 'signin-watch-bench-'));
  try {
    const out = join(dir, 'time');
    const result = spawnSync(GNU_TIME, ['-f', '%e %M %U %S', '-o', out, command, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
    const [seconds, kb, user, system] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { seconds, peakMb: kb / 1024, cpuSeconds: user + system };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function gnuTimeNote(): string {
  return existsSync(GNU_TIME) ? 'peak memory = max RSS of the largest process (GNU time)' : 'peak memory not measured: install GNU time (Debian package "time")';
}
