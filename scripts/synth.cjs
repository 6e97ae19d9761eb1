// `npm run synth` and cdktf.json's app: builds dist/ when a source changed, then runs the
// synth app in this same process. One Node start instead of two, and no ES module loader
// (which costs more than a Node start): about a seventh of the CPU `npm run synth` spends
// outside npm (npm run bench).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { buildIsCurrent } = require('./build-state.cjs');

const root = join(__dirname, '..');
if (!buildIsCurrent(root)) {
  const build = spawnSync(process.execPath, [join(__dirname, 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
require(join(root, 'dist', 'main.js'));
