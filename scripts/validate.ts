import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMERCIAL_REGIONS } from '../core/regions';
import { inParallel, offlineTerraform, run, stackDir, synthesize, terraformInit } from './terraform';

/**
 * npm run validate: synthesizes the default config, the central account of an organization
 * with all 34 commercial regions, and the management account (forwarders and stack sets), then runs `terraform init -backend=false` and `terraform validate` on every stack,
 * offline, against the local provider mirror. Prints one line per stack and a total;
 * exits non-zero when any stack is invalid. Skips, saying so, when Terraform or the
 * mirror is missing.
 */
async function main(): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'signin-watch-validate-'));
  try {
    const tools = offlineTerraform(workDir);
    if ('missing' in tools) {
      process.stdout.write(`validate: SKIPPED, ${tools.missing}: the synthesized Terraform was not validated\n`);
      return 0;
    }
    const started = Date.now();
    const organization = { homeRegion: 'eu-west-1', organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };
    const configs = {
      default: {},
      // The central account with every option: chat, webhook, allowlist parameter, Identity Center and the extra signals.
      'all-regions': {
        ...organization,
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
      // The management account, a member here: forwarders only, to another account's bus, through an
      // assumed role, with S3 state, and the organization's stack sets.
      management: {
        ...organization,
        regions: ['us-east-1', 'eu-west-1'],
        accountId: '222222222222',
        deployRoleArn: 'arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole',
        stateBackend: { bucket: 'example-terraform-state', region: 'eu-west-1' },
        stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '222222222222' },
      },
    };
    const stacks = Object.entries(configs).flatMap(([name, config]) => {
      const { outDir, stacks: names } = synthesize(config, workDir, name);
      return names.map((stack) => ({ label: `${name}/${stack}`, dir: stackDir(outDir, stack) }));
    });
    const initStack = (dir: string) => terraformInit(tools, dir, ['-backend=false']);
    // Terraform's plugin cache is not safe for concurrent first installs: fill it once, alone.
    await initStack(stacks[0].dir);
    // terraform validate spends about 4 s of CPU loading the provider's schema: one stack per core.
    const results = await inParallel(stacks, Math.max(1, availableParallelism()), async ({ label, dir }) => {
      const init = await initStack(dir);
      const check = init.code === 0 ? await run(tools.terraform, ['validate', '-no-color'], { cwd: dir, env: tools.env }) : init;
      const ok = init.code === 0 && check.code === 0;
      const seconds = init.seconds + (check === init ? 0 : check.seconds);
      process.stdout.write(`${ok ? 'valid  ' : 'INVALID'} ${label} (${seconds.toFixed(1)} s)\n`);
      if (!ok) process.stdout.write(`${check.output.trim().replace(/^/gm, '    ')}\n`);
      return ok;
    });
    const invalid = results.filter((ok) => !ok).length;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`validate: ${results.length - invalid} stacks valid, ${invalid} invalid, in ${seconds} s (terraform validate, hashicorp/aws from ${tools.mirror})\n`);
    return invalid === 0 ? 0 : 1;
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
