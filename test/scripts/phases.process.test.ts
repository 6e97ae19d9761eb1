import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PHASES = join(__dirname, '..', '..', 'scripts', 'phases.mjs');

/**
 * Stands in for npm, which phases.mjs runs as the npm that started it (npm_execpath): runs a
 * script of package.json as `npm run --silent NAME` would, and refuses any other arguments.
 * The first test runs the real npm; the others, about phases.mjs alone, skip its second of start-up.
 */
const NPM_STAND_IN = `
const [command, silent, name, ...rest] = process.argv.slice(2);
if (command !== 'run' || silent !== '--silent' || name === undefined || rest.length > 0) {
  console.log('unexpected npm arguments: ' + process.argv.slice(2).join(' '));
  process.exit(99);
}
const { scripts } = require('./package.json');
process.exit(require('node:child_process').spawnSync(scripts[name], { shell: true, stdio: 'inherit' }).status ?? 1);
`;

describe('npm test phases (scripts/phases.mjs)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-phases-'));
    const scripts = { first: 'node -e "console.log(1)"', broken: 'node -e "process.exit(3)"', never: 'node -e "console.log(2)"' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'phases-test', version: '1.0.0', scripts }));
    writeFileSync(join(dir, 'npm-stand-in.js'), NPM_STAND_IN);
  });

  const withNpmStandIn = () => ({ ...process.env, npm_execpath: join(dir, 'npm-stand-in.js') });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a line when each phase starts and ends, with its time, and stops with the exit code of the first that fails', () => {
    // Act
    const result = spawnSync(process.execPath, [PHASES, 'first', 'broken', 'never'], { cwd: dir, encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(3);
    expect(result.stdout.trim().split('\n')).toEqual([
      '▶ first: started',
      '1',
      expect.stringMatching(/^✓ first: passed in \d+\.\d s$/),
      '▶ broken: started',
      expect.stringMatching(/^✗ broken: failed \(exit code 3\) after \d+\.\d s$/),
    ]);
  });

  it('runs the scripts of a step joined by + side by side, each with its own lines, and stops after that step with the code of its failed one', () => {
    // Act
    const result = spawnSync(process.execPath, [PHASES, 'first+broken', 'never'], { cwd: dir, env: withNpmStandIn(), encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(3);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toEqual(
      expect.arrayContaining([
        '▶ first: started',
        '▶ broken: started',
        '1',
        expect.stringMatching(/^✓ first: passed in \d+\.\d s$/),
        expect.stringMatching(/^✗ broken: failed \(exit code 3\) after \d+\.\d s$/),
      ]),
    );
  });

  it('exits 0 when every phase passes', () => {
    // Act
    const result = spawnSync(process.execPath, [PHASES, 'first', 'never'], { cwd: dir, env: withNpmStandIn(), encoding: 'utf8' });

    // Assess
    expect([result.status, result.stdout.match(/passed in/g)]).toEqual([0, ['passed in', 'passed in']]);
  });
});
