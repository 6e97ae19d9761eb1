import { join } from 'node:path';
import { App } from 'cdktf';
import { exitOnUserError } from './cli/exit-on-user-error';
import { stageLambdaPackage } from './cli/lambda-package';
import { configFile, loadConfig } from './cli/load-config';
import { forwarderRegions } from './core/config';
import { resourceNames } from './core/names';
import { CentralStack } from './stacks/central-stack';
import { ForwarderStack } from './stacks/forwarder-stack';

exitOnUserError(() => {
  const file = configFile();
  const config = loadConfig(file);
  const names = resourceNames(config.namePrefix);
  // main.js runs from dist/, next to the bundle that `npm run build` wrote.
  const lambdaPackagePath = stageLambdaPackage(config, join(__dirname, 'lambda', 'index.js'), join(__dirname, 'alert-package.zip'));

  // Construct stack traces only help debug cdktf itself, and cost a tenth of a 34-region synth.
  const app = new App({ stackTraces: false });
  const central = new CentralStack(app, names.centralStack, {
    homeRegion: config.homeRegion,
    namePrefix: config.namePrefix,
    organizationId: config.organizationId,
    notificationEmails: config.notificationEmails,
    logRetentionDays: config.logRetentionDays,
    alarmTopicArn: config.alarmTopicArn,
    lambdaPackagePath,
  });
  const regions = forwarderRegions(config);
  for (const region of regions) {
    const forwarder = new ForwarderStack(app, names.forwarderStack(region), { region, homeRegion: config.homeRegion, namePrefix: config.namePrefix });
    // The bus and its policy must exist before any target points at it (AWS rejects PutTargets otherwise).
    forwarder.addDependency(central);
  }
  app.synth();
  process.stderr.write(`signin-watch: ${file}: central stack in ${config.homeRegion}, forwarders in ${regions.length} regions, written to ${app.outdir}\n`);
});
