import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { columnsOf, loadSchemas, PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import { cli, RAW, readJson, snapshot, tempDir } from './helpers.js';

type Obs = Record<string, string | number | null>;

let dist: string;
let observations: Obs[];
let mentions: Obs[];

beforeAll(async () => {
  dist = path.join(await tempDir(), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  observations = await readJson<Obs[]>(path.join(dist, '1.0.0', 'observations.json'));
  mentions = await readJson<Obs[]>(path.join(dist, '1.0.0', 'mentions.json'));
});

/** The rows of a raw/ table, as the curator wrote them. */
const rawRows = async (file: string) =>
  parse(await readFile(path.join(RAW, file), 'utf8'), { columns: true }) as Record<string, string>[];

/** The mention of the figure written `written` in paragraph `paragraph` of the article. */
const mentionOf = (paragraph: number, written: string): Obs => {
  const mention = mentions.find((m) => m.paragraph === paragraph && m.value_as_written === written);
  if (!mention) throw new Error(`no mention of ${written} in paragraph ${paragraph}`);
  return mention;
};

/** The observation that the figure written `written` in paragraph `paragraph` of the article publishes. */
const observationOf = (paragraph: number, written: string): Obs => {
  const { observation_id } = mentionOf(paragraph, written);
  const o = observations.find((x) => x.observation_id === observation_id);
  if (!o) throw new Error(`no observation ${String(observation_id)}`);
  return o;
};

/**
 * The observation of a figure of the article has `expected`; unless a later source revised the figure (raw/
 * may hold one): then the mention says by which row, and the observation publishes the reviser's value.
 */
const expectPublished = (paragraph: number, written: string, expected: Obs) => {
  const mention = mentionOf(paragraph, written);
  const observation = observationOf(paragraph, written);
  if (mention.standing) {
    expect(observation).toMatchObject(expected);
  } else {
    expect(mention.revised_by, `${written} in paragraph ${paragraph}`).toBeTruthy();
    expect(String(observation.source_id).split('|')).not.toContain(mention.source_id);
  }
};

describe('publishing the Banan article', () => {
  test('the first release is 1.0.0, with latest/ a copy of it', async () => {
    const releases = await readJson<{ releases: { version: string; date: string; bump: string }[] }>(
      path.join(dist, 'releases.json'),
    );
    expect(releases.releases).toMatchObject([{ version: '1.0.0', date: '2025-11-29', bump: 'initial' }]);
    expect(await snapshot(path.join(dist, 'latest'))).toEqual(await snapshot(path.join(dist, '1.0.0')));
  });

  test('latest/ shares the files of the release (hard links), so it costs no second write', async () => {
    const files = Object.keys(await snapshot(path.join(dist, '1.0.0')));
    expect(files).toContain('banan-livelihood.xlsx');
    for (const f of files) {
      const [release, latest] = await Promise.all([
        stat(path.join(dist, '1.0.0', f)),
        stat(path.join(dist, 'latest', f)),
      ]);
      expect(latest.ino, f).toBe(release.ino);
    }
  });

  test('row counts: every figure row of raw/ is one mention, and the mentions name every observation', async () => {
    let figures = 0;
    for (const f of await readdir(path.join(RAW, 'figures'))) figures += (await rawRows(`figures/${f}`)).length;
    expect(mentions).toHaveLength(figures);
    expect(new Set(mentions.map((m) => m.observation_id)).size).toBe(observations.length);
    expect(await readJson<unknown[]>(path.join(dist, '1.0.0', 'indicators.json'))).toHaveLength(
      (await rawRows('indicators.csv')).length,
    );
  });

  // Checked by hand against the article: the paragraph and the words of a figure, and what they mean.
  // Found through the mention, not by an id, so a curator who renames a row does not break the check.
  test.each([
    [10, '近19.26亿元', 'approx', 1926000000, 'CNY'],
    [10, '17所', 'eq', 17, 'school'],
    [7, '1/2以上', 'gte', 50, 'percent'],
    [7, '100余门', 'gt', 100, 'course'],
    [14, '达96.16%', 'eq', 96.16, 'percent'],
    [25, '25.4万人', 'eq', 254000, 'person'],
    [33, '1115人', 'eq', 1115, 'person'],
    [35, '2.57万人', 'eq', 25700, 'person'],
    [42, '159670人', 'eq', 159670, 'person'],
    [48, '4877.1万元', 'eq', 48771000, 'CNY'],
    [48, '11.7亿元', 'eq', 1170000000, 'CNY'],
    [48, '3万余个', 'gt', 30000, 'job'],
    [46, '145%', 'eq', 145, 'percent_of_target'],
    [74, '2.42万人”以上', 'gte', 24200, 'person'],
    [74, '控制在5.5%以内', 'lte', 5.5, 'percent'],
    [75, '超90%', 'gt', 90, 'percent'],
    [64, '达到3.6人', 'gte', 3.6, 'per_1000_residents'],
    [66, '不低于60%', 'gte', 60, 'percent'],
  ])('paragraph %s, %s: %s %s %s', (paragraph, written, comparator, value, unit) => {
    expectPublished(paragraph, written, { comparator, value, unit });
  });

  test('the exact value is in the CSV too, never 1926000000.0000002', async () => {
    const csv = await readFile(path.join(dist, '1.0.0', 'observations.csv'), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const csvValue = (paragraph: number, written: string) =>
      rows.find((r) => r.observation_id === observationOf(paragraph, written).observation_id)?.value;
    expect(csvValue(10, '近19.26亿元')).toBe('1926000000');
    expect(csvValue(48, '4877.1万元')).toBe('48771000');
    expect(csv).not.toMatch(/\d\.\d*0000000\d/);
  });

  test('a fact mentioned twice is one observation listing both paragraphs', () => {
    expect(observationOf(42, '17所')).toBe(observationOf(10, '17所'));
    expectPublished(10, '17所', { source_paragraphs: '10|42' });
    expect(observationOf(23, '96.16%')).toBe(observationOf(14, '达96.16%'));
    expectPublished(33, '达25.4万人', { source_paragraphs: '25|33', value_as_written: '25.4万人|达25.4万人' });
    expect(observationOf(49, '2.57万人')).toBe(observationOf(35, '2.57万人'));
    expectPublished(49, '2.57万人', { source_paragraphs: '35|49', period_as_written: '去年|2021年' });
  });

  test('periods are ISO 8601 with start and end dates', () => {
    expectPublished(10, '近19.26亿元', {
      period: '2016/2020',
      period_start: '2016-01-01',
      period_end: '2020-12-31',
      period_as_written: '“十三五”期间',
    });
  });

  test('every published JSON file is valid against schemas/published', async () => {
    const { validatePublished, validateDataPackage } = loadSchemas();
    for (const t of PUBLISHED_TABLES) {
      const validate = validatePublished[t];
      expect(
        validate(await readJson(path.join(dist, '1.0.0', `${t}.json`))),
        `${t}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
    expect(validateDataPackage(await readJson(path.join(dist, '1.0.0', 'datapackage.json')))).toBe(true);
  });

  test('CSV: UTF-8 without BOM, CRLF, each table in the column order of its schema; no BOM copies', async () => {
    for (const t of PUBLISHED_TABLES) {
      const bytes = await readFile(path.join(dist, '1.0.0', `${t}.csv`));
      expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8').split('\r\n')[0]).toBe(columnsOf(loadSchemas().published[t]).join(','));
    }
    expect(existsSync(path.join(dist, '1.0.0', 'spreadsheet'))).toBe(false);
  });

  test('the observations keep the columns of the contract in their order (columns are only ever added)', () => {
    const contract =
      'observation_id,indicator_id,domain,label_zh,label_en,area_code,area_zh,area_en,kind,period,period_start,period_end,comparator,value,unit,value_as_written,period_as_written,source_id,source_paragraphs,note'.split(
        ',',
      );
    const columns = columnsOf(loadSchemas().published.observations);
    expect(columns.filter((c) => contract.includes(c))).toEqual(contract);
  });

  test('datapackage.json lists every file with its bytes and hash', async () => {
    const pkg = await readJson<{ version: string; resources: { path: string; bytes: number; hash: string }[] }>(
      path.join(dist, '1.0.0', 'datapackage.json'),
    );
    expect(pkg.version).toBe('1.0.0');
    for (const r of pkg.resources) {
      const bytes = await readFile(path.join(dist, '1.0.0', r.path));
      expect(bytes.length).toBe(r.bytes);
    }
    expect(pkg.resources.map((r) => r.path)).toContain('observations.csv');
  });

  test('a second build from the same inputs is byte-identical, and a second publish writes nothing', async () => {
    const other = path.join(await tempDir(), 'dist');
    expect((await cli('publish', '--raw', RAW, '--dist', other, '--untraced')).code).toBe(0);
    expect(await snapshot(other)).toEqual(await snapshot(dist));
    const before = await snapshot(dist);
    const again = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
    expect(again.out).toBe('up to date at 1.0.0; nothing written');
    expect(await snapshot(dist)).toEqual(before);
  });
});
