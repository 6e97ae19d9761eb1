import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageLambdaPackage } from '../cli/lambda-package';
import { Allowlist } from '../core/allowlist';
import { Trust } from '../core/trust';
import { type CloudTrailRecord, extractRecords } from '../core/cloudtrail-record';
import { parseConfig } from '../core/config';
import { evaluate } from '../core/evaluate';
import { printMachine, ROOT, RUNS, show, stats } from './measure';

/**
 * The Lambda's costs: bundle size, module initialisation in a fresh Node process, and
 * evaluation throughput of the pure core with allowlists of 10, 1,000 and 10,000 CIDRs.
 */
printMachine('Lambda');

// Bundle size: as built, and as the zip that synth writes for the default config.
const bundle = readFileSync(join(ROOT, 'dist', 'lambda', 'index.js'));
const zip = stageLambdaPackage(parseConfig('{}', 'default'), join(ROOT, 'dist', 'lambda', 'index.js'), join(tmpdir(), `signin-watch-bench-${process.pid}.zip`));
process.stdout.write(`bundle: ${(bundle.length / 1024).toFixed(1)} KB minified, ${(statSync(zip).size / 1024).toFixed(1)} KB zipped with its allowlist (target: under 10 KB), AWS SDK external\n`);
rmSync(zip);

// Module initialisation: a fresh process requires the bundle (inside the project, so the
// external @aws-sdk/client-sns resolves as it does from Lambda's runtime).
const packageDir = join(ROOT, 'dist', 'bench-package');
mkdirSync(packageDir, { recursive: true });
copyFileSync(join(ROOT, 'dist', 'lambda', 'index.js'), join(packageDir, 'index.js'));
writeFileSync(join(packageDir, 'settings.json'), JSON.stringify({ allowedCidrs: ['203.0.113.0/24'], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));
const timeRequire = (...modules: string[]): number => {
  const script = `const t = process.hrtime.bigint(); ${modules.map((m) => `require(${JSON.stringify(m)});`).join(' ')} process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: packageDir, env: { ...process.env, TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t', DEDUP_TABLE: 't', AWS_REGION: 'us-east-1' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout);
};
const initRuns = Math.max(RUNS, 15);
const withSdk = stats(Array.from({ length: initRuns }, () => timeRequire(join(packageDir, 'index.js'))));
const sdkOnly = stats(Array.from({ length: initRuns }, () => timeRequire('@aws-sdk/client-sns', '@aws-sdk/client-dynamodb')));
process.stdout.write(`init, median (min-max) of ${initRuns} fresh processes: the bundle with its clients ${show(withSdk, 1)} ms, of which requiring @aws-sdk/client-sns and client-dynamodb alone ${show(sdkOnly, 1)} ms (target: under 20 ms)\n`);
rmSync(packageDir, { recursive: true, force: true });

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
