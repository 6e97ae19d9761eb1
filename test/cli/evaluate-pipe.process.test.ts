import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixturePath } from '../helpers/fixtures';

const ROOT = join(__dirname, '..', '..');
const EVALUATE_JS = join(ROOT, 'dist', 'cli', 'evaluate.js');
const EVENTBRIDGE = fixturePath('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json');
const oneLine = (file: string) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));

/** What only a process of its own shows: its memory, its standard input, a reader that goes away. */
describe('npm run evaluate, the built command in its own process', () => {
  let dir: string;
  let config: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-evaluate-'));
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ allowedCidrs: ['192.0.2.0/24'] }));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a 600 KB gzip bomb that inflates to 600 MB, using a fraction of that memory', () => {
    // Prepare: gunzip reads concatenated members, so 600 copies of 1 MB of zeros (1 KB each) make the bomb.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = join(dir, 'bomb.json.gz');
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 600 }, () => member)));
    const script = `const code = require(${JSON.stringify(EVALUATE_JS)}).runEvaluate(['--config', ${JSON.stringify(config)}, ${JSON.stringify(bomb)}], { stdout() {}, stderr: (line) => console.error(line), env: {} }); console.log(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));`;

    // Act
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });

    // Assess
    expect(result.stderr.trim()).toBe(`${bomb}: inflates to more than 64 MB, the most evaluate reads from one input: split it, or select the sign-ins first.`);
    const { code, maxRssKb } = JSON.parse(result.stdout);
    expect(code).toBe(2);
    expect(maxRssKb).toBeLessThan(300 * 1024);
  });

  it('reads standard input for the file name -', () => {
    // Act
    const result = spawnSync(process.execPath, [EVALUATE_JS, '--config', config, '-'], { input: readFileSync(EVENTBRIDGE), encoding: 'utf8' });

    // Assess
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: '-', record: 'detail', severity: 'critical' });
  });

  it('exits quietly when its reader stops reading, as `| head -1` does', async () => {
    // Prepare
    const file = join(dir, 'many.jsonl');
    writeFileSync(file, `${Array.from({ length: 3000 }, () => oneLine(EVENTBRIDGE)).join('\n')}\n`);

    // Act
    const child = spawn(process.execPath, [EVALUATE_JS, '--config', config, file]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));

    // Assess
    expect([code, stderr]).toEqual([0, '']);
  });
});
