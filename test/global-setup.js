// Builds dist/ once before any test file runs, so that tests of the built app and the
// Lambda bundle never race each other rebuilding it. The check runs here, in jest's own
// process; the build, only when a source changed.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { buildIsCurrent } = require('../scripts/build-state.cjs');

const ROOT = join(__dirname, '..');

module.exports = () => {
  if (!buildIsCurrent(ROOT)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
};
