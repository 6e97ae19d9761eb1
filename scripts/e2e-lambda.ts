import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CREDENTIALS, HOME_REGION, NAMES } from './e2e-config';
import { ROOT, stackDir } from './terraform';

/**
 * The e2e's Lambda seam: moto cannot invoke a Lambda (no Docker here), so the bundled
 * handler from the synthesized asset runs in-process, with its clients pointed at moto.
 */

export type Handler = (event: unknown) => Promise<void>;

/** Unzips the Lambda asset cdktf synthesized, inside the project so its external @aws-sdk/* resolve. */
export function extractLambdaPackage(outDir: string): string {
  const assets = join(stackDir(outDir, NAMES.centralStack), 'assets', 'alert-package');
  const zip = join(assets, readdirSync(assets)[0], 'alert-package.zip');
  const dir = join(ROOT, 'node_modules', '.cache', 'signin-watch', `e2e-bundle-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return dir;
}

/** Loads the handler from the synthesized asset, with the given topic, as Lambda would at init. */
export function loadBundledHandler(bundleDir: string, topicArn: string, endpoint: string): Handler {
  Object.assign(process.env, {
    TOPIC_ARN: topicArn,
    DEDUP_TABLE: NAMES.dedupTable,
    AWS_REGION: HOME_REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: endpoint,
  });
  const load = createRequire(join(bundleDir, 'index.js'));
  delete load.cache[load.resolve(join(bundleDir, 'index.js'))];
  return (load(join(bundleDir, 'index.js')) as { handler: Handler }).handler;
}

/** Runs the handler with its JSON log lines captured instead of printed. */
export async function invoke(handler: Handler, event: unknown): Promise<{ error?: Error; logs: string[] }> {
  const logs: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => logs.push(String(chunk).trim()) > 0) as typeof process.stdout.write;
  try {
    await handler(event);
    return { logs };
  } catch (error) {
    return { error: error as Error, logs };
  } finally {
    process.stdout.write = write;
  }
}
