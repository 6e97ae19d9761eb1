import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMERCIAL_REGIONS } from '../core/config/regions';
import { resourceNames } from '../core/deploy/names';
import { fromTerraformLiteral } from '../stacks/organization-stack';
import { regionNormalised } from './stack-shapes';
import { commandPath, run, STACK_SETS_ALL_RULES_CONFIG, stackDir, synthesize } from './terraform';

/**
 * npm run lint:cfn: synthesizes the organization stack for all 34 commercial regions and
 * runs cfn-lint, in one invocation, on every distinct StackSets template it holds, exactly as
 * it would be deployed. Most templates differ only in their region: templates identical once
 * their region is normalised are one shape, linted once (cfn-lint checks against the
 * us-east-1 specification whatever region a template names); the output says how many
 * templates each shape stands for. Exits non-zero on any finding; skips, saying so, when
 * cfn-lint is not installed.
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
    // Every optional rule, so that every kind of rule is linted.
    const { outDir } = synthesize(STACK_SETS_ALL_RULES_CONFIG, workDir, 'organization');
    const stack = JSON.parse(readFileSync(join(stackDir(outDir, resourceNames('signin-watch').organizationStack), 'cdk.tf.json'), 'utf8')) as {
      resource: { aws_cloudformation_stack_set: Record<string, { name: string; template_body: string }> };
    };
    const templatesDir = join(workDir, 'templates');
    mkdirSync(templatesDir);
    const names = resourceNames('signin-watch');
    /** Each distinct template (region normalised), with the regions whose template it stands for. */
    const shapes = new Map<string, { file: string; regions: string[] }>();
    for (const { name, template_body } of Object.values(stack.resource.aws_cloudformation_stack_set)) {
      const region = COMMERCIAL_REGIONS.find((candidate) => names.forwarderStackSet(candidate) === name);
      if (region === undefined) throw new Error(`stack set ${name} names no commercial region`);
      // As Terraform will pass it to AWS, with its own escapes resolved.
      const template = fromTerraformLiteral(template_body);
      const shape = regionNormalised(template, region);
      const known = shapes.get(shape);
      if (known !== undefined) {
        known.regions.push(region);
        continue;
      }
      const file = join(templatesDir, `${name}.json`);
      writeFileSync(file, template);
      shapes.set(shape, { file, regions: [region] });
    }
    const files = [...shapes.values()].map(({ file }) => file);
    const result = await run(cfnLint, ['--format', 'parseable', '--', ...files], { cwd: workDir, env: process.env });
    if (result.output.trim() !== '') process.stdout.write(`${result.output.trim()}\n`);
    for (const { regions } of shapes.values()) {
      process.stdout.write(
        `  ${names.forwarderStackSet(regions[0])}${regions.length > 1 ? ` stands for ${regions.length} templates (${regions.slice(1, 4).join(', ')}${regions.length > 4 ? `, ... ${regions.length - 4} more` : ''})` : ''}\n`,
      );
    }
    const templates = [...shapes.values()].reduce((sum, { regions }) => sum + regions.length, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`lint:cfn: ${templates} StackSets templates (${shapes.size} shapes, each linted once) ${result.code === 0 ? 'pass' : 'FAIL'} cfn-lint, in ${seconds} s\n`);
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
