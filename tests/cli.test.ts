/**
 * The command line starts however it is reached, and never does nothing silently: from a checkout whose
 * path holds a space and Chinese characters, through a symlinked build folder (a deploy folder), and
 * through node_modules/.bin (the package's `bin`, as npm installs it). Each runs the compiled entry
 * (build/cli/bin.js) in a child process and expects the work done: `validate` says what it found.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectCliBuilt, RAW, ROOT, tempDir } from './helpers.js';

beforeAll(expectCliBuilt);

/** Run `file` (a script path, or node with arguments) in `cwd`; its exit status and both streams. */
function run(cwd: string, command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const VALID = /^raw: valid \(\d+ observations, \d+ indicators\)$/m;

describe('the command line, however it is started', () => {
  test('from a checkout whose path has a space and Chinese characters', async () => {
    const checkout = path.join(await tempDir(), '数据 banan');
    await mkdir(checkout);
    for (const part of ['package.json', 'build', 'schemas'])
      await cp(path.join(ROOT, part), path.join(checkout, part), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
    await cp(RAW, path.join(checkout, 'raw'), { recursive: true });
    const r = run(checkout, process.execPath, [path.join('build', 'cli', 'bin.js'), 'validate']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(VALID);
    const published = run(checkout, process.execPath, ['build/cli/bin.js', 'publish', '--untraced']);
    expect(published.code, published.err).toBe(0);
    expect(published.out).toMatch(/^published 1\.0\.0 \(initial\)/);
  });

  test('through a symlinked build folder', async () => {
    const deploy = path.join(await tempDir(), 'deploy 部署');
    await mkdir(deploy);
    await symlink(path.join(ROOT, 'build'), path.join(deploy, 'build'));
    await cp(RAW, path.join(deploy, 'raw'), { recursive: true });
    const r = run(deploy, process.execPath, [path.join(deploy, 'build', 'cli', 'bin.js'), 'validate']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(VALID);
  });

  test('through node_modules/.bin, as npm installs the package', async () => {
    const app = path.join(await tempDir(), 'an app 应用');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const npm = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ROOT], {
      cwd: app,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(npm.status, npm.stderr).toBe(0);
    await cp(RAW, path.join(app, 'raw'), { recursive: true });
    const r = run(app, path.join(app, 'node_modules', '.bin', 'banan-open-data'), ['validate']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(VALID);
  });

  test('no arguments is a usage error that says so (exit 2), never a silent success', () => {
    const r = run(ROOT, process.execPath, ['build/cli/bin.js']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no command given');
    expect(r.err).toContain('usage:');
  });

  test('output through pipes arrives whole and in order; a reader that goes away ends it quietly', async () => {
    const text = path.join(ROOT, 'tests', 'fixtures', 'reports', 'texts');
    const [source] = readdirSync(text).filter((f) => f.endsWith('.txt'));
    const args = ['build/cli/bin.js', 'suggest', '--source', path.join(text, source!), '--source-id', 'x-2022'];
    const whole = run(ROOT, process.execPath, args);
    expect(whole.code, whole.err).toBe(0);
    const lines = whole.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^domain,figure_id,/);
    expect(lines.length).toBeGreaterThan(20);
    expect(whole.err).toMatch(/^suggest: \d+ figure rows/m);
    // a reader gone before the first line: suggest stops writing, exits 0, and says nothing of it
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    expect(err).toMatch(/^suggest: \d+ figure rows/m);
    expect(err).not.toMatch(/EPIPE|Error|    at /);
  });

  test('a runtime error is one line, not the usage text', () => {
    const r = run(ROOT, process.execPath, ['build/cli/bin.js', 'diff', '1.0.0', '9.9.9', '--dist', 'dist']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: no release 9\.9\.9 in dist; it holds: 1\.0\.0/);
    expect(r.err).not.toContain('validate  [--raw DIR]');
  });
});
