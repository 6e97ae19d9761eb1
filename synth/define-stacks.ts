import { join } from 'node:path';
import type { App } from 'cdktf';
import type { SigninWatchConfig } from '../core/config';
import { deploymentPlan } from '../core/deploy/plan';
import { configureStateBackend } from '../stacks/backend';
import { CentralStack } from '../stacks/central-stack';
import { ForwarderStack } from '../stacks/forwarder-stack';
import { OrganizationStack } from '../stacks/organization-stack';
import { stageLambdaPackage } from './lambda-package';

/** Where the built Lambda bundle is read and its zip written; main.js passes its own dist/ folder. */
export interface LambdaFiles {
  readonly bundle: string;
  readonly zip: string;
}

export const lambdaFilesIn = (distDir: string): LambdaFiles => ({ bundle: join(distDir, 'lambda', 'index.js'), zip: join(distDir, 'alert-package.zip') });

/** What a config deploys, for the line synth prints at the end. */
export interface DefinedStacks {
  readonly central: boolean;
  readonly regions: readonly string[];
  readonly organization: boolean;
}

/**
 * Adds the stacks one account's config deploys to `app`: the central stack (central
 * account only), one forwarder per region, and the organization's stack sets (StackSets
 * administrator only). Kept apart from main.ts so that tests synthesize in-process.
 * @param stateDir where local Terraform state goes when the config names no backend
 */
export function defineStacks(app: App, config: SigninWatchConfig, lambda: LambdaFiles, stateDir: string): DefinedStacks {
  const plan = deploymentPlan(config);
  const state = { accountId: config.accountId, stateBackend: config.stateBackend, localStateDir: stateDir };

  // A member account gets only forwarders: the central stack lives in centralAccountId.
  const central = plan.central === undefined ? undefined : new CentralStack(app, plan.central.stackName, { ...config, lambdaPackagePath: stageLambdaPackage(config, lambda.bundle, lambda.zip) });
  if (central !== undefined && plan.central !== undefined) configureStateBackend(central, { ...state, stackName: plan.central.stackName });
  for (const { region, stackName } of plan.forwarders) {
    const forwarder = new ForwarderStack(app, stackName, {
      ...config,
      region,
      // Only a member names the central account; the central account's forwarders look up their own.
      centralAccountId: plan.role === 'member' ? config.centralAccountId : undefined,
    });
    configureStateBackend(forwarder, { ...state, stackName });
    // The bus and its policy must exist before any target points at it (AWS rejects PutTargets otherwise).
    if (central !== undefined) forwarder.addDependency(central);
  }
  // The StackSets administrator also holds the organization's stack sets.
  if (plan.organization !== undefined) {
    const organization = new OrganizationStack(app, plan.organization.stackName, { ...config, ...plan.organization });
    configureStateBackend(organization, { ...state, stackName: plan.organization.stackName });
    if (central !== undefined) organization.addDependency(central);
  }
  return { central: central !== undefined, regions: plan.forwarders.map(({ region }) => region), organization: plan.organization !== undefined };
}
