import { measure, printMachine, ROOT, RUNS, show, stats } from './measure';

/**
 * Wall and CPU time of the test loop: `npm run test:unit` (type check and jest, without
 * Terraform or moto) and `npm test` (with Biome, cfn-lint and terraform validate), against
 * the targets for this 2-core machine. CPU time is steadier than wall time on a shared machine.
 */
const runs = Math.min(RUNS, 3);
printMachine(`tests: median (min-max) of ${runs} runs; CPU is the user and system time of every process`);
for (const [script, target] of [
  ['test:unit', 15],
  ['test', 120],
] as const) {
  const measured = Array.from({ length: runs }, () => measure('npm', ['run', '--silent', script], { cwd: ROOT }));
  const cpu = measured[0].cpuSeconds === undefined ? '' : `, CPU ${show(stats(measured.map((m) => m.cpuSeconds as number)), 1)} s`;
  process.stdout.write(`npm run ${script}: ${show(stats(measured.map((m) => m.seconds)), 1)} s${cpu} (target: at most ${target} s)\n`);
}
