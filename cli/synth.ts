import { App } from 'cdktf';
import { defineStacks, lambdaFilesIn } from './define-stacks';
import { exitOnUserError } from './exit-on-user-error';
import { configFile, loadConfig } from './load-config';
import { deploySummary } from '../core/deploy-summary';

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
 * npm run synth (main.ts): loads the config, prints what it deploys, writes the Terraform
 * JSON of every stack. A config error or a missing build is printed as its message alone
 * and exits 1 (exitOnUserError). Tests call it in-process.
 */
export function runSynth(io: SynthIo): void {
  exitOnUserError(() => {
    const file = configFile(undefined, io.env);
    const config = loadConfig(file);
    // On stdout: cdktf shows anything the app writes to stderr as an [ERROR].
    io.stdout(`${deploySummary(config, file, Date.now()).join('\n')}\n`);
    // Construct stack traces only help debug cdktf itself, and cost a tenth of a 34-region synth.
    const app = new App({ stackTraces: false, ...(io.env.CDKTF_OUTDIR ? { outdir: io.env.CDKTF_OUTDIR } : {}) });
    const { central, regions, organization } = defineStacks(app, config, lambdaFilesIn(io.distDir), io.cwd);
    app.synth();
    const what = central ? `central stack in ${config.homeRegion}, forwarders` : `member account ${config.accountId}: forwarders to account ${config.centralAccountId},`;
    const stackSetsNote = organization ? `, and the organization's stack sets for ${regions.length} regions` : '';
    io.stdout(`signin-watch: ${file}: ${what} in ${regions.length} regions${stackSetsNote}, written to ${app.outdir}\n`);
  });
}
