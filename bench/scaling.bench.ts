import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { stageLambdaPackage } from '../synth/lambda-package';
import { parseConfig } from '../core/config';
import { resourceNames } from '../core/deploy/names';
import { CentralStack } from '../stacks/central-stack';
import { ForwarderStack } from '../stacks/forwarder-stack';
import { printMachine, ROOT, RUNS, show, stats } from './measure';

/**
 * Synth time (in-process: construct and write the stacks) and output size for 1, 17, 34
 * and 100 regions (beyond 34 the names are synthetic), to show how cost grows.
 */
function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? bytesUnder(path) : statSync(path).size);
  }, 0);
}

function synthOnce(regionCount: number, outdir: string, lambdaPackagePath: string): number {
  const started = process.hrtime.bigint();
  const names = resourceNames('signin-watch');
  const app = new App({ outdir });
  const central = new CentralStack(app, names.centralStack, {
    homeRegion: 'us-east-1',
    namePrefix: 'signin-watch',
    notificationEmails: [],
    logRetentionDays: 365,
    lambdaPackagePath,
  });
  for (let i = 0; i < regionCount; i++) {
    const region = `bench-region-${String(i + 1).padStart(3, '0')}`;
    new ForwarderStack(app, names.forwarderStack(region), { region, homeRegion: 'us-east-1', namePrefix: 'signin-watch' }).addDependency(central);
  }
  app.synth();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

printMachine(`synth scaling, in-process: median (min-max) of ${RUNS} runs`);
const work = mkdtempSync(join(tmpdir(), 'signin-watch-scaling-'));
const lambdaZip = stageLambdaPackage(parseConfig('{}', 'default'), join(ROOT, 'dist', 'lambda', 'index.js'), join(work, 'alert-package.zip'));
try {
  // The first synth pays for loading the provider modules; it is reported on its own.
  process.stdout.write(`first synth in this process (module loading included): ${synthOnce(1, join(work, 'warm'), lambdaZip).toFixed(0)} ms\n`);
  let previous: { regions: number; ms: number } | undefined;
  for (const regions of [1, 17, 34, 100]) {
    const times = Array.from({ length: RUNS }, (_, i) => synthOnce(regions, join(work, `${regions}-${i}`), lambdaZip));
    const s = stats(times);
    const kb = bytesUnder(join(work, `${regions}-0`, 'stacks')) / 1024;
    const growth = previous ? `, ${((s.median - previous.ms) / (regions - previous.regions)).toFixed(1)} ms per added region` : '';
    process.stdout.write(`  ${String(regions).padStart(3)} regions: ${show(s, 0)} ms, output ${kb.toFixed(0)} KB (${(kb / (regions + 1)).toFixed(1)} KB per stack)${growth}\n`);
    previous = { regions, ms: s.median };
  }
  process.stdout.write('  organization with 50 member accounts: not applicable, the design synthesizes one account per run\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
