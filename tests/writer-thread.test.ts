/**
 * A large release's files are written on a thread of their own (release/writer-thread.ts). The thread runs the
 * compiled module (a Worker cannot load TypeScript), so these tests import it from build/pipeline/ and, for a whole
 * release, run the compiled CLI with PIPELINE_THREAD_ROWS=0 (a thread for every release). What they hold: the same
 * bytes as one thread writes, in the same order; a failure on the thread reaches the caller as the system error it
 * was (code, call, path), so the CLI says it in one line and dist/ is left as it was.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { StagedRelease, type ReleaseWriter } from '../pipeline/release/staged.js';
import { cli, copyRaw, editFile, expectCliBuilt, FIXTURES, ROOT, snapshot, spawnCli, tempDir } from './helpers.js';

const COMPILED = path.join(ROOT, 'build', 'pipeline', 'release', 'writer-thread.js');
type ThreadModule = typeof import('../pipeline/release/writer-thread.js');
let compiled: ThreadModule;

beforeAll(async () => {
  expectCliBuilt();
  compiled = (await import(COMPILED)) as ThreadModule;
});

/** A staging folder's three folders, as commitPublish makes them. */
async function folders(): Promise<[string, string, string]> {
  const staging = await tempDir('thread-');
  return [path.join(staging, '1.0.0'), path.join(staging, 'latest'), staging];
}

/** Write the same files with either writer: text in pieces, bytes, text in a folder, the zip, and a list of them. */
async function writeSome(release: ReleaseWriter): Promise<void> {
  release.zipAlong('all.zip', '2025-11-29');
  const line = (i: number) => `${i},第${i}行,"a ""quoted"" cell"\r\n`;
  await release.write(
    'big.csv',
    (function* () {
      for (let i = 0; i < 600_000; i++) yield line(i); // 24 MB: more than the thread may be sent unwritten (16 MB)
    })(),
  );
  await release.write(
    'bytes.bin',
    Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7) % 251),
  );
  await release.write('sub/small.json', '{"k": "值"}\n');
  await release.writeZip();
  await release.write('SUMS', [...release.files.keys()].join('\n'));
  await release.settled();
}

describe('the writer thread', () => {
  test('this build has the thread, and tests from TypeScript write on one thread', async () => {
    expect(compiled.ThreadedRelease.available()).toBe(true);
    const source = await import('../pipeline/release/writer-thread.js');
    expect(source.ThreadedRelease.available()).toBe(false);
  });

  test('writes the same bytes, sizes and digests as one thread, in the same order', async () => {
    const [one, threaded] = [await folders(), await folders()];
    const alone = new StagedRelease(...one);
    await writeSome(alone);
    await alone.close();
    const aside = new compiled.ThreadedRelease(...threaded);
    await writeSome(aside);
    await aside.close();
    expect([...aside.files]).toEqual([...alone.files]);
    expect([...aside.files.keys()]).toEqual(['big.csv', 'bytes.bin', 'sub/small.json', 'all.zip', 'SUMS']);
    for (const [releaseDir, latestDir] of [one, threaded]) {
      expect(await snapshot(latestDir)).toEqual(await snapshot(releaseDir)); // latest/ has every file too
    }
    expect(await snapshot(threaded[0])).toEqual(await snapshot(one[0]));
    expect((await readFile(path.join(threaded[0], 'big.csv'), 'utf8')).split('\r\n')[599_999]).toBe(
      '599999,第599999行,"a ""quoted"" cell"',
    );
  });

  test('a failure on the thread reaches the caller as the system error it was', async () => {
    const [releaseDir, latestDir, scratch] = await folders();
    await mkdir(releaseDir, { recursive: true });
    await writeFile(path.join(releaseDir, 'sub'), 'a file where a folder should be');
    const release = new compiled.ThreadedRelease(releaseDir, latestDir, scratch);
    await release.write('first.txt', 'fine');
    await release.write('sub/second.txt', 'cannot be written'); // resolves: the thread has not got to it yet
    const failure = await release.settled().then(
      () => undefined,
      (err: NodeJS.ErrnoException) => err,
    );
    expect(failure?.code).toMatch(/^E(EXIST|NOTDIR)$/);
    expect(failure?.path).toContain(path.join(releaseDir, 'sub'));
    await expect(release.write('third.txt', 'refused')).rejects.toBe(failure); // every later call says it too
    await release.abandon();
    expect(existsSync(path.join(releaseDir, 'third.txt'))).toBe(false);
    expect(await readFile(path.join(releaseDir, 'first.txt'), 'utf8')).toBe('fine');
  });

  test('a path that would leave the release is refused before anything is sent', async () => {
    const release = new compiled.ThreadedRelease(...(await folders()));
    await expect(release.write('../outside.txt', 'no')).rejects.toThrow(/outside|escape|\.\./i);
    await release.abandon();
  });
});

describe('a release written on a thread, by the compiled CLI (PIPELINE_THREAD_ROWS=0)', () => {
  const GOOD = path.join(FIXTURES, 'good-raw');
  const THREAD = { PIPELINE_THREAD_ROWS: '0' };

  async function publishBoth(raw: string, dists: [string, string]) {
    const one = await cli('publish', '--raw', raw, '--dist', dists[0], '--untraced'); // TypeScript: one thread
    expect(one.code, one.err).toBe(0);
    const c = spawnCli(['publish', '--raw', raw, '--dist', dists[1], '--untraced'], THREAD);
    const { code } = await c.exited;
    expect(code, c.err()).toBe(0);
    expect(c.out()).toBe(one.out + '\n');
  }

  test('the same release, byte for byte, as on one thread: a first release and the next', async () => {
    const dists: [string, string] = [
      path.join(await tempDir('one-'), 'dist'),
      path.join(await tempDir('two-'), 'dist'),
    ];
    const raw = await copyRaw(GOOD);
    await publishBoth(raw, dists);
    await editFile(path.join(raw, 'figures', 'employment.csv'), ',145%,', ',146%,');
    await publishBoth(raw, dists);
    expect(await snapshot(dists[1])).toEqual(await snapshot(dists[0]));
    expect(await readdir(path.join(dists[1], '1.0.1'))).toContain('CHANGES.md');
  });

  test('a full disk while the thread writes: exit 4, one line naming the file, dist/ as it was', async () => {
    const dist = path.join(await tempDir('full-'), 'dist');
    const raw = await copyRaw(GOOD);
    expect((await cli('publish', '--raw', raw, '--dist', dist, '--untraced')).code).toBe(0);
    await editFile(path.join(raw, 'figures', 'employment.csv'), ',145%,', ',146%,');
    const before = await snapshot(dist);
    for (const file of ['units.csv', 'mentions.json', '.zip']) {
      const c = spawnCli(['publish', '--raw', raw, '--dist', dist, '--untraced'], {
        ...THREAD,
        PIPELINE_FAULT: `ENOSPC-at:${file}`,
      });
      const { code } = await c.exited;
      expect(code, c.err()).toBe(4);
      const lines = c.err().trimEnd().split('\n');
      expect(lines, c.err()).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: /\\S+${file.replace('.', '\\.')}: no space left on the device`));
      expect(c.err()).not.toMatch(/^\s+at |internal error/m);
      expect(await snapshot(dist)).toEqual(before);
      expect((await readdir(dist)).filter((n) => n.startsWith('.staging'))).toEqual([]);
    }
  });

  test('killed while the thread writes: nothing is published, and the next run publishes the release whole', async () => {
    const dist = path.join(await tempDir('kill-'), 'dist');
    const raw = await copyRaw(GOOD);
    const killed = spawnCli(['publish', '--raw', raw, '--dist', dist, '--untraced'], {
      ...THREAD,
      PIPELINE_FAULT: 'staging-partial', // the thread kills the process after its second file
    });
    expect((await killed.exited).signal).toBe('SIGKILL');
    expect(existsSync(path.join(dist, '1.0.0'))).toBe(false);
    const again = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(again.code, again.err).toBe(0);
    expect((await cli('verify', '--dist', dist)).code).toBe(0);
  });
});
