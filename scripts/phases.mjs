// Runs npm scripts one after another, as `npm test` does with its phases (type check,
// jest, cfn-lint, terraform validate), printing one line when each starts and one when it
// ends with its time: some take half a minute with no output of their own. Stops at the
// first phase that fails and exits with its code, as a chain of && did.
// Usage: node scripts/phases.mjs SCRIPT...
import { spawnSync } from 'node:child_process';

const [, , ...phases] = process.argv;
// The npm that started this one, when there is one (npm_execpath), so both agree on version.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];

for (const phase of phases) {
  process.stdout.write(`▶ ${phase}: started\n`);
  const started = performance.now();
  const result = spawnSync(npm[0], [...npm[1], 'run', '--silent', phase], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const code = result.status ?? 1;
  if (code !== 0) {
    process.stdout.write(`✗ ${phase}: failed (exit code ${code}) after ${seconds} s\n`);
    process.exit(code);
  }
  process.stdout.write(`✓ ${phase}: passed in ${seconds} s\n`);
}
