import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COMMERCIAL_REGIONS } from '../core/config/regions';
import { runSynth } from '../synth/synth';
import { offlineTerraform, ROOT, run, STACK_SETS_ALL_RULES_CONFIG, stackDir, terraformInit } from './terraform';
import { regionNormalised, type StackShape, stackShapes } from './stack-shapes';

/**
 * npm run validate: synthesizes every config below (its own, the StackSets administrator
 * that lint:cfn lints, those test/main.test.ts and test/stacks/policy-simulation.test.ts
 * synthesize, and every example), as `npm run synth` does, and runs `terraform validate` on
 * every distinct stack shape, offline, against the local provider mirror. Most forwarder
 * stacks differ only in their region: stacks that are identical once their region is
 * normalised (and their backend left out, which `terraform init -backend=false` and
 * `terraform validate` never read) are one shape (scripts/stack-shapes.ts). Every shape is a
 * module of one Terraform configuration, and every distinct provider configuration is
 * declared once at its root, so that Terraform starts the AWS provider and loads its schema
 * (about 4 s of CPU each time) once per provider configuration rather than once per stack.
 * Prints how many stacks each shape stands for and a total; exits non-zero when any shape is
 * invalid, naming the stacks it stands for. Skips, saying so, when Terraform or the mirror
 * is missing.
 */

const ORGANIZATION = { homeRegion: 'eu-west-1', organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };

/** A config to synthesize: inline, written to a file with the shared files it extends, or an existing file. */
type ConfigSource = { readonly config: Record<string, unknown>; readonly extendsFile?: Record<string, unknown> } | { readonly file: string };

/** The org.json that test/main.test.ts's organization configs extend. */
const MAIN_TEST_ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };
/** The organization of test/stacks/policy-simulation.test.ts. */
const SIMULATED_ORG = { organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111', regions: ['us-east-1', 'eu-west-1'], identityCenterRegion: 'eu-west-1', extraSignals: ['guardduty'] };

const CONFIGS: Record<string, ConfigSource> = {
  default: { config: {} },
  // The central account with every option: chat, webhook, allowlist parameter, Identity Center and the extra signals.
  'all-regions': {
    config: {
      ...ORGANIZATION,
      regions: COMMERCIAL_REGIONS,
      accountId: '111111111111',
      accountNames: { '222222222222': 'workloads' },
      notificationEmails: ['security@example.com'],
      emailSeverities: ['critical', 'high'],
      chat: { severities: ['critical', 'high'] },
      webhook: { urlSecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:slack-webhook-AbCdEf' },
      allowlistParameter: '/signin-watch/allowed-cidrs',
      identityCenterRegion: 'eu-west-1',
      extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'],
    },
  },
  // The management account, a member here: forwarders only, to another account's bus, through an
  // assumed role, with S3 state, and the organization's stack sets.
  management: {
    config: {
      ...ORGANIZATION,
      regions: ['us-east-1', 'eu-west-1'],
      accountId: '222222222222',
      deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole',
      stateBackend: { bucket: 'example-terraform-state', region: 'eu-west-1' },
      stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '222222222222' },
    },
  },
  // The StackSets administrator that npm run lint:cfn synthesizes: 34 stack sets with every optional rule.
  'stack-sets-all-regions': { config: STACK_SETS_ALL_RULES_CONFIG },
  // Those test/main.test.ts synthesizes.
  'main-test-three-regions': { config: { homeRegion: 'eu-central-1', regions: ['us-east-1', 'af-south-1', 'ap-southeast-2'] } },
  'main-test-packaged-settings': {
    config: { allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'], regions: ['us-east-1', 'eu-west-1'], homeRegion: 'eu-central-1', accountNames: { '111122223333': 'production' } },
  },
  'main-test-member': { config: { extends: 'org.json', accountId: '222222222222', deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole' }, extendsFile: MAIN_TEST_ORG },
  'main-test-central': { config: { extends: 'org.json', accountId: '111111111111' }, extendsFile: MAIN_TEST_ORG },
  'main-test-management': {
    config: { extends: 'org.json', accountId: '999999999999' },
    extendsFile: { ...MAIN_TEST_ORG, stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' } },
  },
  'main-test-stack-sets-member': {
    config: { extends: 'org.json', accountId: '222222222222' },
    extendsFile: { ...MAIN_TEST_ORG, stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' } },
  },
  // Those test/stacks/policy-simulation.test.ts synthesizes (its default is "default" above).
  'simulation-central': { config: { ...SIMULATED_ORG, accountId: '111111111111' } },
  'simulation-member': { config: { ...SIMULATED_ORG, accountId: '222222222222' } },
  'simulation-admin': { config: { ...SIMULATED_ORG, accountId: '999999999999', stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' } } },
  // Every example a user copies (examples/*/... except the org.json they extend).
  ...Object.fromEntries(exampleConfigs().map((file) => [file.replace(/^examples\//, 'example/').replace(/\.json$/, ''), { file: join(ROOT, file) }])),
};

/** Every config under examples/ that a user deploys: each JSON file but the org.json the others extend. */
function exampleConfigs(dir = join(ROOT, 'examples')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return exampleConfigs(path);
    return entry.name.endsWith('.json') && entry.name !== 'org.json' ? [relative(ROOT, path)] : [];
  });
}

/**
 * Synthesizes one config in its own folder with the code `npm run synth` runs (runSynth, in
 * this process: loading cdktf once for every config), and returns the folder of each stack.
 */
function synthesizeConfig(name: string, source: ConfigSource, workDir: string): Array<{ label: string; dir: string }> {
  const configDir = join(workDir, 'configs', name);
  mkdirSync(configDir, { recursive: true });
  let file: string;
  if ('file' in source) {
    file = source.file;
  } else {
    if (source.extendsFile !== undefined) writeFileSync(join(configDir, 'org.json'), JSON.stringify(source.extendsFile));
    file = join(configDir, 'config.json');
    writeFileSync(file, JSON.stringify(source.config));
  }
  const outDir = join(configDir, 'out');
  runSynth({ env: { ...process.env, SIGNIN_WATCH_CONFIG: file, CDKTF_OUTDIR: outDir, SIGNIN_WATCH_SYNTH_TIMINGS: '' }, distDir: join(ROOT, 'dist'), cwd: ROOT, stdout: () => undefined });
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks).map((stack) => ({ label: `${name}/${stack}`, dir: stackDir(outDir, stack) }));
}

/**
 * One Terraform configuration with a module per shape, its representative stack without its
 * backend. Terraform starts a provider process for every provider configuration, and a stack's
 * own provider block inside each module would start one per shape: each distinct provider
 * configuration (region normalised) moves to the root, under an alias that its modules receive.
 */
function writeCombinedConfiguration(root: string, shapes: readonly StackShape[]): Map<string, StackShape[]> {
  mkdirSync(root, { recursive: true });
  const providers = new Map<string, { alias: string; config: Record<string, unknown>; shapes: StackShape[] }>();
  const modules: Record<string, { source: string; providers?: Record<string, string> }> = {};
  for (const shape of shapes) {
    const dir = join(root, shape.id);
    cpSync(shape.dir, dir, { recursive: true });
    const { provider, ...rest } = shape.withoutBackend as { provider?: { aws?: Array<Record<string, unknown>> } };
    const own = provider?.aws;
    // One unaliased AWS provider, as every stack has today; anything else keeps its own blocks.
    if (own?.length === 1 && own[0].alias === undefined && Object.keys(provider ?? {}).length === 1) {
      const region = String(own[0].region);
      const key = regionNormalised(JSON.stringify(own[0]), region);
      const alias = providers.get(key)?.alias ?? `provider_${providers.size + 1}`;
      if (!providers.has(key)) providers.set(key, { alias, config: { ...own[0], alias }, shapes: [] });
      providers.get(key)?.shapes.push(shape);
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(rest, null, 2));
      modules[shape.id] = { source: `./${shape.id}`, providers: { aws: `aws.${alias}` } };
    } else {
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(shape.withoutBackend, null, 2));
      modules[shape.id] = { source: `./${shape.id}` };
    }
  }
  // A file per provider configuration, so that an error in one names it.
  for (const { alias, config } of providers.values()) writeFileSync(join(root, `${alias}.tf.json`), JSON.stringify({ provider: { aws: [config] } }, null, 2));
  writeFileSync(join(root, 'main.tf.json'), JSON.stringify({ module: modules }, null, 2));
  return new Map([...providers.values()].map(({ alias, shapes: using }) => [`${alias}.tf.json`, using]));
}

interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

async function main(): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'signin-watch-validate-'));
  try {
    const tools = offlineTerraform(workDir);
    if ('missing' in tools) {
      process.stdout.write(`validate: SKIPPED, ${tools.missing}: the synthesized Terraform was not validated\n`);
      return 0;
    }
    const started = Date.now();
    const stacks = Object.entries(CONFIGS).flatMap(([name, source]) => synthesizeConfig(name, source, workDir));
    const shapes = stackShapes(stacks);
    const synthSeconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `validate: ${Object.keys(CONFIGS).length} configs synthesized in ${synthSeconds.toFixed(0)} s, ${stacks.length} stacks in ${shapes.length} shapes (stacks identical once their region is normalised and their backend, which terraform validate does not read, left out)\n`,
    );
    for (const shape of shapes) {
      const others = shape.stacks.length - 1;
      process.stdout.write(
        `  ${shape.stacks[0]}${others === 0 ? '' : ` stands for ${others + 1} stacks (and ${shape.stacks.slice(1, 3).join(', ')}${others > 2 ? `, ... ${others - 2} more` : ''})`}\n`,
      );
    }

    const root = join(workDir, 'all-shapes');
    const providerFiles = writeCombinedConfiguration(root, shapes);
    const init = await terraformInit(tools, root, ['-backend=false']);
    if (init.code !== 0) {
      process.stdout.write(`validate: terraform init failed:\n${init.output.trim().replace(/^/gm, '    ')}\n`);
      return 1;
    }
    const check = await run(tools.terraform, ['validate', '-json', '-no-color'], { cwd: root, env: tools.env });
    let diagnostics: Diagnostic[];
    try {
      diagnostics = (JSON.parse(check.output) as { diagnostics: Diagnostic[] }).diagnostics;
    } catch {
      process.stdout.write(`validate: terraform validate failed (exit code ${check.code}):\n${check.output.trim().replace(/^/gm, '    ')}\n`);
      return 1;
    }
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const invalid = new Set<string>();
    const count = (of: readonly StackShape[]) => of.reduce((sum, shape) => sum + shape.stacks.length, 0);
    for (const error of errors) {
      const file = error.range?.filename ?? '';
      const shape = shapes.find((candidate) => file.startsWith(`${candidate.id}/`));
      const usingProvider = providerFiles.get(file) ?? [];
      for (const each of shape === undefined ? usingProvider : [shape]) invalid.add(each.id);
      const where =
        shape !== undefined
          ? `${shape.stacks[0]}${shape.stacks.length > 1 ? ` (a shape of ${shape.stacks.length} stacks)` : ''}`
          : usingProvider.length > 0
            ? `the provider configuration of ${usingProvider[0].stacks[0]} (${count(usingProvider)} stacks)`
            : file || 'the configuration';
      process.stdout.write(`INVALID ${where}${error.range ? `, ${file} line ${error.range.start.line}` : ''}: ${error.summary}\n${(error.detail ?? '').trim().replace(/^/gm, '    ')}\n`);
    }
    const ok = check.code === 0 && errors.length === 0;
    const invalidStacks = count(shapes.filter((shape) => invalid.has(shape.id)));
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(
      ok
        ? `validate: ${stacks.length} stacks valid (${shapes.length} shapes with ${providerFiles.size} provider configurations, in one terraform validate of ${check.seconds.toFixed(0)} s), 0 invalid, in ${seconds} s (hashicorp/aws from ${tools.mirror})\n`
        : `validate: ${errors.length} errors, ${invalid.size} of ${shapes.length} shapes invalid (${invalidStacks} of ${stacks.length} stacks), in ${seconds} s\n`,
    );
    return ok ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`validate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
