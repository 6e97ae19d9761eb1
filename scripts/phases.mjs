// Runs npm scripts as `npm test` does with its phases (type check, jest, cfn-lint, terraform
// validate), printing one line when each starts and one when it ends with its time: some
// take half a minute with no output of their own. Phases run one after another; scripts
// joined by + run side by side as one step (typecheck+jest: tsc uses one core while jest
// waits on its slower files). Stops after the first step in which a phase fails and exits
// with the code of the first failed phase, as a chain of && did.
// Usage: node scripts/phases.mjs STEP...   where STEP is SCRIPT or SCRIPT+SCRIPT...
import { spawn } from 'node:child_process';

const [, , ...steps] = process.argv;
// The npm that started this one, when there is one (npm_execpath), so both agree on version.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];

/** Runs one npm script with the terminal as its output; resolves to its exit code. */
function runPhase(phase) {
  process.stdout.write(`▶ ${phase}: started\n`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(npm[0], [...npm[1], 'run', '--silent', phase], { stdio: 'inherit' });
    let ended = false;
    const done = (code) => {
      if (ended) return;
      ended = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(code === 0 ? `✓ ${phase}: passed in ${seconds} s\n` : `✗ ${phase}: failed (exit code ${code}) after ${seconds} s\n`);
      resolve(code);
    };
    child.on('error', () => done(1));
    child.on('close', (code) => done(code ?? 1));
  });
}

const started = performance.now();
for (const step of steps) {
  const codes = await Promise.all(step.split('+').map(runPhase));
  const failed = codes.find((code) => code !== 0);
  if (failed !== undefined) process.exit(failed);
}
if (steps.length > 1) process.stdout.write(`✓ every phase passed: ${((performance.now() - started) / 1000).toFixed(1)} s in all\n`);
