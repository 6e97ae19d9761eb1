import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsStub } from './aws-stub';

export interface ColdStart {
  /** Node's own start, before the first line of the runner: the floor no bundle can lower. */
  readonly nodeStartMs: number;
  /** Loading the bundle: what Lambda's init phase runs. */
  readonly initMs: number;
  /** Init plus the first invocation: an alert's cold-start share of its latency. */
  readonly initAndFirstMs: number;
  /** The median of the invocations after the first. */
  readonly warmMs: number;
  /** The same spans in CPU time (user and system) of the process: steadier than wall time on a busy machine. */
  readonly cpu: Omit<ColdStart, 'cpu'>;
}

/** Loads a bundle in a fresh process, invokes it once cold and `warm` times warm, and prints the times as JSON. */
const RUNNER = `
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const t0 = performance.now(), c0 = cpu();
const { handler } = require(process.argv[2]);
const t1 = performance.now(), c1 = cpu();
const event = JSON.parse(require('node:fs').readFileSync(process.argv[3], 'utf8'));
(async () => {
  await handler(event);
  const t2 = performance.now(), c2 = cpu();
  const warm = [], warmCpu = [];
  for (let i = 0; i < Number(process.argv[4]); i++) {
    const started = performance.now(), startedCpu = cpu();
    await handler(event);
    warm.push(performance.now() - started);
    warmCpu.push(cpu() - startedCpu);
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write('\\n' + JSON.stringify({ nodeStartMs: t0, initMs: t1 - t0, initAndFirstMs: t2 - t0, warmMs: median(warm), cpu: { nodeStartMs: c0, initMs: c1 - c0, initAndFirstMs: c2 - c0, warmMs: median(warmCpu) } }) + '\\n');
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** The environment the central stack gives the function, and Lambda's credentials, with both services at the stub. */
function lambdaEnvironment(bundleDir: string, stub: AwsStub): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: bundleDir,
    TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:signin-watch-alerts',
    DEDUP_TABLE: 'signin-watch-dedup',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'session-token',
    AWS_ENDPOINT_URL: stub.endpoint,
    ...(stub.certFile === undefined ? {} : { NODE_EXTRA_CA_CERTS: stub.certFile }),
  };
}

/**
 * Runs the bundle in `bundleDir` (its `index.js` beside its `settings.json`) as Lambda
 * would, in a fresh process: the handler's environment as the central stack sets it,
 * credentials in the environment as Lambda provides them, both services at the stub.
 */
export async function coldStart(node: string, bundleDir: string, eventFile: string, stub: AwsStub, warm = 20): Promise<ColdStart> {
  const runner = join(bundleDir, 'runner.js');
  writeFileSync(runner, RUNNER);
  const env = lambdaEnvironment(bundleDir, stub);
  const child = spawn(node, [runner, join(bundleDir, 'index.js'), eventFile, String(warm)], { cwd: bundleDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cold start of ${bundleDir} failed: ${stderr.slice(-800)}`);
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ColdStart;
}

/** Loads a bundle, invokes it once, and prints the built-in modules Node loaded for each, from process.moduleLoadList. */
const MODULES_RUNNER = `
const before = new Set(process.moduleLoadList);
const { handler } = require(process.argv[2]);
const init = process.moduleLoadList.filter((name) => !before.has(name));
const event = JSON.parse(require('node:fs').readFileSync(process.argv[3], 'utf8'));
(async () => {
  await handler(event);
  const seen = new Set([...before, ...init]);
  const firstInvocation = process.moduleLoadList.filter((name) => !seen.has(name));
  process.stdout.write('\\n' + JSON.stringify({ init, firstInvocation }) + '\\n');
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** The built-in modules (as process.moduleLoadList names them, "NativeModule zlib") that loading the bundle and its first invocation make Node load. */
export async function loadedModules(node: string, bundleDir: string, eventFile: string, stub: AwsStub): Promise<{ init: string[]; firstInvocation: string[] }> {
  const runner = join(bundleDir, 'modules-runner.js');
  writeFileSync(runner, MODULES_RUNNER);
  const child = spawn(node, [runner, join(bundleDir, 'index.js'), eventFile], { cwd: bundleDir, env: lambdaEnvironment(bundleDir, stub), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`loading ${bundleDir} failed: ${stderr.slice(-800)}`);
  return JSON.parse(stdout.trim().split('\n').pop() as string) as { init: string[]; firstInvocation: string[] };
}
