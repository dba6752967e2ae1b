/**
 * The grammar of real reports, end to end (issue 19): the synthetic development set of tests/fixtures/reports
 * (five texts in the style of Chongqing statistical bulletins, a work report and a public-services plan, with
 * their curated raw/) validates, traces both ways and publishes, and every published observation, mention and
 * progress row is the one its answer key (tests/fixtures/reports/expected/*.csv, written out once and checked by
 * hand) says: levels and their changes, signs, measures, bases, year-end stocks, negative rates, structure
 * ratios, estimates and preliminary figures revised by a later source, listed subjects, five areas.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, FIXTURES, tempDir } from './helpers.js';

const DIR = path.join(FIXTURES, 'reports');
const RAW = path.join(DIR, 'raw');
const TEXTS = path.join(DIR, 'texts');

type Row = Record<string, string>;
const csv = async (file: string): Promise<Row[]> => parse(await readFile(file), { columns: true }) as Row[];

let release: string;
beforeAll(async () => {
  const dist = path.join(await tempDir('reports-'), 'dist');
  const r = await cli('publish', '--raw', RAW, '--texts', TEXTS, '--dist', dist);
  if (r.code !== 0) throw new Error(`${r.out}\n${r.err}`);
  release = path.join(dist, '1.0.0');
});

/** The published rows of `table`, reduced to the key's columns, in the key's order of rows. */
async function compare(table: string): Promise<void> {
  const key = await csv(path.join(DIR, 'expected', `${table}.csv`));
  const columns = Object.keys(key[0]!);
  const published = (await csv(path.join(release, `${table}.csv`))).map((r) =>
    Object.fromEntries(columns.map((c) => [c, r[c]!])),
  );
  expect(published.length, `${table}: rows`).toBe(key.length);
  for (let i = 0; i < key.length; i++) expect(published[i], `${table} row ${i + 2}`).toEqual(key[i]);
}

describe('the synthetic reports: validate, trace, publish', () => {
  test('every figure is found in its paragraph and every number of the five texts is accounted for', async () => {
    const r = await cli('trace', '--raw', RAW, '--texts', TEXTS);
    expect(r.err).toMatch(/every figure found and every number/);
    expect(r.code).toBe(0);
  });

  test('every observation as its answer key says: value, sign, measure, base, comparator, unit, status, period', () =>
    compare('observations'));

  test('every mention: which stand, and which a later source revised', () => compare('mentions'));

  test('every target against its actual, with its status', () => compare('progress'));
});

describe('what the answer key holds, so a change to it is a change to these (checked by hand when written)', () => {
  let observations: Row[];
  beforeAll(async () => {
    observations = await csv(path.join(DIR, 'expected', 'observations.csv'));
  });
  const find = (id: string) => observations.find((o) => o.observation_id === id);

  test('a level and its change are one indicator with two measures; the change carries its base', () => {
    expect(find('500000:gdp:actual:2023')).toMatchObject({ value: '3021846000000', observation_status: 'preliminary' });
    expect(find('500000:gdp:actual:2023:change_percent:2022')).toMatchObject({ value: '5.8', unit: 'percent' });
  });

  test('signs from the verb, a number of its own sign, and a decline that turns its bound round', () => {
    expect(find('500000:resident_population:actual:2023-12-31:change_absolute:2022-12-31')?.value).toBe('-71600');
    expect(find('500113:natural_growth_rate:actual:2022')?.value).toBe('-0.61');
    expect(find('500112:industrial_energy_intensity:actual:2023:change_percent:2022')).toMatchObject({
      comparator: 'lt',
      value: '-5',
    });
  });

  test('year-end stocks at an instant, bare shares of a structure ratio, a rate per 100 000', () => {
    expect(find('500113:resident_population:actual:2022-12-31')).toMatchObject({
      period_start: '2022-12-31',
      period_end: '2022-12-31',
    });
    expect(find('500000:share_tertiary_industry:actual:2023')).toMatchObject({ value: '53.7', unit: 'industry_share' });
    expect(find('500000:maternal_mortality_ratio:actual:2023')).toMatchObject({ value: '9.64', unit: 'per_100000' });
  });

  test('an estimate of a year over is revised by the later bulletin; a forecast is a target', async () => {
    const mentions = await csv(path.join(DIR, 'expected', 'mentions.csv'));
    expect(mentions.find((m) => m.figure_id === 'yb24-001')).toMatchObject({
      standing: 'false',
      revised_by: 'yb23-001',
      observation_status: 'estimated',
    });
    expect(find('500112:new_school_places:target:2024')?.observation_status).toBe('');
  });
});
