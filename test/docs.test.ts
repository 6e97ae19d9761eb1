import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string> };
const DOCS = [
  'README.md',
  ...(existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`)
    : []),
];

/** Every `npm run NAME` in a Markdown file, with the file it is in. */
function npmRuns(file: string): Array<[string, string]> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/npm run (?:--silent |-s )?([\w:.-]+)/g)].map((match) => [file, match[1]]);
}

describe('the docs', () => {
  it.each(DOCS)('%s runs only npm scripts that package.json defines', (file) => {
    // Act
    const missing = npmRuns(file).filter(([, script]) => pkg.scripts[script] === undefined);

    // Assess
    expect(missing).toEqual([]);
  });

  it('ships the license that package.json announces', () => {
    // Assess
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004[\s\S]+END OF TERMS AND CONDITIONS/);
  });

  it('runs cdktf and terraform without calling HashiCorp checkpoint', () => {
    // Assess
    const calling = Object.entries(pkg.scripts).filter(([, command]) => /(^|[\s&;])(npx )?(cdktf|terraform) /.test(command) && !command.includes('CHECKPOINT_DISABLE=1'));
    expect(calling).toEqual([]);
  });
});
