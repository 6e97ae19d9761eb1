import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PHASES = join(__dirname, '..', '..', 'scripts', 'phases.mjs');

describe('npm test phases (scripts/phases.mjs)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-phases-'));
    const scripts = { first: 'node -e "console.log(1)"', broken: 'node -e "process.exit(3)"', never: 'node -e "console.log(2)"' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'phases-test', version: '1.0.0', scripts }));
  });

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

  it('exits 0 when every phase passes', () => {
    // Act
    const result = spawnSync(process.execPath, [PHASES, 'first', 'never'], { cwd: dir, encoding: 'utf8' });

    // Assess
    expect([result.status, result.stdout.match(/passed in/g)]).toEqual([0, ['passed in', 'passed in']]);
  });
});
