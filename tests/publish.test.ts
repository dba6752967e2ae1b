import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { columnsOf, loadSchemas, PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import { cli, RAW, readJson, snapshot, tempDir } from './helpers.js';

type Obs = Record<string, string | number | null>;

let dist: string;
let observations: Obs[];

beforeAll(async () => {
  dist = path.join(await tempDir(), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  observations = await readJson<Obs[]>(path.join(dist, '1.0.0', 'observations.json'));
});

const byId = (id: string) => {
  const o = observations.find((x) => x.observation_id === id);
  if (!o) throw new Error(`no observation ${id}`);
  return o;
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

  test('row counts: 87 mentions become 83 observations', async () => {
    const rows = (file: string) =>
      readFile(path.join(RAW, file), 'utf8').then((t) => parse(t, { columns: true }).length);
    let mentions = 0;
    for (const d of ['care', 'education', 'employment', 'health', 'insurance'])
      mentions += await rows(`figures/${d}.csv`);
    expect(mentions).toBe(87);
    expect(observations).toHaveLength(83);
    expect(await readJson<unknown[]>(path.join(dist, '1.0.0', 'indicators.json'))).toHaveLength(
      await rows('indicators.csv'),
    );
    expect(observations.filter((o) => o.kind === 'target')).toHaveLength(18);
  });

  // checked by hand against the article (paragraph numbers in the comments)
  test.each([
    ['500113:education_investment:actual:2016/2020', 'approx', 1926000000, 'CNY'], // 10: 近19.26亿元
    ['500113:new_primary_secondary_schools:actual:2016/2020', 'eq', 17, 'school'], // 10, 42: 17所
    ['500113:homework_volume_reduction:actual:2022', 'gte', 50, 'percent'], // 7: 1/2以上
    ['500113:quality_extracurricular_courses:actual:2022', 'gt', 100, 'course'], // 7: 100余门
    ['500113:outpatient_satisfaction:actual:2022', 'eq', 96.16, 'percent'], // 14, 23: 96.16%
    ['500113:ltci_insured_persons:actual:2022', 'eq', 254000, 'person'], // 25, 33: 25.4万人
    ['500113:ltci_beneficiaries_cumulative:actual:2019-05/2022', 'eq', 1115, 'person'], // 33: 1115人
    ['500113:new_urban_jobs:actual:2021', 'eq', 25700, 'person'], // 35, 49: 2.57万人
    ['500113:new_urban_jobs:actual:2016/2020', 'eq', 159670, 'person'], // 42: 159670人
    ['500113:employment_subsidies_paid:actual:2021', 'eq', 48771000, 'CNY'], // 48: 4877.1万元
    ['500113:tax_fee_relief_for_enterprises:actual:2021', 'eq', 1170000000, 'CNY'], // 48: 11.7亿元
    ['500113:job_posts_offered:actual:2021', 'gt', 30000, 'job'], // 48: 3万余个
    ['500113:hard_to_employ_target_completion:actual:2021', 'eq', 145, 'percent_of_target'], // 46: 完成目标任务的145%
    ['500113:new_urban_jobs:target:2022', 'gte', 24200, 'person'], // 74: 2.42万人”以上
    ['500113:surveyed_urban_unemployment_rate:target:2022', 'lte', 5.5, 'percent'], // 74: 控制在5.5%以内
    ['500113:unemployed_graduates_employment_rate:target:2022', 'gt', 90, 'percent'], // 75: 超90%
    ['500113:licensed_physicians_per_1000:target:2025', 'gte', 3.6, 'per_1000_residents'], // 64: 达到3.6人
    ['500113:secondary_hospitals_with_geriatrics_share:target:2025', 'gte', 60, 'percent'], // 66: 不低于60%
  ])('%s = %s %s %s', (id, comparator, value, unit) => {
    expect(byId(id)).toMatchObject({ comparator, value, unit });
  });

  test('the exact value is in the CSV too, never 1926000000.0000002', async () => {
    const csv = await readFile(path.join(dist, '1.0.0', 'observations.csv'), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.observation_id === '500113:education_investment:actual:2016/2020')?.value).toBe(
      '1926000000',
    );
    expect(rows.find((r) => r.observation_id === '500113:employment_subsidies_paid:actual:2021')?.value).toBe(
      '48771000',
    );
    expect(csv).not.toMatch(/\d\.\d*0000000\d/);
  });

  test('a fact mentioned twice is one observation listing both paragraphs', () => {
    expect(byId('500113:new_primary_secondary_schools:actual:2016/2020').source_paragraphs).toBe('10|42');
    expect(byId('500113:outpatient_satisfaction:actual:2022').source_paragraphs).toBe('14|23');
    expect(byId('500113:ltci_insured_persons:actual:2022')).toMatchObject({
      source_paragraphs: '25|33',
      value_as_written: '25.4万人|达25.4万人',
    });
    expect(byId('500113:new_urban_jobs:actual:2021')).toMatchObject({
      source_paragraphs: '35|49',
      period_as_written: '去年|2021年',
    });
  });

  test('periods are ISO 8601 with start and end dates', () => {
    expect(byId('500113:education_investment:actual:2016/2020')).toMatchObject({
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
