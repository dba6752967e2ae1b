/**
 * The progress table: met / not met under every comparator (a table of cases), pairing by indicator id
 * only, the latest actual, exact gaps, and targets with no actual.
 */
import { describe, expect, test } from 'vitest';
import { buildFromRaw } from '../pipeline/run.js';
import { buildProgress, meetsTarget } from '../pipeline/stages/tables/progress.js';
import type { ObservationRow } from '../pipeline/stages/tables/rows.js';
import type { Comparator } from '../pipeline/stages/normalize/values.js';
import { RAW } from './helpers.js';

// [target comparator, target value, actual value, actual comparator, met]
const CASES: [Comparator, string, string, Comparator, boolean][] = [
  // gte (以上, 不低于, 达 on a target): at least the value
  ['gte', '90', '94.83', 'eq', true], // the example
  ['gte', '90', '90', 'eq', true],
  ['gte', '90', '89.99', 'eq', false],
  ['gte', '99.5', '99.49', 'eq', false],
  // lte (以内, 以下, 不超过): at most the value
  ['lte', '5.5', '2.8', 'eq', true], // the example (as a case: registered vs surveyed rates are not paired)
  ['lte', '5.5', '5.5', 'eq', true], // 以内 includes the number (Civil Code art. 1259)
  ['lte', '5.5', '5.51', 'eq', false],
  // gt (超, 超过, 逾): strictly above
  ['gt', '90', '90', 'eq', false], // the example
  ['gt', '90', '90.01', 'eq', true],
  ['gt', '90', '94.83', 'eq', true],
  // eq (a plain target): a level to reach
  ['eq', '20', '20', 'eq', true],
  ['eq', '20', '21', 'eq', true],
  ['eq', '20', '19', 'eq', false],
  // approx (约, 左右): a level to reach too
  ['approx', '25', '25', 'eq', true],
  ['approx', '25', '25.1', 'eq', true],
  ['approx', '25', '24.9', 'eq', false],
  // exact decimals, never floats: 0.1 + 0.2 is not 0.30000000000000004 here
  ['lte', '0.3', '0.3', 'eq', true],
  ['gte', '1926000000', '1925999999.99', 'eq', false],
  // the actual's own comparator bounds the fact
  ['gt', '90', '90', 'gt', true], // 超90% is above 90
  ['gt', '90', '90', 'gte', false], // 90%以上 may be exactly 90
  ['gt', '90', '90', 'approx', false], // 约90% is taken at its value
  ['gte', '90', '90', 'gt', true],
  ['gte', '90', '95', 'gte', true],
  ['gte', '3', '5', 'lte', false], // 5%以下 has no lower bound: not shown to be met
  ['lte', '5.5', '5', 'lte', true],
  ['lte', '5.5', '5', 'gt', false], // 超5% has no upper bound
  ['lte', '5.5', '5', 'gte', false],
  ['lte', '5.5', '5.5', 'approx', true],
  ['gte', '90', '90', 'approx', true],
];

describe('meetsTarget', () => {
  test.each(CASES)('target %s %s, actual %s (%s): met = %s', (comparator, target, actual, actualComparator, met) => {
    expect(meetsTarget(actual, comparator, target, actualComparator)).toBe(met);
  });

  test('the table covers every comparator on both sides', () => {
    const all: Comparator[] = ['eq', 'gte', 'lte', 'gt', 'approx'];
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(all));
    expect(new Set(CASES.map((c) => c[3]))).toEqual(new Set(all));
  });

  test('an actual without a comparator is taken as eq', () => {
    expect(meetsTarget('90', 'gt', '90')).toBe(false);
    expect(meetsTarget('2.8', 'lte', '5.5')).toBe(true);
  });

  test('a plain target is a level to reach: from below, or from above where lower is better', () => {
    expect(meetsTarget('20', 'eq', '15')).toBe(true); // 20 schools meet "20所"-style targets of 15
    expect(meetsTarget('20', 'eq', '15', 'eq', 'lower')).toBe(false); // a 20-minute circle misses a 15-minute one
    expect(meetsTarget('12', 'eq', '15', 'eq', 'lower')).toBe(true);
    expect(meetsTarget('12', 'approx', '15', 'eq', 'lower')).toBe(true);
    expect(meetsTarget('12', 'eq', '15', 'gte', 'lower')).toBe(false); // "12以上" gives no upper bound
    expect(meetsTarget('16', 'gte', '15', 'eq', 'lower')).toBe(true); // an explicit comparator wins over direction
  });
});

/** An observation with the fields progress reads; periods are whole years or year ranges. */
function obs(indicator: string, kind: 'actual' | 'target', period: string, comparator: Comparator, value: string) {
  const [from, to = from] = period.split('/');
  const row: ObservationRow = {
    observation_id: `${indicator}:${kind}:${period}`,
    indicator_id: indicator,
    domain: 'test',
    label_zh: `${indicator} 中文`,
    label_en: `${indicator} English`,
    area_code: '500113',
    area_zh: '巴南区',
    area_en: 'Banan District, Chongqing',
    kind,
    period,
    period_start: from!.length === 4 ? `${from}-01-01` : `${from}-01`,
    period_end: to!.length === 4 ? `${to}-12-31` : `${to}-28`,
    comparator,
    value,
    unit: 'percent',
    value_as_written: value,
    period_as_written: null,
    source_id: 'test',
    source_paragraphs: '1',
    note: null,
  };
  return row;
}

describe('buildProgress', () => {
  const observations = [
    obs('health_literacy_level', 'actual', '2022', 'eq', '25.1'),
    obs('mental_health_literacy_level', 'target', '2025', 'eq', '25'),
    obs('registered_urban_unemployment_rate', 'actual', '2016/2020', 'eq', '2.8'),
    obs('surveyed_urban_unemployment_rate', 'target', '2022', 'lte', '5.5'),
    obs('new_urban_jobs', 'actual', '2016/2020', 'eq', '159670'),
    obs('new_urban_jobs', 'actual', '2021', 'eq', '25700'),
    obs('new_urban_jobs', 'target', '2022', 'gte', '24200'),
    obs('inclusive_preschool_coverage_rate', 'actual', '2022', 'eq', '87.56'),
    obs('inclusive_preschool_coverage_rate', 'target', '2022/2026', 'gte', '90'),
    obs('graduates_rate', 'actual', '2021', 'eq', '94.83'),
    obs('graduates_rate', 'target', '2022', 'gt', '90'),
    obs('cumulative', 'actual', '2019-05/2022', 'eq', '10'),
    obs('cumulative', 'actual', '2022', 'eq', '20'),
    obs('cumulative', 'target', '2025', 'gte', '15'),
  ];
  const byTarget = (rows: ReturnType<typeof buildProgress>, id: string) => {
    const row = rows.find((r) => r.indicator_id === id);
    if (!row) throw new Error(`no progress row for ${id}`);
    return row;
  };
  const rows = buildProgress(observations);

  test('one row per target, in the order of the observations', () => {
    expect(rows.map((r) => r.target_observation_id)).toEqual(
      observations.filter((o) => o.kind === 'target').map((o) => o.observation_id),
    );
  });

  test('indicators that merely look alike are not paired', () => {
    // health literacy 25.1% is not mental-health literacy; registered unemployment is not surveyed unemployment
    for (const id of ['mental_health_literacy_level', 'surveyed_urban_unemployment_rate'])
      expect(byTarget(rows, id)).toMatchObject({
        actual_observation_id: null,
        actual_period: null,
        actual_value: null,
        actual_comparator: null,
        gap: null,
        met: null,
        status: 'no_actual',
      });
  });

  test('the latest actual of the same indicator, with the exact gap', () => {
    expect(byTarget(rows, 'new_urban_jobs')).toMatchObject({
      actual_observation_id: 'new_urban_jobs:actual:2021',
      actual_value: '25700',
      gap: '1500',
      met: true,
      status: 'met',
    });
    expect(byTarget(rows, 'inclusive_preschool_coverage_rate')).toMatchObject({
      actual_value: '87.56',
      gap: '-2.44', // exact, not -2.4399999999999977
      met: false,
      status: 'not_met',
    });
    expect(byTarget(rows, 'graduates_rate')).toMatchObject({ comparator: 'gt', gap: '4.83', status: 'met' });
  });

  test('of two actuals ending together, the one starting later; input order does not matter', () => {
    expect(byTarget(rows, 'cumulative').actual_observation_id).toBe('cumulative:actual:2022');
    const reversed = buildProgress([...observations].reverse());
    expect(byTarget(reversed, 'cumulative').actual_observation_id).toBe('cumulative:actual:2022');
    expect(byTarget(reversed, 'new_urban_jobs').actual_observation_id).toBe('new_urban_jobs:actual:2021');
  });

  test('the actual comparator is carried into the row and into met', () => {
    const r = buildProgress([obs('x', 'actual', '2021', 'gt', '90'), obs('x', 'target', '2022', 'gt', '90')])[0]!;
    expect(r).toMatchObject({ actual_comparator: 'gt', gap: '0', met: true, status: 'met' });
  });
});

describe('progress of the Banan article', async () => {
  const { tables, problems } = await buildFromRaw(RAW);
  if (!tables) throw new Error(JSON.stringify(problems.slice(0, 3)));
  const row = (id: string) => tables.progress.find((r) => r.indicator_id === id);

  test('every target once, every status explained', () => {
    const targets = tables.observations.filter((o) => o.kind === 'target');
    expect(tables.progress.map((r) => r.target_observation_id).sort()).toEqual(
      targets.map((o) => o.observation_id).sort(),
    );
    for (const r of tables.progress) {
      expect(r.status).toBe(r.met === null ? 'no_actual' : r.met ? 'met' : 'not_met');
      expect(r.actual_observation_id === null).toBe(r.status === 'no_actual');
      if (r.actual_observation_id) expect(r.actual_observation_id.split(':')[0]).toBe(r.indicator_id);
    }
  });

  test.each([
    ['unemployed_graduates_employment_rate', 'gt', 90, '94.83', 'met'],
    ['new_urban_jobs', 'gte', 24200, '25700', 'met'],
    ['inclusive_preschool_coverage_rate', 'gte', 90, '87.56', 'not_met'],
    ['surveyed_urban_unemployment_rate', 'lte', 5.5, null, 'no_actual'],
    ['mental_health_literacy_level', 'eq', 25, null, 'no_actual'],
  ])('%s: %s %s, actual %s -> %s', (id, comparator, target, actual, status) => {
    expect(row(id)).toMatchObject({ comparator, target_value: String(target), actual_value: actual, status });
  });
});
