import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { type AwsStub, startAwsStub } from '../../scripts/aws-stub';
import { coldStart, loadedModules } from '../../scripts/lambda-process';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'lambda', 'index.js');
const ROOT_SIGN_IN = join(ROOT, 'test', 'fixtures', 'sample-events', 'eventbridge-root-consolelogin-success_cwe-docs-2016.json');

/**
 * The exact bundle synth packages, run as Lambda runs it: a fresh Node process, the
 * environment the central stack sets, credentials in the environment. Its SDK clients are
 * bundled, so module mocks cannot reach them; a local endpoint answers like DynamoDB and SNS.
 */
describe('the Lambda bundle (dist/lambda/index.js)', () => {
  const packageDir = join(ROOT, 'dist', `test-package-${process.pid}`);
  let stub: AwsStub;

  beforeAll(async () => {
    mkdirSync(packageDir, { recursive: true });
    copyFileSync(BUNDLE, join(packageDir, 'index.js'));
    writeFileSync(join(packageDir, 'settings.json'), JSON.stringify({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions: [], regions: ['us-east-1'], accountNames: {} }));
    stub = (await startAwsStub({ tls: false })) as AwsStub;
  });

  afterAll(async () => {
    await stub.close();
    rmSync(packageDir, { recursive: true, force: true });
  });

  it('fits a zip under 100 KB with the SNS and DynamoDB clients inside, and without the credential providers Lambda never uses', () => {
    // Act
    const bundle = readFileSync(BUNDLE);
    const zipped = zipSync({ 'index.js': bundle }, { level: 9 }).length;

    // Assess: the SSO provider's settings key and the client names are in the bundle only if those modules are.
    expect(zipped).toBeLessThan(100 * 1024);
    expect(bundle.includes('sso_start_url')).toBe(false);
    expect(bundle.includes('PublishCommand') || bundle.includes('"Publish"')).toBe(true);
  });

  it('claims, publishes and records an alert through its own SDK clients, signing with the credentials Lambda puts in the environment', async () => {
    // Act
    stub.calls.length = 0;
    await coldStart(process.execPath, packageDir, ROOT_SIGN_IN, stub, 0);

    // Assess
    expect(stub.calls.map((call) => call.operation)).toEqual(['DynamoDB_20120810.PutItem', 'Publish', 'DynamoDB_20120810.UpdateItem']);
    expect(new URLSearchParams(stub.calls[1].body).get('TopicArn')).toBe('arn:aws:sns:us-east-1:111122223333:signin-watch-alerts');
    for (const call of stub.calls) {
      expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/(dynamodb|sns)\/aws4_request/);
      expect(call.headers['x-amz-security-token']).toBe('session-token');
    }
  });

  it('loads no built-in module that its calls do not need, at init or in its first invocation', async () => {
    // Act
    const { init, firstInvocation } = await loadedModules(process.execPath, packageDir, ROOT_SIGN_IN, stub);

    // Assess: zlib only checksums event streams; fs/promises reads the shared config files,
    // which a lookup reaches only for a setting the clients were not given; Web Crypto and
    // web streams are what the SDK's checks for the global crypto and ReadableStream load.
    const loaded = [...init, ...firstInvocation];
    expect(init).toContain('NativeModule https');
    for (const module of ['zlib', 'fs/promises', 'internal/crypto/webcrypto', 'internal/webstreams/readablestream']) expect(loaded).not.toContain(`NativeModule ${module}`);
  });
});
