import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { COMMERCIAL_REGIONS } from '../core/config/regions';

export const ROOT = join(__dirname, '..', '..');

/** The provider version @cdktf/provider-aws pins; the mirror must hold exactly this one. */
export function pinnedAwsProviderVersion(): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@cdktf', 'provider-aws', 'package.json'), 'utf8')).cdktf.provider as { version: string };
  return version;
}

/** Path of a command, or undefined when it is not on the PATH. */
export function commandPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v "$0"', name], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const hasProvider = (root: string, version: string): boolean => existsSync(join(root, 'registry.terraform.io', 'hashicorp', 'aws', version));

/**
 * The root of a filesystem mirror that holds hashicorp/aws at `version`: the folder named
 * by SIGNIN_WATCH_TF_MIRROR, else the first of the usual places that has it, else a
 * bounded search of the file system (about a second).
 */
export function findProviderMirror(version: string): string | undefined {
  const named = process.env.SIGNIN_WATCH_TF_MIRROR;
  if (named) return hasProvider(named, version) ? named : undefined;
  const usual = [
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  ];
  const known = usual.find((root) => hasProvider(root, version));
  if (known) return known;
  const search = spawnSync('find', ['/', '-maxdepth', '6', '-path', `*/registry.terraform.io/hashicorp/aws/${version}`, '-type', 'd'], { encoding: 'utf8', timeout: 20_000 });
  const hit = search.stdout?.split('\n').find(Boolean);
  // The mirror root is the folder above registry.terraform.io.
  return hit ? hit.split('/registry.terraform.io/')[0] : undefined;
}

export interface TerraformTools {
  readonly terraform: string;
  readonly mirror: string;
  /** The environment every terraform run gets: offline CLI config, shared cache, no phoning home. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Everything needed to run Terraform offline, or the one-line reason it is not available.
 * Writes the CLI config from terraform/offline.tfrc.template into `workDir`.
 */
export function offlineTerraform(workDir: string): TerraformTools | { missing: string } {
  const terraform = commandPath('terraform');
  if (!terraform) return { missing: 'no terraform CLI on the PATH' };
  const version = pinnedAwsProviderVersion();
  const mirror = findProviderMirror(version);
  if (!mirror) return { missing: `no local mirror of hashicorp/aws ${version} (set SIGNIN_WATCH_TF_MIRROR to its root)` };
  const pluginCache = join(ROOT, 'node_modules', '.cache', 'signin-watch', 'terraform-plugins');
  mkdirSync(pluginCache, { recursive: true });
  const cliConfig = join(workDir, 'offline.tfrc');
  const template = readFileSync(join(ROOT, 'terraform', 'offline.tfrc.template'), 'utf8');
  writeFileSync(cliConfig, template.replaceAll('@MIRROR@', mirror).replaceAll('@PLUGIN_CACHE@', pluginCache));
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // Otherwise the AWS provider probes the instance metadata address.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return { terraform, mirror, env };
}

export interface CommandResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs a command asynchronously and collects its output (stdout and stderr together). */
export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
    child.on('error', (error) => resolve({ code: 1, output: String(error), seconds: 0 }));
  });
}

/**
 * `terraform init`, tried again when installing the provider failed: Terraform's plugin
 * cache is not safe for concurrent use, and two inits can collide on one cache folder
 * even when it is warm (seen once in 56 parallel inits).
 */
export async function terraformInit(tools: TerraformTools, dir: string, args: readonly string[] = []): Promise<CommandResult> {
  let result = await run(tools.terraform, ['init', ...args, '-input=false', '-no-color'], { cwd: dir, env: tools.env });
  for (let attempt = 1; attempt <= 2 && result.code !== 0 && result.output.includes('Failed to install provider'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    result = await run(tools.terraform, ['init', ...args, '-input=false', '-no-color'], { cwd: dir, env: tools.env });
  }
  return result;
}

/** Runs `task` on every item, at most `limit` at a time, keeping the results in item order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Synthesizes a config into `outDir` with the built app, as `npm run synth` does.
 * @returns the stack names, in the order `cdktf deploy '*'` would apply them
 */
export function synthesize(config: unknown, workDir: string, name: string): { outDir: string; stacks: string[] } {
  const configFile = join(workDir, `${name}.json`);
  const outDir = join(workDir, name);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  execFileSync(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, SIGNIN_WATCH_CONFIG: configFile, CDKTF_OUTDIR: outDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
  const stacks = Object.keys(manifest.stacks);
  // Stacks without dependencies first (the central one), then those that depend on them.
  stacks.sort((a, b) => manifest.stacks[a].dependencies.length - manifest.stacks[b].dependencies.length);
  return { outDir, stacks };
}

export const stackDir = (outDir: string, stack: string): string => join(outDir, 'stacks', stack);

/**
 * A StackSets administrator with every optional rule, in every commercial region: the
 * config whose templates `npm run lint:cfn` lints and whose stacks `npm run validate` checks.
 */
export const STACK_SETS_ALL_RULES_CONFIG = {
  homeRegion: 'eu-west-1',
  regions: COMMERCIAL_REGIONS,
  organizationId: 'o-a1b2c3d4e5',
  centralAccountId: '111111111111',
  accountId: '999999999999',
  stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' },
  identityCenterRegion: 'eu-west-1',
  extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'],
};
