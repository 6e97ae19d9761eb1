import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG } from './e2e-config';
import { deploy } from './e2e-deploy';
import { exerciseFanIn } from './e2e-fan-in';
import { Report } from './e2e-report';
import { exerciseStackSets } from './e2e-stack-sets';
import { type MotoServer, startMoto } from './moto';
import { commandPath, offlineTerraform, synthesize } from './terraform';

/**
 * npm run e2e: deploys the whole fan-in to moto (a local AWS on loopback) with terraform
 * apply, puts sign-in events on each forwarder region's default bus, and checks what a
 * user would see. One line per check, then "N passed, N failed".
 *
 * The one seam: moto cannot invoke a Lambda target (no Docker here), so after apply the
 * harness removes the central rule's Lambda target, watches the central bus with its own
 * rule and queue, and runs the bundled handler from the synthesized asset in-process,
 * with its SNS client pointed at moto. Everything else is deployed exactly as synthesized.
 *
 * Its parts: moto started (scripts/moto.ts) and stacks pointed at it (e2e-moto.ts), the
 * config deployed (e2e-config.ts, e2e-deploy.ts), then the scenarios: the fan-in
 * (e2e-fan-in.ts), the alerts it produces (e2e-alerts.ts, with the in-process Lambda of
 * e2e-lambda.ts), smoke (e2e-smoke.ts) and the organization's stack sets (e2e-stack-sets.ts).
 */
async function main(): Promise<number> {
  const started = Date.now();
  // The SDK's notice that its 2027 releases need Node 22 says nothing about this run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workDir = mkdtempSync(join(tmpdir(), 'signin-watch-e2e-'));
  let moto: MotoServer | undefined;
  const cleanUp = async (): Promise<void> => {
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  const report = new Report();
  try {
    const tools = offlineTerraform(workDir);
    const missing = 'missing' in tools ? tools.missing : commandPath('moto_server') ? undefined : 'no moto_server on the PATH';
    if (missing !== undefined || 'missing' in tools) {
      process.stdout.write(`e2e: SKIPPED, ${missing}: nothing was deployed or checked\n`);
      return 0;
    }
    moto = await startMoto(join(workDir, 'moto.log'));
    const { outDir, stacks } = synthesize(CONFIG, workDir, 'e2e');
    if (await deploy(report, tools, outDir, stacks, moto.endpoint, workDir)) {
      await exerciseFanIn(report, outDir, moto.endpoint);
      await exerciseStackSets(report, tools, workDir, moto.endpoint);
    }
    report.note(
      "seam: moto cannot deliver to a Lambda or an SNS target, so after apply and plan the central rules' Lambda and topic targets were removed, the central bus was watched by an extra rule and queue, and the bundled handler from the synthesized asset ran in-process with its SNS and DynamoDB clients on moto",
    );
    report.note(
      'static, not shown here (moto does not enforce IAM, bus, queue, topic or key policies): the forwarder role may only PutEvents on the central bus, the bus admits only aws.signin, aws.cloudwatch and aws.account events (and aws.guardduty when that signal is on) from this account or the organization, each DLQ admits only its rules, the alarm text on the topic (test/stacks/*.test.ts)',
    );
    report.note(
      'not emulated by moto: EventBridge target retries and dead-letter delivery, Lambda async retries and the on-failure destination, and the original region and account on forwarded envelopes',
    );
  } catch (error) {
    report.check(false, 'e2e harness', error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    await cleanUp();
  }
  process.stdout.write(`e2e: ${((Date.now() - started) / 1000).toFixed(0)} s\n${report.passed} passed, ${report.failed} failed\n`);
  return report.failed === 0 ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
