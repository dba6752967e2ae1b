/**
 * The shape of the code, checked: no import cycles in pipeline/, no function longer than 80 lines, and no
 * word specific to one dataset (its area, its article) in pipeline/: those belong in raw/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const PIPELINE = path.join(ROOT, 'pipeline');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const FILES = sourceFiles(PIPELINE);
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

/** Relative imports of a file (type-only ones too: they tie the modules together just the same). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

/** Every cycle of the import graph, each as the files around it. */
export function importCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push(stack.slice(stack.indexOf(g)).map(rel));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

/** Functions (declarations, methods, arrows, function expressions) longer than `max` lines. */
function longFunctions(file: string, max: number): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionDeclaration).name?.getText(source) ?? '(anonymous)';
      if (end - start + 1 > max) found.push(`${rel(file)}:${start + 1} ${name}: ${end - start + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the shape of pipeline/', () => {
  test('no import cycles', () => {
    expect(importCycles(FILES)).toEqual([]);
  });

  test('the cycle finder finds a cycle (two modules importing each other)', () => {
    const a = path.join(ROOT, 'tests', 'fixtures', 'structure', 'a.ts');
    expect(importCycles([a, path.join(ROOT, 'tests', 'fixtures', 'structure', 'b.ts')])).toEqual([
      ['tests/fixtures/structure/a.ts', 'tests/fixtures/structure/b.ts'],
    ]);
  });

  test('no function longer than 80 lines', () => {
    expect(FILES.flatMap((f) => longFunctions(f, 80))).toEqual([]);
  });

  test('no dataset-specific words: names of places and sources belong in raw/', () => {
    const words = /banan|巴南|chongqing|重庆|livelihood|民生|500113/i;
    const hits = FILES.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => words.test(line))
        .map(([line, n]) => `${rel(f)}:${n}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });
});
