// Compiles the TypeScript entry points with esbuild (no type check: `npm run typecheck`
// does that), so that synth starts from plain JavaScript. Does nothing when every output
// is newer than every source, since `npm run synth` runs it each time; --force rebuilds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { APP_ENTRIES, buildIsCurrent, LAMBDA_OUTPUT } from './build-state.cjs';
import { CDKTF_FAST_PATHS } from './cdktf-fast-paths.mjs';

// The synth app, main.ts, is bundled whole, cdktf and the provider bindings included, from
// their ES module builds where a package has one: node then reads one file instead of
// resolving and reading hundreds, and the Terraform JSON is byte for byte the same (npm run
// bench has the split). Two parts of cdktf that this app never runs are left out of it:
const SYNTH_STUBS = {
  name: 'synth-stubs',
  setup(build) {
    // The full stack trace cdktf records for every token it creates, shown only in its
    // error messages: a sixth of a 34-region synth's CPU time. Construct stack traces are
    // off already (stackTraces: false in synth/synth.ts).
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({ contents: 'exports.captureStackTrace = () => [];', loader: 'js' }));
    // archiver, for directory assets, which cdktf zips by running its own file in a second
    // Node process (which in a bundle would be main.js): the Lambda is zipped in-process.
    build.onResolve({ filter: /^archiver$/ }, () => ({ path: 'archiver', namespace: 'synth-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'synth-stub' }, () => ({
      contents: 'module.exports = () => { throw new Error("directory assets are not supported by the bundled synth: zip in-process, as synth/lambda-package.ts does"); };',
      loader: 'js',
    }));
  },
};

// The alert Lambda's bundle without the SDK code its calls never run, and with SDK internals
// that load Node modules a cold start does not need replaced by equivalents that load them
// when used (bench/cold-start.bench.ts measures it; test/handlers/bundle.process.test.ts checks which
// built-in modules loading and a first invocation load).
const LAMBDA_TRIMS = {
  name: 'lambda-trims',
  setup(build) {
    const smithy = (path) => new RegExp(`[\\\\/]@smithy[\\\\/]core[\\\\/]dist-es[\\\\/]submodules[\\\\/]${path.replaceAll('/', '[\\\\/]')}\\.js$`);
    // The CRC-32 of event streams, which SNS Publish and DynamoDB's item calls never use,
    // made at import through node:zlib (3-7 ms to load). The same class, with zlib loaded
    // at its first checksum: the same native crc32, the same values.
    build.onLoad({ filter: smithy('checksum/crc32/Crc32Node') }, () => ({
      contents: `
        let crc32;
        export class Crc32Node {
          digestLength = 4;
          value = 0;
          update(data) {
            crc32 ??= require('node:zlib').crc32;
            this.value = crc32(data, this.value);
          }
          digestSync() { return this.value >>> 0; }
          async digest() {
            const out = new Uint8Array(4);
            new DataView(out.buffer).setUint32(0, this.digestSync(), false);
            return out;
          }
          reset() { this.value = 0; }
        }`,
      loader: 'js',
    }));
    // The shared config and credentials files' reader imports node:fs/promises (2-4 ms, with
    // the readline and file-watching modules it pulls in) for files that do not exist on
    // Lambda and that no lookup reaches once handlers/aws-clients.ts gives every setting.
    // The same reader, the same cache, with fs/promises loaded at the first read.
    build.onLoad({ filter: smithy('config/shared-ini-file-loader/readFile') }, () => ({
      contents: `
        export const filePromises = {};
        export const fileIntercept = {};
        export const readFile = (path, options) => {
          if (fileIntercept[path] !== undefined) return fileIntercept[path];
          if (!filePromises[path] || options?.ignoreCache) filePromises[path] = require('node:fs/promises').readFile(path, 'utf8');
          return filePromises[path];
        };`,
      loader: 'js',
    }));
    // Event streams, which no SNS or DynamoDB operation has: the SDK's protocol code imports
    // their support on first use, and bundled it is 15 KB of the code Lambda parses at init.
    // Should an operation ever need it, the import fails with this message.
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({ path: 'event-streams', namespace: 'lambda-trims' }));
    build.onLoad({ filter: /.*/, namespace: 'lambda-trims' }, () => ({
      contents: 'throw new Error("event streams are not in the alert Lambda\'s bundle: see LAMBDA_TRIMS in scripts/build.mjs");',
      loader: 'js',
    }));
    // A client's whole package.json, for its version in the user agent: the version alone.
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[a-z-]+[\\/]package\.json$/ }, async (args) => ({
      contents: JSON.stringify({ version: JSON.parse(await readFile(args.path, 'utf8')).version }),
      loader: 'json',
    }));
    // The invocation id every request carries: the SDK asks for the global crypto object,
    // which makes Node load its Web Crypto module, only to call randomUUID on it; node:crypto
    // has the same function, and is loaded already.
    build.onLoad({ filter: smithy('serde/uuid/v4') }, () => ({
      contents: `export function bindV4() { return () => require('node:crypto').randomUUID(); }`,
      loader: 'js',
    }));
  },
};

if (process.argv.includes('--force') || !buildIsCurrent(process.cwd())) {
  const { build } = await import('esbuild');
  await Promise.all([
    build({
      entryPoints: APP_ENTRIES.filter((entry) => entry !== 'main.ts'),
      outdir: 'dist',
      outbase: '.',
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    }),
    build({
      entryPoints: ['main.ts'],
      outfile: 'dist/main.js',
      bundle: true,
      mainFields: ['module', 'main'],
      plugins: [SYNTH_STUBS, CDKTF_FAST_PATHS],
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    }),
    build({
      entryPoints: ['handlers/index.ts'],
      outfile: LAMBDA_OUTPUT,
      write: false,
      bundle: true,
      // The SNS and DynamoDB clients are bundled, from their ES module builds: one file
      // loads in less than half the time the runtime's own SDK packages take (npm run bench).
      mainFields: ['module', 'main'],
      // Loaded only for an allowlist parameter or a webhook, on first use, from the runtime's SDK.
      external: ['@aws-sdk/client-ssm', '@aws-sdk/client-secrets-manager'],
      // Credentials come from the environment on Lambda; see handlers/lambda-credentials.ts.
      // DynamoDB's endpoint cache: see handlers/lru-cache.ts.
      alias: { '@aws-sdk/credential-provider-node': './handlers/lambda-credentials.ts', 'mnemonist/lru-cache': './handlers/lru-cache.ts' },
      plugins: [LAMBDA_TRIMS],
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // Written with its arrow functions as function expressions, which V8 compiles lazily: see scripts/arrow-functions.mjs.
    }).then(async ({ outputFiles }) => {
      const { arrowsToFunctions } = await import('./arrow-functions.mjs');
      mkdirSync(dirname(LAMBDA_OUTPUT), { recursive: true });
      writeFileSync(LAMBDA_OUTPUT, arrowsToFunctions(outputFiles[0].text));
    }),
  ]);
}
