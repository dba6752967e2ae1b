/**
 * The V8 code cache of the command line (cli/code-cache.cts): made at the end of a run, used by the next, never
 * given to a file that changed, and no harm where it cannot be written. Each case runs node in a child process
 * with the cache installed over a temporary folder of CommonJS files.
 */
import { spawnSync } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectCliBuilt, ROOT, tempDir } from './helpers.js';

beforeAll(expectCliBuilt);

const CODE_CACHE = path.join(ROOT, 'build', 'cli', 'code-cache.cjs');

/** Run node: install the cache over `dir` (caches in `cacheDir`), then require the module it holds and print its answer. */
function run(dir: string, cacheDir: string, flags: string[] = []) {
  const script = `require(${JSON.stringify(CODE_CACHE)}).useCodeCache(${JSON.stringify(dir + path.sep)}, ${JSON.stringify(cacheDir)});
process.stdout.write(String(require(${JSON.stringify(path.join(dir, 'answer.cjs'))}).answer()));`;
  const r = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const answer = (n: number) => `exports.answer = () => ${n} * 2;\n`;

describe('the code cache of the command line', () => {
  test('is made at the end of the first run and used by the next, which runs the same', async () => {
    const dir = await tempDir('cache-');
    const cacheDir = path.join(dir, 'cache');
    await writeFile(path.join(dir, 'answer.cjs'), answer(21));
    expect(run(dir, cacheDir)).toEqual({ code: 0, out: '42', err: '' });
    const [file] = await readdir(cacheDir);
    expect(file).toMatch(/^answer\.cjs-\d+-\d+-[0-9a-z]+\.v8$/);
    const made = (await stat(path.join(cacheDir, file!))).mtimeMs;
    expect(run(dir, cacheDir)).toEqual({ code: 0, out: '42', err: '' });
    // used, not made again
    expect((await stat(path.join(cacheDir, file!))).mtimeMs).toBe(made);
    expect(await readdir(cacheDir)).toEqual([file]);
  });

  test('a changed file gets a cache of its own, never the old one', async () => {
    const dir = await tempDir('cache-');
    const cacheDir = path.join(dir, 'cache');
    await writeFile(path.join(dir, 'answer.cjs'), answer(21));
    expect(run(dir, cacheDir).out).toBe('42');
    // the same length, another answer, another modification time
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(path.join(dir, 'answer.cjs'), answer(12));
    expect(run(dir, cacheDir).out).toBe('24');
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  test('runs under other V8 flags have a cache of their own, and leave the other as it was', async () => {
    const dir = await tempDir('cache-');
    const cacheDir = path.join(dir, 'cache');
    await writeFile(path.join(dir, 'answer.cjs'), answer(21));
    expect(run(dir, cacheDir).out).toBe('42');
    const [plain] = await readdir(cacheDir);
    const made = (await stat(path.join(cacheDir, plain!))).mtimeMs;
    expect(run(dir, cacheDir, ['--max-semi-space-size=32']).out).toBe('42');
    expect(await readdir(cacheDir)).toHaveLength(2);
    expect(run(dir, cacheDir).out).toBe('42');
    expect((await stat(path.join(cacheDir, plain!))).mtimeMs).toBe(made);
  });

  test('a folder that cannot be written to means no cache, and the run is the same', async () => {
    const dir = await tempDir('cache-');
    const notAFolder = path.join(dir, 'a-file');
    await writeFile(notAFolder, '');
    await writeFile(path.join(dir, 'answer.cjs'), answer(21));
    expect(run(dir, path.join(notAFolder, 'cache'))).toEqual({ code: 0, out: '42', err: '' });
  });

  test('files outside the folder, or not CommonJS files of ours, are compiled as node does', async () => {
    const dir = await tempDir('cache-');
    const cacheDir = path.join(dir, 'cache');
    const elsewhere = await tempDir('elsewhere-');
    await writeFile(path.join(elsewhere, 'answer.cjs'), answer(21));
    await writeFile(
      path.join(dir, 'answer.cjs'),
      `exports.answer = () => require(${JSON.stringify(path.join(elsewhere, 'answer.cjs'))}).answer();\n`,
    );
    expect(run(dir, cacheDir).out).toBe('42');
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^answer\.cjs-/)]);
  });

  test('the command line makes its own, beside the bundle', async () => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'build', 'cli', 'bin.js'),
        'validate',
        '--raw',
        path.join(ROOT, 'tests', 'fixtures', 'good-raw'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const files = await readdir(path.join(ROOT, 'build', 'cli', 'cache'));
    expect(files).toContainEqual(expect.stringMatching(/^main\.cjs-\d+-\d+-[0-9a-z]+\.v8$/));
  });
});
