import { join } from 'node:path';
import { overrideForMoto } from './e2e-moto';
import type { E2eReport } from './e2e-report';
import { inParallel, run, stackDir, type TerraformTools, terraformInit } from './terraform';

/**
 * Applies every stack in the order `cdktf deploy '*'` uses: the central one, then the
 * forwarders together; then plans each again, which must show no changes.
 */
export async function deploy(report: E2eReport, tools: TerraformTools, outDir: string, stacks: string[], endpoint: string, workDir: string): Promise<boolean> {
  for (const stack of stacks) overrideForMoto(stackDir(outDir, stack), endpoint, join(workDir, `${stack}.tfstate`));
  const terraform = (stack: string, args: string[]) => run(tools.terraform, [...args, '-input=false', '-no-color'], { cwd: stackDir(outDir, stack), env: tools.env });
  // Terraform's plugin cache is not safe for concurrent first installs: fill it once, alone.
  await terraformInit(tools, stackDir(outDir, stacks[0]));
  const inits = await inParallel(stacks, 2, (stack) => terraformInit(tools, stackDir(outDir, stack)));
  if (!inits.every((init, index) => report.check(init.code === 0, `terraform init ${stacks[index]}`, init.output))) return false;
  const [central, ...forwarders] = stacks;
  const centralApply = await terraform(central, ['apply', '-auto-approve']);
  if (!report.check(centralApply.code === 0, `terraform apply ${central} (${centralApply.seconds.toFixed(0)} s)`, centralApply.output)) return false;
  const applies = await inParallel(forwarders, forwarders.length, (stack) => terraform(stack, ['apply', '-auto-approve']));
  if (!applies.every((apply, index) => report.check(apply.code === 0, `terraform apply ${forwarders[index]} (${apply.seconds.toFixed(0)} s)`, apply.output))) return false;
  const plans = await inParallel(stacks, 2, (stack) => terraform(stack, ['plan', '-detailed-exitcode']));
  for (const [index, plan] of plans.entries()) report.check(plan.code === 0, `a second terraform plan of ${stacks[index]} shows no changes`, plan.output);
  return true;
}
