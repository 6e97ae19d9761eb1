import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMERCIAL_REGIONS } from '../core/regions';
import { resourceNames } from '../core/names';
import { fromTerraformLiteral } from '../stacks/organization-stack';
import { commandPath, run, stackDir, synthesize } from './terraform';

/**
 * npm run lint:cfn: synthesizes the organization stack for all 34 commercial regions and
 * runs cfn-lint on every StackSets template it holds, exactly as they would be deployed.
 * Exits non-zero on any finding; skips, saying so, when cfn-lint is not installed.
 */
async function main(): Promise<number> {
  const cfnLint = commandPath('cfn-lint');
  if (cfnLint === undefined) {
    process.stdout.write('lint:cfn: SKIPPED, no cfn-lint on the PATH (pip install cfn-lint): the StackSets templates were not linted\n');
    return 0;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'signin-watch-cfn-lint-'));
  try {
    const started = Date.now();
    const config = {
      homeRegion: 'eu-west-1',
      regions: COMMERCIAL_REGIONS,
      organizationId: 'o-a1b2c3d4e5',
      centralAccountId: '111111111111',
      accountId: '999999999999',
      stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' },
      // Every optional rule, so that every kind of rule is linted.
      identityCenterRegion: 'eu-west-1',
      extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'],
    };
    const { outDir } = synthesize(config, workDir, 'organization');
    const stack = JSON.parse(readFileSync(join(stackDir(outDir, resourceNames('signin-watch').organizationStack), 'cdk.tf.json'), 'utf8')) as {
      resource: { aws_cloudformation_stack_set: Record<string, { name: string; template_body: string }> };
    };
    const templatesDir = join(workDir, 'templates');
    mkdirSync(templatesDir);
    const files = Object.values(stack.resource.aws_cloudformation_stack_set).map(({ name, template_body }) => {
      const file = join(templatesDir, `${name}.json`);
      // As Terraform will pass it to AWS, with its own escapes resolved.
      writeFileSync(file, fromTerraformLiteral(template_body));
      return file;
    });
    const result = await run(cfnLint, ['--format', 'parseable', '--', ...files], { cwd: workDir, env: process.env });
    if (result.output.trim() !== '') process.stdout.write(`${result.output.trim()}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`lint:cfn: ${files.length} StackSets templates ${result.code === 0 ? 'pass' : 'FAIL'} cfn-lint, in ${seconds} s\n`);
    return result.code === 0 ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`lint:cfn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
