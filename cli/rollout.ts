import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { accountRole, ConfigError, type SigninWatchConfig } from '../core/config';
import { deploymentPlan } from '../core/deploy/plan';
import { doctorClients, enabledRegions } from './aws-access';
import { command, HELP_OPTION, parseCommandLine, runCommand, UsageError } from './command';
import { type CliIo, loadConfig } from '../synth/load-config';
import { messageOf } from '../core/error-message';

const USAGE = `usage: npm run --silent rollout -- CONFIG_FILE... [--dry-run]

Deploys signin-watch to each account named by a config file (usually one per account,
extending a shared file), with the credentials each config names (awsProfile,
deployRoleArn). Central accounts go first, since member forwarders need the central bus.
For each account: lists its enabled regions, skips configured regions that are
disabled there (with a warning), synthesizes, then runs terraform apply on the central
stack, each forwarder and, for the StackSets administrator, the organization's stack
sets. Stops at the first failure and says what was and was not
rolled out. --dry-run stops before Terraform and prints the plan.`;

/** The side effects of a rollout, so that tests can run it without AWS or Terraform. */
export interface RolloutSteps {
  readonly enabledRegions: (config: SigninWatchConfig) => Promise<ReadonlySet<string>>;
  /** Synthesizes a config into `outDir`; throws with the synth's own message on failure. */
  readonly synth: (configFile: string, outDir: string) => Promise<void>;
  /** Runs one Terraform command in a stack's directory; resolves to its exit code. */
  readonly terraform: (stackDir: string, args: readonly string[]) => Promise<number>;
}

interface AccountPlan {
  readonly file: string;
  readonly config: SigninWatchConfig;
  readonly label: string;
}

export const runRollout = command('rollout', rollout);

async function rollout(args: readonly string[], io: CliIo, steps: RolloutSteps, outRoot: string): Promise<number> {
  const { values, positionals: files } = parseCommandLine({ args: [...args], options: { 'dry-run': { type: 'boolean', default: false }, ...HELP_OPTION }, allowPositionals: true });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (files.length === 0) throw new UsageError('name at least one CONFIG_FILE');
  const dryRun = values['dry-run'];

  // Every config is checked before anything is applied: a typo in the tenth file must not stop a half-done rollout.
  const plans: AccountPlan[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      const config = loadConfig(file);
      plans.push({ file, config, label: config.accountId === undefined ? file : `account ${config.accountId}` });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(problem);
    io.stderr('rollout: nothing was applied; fix the config files above first.');
    return 1;
  }
  const ordered = [...plans.filter((plan) => accountRole(plan.config) === 'central'), ...plans.filter((plan) => accountRole(plan.config) === 'member')];

  const done: string[] = [];
  const stop = (plan: AccountPlan, what: string): number => {
    const left = ordered.slice(ordered.indexOf(plan)).map((rest) => rest.label);
    io.stderr(`rollout: stopped at ${plan.label} (${plan.file}): ${what}`);
    io.stderr(`rollout: rolled out: ${done.length > 0 ? done.join(', ') : 'none'}; not rolled out: ${left.join(', ')}.`);
    return 1;
  };

  for (const plan of ordered) {
    const { config } = plan;
    let enabled: ReadonlySet<string>;
    try {
      enabled = await steps.enabledRegions(config);
    } catch (error) {
      return stop(plan, `could not list its enabled regions (${messageOf(error)}); check the credentials (awsProfile, deployRoleArn) and account:ListRegions.`);
    }
    if (accountRole(config) === 'central' && !enabled.has(config.homeRegion))
      return stop(plan, `the home region ${config.homeRegion} is not enabled in this account; enable it or choose another homeRegion.`);
    const deployment = deploymentPlan(config);
    for (const { region } of deployment.forwarders.filter(({ region }) => !enabled.has(region))) {
      io.stderr(`rollout: WARNING ${plan.label}: ${region} is configured but not enabled there, so its forwarder is skipped. When it is enabled, signin-watch alerts and this rollout deploys it.`);
    }
    // The stack sets come last: they deploy to the organization's other accounts, whose bus the central stack provides.
    const stacks = [
      ...(deployment.central === undefined ? [] : [deployment.central.stackName]),
      ...deployment.forwarders.filter(({ region }) => enabled.has(region)).map(({ stackName }) => stackName),
      ...(deployment.organization === undefined ? [] : [deployment.organization.stackName]),
    ];
    const outDir = join(outRoot, config.accountId ?? 'default');
    try {
      await steps.synth(plan.file, outDir);
    } catch (error) {
      return stop(plan, `synth failed: ${messageOf(error)}`);
    }
    const stackSetsNote = deployment.organization === undefined ? '' : `, the last holding the organization's stack sets for ${deployment.organization.regions.length} regions`;
    io.stdout(`rollout: ${plan.label}: ${dryRun ? 'would apply' : 'applying'} ${stacks.length} stacks (${stacks.join(', ')})${stackSetsNote}`);
    if (dryRun) continue;
    for (const stack of stacks) {
      const stackDir = join(outDir, 'stacks', stack);
      for (const terraformArgs of [
        ['init', '-input=false'],
        ['apply', '-input=false', '-auto-approve'],
      ]) {
        let code: number;
        try {
          code = await steps.terraform(stackDir, terraformArgs);
        } catch (error) {
          return stop(plan, `terraform ${terraformArgs[0]} of ${stack} could not run: ${messageOf(error)}`);
        }
        if (code !== 0) return stop(plan, `terraform ${terraformArgs[0]} of ${stack} exited with ${code} (its output is above).`);
      }
    }
    done.push(plan.label);
    io.stdout(`rollout: ${plan.label}: done`);
  }
  io.stdout(`rollout: ${dryRun ? 'planned' : 'rolled out'} ${ordered.length} account${ordered.length === 1 ? '' : 's'}${dryRun ? ' (dry run: nothing applied)' : ''}.`);
  return 0;
}

/** Runs a command with the terminal's output; resolves to its exit code. */
function runInherited(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(`${command} is not on PATH: install it (Terraform 1.10 or later for S3 lock files).`) : error));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export function realSteps(processEnv: NodeJS.ProcessEnv): RolloutSteps {
  // Terraform otherwise calls HashiCorp's checkpoint service, which an offline machine reports as a failure.
  const env = { ...processEnv, CHECKPOINT_DISABLE: '1' };
  return {
    enabledRegions: (config) => enabledRegions(doctorClients(config).account()),
    synth: async (configFile, outDir) => {
      // rollout.js runs from dist/cli/, next to dist/main.js.
      const code = await runInherited(process.execPath, [join(__dirname, '..', 'main.js')], { cwd: process.cwd(), env: { ...env, SIGNIN_WATCH_CONFIG: configFile, CDKTF_OUTDIR: outDir } });
      if (code !== 0) throw new Error(`exit code ${code} (its message is above)`);
    },
    terraform: (stackDir, args) => runInherited('terraform', args, { cwd: stackDir, env }),
  };
}

if (require.main === module) runCommand(runRollout, realSteps(process.env), join(process.cwd(), 'cdktf.out', 'rollout'));
