import { readdirSync, readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { join } from 'node:path';
import { Allowlist } from '../core/allowlist';
import { Trust } from '../core/trust';
import { type CloudTrailRecord, extractRecords } from '../core/cloudtrail-record';
import { evaluate } from '../core/evaluate';
import { printMachine, ROOT, RUNS, show, stats } from './measure';

/** Evaluation throughput of the Lambda's pure core with allowlists of 10, 1,000 and 10,000 CIDRs. */
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
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function cidrs(count: number): string[] {
  const next = random(count);
  return Array.from({ length: count }, (_, i) => {
    if (i % 4 === 3) return `2001:db8:${Math.floor(next() * 65536).toString(16)}::/48`;
    return `${11 + Math.floor(next() * 200)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.0/24`;
  });
}

const EVENTS = 200_000;
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
  const perEvent = (task: (i: number) => unknown): string => {
    const rounds = Array.from({ length: RUNS }, () => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < EVENTS; i++) task(i % mix.length);
      return Number(process.hrtime.bigint() - started) / EVENTS / 1000;
    });
    return `${show(stats(rounds), 3)} us`;
  };
  process.stdout.write(`${String(size).padStart(6)} CIDRs, ${mix.length} events cycled ${EVENTS} times, per event:\n`);
  process.stdout.write(`  evaluate (whole record: facts, findings, summary)  ${perEvent((i) => evaluate(mix[i], trust))}\n`);
  process.stdout.write(`  Allowlist.contains (parse the address + bisect)    ${perEvent((i) => allowlist.contains(sources[i]))}\n`);
  process.stdout.write(`  net.BlockList.check, for comparison                ${perEvent((i) => {
    const family = isIP(sources[i]);
    return family !== 0 && blockList.check(sources[i], family === 6 ? 'ipv6' : 'ipv4');
  })}\n`);
}
