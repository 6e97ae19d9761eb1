// Builds dist/ once before any test file runs, so that tests of the built app and the
// Lambda bundle never race each other rebuilding it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
};
