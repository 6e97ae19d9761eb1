import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { defineStacks, lambdaFilesIn } from './define-stacks';
import { exitOnUserError } from './exit-on-user-error';
import { configFile, loadConfig } from './load-config';
import { deploySummary } from '../core/deploy/summary';

/** Where synth reads its config and writes its output, and the environment it reads. */
export interface SynthIo {
  /** SIGNIN_WATCH_CONFIG names the config; CDKTF_OUTDIR the output folder (else cdktf.out). */
  readonly env: NodeJS.ProcessEnv;
  /** The folder that holds the Lambda bundle (lambda/index.js), where the zip is written too. */
  readonly distDir: string;
  /** Where local Terraform state goes when the config names no backend. */
  readonly cwd: string;
  readonly stdout: (text: string) => void;
}

/**
 * Where a synth's time went, in milliseconds since the process started, written as JSON
 * to the file SIGNIN_WATCH_SYNTH_TIMINGS names (bench/synth.bench.ts reads it).
 */
export interface SynthTimings {
  /** Node's own start, until it begins to load main.js. */
  readonly nodeStarted: number;
  /** main.js and everything it imports loaded and initialised. */
  readonly modulesLoaded: number;
  /** The config read and the construct tree of every stack built. */
  readonly treeBuilt: number;
  /** The Terraform JSON, the manifest and the assets written. */
  readonly jsonWritten: number;
}

/**
 * npm run synth (main.ts): loads the config, prints what it deploys, writes the Terraform
 * JSON of every stack. A config error or a missing build is printed as its message alone
 * and exits 1 (exitOnUserError). Tests call it in-process.
 */
export function runSynth(io: SynthIo): void {
  const modulesLoaded = performance.now();
  let treeBuilt = modulesLoaded;
  exitOnUserError(() => {
    const file = configFile(undefined, io.env);
    const config = loadConfig(file);
    // On stdout: cdktf shows anything the app writes to stderr as an [ERROR].
    io.stdout(`${deploySummary(config, file, Date.now()).join('\n')}\n`);
    // Construct stack traces only help debug cdktf itself, and cost a tenth of a 34-region synth.
    const app = new App({ stackTraces: false, ...(io.env.CDKTF_OUTDIR ? { outdir: io.env.CDKTF_OUTDIR } : {}) });
    const { central, regions, organization } = defineStacks(app, config, lambdaFilesIn(io.distDir), io.cwd);
    treeBuilt = performance.now();
    app.synth();
    const what = central ? `central stack in ${config.homeRegion}, forwarders` : `member account ${config.accountId}: forwarders to account ${config.centralAccountId},`;
    const stackSetsNote = organization ? `, and the organization's stack sets for ${regions.length} regions` : '';
    io.stdout(`signin-watch: ${file}: ${what} in ${regions.length} regions${stackSetsNote}, written to ${app.outdir}\n`);
  });
  const timingsFile = io.env.SIGNIN_WATCH_SYNTH_TIMINGS;
  if (timingsFile) {
    const timings: SynthTimings = { nodeStarted: performance.nodeTiming.bootstrapComplete, modulesLoaded, treeBuilt, jsonWritten: performance.now() };
    writeFileSync(timingsFile, `${JSON.stringify(timings)}\n`);
  }
}
