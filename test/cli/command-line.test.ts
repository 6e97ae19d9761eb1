import { runBacktest } from '../../cli/backtest';
import { runDoctor } from '../../cli/doctor';
import { runEvaluate } from '../../cli/evaluate';
import { runReplay } from '../../cli/replay';
import { runRollout } from '../../cli/rollout';
import { runSmoke } from '../../cli/smoke-run';

/** Dependencies that fail the test if a command goes past its command line. */
const unreachable = (): never => {
  throw new Error('the command must not get past its arguments here');
};

/** Each command with the arguments it needs besides the one under test. */
const COMMANDS = {
  evaluate: { run: (args: string[], io: Io) => runEvaluate(args, io), needs: ['event.json'] },
  doctor: { run: (args: string[], io: Io) => runDoctor(args, io, unreachable, unreachable), needs: [] },
  replay: { run: (args: string[], io: Io) => runReplay(args, io, unreachable), needs: ['--queue', 'q'] },
  rollout: { run: (args: string[], io: Io) => runRollout(args, io, { enabledRegions: unreachable, synth: unreachable, terraform: unreachable }, '/nonexistent'), needs: ['account.json'] },
  smoke: { run: (args: string[], io: Io) => runSmoke(args, io, { clients: unreachable }), needs: [] },
  backtest: { run: (args: string[], io: Io) => runBacktest(args, io, { cloudtrail: unreachable, sleep: unreachable, clock: unreachable, credentials: unreachable }), needs: [] },
};
type Io = { stdout: (line: string) => void; stderr: (line: string) => void; env: NodeJS.ProcessEnv };
type Name = keyof typeof COMMANDS;
const NAMES = Object.keys(COMMANDS) as Name[];

async function run(name: Name, args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exitCode = await COMMANDS[name].run([...COMMANDS[name].needs, ...args], { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} });
  return { exitCode, stdout, stderr };
}

describe('every command line', () => {
  it.each(NAMES)('%s: prints its usage on stdout for --help and exits 0', async (name) => {
    // Act
    const { exitCode, stdout, stderr } = await run(name, ['--help']);

    // Assess
    expect([exitCode, stderr]).toEqual([0, []]);
    expect(stdout[0]).toMatch(new RegExp(`^usage: npm run --silent ${name} --`));
  });

  it.each(NAMES.filter((name) => name !== 'rollout'))('%s: refuses --config without a value in one line, instead of using the default config', async (name) => {
    // Act
    const atTheEnd = await run(name, ['--config']);
    const beforeAnotherOption = await run(name, ['--config', '--help']);

    // Assess
    expect(atTheEnd).toEqual({ exitCode: 2, stdout: [], stderr: [`${name}: Option '--config <value>' argument missing (--help shows the usage)`] });
    expect(beforeAnotherOption).toEqual({
      exitCode: 2,
      stdout: [],
      stderr: [expect.stringMatching(new RegExp(`^${name}: Option '--config' argument is ambiguous\\. .* \\(--help shows the usage\\)$`))],
    });
  });

  it.each([
    ['doctor', '--org=x', "Option '--org' does not take an argument"],
    ['replay', '--dry-run=no', "Option '--dry-run' does not take an argument"],
    ['rollout', '--dry-run=no', "Option '--dry-run' does not take an argument"],
    ['backtest', '--json=false', "Option '--json' does not take an argument"],
    ['rollout', '--config', "Unknown option '--config'"],
  ] as const)('%s: refuses %s in one line and exits 2', async (name, arg, problem) => {
    // Act
    const result = await run(name, [arg]);

    // Assess
    expect(result).toEqual({ exitCode: 2, stdout: [], stderr: [expect.stringMatching(/\(--help shows the usage\)$/)] });
    expect(result.stderr[0]).toContain(`${name}: ${problem}`);
  });
});
