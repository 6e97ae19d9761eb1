// Runs package.json's scripts as `npm test` does with its phases (type check, jest, cfn-lint, terraform
// validate), printing one line when each starts and one when it ends with its time: some
// take half a minute with no output of their own. Phases run one after another; scripts
// joined by + run side by side as one step (typecheck+jest: the type check runs while jest
// waits on its slower files). Stops after the first step in which a phase fails and exits
// with the code of the first failed phase, as a chain of && did.
// Usage: node scripts/phases.mjs STEP...   where STEP is SCRIPT or SCRIPT+SCRIPT...
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const [, , ...steps] = process.argv;
const { scripts = {} } = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * Runs one script of package.json as `npm run` runs it (in a shell, from the package's
 * folder, with node_modules/.bin first on the PATH), with the terminal as its output, but
 * without starting another npm for it, half a second before each phase could begin.
 * Resolves to its exit code.
 */
function runPhase(phase) {
  process.stdout.write(`▶ ${phase}: started\n`);
  const started = performance.now();
  return new Promise((resolve) => {
    let ended = false;
    const done = (code) => {
      if (ended) return;
      ended = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(code === 0 ? `✓ ${phase}: passed in ${seconds} s\n` : `✗ ${phase}: failed (exit code ${code}) after ${seconds} s\n`);
      resolve(code);
    };
    if (typeof scripts[phase] !== 'string') {
      process.stdout.write(`package.json has no script "${phase}"\n`);
      return done(1);
    }
    const env = { ...process.env, PATH: `${join(process.cwd(), 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };
    const child = spawn(scripts[phase], { shell: true, stdio: 'inherit', env });
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
