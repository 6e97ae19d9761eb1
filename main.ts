import { App } from 'cdktf';
import { defineStacks, lambdaFilesIn } from './cli/define-stacks';
import { exitOnUserError } from './cli/exit-on-user-error';
import { configFile, loadConfig } from './cli/load-config';
import { deploySummary } from './core/deploy-summary';

exitOnUserError(() => {
  const file = configFile();
  const config = loadConfig(file);
  // On stdout: cdktf shows anything the app writes to stderr as an [ERROR].
  process.stdout.write(`${deploySummary(config, file, Date.now()).join('\n')}\n`);
  // Construct stack traces only help debug cdktf itself, and cost a tenth of a 34-region synth.
  const app = new App({ stackTraces: false });
  // main.js runs from dist/, next to the bundle that `npm run build` wrote.
  const { central, regions, organization } = defineStacks(app, config, lambdaFilesIn(__dirname), process.cwd());
  app.synth();
  const what = central ? `central stack in ${config.homeRegion}, forwarders` : `member account ${config.accountId}: forwarders to account ${config.centralAccountId},`;
  const stackSetsNote = organization ? `, and the organization's stack sets for ${regions.length} regions` : '';
  process.stdout.write(`signin-watch: ${file}: ${what} in ${regions.length} regions${stackSetsNote}, written to ${app.outdir}\n`);
});
