import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SOURCE_FOLDERS = ['core', 'stacks', 'handlers', 'cli', 'synth', 'scripts', 'bench'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'reference' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each source file (relative to the project) with the project files and packages it imports. */
function importGraph(): Map<string, { files: string[]; packages: string[] }> {
  const files = [join(ROOT, 'main.ts'), ...SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))];
  const graph = new Map<string, { files: string[]; packages: string[] }>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    const local = specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => {
        const base = resolve(dirname(file), s);
        const target = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
        return relative(ROOT, target ?? base);
      });
    graph.set(relative(ROOT, file), { files: local, packages: specifiers.filter((s) => !s.startsWith('.')) });
  }
  return graph;
}

const folderOf = (file: string) => file.split('/')[0];

describe('the layout a maintainer would draw', () => {
  const graph = importGraph();

  it('keeps core pure: it imports nothing from stacks, handlers, cli, synth, scripts or bench, and no cdktf or AWS SDK', () => {
    // Act
    const violations = [...graph]
      .filter(([file]) => folderOf(file) === 'core')
      .flatMap(([file, { files, packages }]) => [
        ...files.filter((target) => folderOf(target) !== 'core').map((target) => `${file} -> ${target}`),
        ...packages.filter((name) => /^(cdktf|constructs|@cdktf\/|@aws-sdk\/|@smithy\/)/.test(name)).map((name) => `${file} -> ${name}`),
      ]);

    // Assess
    expect(violations).toEqual([]);
  });

  it('keeps the Lambda free of synth-time code: handlers import only core and each other, and nothing from cdktf', () => {
    // Act
    const violations = [...graph]
      .filter(([file]) => folderOf(file) === 'handlers')
      .flatMap(([file, { files, packages }]) => [
        ...files.filter((target) => !['core', 'handlers'].includes(folderOf(target))).map((target) => `${file} -> ${target}`),
        ...packages.filter((name) => /^(cdktf|constructs|@cdktf\/)/.test(name)).map((name) => `${file} -> ${name}`),
      ]);

    // Assess
    expect(violations).toEqual([]);
  });

  it('has no import cycle', () => {
    // Act: a depth-first walk that reports each back edge as the cycle it closes.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (file: string, path: string[]): void => {
      state.set(file, 'open');
      for (const target of graph.get(file)?.files ?? []) {
        if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].join(' -> '));
        else if (state.get(target) === undefined && graph.has(target)) walk(target, [...path, target]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) walk(file, [file]);

    // Assess
    expect(cycles).toEqual([]);
  });
});
