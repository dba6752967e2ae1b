/**
 * The series model on a small synthetic series (tests/fixtures/series: two sources a year apart, two
 * areas, two revisions): area-qualified ids, one observation per fact whatever the number of sources, the
 * mentions table with what stands, disagreements and their revision, progress answered by a later source,
 * and publish refusing a release it cannot trace.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, FIXTURES, readJson, snapshot, tempDir } from './helpers.js';

const SERIES = path.join(FIXTURES, 'series');

/** A copy of the series fixture (raw/ and texts/) that a test may edit. */
export async function seriesCopy(): Promise<{ raw: string; texts: string; dist: string }> {
  const dir = await tempDir('series-');
  await cp(SERIES, dir, { recursive: true });
  return { raw: path.join(dir, 'raw'), texts: path.join(dir, 'texts'), dist: path.join(dir, 'dist') };
}

const csv = async (file: string) => parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];

describe('a series of two sources', () => {
  let dist: string;
  beforeAll(async () => {
    const copy = await seriesCopy();
    dist = copy.dist;
    const r = await cli('publish', '--raw', copy.raw, '--texts', copy.texts, '--dist', dist);
    expect(r.code, r.err).toBe(0);
  });

  test('observation ids carry the area; a neighbouring area is its own observation', async () => {
    const observations = await csv(path.join(dist, 'latest', 'observations.csv'));
    const ids = observations.map((o) => o.observation_id);
    expect(ids).toContain('500108:new_urban_jobs:actual:2022');
    expect(ids).toContain('500113:new_urban_jobs:actual:2022');
    const nanan = observations.find((o) => o.observation_id === '500108:new_urban_jobs:actual:2022')!;
    expect(nanan).toMatchObject({ area_code: '500108', area_zh: '南岸区', value: '31000' });
  });

  test('one fact in two sources is one observation; the revising value stands, with its source', async () => {
    const observations = await csv(path.join(dist, 'latest', 'observations.csv'));
    const jobs2021 = observations.filter((o) => o.observation_id === '500113:new_urban_jobs:actual:2021');
    expect(jobs2021).toHaveLength(1);
    expect(jobs2021[0]).toMatchObject({
      value: '25900',
      value_as_written: '2.59万人',
      source_id: 'fixture-bulletin-2023',
      source_paragraphs: '3',
    });
  });

  test('every mention is published; the revised ones no longer stand and name their reviser', async () => {
    const mentions = await csv(path.join(dist, 'latest', 'mentions.csv'));
    expect(mentions).toHaveLength(9);
    const byId = new Map(mentions.map((m) => [m.figure_id, m]));
    expect(byId.get('rep-001')).toMatchObject({
      standing: 'false',
      revised_by: 'bul-002',
      value_as_written: '2.57万人',
    });
    expect(byId.get('bul-002')).toMatchObject({ standing: 'true', revised_by: '' });
    expect(byId.get('rep-004')).toMatchObject({ standing: 'false', revised_by: 'bul-004' });
    expect(mentions.filter((m) => m.standing === 'true')).toHaveLength(7);
  });

  test('a 2022 actual of a later source answers the 2022 target: met, with the source of the actual', async () => {
    const progress = await csv(path.join(dist, 'latest', 'progress.csv'));
    expect(progress.find((p) => p.target_observation_id === '500113:new_urban_jobs:target:2022')).toMatchObject({
      actual_observation_id: '500113:new_urban_jobs:actual:2022',
      actual_value: '26100',
      actual_source_id: 'fixture-bulletin-2023',
      gap: '1900',
      met: 'true',
      status: 'met',
    });
    expect(progress.find((p) => p.indicator_id === 'inclusive_preschool_coverage_rate')).toMatchObject({
      actual_value: '88',
      met: '',
      status: 'baseline',
    });
  });

  test('the areas and sources tables; sources carry their publication date', async () => {
    const areas = await csv(path.join(dist, 'latest', 'areas.csv'));
    expect(areas.map((a) => a.area_code)).toEqual(['500000', '500108', '500113']);
    expect(areas.find((a) => a.area_code === '500000')!.parent_code).toBe('');
    const sources = await csv(path.join(dist, 'latest', 'sources.csv'));
    expect(sources.map((s) => [s.source_id, s.published])).toEqual([
      ['fixture-bulletin-2023', '2023-04-15'],
      ['fixture-report-2022', '2022-03'],
    ]);
  });
});

describe('disagreements and revisions', () => {
  const edit = async (raw: string, file: string, from: string, to: string) => {
    const p = path.join(raw, file);
    const text = await readFile(p, 'utf8');
    expect(text).toContain(from);
    await writeFile(p, text.replace(from, to));
  };

  test('two mentions that disagree are an error naming both rows, until the later names the other', async () => {
    const { raw, texts, dist } = await seriesCopy();
    await edit(raw, 'figures/education.csv', '88%,,rep-004,', '88%,,,');
    const r = await cli('publish', '--raw', raw, '--texts', texts, '--dist', dist);
    expect(r.code).toBe(1);
    const line = r.err.split('\n').find((l) => l.includes('disagrees with'))!;
    expect(line).toMatch(
      /figures\/education\.csv:4:value_text: "88%" \(88\) disagrees with "87\.56%" \(87\.56\) at .*figures\/education\.csv:2/,
    );
    expect(line).toContain('name rep-004 in the revises column');
    expect(await snapshot(dist)).toEqual({});
  });

  test('revises naming another fact, a later source, or going round in a circle is an error', async () => {
    const cases: [[string, string][], string, string][] = [
      [[['2.59万人,,rep-001,', '2.59万人,,rep-002,']], 'CHECK_REVISES_OTHER_FACT', 'not a mention of'],
      [
        [
          ['2.59万人,,rep-001,', '2.59万人,,,'],
          ['2.57万人,,,', '2.57万人,,bul-002,'],
        ],
        'CHECK_REVISES_LATER',
        'which is not earlier than',
      ],
      [[['2.57万人,,,', '2.57万人,,bul-002,']], 'CHECK_REVISES_CYCLE', 'rep-001 -> bul-002 -> rep-001'],
    ];
    for (const [edits, code, words] of cases) {
      const { raw } = await seriesCopy();
      for (const [from, to] of edits) await edit(raw, 'figures/employment.csv', from, to);
      const r = await cli('validate', '--raw', raw, '--format', 'json');
      expect(r.code, `${code}: ${r.out}`).toBe(1);
      const problems = (JSON.parse(r.out) as { problems: { code: string; message: string; column: string }[] })
        .problems;
      expect(
        problems.find((p) => p.code === code),
        r.out,
      ).toMatchObject({ column: 'revises' });
      expect(problems.find((p) => p.code === code)!.message).toContain(words);
    }
  });
});

describe('provenance at publish time', () => {
  test('without the source texts, publish refuses a new release and names each source and its SHA-256', async () => {
    const { raw, dist } = await seriesCopy();
    const r = await cli('publish', '--raw', raw, '--dist', dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /no text to trace fixture-bulletin-2023 \(SHA-256 [0-9a-f]{64}\), fixture-report-2022 \(SHA-256 [0-9a-f]{64}\)/,
    );
    expect(await snapshot(dist)).toEqual({});
  });

  test('--untraced publishes, and releases.json records which sources were not traced', async () => {
    const { raw, dist } = await seriesCopy();
    expect((await cli('publish', '--raw', raw, '--dist', dist, '--untraced')).code).toBe(0);
    const releases = await readJson<{ releases: { untraced?: string[] }[] }>(path.join(dist, 'releases.json'));
    expect(releases.releases[0]!.untraced).toEqual(['fixture-bulletin-2023', 'fixture-report-2022']);
  });

  test('a typo in a value that validate accepts is caught by the trace: nothing is published', async () => {
    const { raw, texts, dist } = await seriesCopy();
    const p = path.join(raw, 'figures', 'employment.csv');
    await writeFile(p, (await readFile(p, 'utf8')).replace('2.61万人', '2.16万人'));
    expect((await cli('validate', '--raw', raw)).code).toBe(0);
    const r = await cli('publish', '--raw', raw, '--texts', texts, '--dist', dist);
    expect(r.code).toBe(1);
    expect(r.err).toContain('"2.16万人" is not in paragraph 2');
    expect(r.err).toMatch(/"2\.61" in paragraph 2 of fixture-bulletin-2023 is not accounted for/);
    expect(await snapshot(dist)).toEqual({});
  });

  test('a text that is not the one curated (SHA-256) is refused', async () => {
    const { raw, texts, dist } = await seriesCopy();
    await writeFile(path.join(texts, 'fixture-report-2022.txt'), '另一个文本\n');
    const r = await cli('publish', '--raw', raw, '--texts', texts, '--dist', dist);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/fixture-report-2022\.txt is [0-9a-f]{64}; sources\.csv says/);
  });

  test('removing any curated figure leaves its number unaccounted, named by paragraph and number', async () => {
    const figures = await csv(path.join(SERIES, 'raw', 'figures', 'employment.csv'));
    for (const f of figures) {
      const { raw, texts } = await seriesCopy();
      const p = path.join(raw, 'figures', 'employment.csv');
      const lines = (await readFile(p, 'utf8')).split('\n');
      await writeFile(p, lines.filter((l) => !l.startsWith(`${f.figure_id},`)).join('\n'));
      const r = await cli('trace', '--raw', raw, '--texts', texts);
      expect(r.code, f.figure_id).toBe(1);
      const number = /[\d.]+%?/.exec(f.value_text!)![0];
      expect(r.err, f.figure_id).toContain(
        `"${number}" in paragraph ${f.paragraph} of ${f.source_id} is not accounted for`,
      );
    }
  });
});
