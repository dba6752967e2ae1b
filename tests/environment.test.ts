/**
 * Errors of the machine (a full disk, a permission, a read-only file system, a file where dist/ should be):
 * exit status 4 and one line naming the path and the cause, never a stack trace; dist/ as it was.
 *
 * Tests run as root here, where permissions do not bite, and no CI runner lets a test fill its disk, so the
 * write points are also made to fail by injection (PIPELINE_FAULT=ENOSPC-at:<file>, core/faults.ts): the
 * real code path turns the thrown system error into exit 4. Where `mount` works (root with the capability),
 * a small tmpfs is really filled and really made read-only as well; elsewhere those tests say why they skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lockPathFor } from '../pipeline/release/lock.js';
import { cli, cliWith, copyRaw, editFile, expectCliBuilt, FIXTURES, snapshot, spawnCli, tempDir } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');

let raw: string; // changed since base/ was published, so a publish writes a release
let base: string; // dist/ holding 1.0.0
beforeAll(async () => {
  expectCliBuilt();
  const first = await copyRaw(GOOD);
  base = path.join(await tempDir('env-'), 'dist');
  expect((await cli('publish', '--raw', first, '--dist', base, '--untraced')).code).toBe(0);
  raw = await copyRaw(GOOD);
  await editFile(path.join(raw, 'figures', 'employment.csv'), ',145%,', ',146%,');
});

async function run(args: string[], env: Record<string, string> = {}) {
  const c = spawnCli(args, env);
  const { code } = await c.exited;
  return { code, out: c.out(), err: c.err() };
}

/** One line on stderr, naming a path and the cause; no stack, no internal error. */
function expectOneLine(err: string, cause: RegExp) {
  const lines = err.trimEnd().split('\n');
  expect(lines, err).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: \/\S+: /);
  expect(lines[0]).toMatch(cause);
  expect(err).not.toMatch(/^\s+at |internal error/m);
}

async function expectWhole(dist: string, before: Record<string, string>) {
  expect(await snapshot(dist)).toEqual(before);
  expect((await readdir(dist)).filter((n) => n.startsWith('.staging'))).toEqual([]);
  expect(existsSync(lockPathFor(dist))).toBe(false);
}

const ENOSPC = /no space left on the device \(disk full\) \(ENOSPC, \w+\)$/;

describe('a write that fails: exit 4, one line, dist/ unchanged, and the next run publishes', () => {
  // in this process (the CLI's main, as bin.js runs it), each write point in turn; the compiled CLI in a child
  // process below, and with a real full disk where mount works
  test.each([
    ['ENOSPC', 'units.csv', ENOSPC],
    ['ENOSPC', '.xlsx', ENOSPC], // the workbook
    ['ENOSPC', 'catalog.jsonld', ENOSPC],
    ['ENOSPC', 'datapackage.json', ENOSPC],
    ['ENOSPC', 'releases.json', ENOSPC],
    ['ENOSPC', 'index.html', ENOSPC],
    ['ENOSPC', 'journal.json', ENOSPC],
    ['ENOSPC', '.tmp', ENOSPC], // the lock's temporary file, beside dist/
    ['EDQUOT', 'observations.json', /disk quota exceeded \(EDQUOT, open\)$/],
    ['EACCES', 'units.json', /permission denied \(EACCES, open\)$/],
    ['EROFS', 'CHANGES.md', /read-only file system \(EROFS, open\)$/],
    ['EIO', 'SHA256SUMS', /input\/output error .*\(EIO, open\)$/],
  ])('%s writing %s', async (code, file, cause) => {
    const dist = path.join(await tempDir('env-'), 'dist');
    await cp(base, dist, { recursive: true });
    const before = await snapshot(dist);
    const r = await cliWith(['publish', '--raw', raw, '--dist', dist, '--untraced'], {
      PIPELINE_FAULT: `${code}-at:${file}`,
    });
    expect(r.code, r.err).toBe(4);
    expectOneLine(r.err, cause);
    expect(r.err).toContain(file);
    await expectWhole(dist, before);
    const next = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(next.out).toMatch(/^published 1\.0\.1/);
    expect((await cli('verify', '--dist', dist)).code).toBe(0);
  });

  test('the compiled CLI in a child process: exit status 4, one line on stderr, dist/ unchanged', async () => {
    const dist = path.join(await tempDir('env-'), 'dist');
    await cp(base, dist, { recursive: true });
    const before = await snapshot(dist);
    const r = await run(['publish', '--raw', raw, '--dist', dist, '--untraced'], {
      PIPELINE_FAULT: 'ENOSPC-at:units.csv',
    });
    expect(r.code, r.err).toBe(4);
    expectOneLine(r.err, ENOSPC);
    expect(r.err).toContain('units.csv');
    await expectWhole(dist, before);
    expect((await run(['publish', '--raw', raw, '--dist', dist, '--untraced'])).out).toMatch(/^published 1\.0\.1/);
  });

  test('a repair (latest/ rebuilt) that fails: exit 4, and the next run repairs', async () => {
    const dist = path.join(await tempDir('env-'), 'dist');
    await cp(base, dist, { recursive: true });
    await rm(path.join(dist, 'latest'), { recursive: true });
    const before = await snapshot(dist);
    const r = await cliWith(['publish', '--raw', GOOD, '--dist', dist, '--untraced'], {
      PIPELINE_FAULT: 'ENOSPC-at:latest/units.csv',
    });
    expect(r.code, r.err).toBe(4);
    expectOneLine(r.err, /ENOSPC, link\)$/);
    await expectWhole(dist, before);
    expect((await cli('publish', '--raw', GOOD, '--dist', dist, '--untraced')).out).toContain(
      'repaired: latest/ rebuilt',
    );
  });

  test('schedule --once: logged as `error` with the one line, exit 4', async () => {
    const dist = path.join(await tempDir('env-'), 'dist');
    await cp(base, dist, { recursive: true });
    const r = await run(['schedule', '--once', '--raw', raw, '--dist', dist, '--untraced'], {
      PIPELINE_FAULT: 'ENOSPC-at:units.csv',
    });
    expect(r.code, r.err).toBe(4);
    const record = JSON.parse(r.out);
    expect(record).toMatchObject({ outcome: 'error', version: '1.0.0', errors: 1 });
    expect(record.message).toMatch(/units\.csv: no space left on the device \(disk full\) \(ENOSPC, open\)$/);
    expect(r.err).not.toMatch(/^\s+at /m);
  });
});

describe('dist/ or its folder is a file', () => {
  test.each([
    ['publish', (d: string) => ['publish', '--raw', GOOD, '--dist', d, '--untraced']],
    ['verify', (d: string) => ['verify', '--dist', d]],
    ['diff', (d: string) => ['diff', '1.0.0', 'latest', '--dist', d]],
    ['schedule --once', (d: string) => ['schedule', '--once', '--raw', GOOD, '--dist', d, '--untraced']],
  ])('%s: exit 4, one line naming the path', async (_, args) => {
    const dir = await tempDir('env-');
    await writeFile(path.join(dir, 'dist'), 'a file');
    for (const dist of [path.join(dir, 'dist'), path.join(dir, 'dist', 'sub')]) {
      const r = await cli(...args(dist));
      expect(r.code, r.err).toBe(4);
      if (!args(dist).includes('--once'))
        expectOneLine(r.err, /(a file where a folder is needed|is a file, not a folder)/);
      else expect(JSON.parse(r.out)).toMatchObject({ outcome: 'error', message: expect.stringContaining('/dist') });
    }
  });
});

// ---------------------------------------------------------------- the real thing, where mount works

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', [m]);
});

/** A tmpfs of `size` mounted at a new temporary folder, or why it could not be. */
async function tmpfs(size: string): Promise<string | { why: string }> {
  const dir = await tempDir('tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return { why: `mount -t tmpfs failed (${String((err as Error).message).split('\n')[0]})` };
  }
  mounts.push(dir);
  return dir;
}

describe('a real full disk and a real read-only file system (tmpfs)', () => {
  test('a disk that fills up while a release is written: exit 4, dist/ unchanged, then it publishes', async (ctx) => {
    const fs = await tmpfs('2m');
    if (typeof fs !== 'string') {
      console.log(`SKIPPED: a real full disk: ${fs.why}; the injected faults above cover the code path`);
      return ctx.skip();
    }
    const dist = path.join(fs, 'dist');
    await cp(base, dist, { recursive: true });
    // leave about 48 KiB: a lock fits, a release does not
    const filler = path.join(fs, 'filler');
    const free = () => Number(execFileSync('df', ['-k', '--output=avail', fs]).toString().split('\n')[1]);
    await writeFile(filler, Buffer.alloc(Math.max(0, free() - 48) * 1024));
    const before = await snapshot(dist);
    const r = await run(['publish', '--raw', raw, '--dist', dist, '--untraced']);
    expect(r.code, r.err).toBe(4);
    expectOneLine(r.err, ENOSPC);
    await expectWhole(dist, before);
    await rm(filler);
    expect((await run(['publish', '--raw', raw, '--dist', dist, '--untraced'])).out).toMatch(/^published 1\.0\.1/);
    expect((await run(['verify', '--dist', dist])).code).toBe(0);
  });

  test('a read-only file system (or, not as root, a folder without write permission): exit 4', async (ctx) => {
    let dist: string;
    let restore: () => Promise<void>;
    if (process.getuid?.() === 0) {
      const fs = await tmpfs('4m');
      if (typeof fs !== 'string') {
        console.log(`SKIPPED: a real read-only file system: ${fs.why}; root ignores permissions, so none is tested`);
        return ctx.skip();
      }
      dist = path.join(fs, 'dist');
      await cp(base, dist, { recursive: true });
      execFileSync('mount', ['-o', 'remount,ro', fs]);
      restore = async () => void execFileSync('mount', ['-o', 'remount,rw', fs]);
    } else {
      const parent = path.join(await tempDir('env-'), 'home');
      await mkdir(parent);
      dist = path.join(parent, 'dist');
      await cp(base, dist, { recursive: true });
      await chmod(dist, 0o555);
      await chmod(parent, 0o555);
      restore = async () => {
        await chmod(parent, 0o755);
        await chmod(dist, 0o755);
      };
    }
    const before = await snapshot(dist);
    try {
      const r = await run(['publish', '--raw', raw, '--dist', dist, '--untraced']);
      expect(r.code, r.err).toBe(4);
      expectOneLine(r.err, /(read-only file system \(EROFS|permission denied \(EACCES)/);
      expect(await snapshot(dist)).toEqual(before);
    } finally {
      await restore();
    }
  });
});
