import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EvaluateOutput, runEvaluate } from '../../cli/evaluate';
import { EVENTBRIDGE, evaluateFolder, oneLine } from '../helpers/evaluate-input';
import { fixturePath } from '../helpers/fixtures';

const BARE_RECORD = fixturePath('sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json');

describe('npm run evaluate: inputs and output', () => {
  const folder = evaluateFolder();

  function run(args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = runEvaluate(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} });
    return { exitCode, stdout, stderr };
  }

  it('prints its usage on stdout and exits 0 for --help', () => {
    // Act
    const { exitCode, stdout, stderr } = run(['--help']);

    // Assess
    expect([exitCode, stderr]).toEqual([0, []]);
    expect(stdout.join('\n')).toContain('usage: npm run --silent evaluate -- [--config FILE] FILE...');
  });

  it('says that --config needs a value', () => {
    // Act
    const { exitCode, stderr } = run(['--config']);

    // Assess
    expect([exitCode, stderr[0]]).toEqual([2, expect.stringMatching(/^evaluate: Option '--config <value>' argument missing/)]);
  });

  it('reads a JSON Lines file, one record or event per line, naming each line', () => {
    // Prepare
    const file = join(folder.dir, 'export.jsonl');
    writeFileSync(file, `${oneLine(BARE_RECORD)}\n\n${oneLine(EVENTBRIDGE)}\n`);

    // Act
    const { exitCode, stdout } = run(['--config', folder.config, file]);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.map((line) => (JSON.parse(line) as EvaluateOutput).record)).toEqual(['line 1', 'line 3 detail']);
  });

  it('names the line of a JSON Lines file that is not JSON', () => {
    // Prepare
    const file = join(folder.dir, 'export.jsonl');
    writeFileSync(file, `${oneLine(BARE_RECORD)}\n{"eventName":\n`);

    // Act
    const { exitCode, stderr } = run(['--config', folder.config, file]);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [expect.stringMatching(/export\.jsonl: line 2 is not valid JSON \(the file looks like JSON Lines: one record per line\): /)]]);
  });

  it('escapes the control characters of a bad file it quotes, so that the terminal shows them instead of obeying them', () => {
    // Prepare
    const file = join(folder.dir, 'bad.json');
    writeFileSync(file, '\x1b[2J\x1b]0;owned\x07');

    // Act
    const { stderr } = run(['--config', folder.config, file]);

    // Assess
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain('is not valid JSON');
    expect(stderr[0]).toContain('\\x1b');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no raw control character may reach the terminal.
    expect(stderr[0]).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('refuses an input over 64 MB without reading it', () => {
    // Prepare: a sparse file, so the test writes nothing to disk.
    const file = join(folder.dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 65 * 1024 * 1024);

    // Act
    const { exitCode, stderr } = run(['--config', folder.config, file]);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [`${file}: is larger than 64 MB, the most evaluate reads from one input: split it, or select the sign-ins first (for example with jq).`]]);
  });

  it('warns that an allowlist kept in SSM is not read, so no address is trusted through it', () => {
    // Prepare
    writeFileSync(folder.config, JSON.stringify({ allowlistParameter: '/signin-watch/allowed-cidrs' }));

    // Act
    const { stderr } = run(['--config', folder.config, BARE_RECORD]);

    // Assess
    expect(stderr).toEqual([
      'evaluate: warning: the global allowlist lives in SSM parameter /signin-watch/allowed-cidrs, which evaluate does not read: an address counts as trusted only through accountAllowedCidrs or an exception.',
    ]);
  });
});
