import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compareContent, highestBump, nextVersion, type ReleaseContent } from '../pipeline/release/version.js';
import { checkRelease, digestFile, listFiles } from '../pipeline/release/integrity.js';
import { loadReleaseContent } from '../pipeline/release/store.js';
import { verifyDist } from '../pipeline/release/verify.js';
import { cli, copyRaw, editFile, readJson, snapshot, spawnCli, tempDir } from './helpers.js';

interface Releases {
  releases: {
    version: string;
    bump: string;
    previous?: string;
    summary: string;
    reasons: { rule: string; table: string; bump: string }[];
  }[];
}

/**
 * Make a release whole again after a test changed it on purpose (as if it had been published that way): its
 * SHA256SUMS and latest/'s copy rewritten, and its content hash in releases.json recomputed from its files.
 */
async function reseal(dist: string, version: string): Promise<void> {
  const dir = path.join(dist, version);
  const files = (await listFiles(dir)).filter((f) => f !== 'SHA256SUMS');
  const sums = await Promise.all(files.map(async (f) => `${(await digestFile(path.join(dir, f))).sha256}  ${f}\n`));
  await rm(path.join(dir, 'SHA256SUMS'));
  await writeFile(path.join(dir, 'SHA256SUMS'), sums.join(''));
  await rm(path.join(dist, 'latest'), { recursive: true, force: true });
  const { hash } = await checkRelease(dir);
  const index = path.join(dist, 'releases.json');
  const releases = await readJson<{ releases: { version: string; content_hash: string }[] }>(index);
  releases.releases.find((r) => r.version === version)!.content_hash = hash!;
  await writeFile(index, JSON.stringify(releases, null, 2) + '\n');
}

describe('a sequence of releases from edits to raw/', () => {
  let raw: string;
  let dist: string;
  const versions = () => readJson<Releases>(path.join(dist, 'releases.json')).then((r) => r.releases);
  const publish = () => cli('publish', '--raw', raw, '--dist', dist, '--untraced');

  beforeAll(async () => {
    raw = await copyRaw();
    dist = path.join(await tempDir(), 'dist');
    expect((await publish()).out).toBe('published 1.0.0 (initial): First release.');
  });

  test('nothing changed: no release, nothing written', async () => {
    const before = await snapshot(dist);
    const r = await publish();
    expect(r.code).toBe(0);
    expect(r.out).toBe('up to date at 1.0.0; nothing written');
    expect(await snapshot(dist)).toEqual(before);
  });

  test('a corrected value is a PATCH, and the old release stays byte-identical', async () => {
    const old = await snapshot(path.join(dist, '1.0.0'));
    await editFile(path.join(raw, 'figures', 'education.csv'), ',92所,', ',93所,');
    const r = await publish();
    expect(r.out).toMatch(/^published 1\.0\.1 \(patch\)/);
    expect(await snapshot(path.join(dist, '1.0.0'))).toEqual(old);
    const entry = (await versions()).at(-1)!;
    expect(entry).toMatchObject({ version: '1.0.1', bump: 'patch', previous: '1.0.0' });
    expect(entry.reasons).toContainEqual(
      expect.objectContaining({ rule: 'row-changed', table: 'observations', bump: 'patch' }),
    );
    const changes = await readFile(path.join(dist, '1.0.1', 'CHANGES.md'), 'utf8');
    expect(changes).toContain('Patch release against 1.0.0: 1 observation changed, 1 mention changed.');
    expect(changes).toContain(
      '`500113:new_public_kindergartens:actual:2016/2020` New public kindergartens built (新建公办幼儿园): value 92 -> 93; value_as_written 92所 -> 93所',
    );
    expect(await snapshot(path.join(dist, 'latest'))).toEqual(await snapshot(path.join(dist, '1.0.1')));
  });

  test('a corrected label is a PATCH too', async () => {
    await editFile(path.join(raw, 'indicators.csv'), 'Special-grade teachers', 'Special-grade (tèjí) teachers');
    expect((await publish()).out).toMatch(/^published 1\.0\.2 \(patch\)/);
    expect(await readFile(path.join(dist, '1.0.2', 'CHANGES.md'), 'utf8')).toContain(
      'label_en Special-grade teachers -> Special-grade (tèjí) teachers',
    );
  });

  test('an added indicator and figure are a MINOR release', async () => {
    await writeFile(
      path.join(raw, 'indicators.csv'),
      (await readFile(path.join(raw, 'indicators.csv'), 'utf8')) +
        'test_added_indicator,education,测试指标,Test indicator,school,0,,,,\n',
    );
    await writeFile(
      path.join(raw, 'figures', 'education.csv'),
      (await readFile(path.join(raw, 'figures', 'education.csv'), 'utf8')) +
        'edu-900,banan-livelihood-2022,10,test_added_indicator,actual,2021年,,5所,\n',
    );
    expect((await publish()).out).toMatch(/^published 1\.1\.0 \(minor\)/);
    const changes = await readFile(path.join(dist, '1.1.0', 'CHANGES.md'), 'utf8');
    expect(changes).toContain('Minor release against 1.0.2: 1 observation added, 1 mention added, 1 indicator added.');
    expect(changes).toContain(
      '## Observations added\n\n- `500113:test_added_indicator:actual:2021` Test indicator (测试指标): = 5 school',
    );
  });

  test('a removed observation is a MAJOR release, made only with --allow-major', async () => {
    const file = path.join(raw, 'figures', 'education.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, lines.filter((l) => !l.startsWith('edu-900,')).join('\n'));
    const before = await snapshot(dist);
    const refused = await publish();
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      '2.0.0 would be a MAJOR release against 1.1.0: 1 row removed from observations, 1 row removed from mentions (the first: 500113:test_added_indicator:actual:2021 removed); nothing was published. If this is intended, run publish with --allow-major',
    );
    expect(await snapshot(dist)).toEqual(before);
    expect((await cli('publish', '--raw', raw, '--dist', dist, '--allow-major', '--untraced')).out).toMatch(
      /^published 2\.0\.0 \(major\)/,
    );
    const entry = (await versions()).at(-1)!;
    expect(entry.reasons.find((r) => r.table === 'observations')).toMatchObject({ bump: 'major', rule: 'row-removed' });
    expect(await readFile(path.join(dist, '2.0.0', 'CHANGES.md'), 'utf8')).toContain(
      '## Observations removed\n\n- `500113:test_added_indicator:actual:2021`',
    );
  });

  test('diff compares any two releases, as text or JSON', async () => {
    const text = await cli('diff', '1.0.0', '1.1.0', '--dist', dist);
    expect(text.code).toBe(0);
    expect(text.out).toContain('1.0.0 -> 1.1.0: Minor release against 1.0.0');
    expect(text.out).toContain('value 92 -> 93');
    const json = JSON.parse((await cli('diff', '1.0.0', '2.0.0', '--dist', dist, '--format', 'json')).out);
    expect(json).toMatchObject({ from: '1.0.0', to: '2.0.0', bump: 'minor' }); // the figure came and went; its indicator stayed
    expect((await cli('diff', '1.0.0', '9.9.9', '--dist', dist)).code).toBe(2);
    expect((await cli('diff', '1.0.0', '../x', '--dist', dist)).code).toBe(2);
  });

  test('verify passes on every release, and names the file when a byte of a release changes', async () => {
    const ok = await cli('verify', '--dist', dist);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toContain('1.0.0, 1.0.1, 1.0.2, 1.1.0, 2.0.0, latest');
    const file = path.join(dist, '1.0.1', 'observations.csv');
    const bytes = await readFile(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    await writeFile(file, bytes);
    const bad = await cli('verify', '--dist', dist);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/1\.0\.1\/observations\.csv: SHA-256 is [0-9a-f]{64}, SHA256SUMS says/);
    expect(bad.err).not.toContain('1.0.0/observations.csv');
  });

  test('publishing refuses to touch a release that exists', async () => {
    const { commitPublish } = await import('../pipeline/release/store.js');
    await expect(
      commitPublish(dist, '1.0.0', async (release) => {
        await release.write('x', 'y');
        return { releases: { package: 'p', releases: [] }, top: { 'index.html': '', 'catalog.jsonld': '' } };
      }),
    ).rejects.toThrow(/1\.0\.0 already has a folder in .*a release is never rewritten/);
  });
});

describe('a MAJOR release needs --allow-major; the first release does not', () => {
  let raw: string;
  let base: string; // dist/ holding 1.0.0 of raw/
  beforeAll(async () => {
    raw = await copyRaw();
    base = path.join(await tempDir(), 'dist');
    expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).out).toBe(
      'published 1.0.0 (initial): First release.',
    );
  });

  /** Fresh copies of raw/ and dist/, `edit` applied to them; publish without the flag. */
  async function attempt(edit: (raw: string, dist: string) => Promise<unknown>) {
    const r = await copyRaw(raw);
    const dist = path.join(await tempDir(), 'dist');
    await cp(base, dist, { recursive: true });
    await edit(r, dist);
    const before = await snapshot(dist);
    const result = await cli('publish', '--raw', r, '--dist', dist, '--untraced');
    expect(await snapshot(dist)).toEqual(before);
    return { ...result, raw: r, dist };
  }
  const care = (r: string) => path.join(r, 'figures', 'care.csv');
  const headerOnly = async (r: string) => writeFile(care(r), (await readFile(care(r), 'utf8')).split('\n')[0] + '\n');

  test('a figures file emptied to its header: refused, naming the removed observations and the flag', async () => {
    const r = await attempt(headerOnly);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /2\.0\.0 would be a MAJOR release against 1\.0\.0: 4 rows removed from observations, 4 rows removed from mentions \(the first: 500113:elderly_care_[a-z_]+:actual:2022 removed\)/,
    );
    expect(r.err).toContain('nothing was published. If this is intended, run publish with --allow-major');
    const allowed = await cli('publish', '--raw', r.raw, '--dist', r.dist, '--allow-major', '--untraced');
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.out).toMatch(/^published 2\.0\.0 \(major\)/);
    expect((await cli('verify', '--dist', r.dist)).code).toBe(0);
  });

  test('a figures file deleted: refused', async () => {
    const r = await attempt((raw) => rm(care(raw)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/would be a MAJOR release against 1\.0\.0: 4 rows removed from observations/);
  });

  test('a figures file renamed to care.csv.bak: refused as a file that is not <domain>.csv', async () => {
    const r = await attempt((raw) => rename(care(raw), `${care(raw)}.bak`));
    expect(r.code).toBe(1);
    expect(r.err).toContain('care.csv.bak');
  });

  test('a schema that changed incompatibly since the last release (a retyped field): refused', async () => {
    const r = await attempt(async (_, dist) => {
      // as after an upgrade of the pipeline: the published release's schema differs from the one now built
      const pkgFile = path.join(dist, '1.0.0', 'datapackage.json');
      const pkg = await readJson<{
        resources: { name: string; schema: { fields: { name: string; type: string }[] } }[];
      }>(pkgFile);
      pkg.resources.find((x) => x.name === 'units')!.schema.fields[0]!.type = 'integer';
      await writeFile(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
      await reseal(dist, '1.0.0'); // as if 1.0.0 had been published so: a whole release, not a damaged one
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /MAJOR release against 1\.0\.0: 1 field retyped in units \(the first: field unit_id retyped: integer -> string\)/,
    );
  });
});

describe('the version rules on schema changes', () => {
  let base: ReleaseContent;
  beforeAll(async () => {
    const dist = path.join(await tempDir(), 'dist');
    await cli('publish', '--raw', await copyRaw(), '--dist', dist, '--untraced');
    base = await loadReleaseContent(dist, '1.0.0', undefined);
  });
  const edited = (edit: (c: ReleaseContent) => void): ReleaseContent => {
    const copy = structuredClone(base);
    edit(copy);
    return copy;
  };
  const bumpOf = (after: ReleaseContent) => highestBump(compareContent(base, after));

  test('identical content: no bump', () => expect(bumpOf(structuredClone(base))).toBeUndefined());
  test('a renamed field is MAJOR', () =>
    expect(
      bumpOf(edited((c) => void (c.schemas.observations!.fields.find((f) => f.name === 'note')!.name = 'remarks'))),
    ).toBe('major'));
  test('a retyped field is MAJOR', () =>
    expect(
      bumpOf(edited((c) => void (c.schemas.observations!.fields.find((f) => f.name === 'value')!.type = 'string'))),
    ).toBe('major'));
  test('reordered fields are MAJOR', () =>
    expect(bumpOf(edited((c) => void c.schemas.units!.fields.reverse()))).toBe('major'));
  test('a removed table is MAJOR, an added one MINOR', () => {
    expect(bumpOf(edited((c) => void delete c.schemas.progress))).toBe('major');
    expect(
      highestBump(
        compareContent(
          edited((c) => void delete c.schemas.progress),
          base,
        ),
      ),
    ).toBe('minor');
  });
  test('a tightened constraint is MAJOR, a loosened one MINOR', () => {
    const enumOf = (c: ReleaseContent) =>
      c.schemas.observations!.fields.find((f) => f.name === 'comparator')!.constraints!;
    expect(bumpOf(edited((c) => void (enumOf(c).enum = ['eq', 'gte'])))).toBe('major');
    expect(bumpOf(edited((c) => void (enumOf(c).enum = ['eq', 'gte', 'lte', 'gt', 'approx', 'lt'])))).toBe('minor');
  });
  test('a changed description is PATCH', () =>
    expect(bumpOf(edited((c) => void (c.schemas.units!.fields[0]!.description = 'new words')))).toBe('patch'));
  test('next versions', () => {
    expect(nextVersion(undefined, 'major')).toBe('1.0.0');
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
  });
});

/** Start `publish` in a child process; `done` resolves with its exit code and signal. */
function publishChild(raw: string, dist: string, env: Record<string, string> = {}) {
  const { child, exited } = spawnCli(['publish', '--raw', raw, '--dist', dist, '--untraced'], env);
  return { child, done: exited };
}

describe('a publish killed at any point leaves dist/ whole', () => {
  let raw: string;
  let base: string; // dist/ with 1.0.0
  let reference: Record<string, string>; // dist/ after an uninterrupted publish of 1.0.1

  beforeAll(async () => {
    raw = await copyRaw();
    base = path.join(await tempDir(), 'dist');
    expect((await cli('publish', '--raw', raw, '--dist', base, '--untraced')).code).toBe(0);
    await editFile(path.join(raw, 'figures', 'education.csv'), ',92所,', ',93所,');
    const ref = path.join(await tempDir(), 'dist');
    await cp(base, ref, { recursive: true });
    expect((await cli('publish', '--raw', raw, '--dist', ref, '--untraced')).out).toMatch(/^published 1\.0\.1/);
    reference = await snapshot(ref);
  });

  const freshDist = async () => {
    const dist = path.join(await tempDir(), 'dist');
    await cp(base, dist, { recursive: true });
    return dist;
  };
  const withoutStaging = (s: Record<string, string>) =>
    Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('.staging')));
  const listed = async (dist: string) =>
    (await readJson<Releases>(path.join(dist, 'releases.json'))).releases.map((r) => r.version);

  test.each(['staging-partial', 'staged'])('killed before the commit (%s): dist/ as it was', async (point) => {
    const dist = await freshDist();
    const before = await snapshot(dist);
    const r = await publishChild(raw, dist, { PIPELINE_FAULT: point }).done;
    expect(r.signal).toBe('SIGKILL');
    expect(withoutStaging(await snapshot(dist))).toEqual(before);
    const v = await verifyDist(dist);
    expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(await listed(dist)).toEqual(['1.0.0']);
    // the next run discards the leftovers and publishes as if nothing had happened
    expect((await cli('publish', '--raw', raw, '--dist', dist, '--untraced')).out).toMatch(/^published 1\.0\.1/);
    expect(await snapshot(dist)).toEqual(reference);
  });

  test.each(['committed-release', 'committed-index', 'swapped-latest-old', 'swapped-latest'])(
    'killed after the commit (%s): the release is complete, and the next run finishes the rest',
    async (point) => {
      const dist = await freshDist();
      const r = await publishChild(raw, dist, { PIPELINE_FAULT: point }).done;
      expect(r.signal).toBe('SIGKILL');
      expect(withoutStaging(await snapshot(dist))).toMatchObject(
        Object.fromEntries(Object.entries(reference).filter(([k]) => k.startsWith('1.0.1/'))),
      );
      const next = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
      expect(next.err).toContain('finished the interrupted publish of 1.0.1');
      expect(next.out).toBe('up to date at 1.0.1; nothing written');
      expect(await snapshot(dist)).toEqual(reference);
      expect((await cli('verify', '--dist', dist)).code).toBe(0);
    },
  );

  test('killed after the commit, then raw/ broken: the next publish finishes the release and exits 1 for raw/', async () => {
    const dist = await freshDist();
    expect((await publishChild(raw, dist, { PIPELINE_FAULT: 'committed-release' }).done).signal).toBe('SIGKILL');
    const broken = await copyRaw(raw);
    await editFile(path.join(broken, 'figures', 'education.csv'), ',93所,', ',93圆,');
    const next = await cli('publish', '--raw', broken, '--dist', dist, '--untraced');
    expect(next.code).toBe(1);
    expect(next.err).toContain('note: finished the interrupted publish of 1.0.1');
    expect(next.err).toMatch(/education\.csv:\d+:value_text: unknown measure word "圆"/);
    expect(await snapshot(dist)).toEqual(reference);
    expect((await cli('verify', '--dist', dist)).code).toBe(0);
  });

  test('each run stages in a folder of its own; the next run finishes or discards every one left', async () => {
    const dist = await freshDist();
    const killed = publishChild(raw, dist, { PIPELINE_FAULT: 'committed-release' });
    expect((await killed.done).signal).toBe('SIGKILL');
    const staged = (await readdir(dist)).filter((n) => n.startsWith('.staging'));
    expect(staged).toEqual([expect.stringMatching(new RegExp(`^\\.staging-${killed.child.pid}-[0-9a-f]{8}$`))]);
    // and one left by a run that died before its commit point, half-written
    await mkdir(path.join(dist, '.staging-99999999-0badcafe', '1.0.1'), { recursive: true });
    await writeFile(path.join(dist, '.staging-99999999-0badcafe', '1.0.1', 'units.csv'), 'half');
    const next = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(next.code, next.err).toBe(0);
    expect(next.err).toContain('finished the interrupted publish of 1.0.1');
    expect(next.err).toContain('discarded an interrupted publish that had not been committed');
    expect(await snapshot(dist)).toEqual(reference);
  });

  test('killed with SIGKILL at random moments: verify passes after the next run, and releases.json lists exactly the folders present', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 6; i++) {
      const dist = await freshDist();
      const run = publishChild(raw, dist);
      await new Promise((r) => setTimeout(r, 40 + random() * 400));
      run.child.kill('SIGKILL'); // a no-op if it already finished
      await run.done;
      const after = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
      expect(after.code).toBe(0);
      const v = await cli('verify', '--dist', dist);
      expect(v.code, v.err).toBe(0);
      const { listReleaseDirs } = await import('../pipeline/release/store.js');
      expect((await listReleaseDirs(dist)).sort()).toEqual((await listed(dist)).sort());
      expect(await snapshot(dist)).toEqual(reference);
    }
  });
});
