import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EVENTBRIDGE, evaluateFolder, oneLine } from '../helpers/evaluate-input';

const ROOT = join(__dirname, '..', '..');
const EVALUATE_JS = join(ROOT, 'dist', 'cli', 'evaluate.js');

/** What only a process of its own shows: its memory, its standard input, a reader that goes away. */
describe('npm run evaluate, the built command in its own process', () => {
  const folder = evaluateFolder();

  it('refuses a 600 KB gzip bomb that inflates to 600 MB, using a fraction of that memory', () => {
    // Prepare: gunzip reads concatenated members, so 600 copies of 1 MB of zeros (1 KB each) make the bomb.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = join(folder.dir, 'bomb.json.gz');
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 600 }, () => member)));
    const script = `const code = require(${JSON.stringify(EVALUATE_JS)}).runEvaluate(['--config', ${JSON.stringify(folder.config)}, ${JSON.stringify(bomb)}], { stdout() {}, stderr: (line) => console.error(line), env: {} }); console.log(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));`;

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
    const result = spawnSync(process.execPath, [EVALUATE_JS, '--config', folder.config, '-'], { input: readFileSync(EVENTBRIDGE), encoding: 'utf8' });

    // Assess
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: '-', record: 'detail', severity: 'critical' });
  });

  it('exits quietly when its reader stops reading, as `| head -1` does', async () => {
    // Prepare
    const file = join(folder.dir, 'many.jsonl');
    writeFileSync(file, `${Array.from({ length: 3000 }, () => oneLine(EVENTBRIDGE)).join('\n')}\n`);

    // Act
    const child = spawn(process.execPath, [EVALUATE_JS, '--config', folder.config, file]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));

    // Assess
    expect([code, stderr]).toEqual([0, '']);
  });
});
