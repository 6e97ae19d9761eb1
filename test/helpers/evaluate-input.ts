import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from './fixtures';

export const EVENTBRIDGE = fixturePath('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json');

/** A JSON file's content on one line, as a line of a JSON Lines file. */
export const oneLine = (file: string) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));

/**
 * A fresh folder for each test of the describe block it is called in, with a config that
 * trusts 192.0.2.0/24 at `config`; removed after each test. Read its fields inside tests.
 */
export function evaluateFolder(): { dir: string; config: string } {
  const folder = { dir: '', config: '' };
  beforeEach(() => {
    folder.dir = mkdtempSync(join(tmpdir(), 'signin-watch-evaluate-'));
    folder.config = join(folder.dir, 'config.json');
    writeFileSync(folder.config, JSON.stringify({ allowedCidrs: ['192.0.2.0/24'] }));
  });
  afterEach(() => {
    rmSync(folder.dir, { recursive: true, force: true });
  });
  return folder;
}
