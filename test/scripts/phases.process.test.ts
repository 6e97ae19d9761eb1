import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PHASES = join(__dirname, '..', '..', 'scripts', 'phases.mjs');

describe('npm test phases (scripts/phases.mjs)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-phases-'));
    // A package of its own, with a tool in its node_modules/.bin, as npm would find it.
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.bin', 'local-tool'), '#!/bin/sh\necho "local tool ran"\n');
    chmodSync(join(dir, 'node_modules', '.bin', 'local-tool'), 0o755);
    const scripts = { first: 'node -e "console.log(1)"', broken: 'node -e "process.exit(3)"', never: 'node -e "console.log(2)"', tool: 'local-tool' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'phases-test', version: '1.0.0', scripts }));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const phases = (...steps: string[]) => spawnSync(process.execPath, [PHASES, ...steps], { cwd: dir, encoding: 'utf8' });

  it('prints a line when each phase starts and ends, with its time, and stops with the exit code of the first that fails', () => {
    // Act
    const result = phases('first', 'broken', 'never');

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
    const result = phases('first+broken', 'never');

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
    const result = phases('first', 'never');

    // Assess
    expect([result.status, result.stdout.match(/passed in/g)]).toEqual([0, ['passed in', 'passed in']]);
  });

  it("runs a script as npm would, finding the package's own tools in node_modules/.bin", () => {
    // Act
    const result = phases('tool');

    // Assess
    expect([result.status, result.stdout.split('\n')[1]]).toEqual([0, 'local tool ran']);
  });

  it('fails a phase that names no script of package.json, saying so', () => {
    // Act
    const result = phases('first', 'typo', 'never');

    // Assess
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n').slice(-3)).toEqual(['▶ typo: started', 'package.json has no script "typo"', expect.stringMatching(/^✗ typo: failed \(exit code 1\) after \d+\.\d s$/)]);
  });
});
