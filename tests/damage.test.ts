/**
 * Damage to dist/ after it was published: what the next run repairs by itself (latest/, index.html), and
 * what it refuses to publish over, naming the file and how to restore it (releases.json, a release folder).
 * No run prints a stack trace, and a refused run leaves dist/ as it was.
 */
import { cp, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifyDist } from '../pipeline/release/verify.js';
import { cli, copyRaw, editFile, FIXTURES, snapshot, tempDir, type CliResult } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');

let raw: string; // the good fixture, with one value corrected after the first release
let base: string; // dist/ holding 1.0.0 and 1.0.1
beforeAll(async () => {
  raw = await copyRaw(GOOD);
  base = path.join(await tempDir('damage-'), 'dist');
  expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).code).toBe(0);
  await editFile(path.join(raw, 'figures', 'employment.csv'), ',145%,', ',146%,');
  expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).out).toMatch(/^published 1\.0\.1/);
});

async function damaged(change: (dist: string) => Promise<unknown>): Promise<string> {
  const dist = path.join(await tempDir('damage-'), 'dist');
  await cp(base, dist, { recursive: true });
  await change(dist);
  return dist;
}

const publish = (dist: string, from = raw) => cli('publish', '--raw', from, '--dist', dist, '--untraced');
const verify = (dist: string) => cli('verify', '--dist', dist);
const noStack = (r: CliResult) => {
  expect(`${r.out}\n${r.err}`).not.toMatch(/^\s+at /m);
  expect(`${r.out}\n${r.err}`).not.toMatch(/SyntaxError|ENOENT/);
};

describe('latest/ and index.html are rebuilt by the next run, even when the data is up to date', () => {
  test.each([
    ['latest/ deleted', ['latest'], 'latest/ rebuilt from 1.0.1'],
    ['index.html deleted', ['index.html'], 'index.html rebuilt'],
    ['both deleted', ['latest', 'index.html'], 'latest/ rebuilt from 1.0.1, index.html rebuilt'],
  ])('%s', async (_, parts, said) => {
    const dist = await damaged(async (d) => {
      for (const p of parts) await rm(path.join(d, p), { recursive: true });
    });
    const bad = await verify(dist);
    expect(bad.code).toBe(1);
    if (parts.includes('index.html'))
      expect(bad.err).toContain('index.html: index.html is missing; the next publish rebuilds it');
    const r = await publish(dist);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`up to date at 1.0.1; repaired: ${said}`);
    expect(await snapshot(dist)).toEqual(await snapshot(base)); // byte for byte what the publish wrote
    expect((await verify(dist)).code).toBe(0);
    expect((await publish(dist)).out).toBe('up to date at 1.0.1; nothing written');
  });

  test.each([
    ['a file of latest/ deleted', (d: string) => rm(path.join(d, 'latest', 'units.json'))],
    [
      'a file of latest/ replaced',
      async (d: string) => {
        const f = path.join(d, 'latest', 'units.csv');
        const bytes = await readFile(f);
        await unlink(f); // a hard link of 1.0.1's file: replace it, do not write through it
        await writeFile(f, Buffer.concat([bytes, Buffer.from('x')]));
      },
    ],
    ['a file added to latest/', (d: string) => writeFile(path.join(d, 'latest', 'extra.txt'), 'x')],
    [
      'latest/ holding the previous release',
      async (d: string) => {
        await rm(path.join(d, 'latest'), { recursive: true });
        await cp(path.join(d, '1.0.0'), path.join(d, 'latest'), { recursive: true });
      },
    ],
    [
      'latest a file',
      async (d: string) => {
        await rm(path.join(d, 'latest'), { recursive: true });
        await writeFile(path.join(d, 'latest'), '');
      },
    ],
  ])('%s: latest/ rebuilt', async (_, change) => {
    const dist = await damaged(change);
    const r = await publish(dist);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('up to date at 1.0.1; repaired: latest/ rebuilt from 1.0.1');
    expect(await snapshot(dist)).toEqual(await snapshot(base));
  });

  test('the scheduler says what it repaired in its log line', async () => {
    const dist = await damaged((d) => rm(path.join(d, 'index.html')));
    const r = await cli('schedule', '--once', '--raw', raw, '--dist', dist);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      outcome: 'up-to-date',
      version: '1.0.1',
      message: 'repaired: index.html rebuilt',
    });
  });

  test('a newest release that is itself damaged is not copied into latest/', async () => {
    const dist = await damaged(async (d) => {
      await rm(path.join(d, 'latest'), { recursive: true });
      await rm(path.join(d, '1.0.1', 'units.json'));
    });
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /1\.0\.1\/units\.json: release 1\.0\.1 is damaged: listed in SHA256SUMS but missing; nothing of it was used/,
    );
    expect(await snapshot(dist)).toEqual(before);
  });
});

describe('releases.json or a release folder damaged: nothing published, a message naming the file and the repair', () => {
  const restore = /restore it from version control \(git checkout -- \S*releases\.json\) or a backup/;

  test.each([
    ['empty', '', 'releases.json is empty'],
    ['only spaces', '  \n', 'releases.json is empty'],
    ['cut short', '{"package": "x", "rel', 'releases.json is not JSON'],
    ['not the schema', '{"package": "x"}', 'releases.json does not match schemas/published/releases.schema.json'],
    ['a list', '[]', 'releases.json does not match'],
    ['out of order', 'REVERSED', 'releases.json lists 1.0.0 after 1.0.1 (oldest first, each once)'],
  ])('releases.json %s', async (_, text, said) => {
    const dist = await damaged(async (d) => {
      const file = path.join(d, 'releases.json');
      if (text !== 'REVERSED') return writeFile(file, text);
      const index = JSON.parse(await readFile(file, 'utf8')) as { releases: unknown[] };
      index.releases.reverse();
      await writeFile(file, JSON.stringify(index, null, 2));
    });
    const before = await snapshot(dist);
    for (const r of [await publish(dist), await verify(dist), await cli('diff', '1.0.0', 'latest', '--dist', dist)]) {
      expect(r.code).toBe(1);
      expect(r.err).toContain(said);
      expect(r.err).toMatch(restore);
      noStack(r);
    }
    expect(await snapshot(dist)).toEqual(before);
    const once = await cli('schedule', '--once', '--raw', raw, '--dist', dist);
    expect(once.code).toBe(1);
    expect(JSON.parse(once.out)).toMatchObject({ outcome: 'error', message: expect.stringMatching(restore) });
  });

  test('releases.json missing while release folders exist: refused, never a new 1.0.0', async () => {
    const dist = await damaged((d) => rm(path.join(d, 'releases.json')));
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /releases\.json: missing, but \S+ holds the releases 1\.0\.0, 1\.0\.1; restore it from version control/,
    );
    noStack(r);
    expect(await snapshot(dist)).toEqual(before);
    const v = await verify(dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/missing, but \S+ holds the releases 1\.0\.0, 1\.0\.1; restore it/);
    expect(v.err).not.toContain('the next publish finishes it'); // no interrupted publish explains it
    // the folders are still checked against their own checksums
    const { checked } = await verifyDist(dist);
    expect(checked).toEqual(['1.0.0', '1.0.1', 'latest']);
  });

  test.each(['1.0.0', '1.0.1'])('release folder %s gone: refused, naming it', async (version) => {
    const dist = await damaged((d) => rm(path.join(d, version), { recursive: true }));
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `releases.json lists ${version}, but its folder is missing; restore it from version control (git checkout -- `,
    );
    noStack(r);
    expect(await snapshot(dist)).toEqual(before);
    const v = await verify(dist);
    expect(v.code).toBe(1);
    expect(v.err).toContain(
      `releases.json lists ${version} but its folder is missing; restore it from version control`,
    );
  });

  test('a release folder releases.json does not list: refused; verify says to restore releases.json', async () => {
    // releases.json restored from an old backup: the next version would collide with a folder, or skip one
    const dist = await damaged((d) => cp(path.join(d, '1.0.1'), path.join(d, '1.0.2'), { recursive: true }));
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /1\.0\.2: \S+releases\.json does not list release 1\.0\.2; restore releases\.json from version control/,
    );
    expect(await snapshot(dist)).toEqual(before);
    const v = await verify(dist);
    expect(v.code).toBe(1);
    expect(v.err).toContain('release folder 1.0.2 is not in releases.json; restore releases.json from version control');
  });

  test('a published datapackage.json that is not JSON: refused as a damaged release', async () => {
    const dist = await damaged((d) => writeFile(path.join(d, '1.0.1', 'datapackage.json'), '{'));
    const changed = await copyRaw(raw);
    await editFile(path.join(changed, 'figures', 'employment.csv'), ',146%,', ',147%,');
    const r = await publish(dist, changed);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /1\.0\.1\/datapackage\.json: release 1\.0\.1 is damaged: SHA-256 is [0-9a-f]{64}, SHA256SUMS says/,
    );
    noStack(r);
    const v = await verify(dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/datapackage\.json: does not match schemas\/published\/datapackage\.schema\.json: not JSON/);
    noStack(v);
  });

  test('a table of a release that is not JSON: verify names it (no stack)', async () => {
    const dist = await damaged((d) => writeFile(path.join(d, '1.0.0', 'units.json'), '[{'));
    const v = await verify(dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/1\.0\.0\/units\.json: does not match schemas\/published\/units\.schema\.json: not JSON/);
    noStack(v);
  });

  test('releases.json a folder: exit 4, one line naming it', async () => {
    const dist = await damaged(async (d) => {
      await rm(path.join(d, 'releases.json'));
      await mkdir(path.join(d, 'releases.json'));
    });
    const r = await publish(dist);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/releases\.json: is a folder, not a file \(EISDIR/);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
