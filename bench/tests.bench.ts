import { measure, printMachine, ROOT, RUNS, show, stats } from './measure';

/** Wall time of the unit tests (`npm run test:unit`: type check and jest), without Terraform or moto. */
printMachine(`tests: npm run test:unit, median (min-max) of ${Math.min(RUNS, 3)} runs`);
const runs = Array.from({ length: Math.min(RUNS, 3) }, () => measure('npm', ['run', '--silent', 'test:unit'], { cwd: ROOT }).seconds);
process.stdout.write(`npm run test:unit: ${show(stats(runs), 1)} s (target: under 30 s)\n`);
