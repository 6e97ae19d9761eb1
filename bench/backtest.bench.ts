import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_ACCOUNTS, BENCH_ALLOWLIST, writeSignIns } from './backtest-data';
import { gnuTimeNote, measure, printMachine, ROOT, RUNS, show, stats } from './measure';

/**
 * The backtest over 1,000,000 sign-ins from a JSON Lines file, as CloudTrail Lake or Athena
 * exports them: wall time and peak memory of `node dist/cli/backtest.js --from FILE --json`.
 * Target: under 20 s, in memory that does not grow with the file (streamed, counted).
 */
printMachine('Backtest');

const RECORDS = Number(process.env.BACKTEST_RECORDS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'signin-watch-backtest-bench-'));
try {
  const file = join(dir, 'signins.jsonl');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ allowedCidrs: BENCH_ALLOWLIST, accountNames: BENCH_ACCOUNTS, regions: ['us-east-1', 'us-east-2', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-southeast-2'] }),
  );
  const started = process.hrtime.bigint();
  writeSignIns(file, RECORDS, Date.parse('2026-11-27T12:00:00Z'));
  const generated = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`input: ${RECORDS.toLocaleString('en-US')} ConsoleLogin records, ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB of JSON Lines (generated in ${generated.toFixed(1)} s)\n`);

  const runs = Array.from({ length: Math.max(1, Math.min(RUNS, 3)) }, () =>
    measure(process.execPath, [join(ROOT, 'dist', 'cli', 'backtest.js'), '--config', config, '--json', '--from', file], { cwd: ROOT }),
  );
  const seconds = stats(runs.map((run) => run.seconds));
  const peaks = runs.flatMap((run) => (run.peakMb === undefined ? [] : [run.peakMb]));
  process.stdout.write(`backtest --from FILE --json, median (min-max) of ${runs.length}: ${show(seconds, 1)} s (target: under 20 s)`);
  process.stdout.write(peaks.length > 0 ? `, peak RSS ${show(stats(peaks), 0)} MB\n` : '\n');
  process.stdout.write(`${gnuTimeNote()}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
