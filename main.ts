import { join } from 'node:path';
import { App } from 'cdktf';
import { exitOnUserError } from './cli/exit-on-user-error';
import { stageLambdaPackage } from './cli/lambda-package';
import { configFile, loadConfig } from './cli/load-config';
import { accountRole, forwarderRegions } from './core/config';
import { resourceNames } from './core/names';
import { configureStateBackend } from './stacks/backend';
import { CentralStack } from './stacks/central-stack';
import { ForwarderStack } from './stacks/forwarder-stack';
import { OrganizationStack } from './stacks/organization-stack';

exitOnUserError(() => {
  const file = configFile();
  const config = loadConfig(file);
  const names = resourceNames(config.namePrefix);
  const role = accountRole(config);
  const state = { accountId: config.accountId, stateBackend: config.stateBackend, localStateDir: process.cwd() };

  // Construct stack traces only help debug cdktf itself, and cost a tenth of a 34-region synth.
  const app = new App({ stackTraces: false });
  // A member account gets only forwarders: the central stack lives in centralAccountId.
  const central =
    role === 'central'
      ? new CentralStack(app, names.centralStack, {
          ...config,
          // main.js runs from dist/, next to the bundle that `npm run build` wrote.
          lambdaPackagePath: stageLambdaPackage(config, join(__dirname, 'lambda', 'index.js'), join(__dirname, 'alert-package.zip')),
        })
      : undefined;
  if (central !== undefined) configureStateBackend(central, { ...state, stackName: names.centralStack });
  const regions = forwarderRegions(config);
  for (const region of regions) {
    const stackName = names.forwarderStack(region);
    const forwarder = new ForwarderStack(app, stackName, {
      ...config,
      region,
      // Only a member names the central account; the central account's forwarders look up their own.
      centralAccountId: role === 'member' ? config.centralAccountId : undefined,
    });
    configureStateBackend(forwarder, { ...state, stackName });
    // The bus and its policy must exist before any target points at it (AWS rejects PutTargets otherwise).
    if (central !== undefined) forwarder.addDependency(central);
  }
  // The StackSets administrator also holds the organization's stack sets.
  const { stackSets, centralAccountId } = config;
  const organization =
    stackSets !== undefined && centralAccountId !== undefined && config.accountId === stackSets.adminAccountId
      ? new OrganizationStack(app, names.organizationStack, { ...config, regions, centralAccountId, stackSets })
      : undefined;
  if (organization !== undefined) {
    configureStateBackend(organization, { ...state, stackName: names.organizationStack });
    if (central !== undefined) organization.addDependency(central);
  }
  app.synth();
  const what = role === 'central' ? `central stack in ${config.homeRegion}, forwarders` : `member account ${config.accountId}: forwarders to account ${config.centralAccountId},`;
  const stackSetsNote = organization === undefined ? '' : `, and the organization's stack sets for ${regions.length} regions`;
  process.stderr.write(`signin-watch: ${file}: ${what} in ${regions.length} regions${stackSetsNote}, written to ${app.outdir}\n`);
});
