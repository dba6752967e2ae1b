/**
 * The store trusts nothing on disk (issue 17): every file read back from dist/ is checked against its
 * release's SHA256SUMS (and the release's content hash against releases.json) before it is copied to
 * latest/, compared for a version bump or a changelog, or named on the page; a damaged or missing release is
 * named with how to restore it, never rebuilt over or reissued. Inputs are read only from regular files of
 * bounded size, every character of a number or a period is read by a rule or refused, and release dates only
 * move forward. Each case here published something false, hung or crashed before.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../pipeline/service/serve.js';
import { cli, copyRaw, editFile, FIXTURES, readJson, snapshot, spawnCli, tempDir, type CliResult } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');
const SOURCE = 'banan-livelihood-2022';

let raw: string; // the good fixture, with one value corrected after the first release
let base: string; // dist/ holding 1.0.0 and 1.0.1
beforeAll(async () => {
  raw = await copyRaw(GOOD);
  base = path.join(await tempDir('trust-'), 'dist');
  expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).code).toBe(0);
  await editFile(path.join(raw, 'figures', 'employment.csv'), ',145%,', ',146%,');
  expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).out).toMatch(/^published 1\.0\.1/);
});

/** A copy of the base store, with `change` made to it. */
async function store(change: (dist: string) => Promise<unknown> = async () => undefined): Promise<string> {
  const dist = path.join(await tempDir('trust-'), 'dist');
  await cp(base, dist, { recursive: true });
  await change(dist);
  return dist;
}

const publish = (dist: string, from = raw) => cli('publish', '--raw', from, '--dist', dist, '--untraced');
const output = (r: CliResult) => `${r.out}\n${r.err}`;
const noStack = (r: CliResult) => expect(output(r)).not.toMatch(/^\s+at |internal error|Maximum call stack/m);

/** Change a published file in place so its size changes (an editor, or `sed -i`, which breaks a hard link). */
async function sedInPlace(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await unlink(file); // a new inode, as `sed -i` makes: latest/ no longer shares it
  await writeFile(file, text.replace(from, to));
}

describe('1. latest/ is never rebuilt from a damaged release', () => {
  test('a value edited in the newest release (size changed): refused, latest/ keeps its good copy', async () => {
    const dist = await store((d) => sedInPlace(path.join(d, '1.0.1', 'units.csv'), 'schools', 'schoolsX'));
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1\.0\.1\/units\.csv: release 1\.0\.1 is damaged: SHA-256 is/);
    expect(r.err).toMatch(/latest\/units\.csv \(an intact copy\)/); // where a good copy may be had
    expect(r.out).not.toMatch(/repaired/);
    expect(await snapshot(dist)).toEqual(before);
    noStack(r);
  });

  test('the same through schedule --once: logged as an error of the run, nothing written', async () => {
    const dist = await store((d) => sedInPlace(path.join(d, '1.0.1', 'units.csv'), 'schools', 'schoolsX'));
    const before = await snapshot(dist);
    const c = spawnCli(['schedule', '--once', '--raw', raw, '--dist', dist, '--untraced']);
    const { code } = await c.exited;
    expect(code).toBe(1);
    const record = JSON.parse(c.out().trim().split('\n').at(-1)!) as { outcome: string; message: string };
    expect(record.outcome).toBe('error');
    expect(record.message).toMatch(/release 1\.0\.1 is damaged/);
    expect(await snapshot(dist)).toEqual(before);
  });

  test('datapackage.json of the newest release replaced by "{" and latest/ deleted: refused, not rebuilt', async () => {
    const dist = await store(async (d) => {
      await writeFile(path.join(d, '1.0.1', 'datapackage.json'), '{');
      await rm(path.join(d, 'latest'), { recursive: true });
    });
    const before = await snapshot(dist);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1\.0\.1\/datapackage\.json: release 1\.0\.1 is damaged/);
    expect(await snapshot(dist)).toEqual(before);
  });

  test("verify's advice for a missing latest/ is to restore the damaged release first, not to publish", async () => {
    const dist = await store(async (d) => {
      await appendFile(path.join(d, '1.0.1', 'units.csv'), 'x');
      await rm(path.join(d, 'latest'), { recursive: true });
    });
    const v = await cli('verify', '--dist', dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/latest\/ is missing; restore release 1\.0\.1 first/);
    expect(v.err).not.toMatch(/the next publish rebuilds it/);
  });
});

describe('2. a new release is never compared with a damaged one', () => {
  test('observations.json with a row dropped and a value changed, then a note-only change: refused', async () => {
    const dist = await store(async (d) => {
      const file = path.join(d, '1.0.1', 'observations.json');
      const rows = await readJson<Record<string, unknown>[]>(file);
      rows.pop();
      rows[0]!.value = 15;
      await unlink(file);
      await writeFile(file, JSON.stringify(rows, null, 2) + '\n');
    });
    const changed = await copyRaw(raw);
    await editFile(path.join(changed, 'units.csv'), 'schools and kindergartens', 'schools; kindergartens');
    const before = await snapshot(dist);
    const r = await publish(dist, changed);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1\.0\.1\/observations\.json: release 1\.0\.1 is damaged/);
    expect(r.out).not.toMatch(/published/);
    expect(await snapshot(dist)).toEqual(before);
  });

  test('tables tampered to hide a figure really deleted from raw/: refused, never "up to date"', async () => {
    const changed = await copyRaw(raw);
    const health = path.join(changed, 'figures', 'health.csv');
    const lines = (await readFile(health, 'utf8')).trimEnd().split('\n');
    await writeFile(health, lines.slice(0, -1).join('\n') + '\n');
    // make the published tables of 1.0.1 look like the build without that figure
    const scratch = path.join(await tempDir('trust-'), 'dist');
    await cp(base, scratch, { recursive: true });
    const r0 = await cli('publish', '--raw', changed, '--dist', scratch, '--untraced', '--allow-major');
    expect(r0.out).toMatch(/^published 2\.0\.0/);
    const dist = await store(async (d) => {
      for (const t of ['observations.json', 'mentions.json']) {
        await unlink(path.join(d, '1.0.1', t));
        await cp(path.join(scratch, '2.0.0', t), path.join(d, '1.0.1', t));
      }
    });
    const r = await publish(dist, changed);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/up to date/);
    expect(r.err).toMatch(/release 1\.0\.1 is damaged/);
  });

  test('diff refuses a damaged release', async () => {
    const dist = await store((d) => sedInPlace(path.join(d, '1.0.0', 'units.json'), 'schools', 'schoolsX'));
    const r = await cli('diff', '1.0.0', '1.0.1', '--dist', dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1\.0\.0\/units\.json: release 1\.0\.0 is damaged/);
  });
});

describe('3. a wiped store is never reissued', () => {
  test('every release folder, releases.json and latest/ deleted: verify and publish refuse', async () => {
    const dist = await store(async (d) => {
      for (const name of ['1.0.0', '1.0.1', 'latest', 'releases.json'])
        await rm(path.join(d, name), { recursive: true });
    });
    const before = await snapshot(dist);
    const v = await cli('verify', '--dist', dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/no releases\.json and no release folder here \(it holds catalog\.jsonld, index\.html\)/);
    const r = await publish(dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds catalog\.jsonld, index\.html but no releases\.json/);
    expect(r.err).toMatch(/would issue 1\.0\.0 again/);
    expect(await snapshot(dist)).toEqual(before);
  });

  test('verify on an empty folder, or on raw/, is not a verified store', async () => {
    const empty = await tempDir('empty-');
    expect((await cli('verify', '--dist', empty)).code).toBe(1);
    const v = await cli('verify', '--dist', GOOD);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/nothing to verify/);
    // and publishing into a folder that holds other files is refused rather than mixed in
    const r = await cli('publish', '--raw', GOOD, '--dist', await copyRaw(GOOD), '--untraced');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no releases\.json and no release folder/);
  });

  test('a first publish into an empty or new folder still works', async () => {
    const empty = await tempDir('empty-');
    expect((await publish(empty)).out).toMatch(/^published 1\.0\.0/);
    expect((await publish(path.join(await tempDir('new-'), 'a', 'dist'))).out).toMatch(/^published 1\.0\.0/);
  });
});

describe('7. inputs of any size: no stack overflow, nothing quadratic', () => {
  test('a valid figures file of 144 480 rows validates (exit 0, no stack overflow)', async () => {
    const dir = await copyRaw(GOOD);
    const header = (await readFile(path.join(dir, 'figures', 'education.csv'), 'utf8')).split('\n')[0]!;
    const rows = Array.from(
      { length: 144_480 },
      (_, i) =>
        `edu-${100000 + i},${SOURCE},${Math.floor(i / 100) + 1},new_primary_secondary_schools,actual,,${1950 + (i % 100)},17所,`,
    );
    await writeFile(path.join(dir, 'figures', 'education.csv'), [header, ...rows, ''].join('\n'));
    const r = await cli('validate', '--raw', dir);
    noStack(r);
    expect(r.code).toBe(0);
  });

  test('a 4 MB text with 220 000 uncurated numbers: trace reports them capped, exit 1, no stack overflow', async () => {
    const dir = await copyRaw(GOOD);
    const texts = await tempDir('texts-');
    const paragraph = Array.from({ length: 22_000 }, (_, i) => `第${i}项`).join('，');
    const text = Array.from({ length: 10 }, () => paragraph).join('\n') + '\n';
    const file = path.join(texts, `${SOURCE}.txt`);
    await writeFile(file, text);
    const sha = createHash('sha256').update(text).digest('hex');
    const sources = path.join(dir, 'sources.csv');
    await writeFile(sources, (await readFile(sources, 'utf8')).replace(/,[0-9a-f]{64},/, `,${sha},`));
    const r = await cli('trace', '--raw', dir, '--texts', texts, '--format', 'json');
    noStack(r);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { problems: { code: string }[] };
    expect(report.problems.length).toBeLessThan(300);
    expect(report.problems.some((p) => p.code === 'TOO_MANY_PROBLEMS')).toBe(true);
  });
});

describe('8. only regular files of bounded size are read', () => {
  async function tracedWith(make: (file: string) => Promise<unknown>): Promise<CliResult> {
    const texts = await tempDir('texts-');
    await make(path.join(texts, `${SOURCE}.txt`));
    return cli('trace', '--raw', GOOD, '--texts', texts);
  }

  test('a FIFO named as a source text: trace and publish refuse it at once instead of waiting for ever', async () => {
    const r = await tracedWith(async (file) => execFileSync('mkfifo', [file]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/banan-livelihood-2022\.txt is a named pipe \(FIFO\), not a regular file/);
    const texts = await tempDir('texts-');
    execFileSync('mkfifo', [path.join(texts, `${SOURCE}.txt`)]);
    const dist = path.join(await tempDir('fifo-'), 'dist');
    const p = await cli('publish', '--raw', GOOD, '--dist', dist, '--texts', texts);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/named pipe/);
  });

  test('/dev/zero as a source text, or as suggest --source: refused, not read', async () => {
    const r = await tracedWith((file) => symlink('/dev/zero', file));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a character device, not a regular file/);
    const s = await cli('suggest', '--source', '/dev/zero', '--source-id', 'zero');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/cannot read \/dev\/zero: is a character device, not a regular file/);
  });

  test('a folder named as a source text is named, with its path', async () => {
    const r = await tracedWith((file) => mkdir(file));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/texts-\w+\/banan-livelihood-2022\.txt is a folder, not a file/);
    expect(r.err).not.toMatch(/unknown path/);
  });

  test('a FIFO in raw/ is refused, naming it', async () => {
    const dir = await copyRaw(GOOD);
    await rm(path.join(dir, 'units.csv'));
    execFileSync('mkfifo', [path.join(dir, 'units.csv')]);
    const r = await cli('validate', '--raw', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/units\.csv: is a named pipe \(FIFO\), not a regular file/);
  });

  test('a figures file that is a symbolic link is followed, like sources.csv', async () => {
    const dir = await copyRaw(GOOD);
    const elsewhere = path.join(await tempDir('elsewhere-'), 'education.csv');
    await rename(path.join(dir, 'figures', 'education.csv'), elsewhere);
    await symlink(elsewhere, path.join(dir, 'figures', 'education.csv'));
    const r = await cli('validate', '--raw', dir);
    expect(r.code).toBe(0);
    expect(r.out + r.err).not.toMatch(/rename this file/);
  });

  test('a source text in GB18030 is transcoded with a warning naming its encoding, not read as mojibake', async () => {
    const dir = await copyRaw(GOOD);
    const texts = await tempDir('texts-');
    const utf8 = await readFile(path.join(FIXTURES, 'series', 'texts', 'fixture-report-2022.txt'), 'utf8');
    // iconv from Debian's libc is on every machine this runs on: the bytes a Chinese-locale editor saves
    const bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: utf8 });
    await writeFile(path.join(texts, `${SOURCE}.txt`), bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const sources = path.join(dir, 'sources.csv');
    await writeFile(sources, (await readFile(sources, 'utf8')).replace(/,[0-9a-f]{64},/, `,${sha},`));
    const r = await cli('trace', '--raw', dir, '--texts', texts, '--format', 'json');
    const report = JSON.parse(r.out) as { problems: { code: string; severity: string }[] };
    const codes = report.problems.map((p) => p.code);
    expect(codes).toContain('ENCODING_GB18030');
    // its numbers are read as numbers: what is reported is the fixture's figures not being this text's, not mojibake
    expect(r.out).not.toMatch(/\ufffd/);
  });
});

describe('9. release dates only move forward', () => {
  const epochOf = (date: string) => String(Date.parse(`${date}T00:00:00Z`) / 1000);

  test('SOURCE_DATE_EPOCH=0 (or a clock at 1970) is a usage error, not a crash of the zip writer', async () => {
    const dist = path.join(await tempDir('epoch-'), 'dist');
    const c = spawnCli(['publish', '--raw', GOOD, '--dist', dist, '--untraced'], { SOURCE_DATE_EPOCH: '0' });
    const { code } = await c.exited;
    expect(code).toBe(2);
    expect(c.err()).toMatch(/for a date from 1980 on, not "0" \(1970-01-01\)/);
  });

  test('an epoch before the newest release is refused; releases.json dated out of order is refused', async () => {
    const dist = await store();
    const changed = await copyRaw(raw);
    await editFile(path.join(changed, 'units.csv'), 'schools and kindergartens', 'schools');
    const c = spawnCli(['publish', '--raw', changed, '--dist', dist, '--untraced'], {
      SOURCE_DATE_EPOCH: epochOf('2020-01-01'),
    });
    expect((await c.exited).code).toBe(1);
    expect(c.err()).toMatch(/the release date would be 2020-01-01, before 1\.0\.1/);
    const index = path.join(dist, 'releases.json');
    const releases = await readJson<{ releases: { date: string }[] }>(index);
    releases.releases[1]!.date = '2020-01-01';
    await writeFile(index, JSON.stringify(releases, null, 2) + '\n');
    const v = await cli('verify', '--dist', dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/dates 1\.0\.1 2020-01-01, before 1\.0\.0/);
  });
});

describe('10. the small defects', () => {
  test('publish --dist "" is a usage error that says so', async () => {
    const r = await cli('publish', '--dist', '');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--dist is empty: give it a folder/);
  });

  test('labels and notes reach CHANGES.md as text, never as HTML', async () => {
    const dist = await store();
    const changed = await copyRaw(raw);
    await editFile(
      path.join(changed, 'units.csv'),
      'schools and kindergartens',
      '<img src=x onerror=alert(1)> **bold**',
    );
    expect((await publish(dist, changed)).out).toMatch(/^published 1\.0\.2/);
    const changes = await readFile(path.join(dist, '1.0.2', 'CHANGES.md'), 'utf8');
    expect(changes).not.toContain('<img');
    expect(changes).toContain('&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\*');
  });

  test('serve answers /latest/ files from the newest release while a publish swaps latest/', async () => {
    const dist = await store();
    const { url, close } = await startServer(dist, 0);
    try {
      // the moment between the two renames of a publish: latest/ moved out, the new one not yet in
      await rename(path.join(dist, 'latest'), path.join(dist, '.staging-swap'));
      const res = await fetch(`${url}latest/units.csv`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(path.join(dist, '1.0.1', 'units.csv')));
    } finally {
      await close();
    }
  });
});

describe('a release hard-linked into latest/ and damaged through latest/', () => {
  test('an in-place edit of latest/ (which shares the release file) is found, not copied on', async () => {
    const dist = await store(async (d) => {
      const file = path.join(d, 'latest', 'units.csv');
      await appendFile(file, 'tampered,,,,,\r\n'); // in place: the release's own file changes with it, if linked
    });
    const v = await cli('verify', '--dist', dist);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/units\.csv: SHA-256 is/);
  });
});
