import { readdirSync, readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { join } from 'node:path';
import { Allowlist } from '../core/detect/allowlist';
import { Trust } from '../core/detect/trust';
import { type CloudTrailRecord, extractRecords } from '../core/detect/cloudtrail-record';
import { evaluate } from '../core/detect/evaluate';
import { printMachine, ROOT, RUNS, show, type Stats, stats } from './measure';

/**
 * Evaluation throughput of the Lambda's pure core with allowlists of 10, 1,000 and 10,000
 * CIDRs. `summary` is written only when read (the backtest never reads it), so it is
 * measured on its own line.
 */
printMachine('Lambda evaluation');

// Evaluation throughput on a realistic mix: every ConsoleLogin record in the fixtures
// (IAM users, root, federated, failures, odd shapes), plus IPv6 and allowed sources.
const records: CloudTrailRecord[] = [];
for (const folder of ['sample-events', 'peer-records']) {
  const dir = join(ROOT, 'test', 'fixtures', folder);
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    records.push(...extractRecords(JSON.parse(readFileSync(join(dir, name), 'utf8'))).records.map(({ record }) => record));
  }
}

/** A deterministic pseudo-random generator, so every run measures the same lists. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function cidrs(count: number): string[] {
  const next = random(count);
  return Array.from({ length: count }, (_, i) => {
    if (i % 4 === 3) return `2001:db8:${Math.floor(next() * 65536).toString(16)}::/48`;
    return `${11 + Math.floor(next() * 200)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.0/24`;
  });
}

const EVENTS = 200_000;
/** Issue 17: evaluating one record at 1,000 CIDRs, on this bench's mix. */
const TARGET_US = 0.5;
let sink = 0;
for (const size of [10, 1_000, 10_000]) {
  const list = cidrs(size);
  const allowlist = Allowlist.fromCidrs(list);
  const trust = Trust.fromCidrs(list);
  // A quarter of the events come from inside the list, as a team's own sign-ins would.
  const mix = records.map((record, i) => (i % 4 === 0 ? { ...record, sourceIPAddress: list[i % list.length].replace(/0\/24$|:\/48$/, (m) => (m === '0/24' ? '7' : ':7')) } : record));
  mix.push({ ...records[0], sourceIPAddress: '2001:db8:ffff::1' });
  const blockList = new BlockList();
  for (const cidr of list) {
    const [address, prefix] = cidr.split('/');
    blockList.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  const sources = mix.map((record) => String(record.sourceIPAddress ?? ''));
  /**
   * Wall and CPU time (process.cpuUsage) per event over RUNS rounds, after one round to
   * let V8 optimise: on a busy machine the CPU time is the steadier of the two.
   */
  const perEvent = (task: (i: number) => number): { text: string; cpu: Stats } => {
    for (let i = 0; i < EVENTS; i++) sink += task(i % mix.length);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let i = 0; i < EVENTS; i++) sink += task(i % mix.length);
      wall.push(Number(process.hrtime.bigint() - started) / EVENTS / 1000);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / EVENTS);
    }
    return { text: `${show(stats(wall), 3)} us wall, ${show(stats(cpu), 3)} us CPU`, cpu: stats(cpu) };
  };
  const line = (label: string, text: string): void => void process.stdout.write(`  ${label.padEnd(52)}${text}\n`);
  const evaluated = perEvent((i) => evaluate(mix[i], trust).findings.length);
  const target = size === 1_000 ? `  (target: under ${TARGET_US} us CPU: ${evaluated.cpu.median < TARGET_US ? 'met' : 'MISSED'})` : '';
  process.stdout.write(`${String(size).padStart(6)} CIDRs, ${mix.length} events cycled ${EVENTS} times, per event, median (min-max) of ${RUNS} rounds:\n`);
  line('evaluate (facts, address check, findings)', `${evaluated.text}${target}`);
  line('evaluate and read the summary, as the Lambda does', perEvent((i) => evaluate(mix[i], trust).summary.length).text);
  line('Allowlist.contains (parse the address + bisect)', perEvent((i) => (allowlist.contains(sources[i]) ? 1 : 0)).text);
  line(
    'net.BlockList.check, for comparison',
    perEvent((i) => {
      const family = isIP(sources[i]);
      return family !== 0 && blockList.check(sources[i], family === 6 ? 'ipv6' : 'ipv4') ? 1 : 0;
    }).text,
  );
}
// Keeps every result in use, so that no work can be optimised away.
if (sink < 0) process.stdout.write(`${sink}\n`);
