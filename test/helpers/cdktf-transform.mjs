// Jest's transform for the two cdktf files that the bundled synth runs with fast paths
// (scripts/cdktf-fast-paths.mjs): the stack tests then run the cdktf that `npm run synth`
// runs, not the one as published. jest.config.js sends only those two files here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withFastPaths } from '../../scripts/cdktf-fast-paths.mjs';

const EDITS = readFileSync(new URL('../../scripts/cdktf-fast-paths.mjs', import.meta.url));

export default {
  process: (source, path) => ({ code: withFastPaths(path, source) }),
  // A change to the edits must reach jest's cache as surely as a change to cdktf.
  getCacheKey: (source, path) => createHash('sha256').update(EDITS).update(path).update(source).digest('hex'),
};
