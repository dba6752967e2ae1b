/**
 * The progress table: met / not met under every comparator (a table of cases), and statuses honest about
 * time: met and not_met only when the target is due and answered, ahead and behind inside its period,
 * baseline before it; pairing by area and indicator only; totals never set beside one year's figure.
 */
import { describe, expect, test } from 'vitest';
import { buildFromRaw } from '../pipeline/run.js';
import { buildProgress, judge, meetsTarget, type Verdict } from '../pipeline/stages/tables/progress.js';
import type { ObservationRow, SourceRow, UnitRow } from '../pipeline/stages/tables/rows.js';
import { COMPARATORS, type Comparator } from '../pipeline/core/comparators.js';
import { RAW } from './helpers.js';

// [target comparator, target value, actual value, actual comparator, verdict]
const CASES: [Comparator, string, string, Comparator, Verdict][] = [
  // gte (以上, 不低于, 达 on a target): at least the value
  ['gte', '90', '94.83', 'eq', 'met'], // the example
  ['gte', '90', '90', 'eq', 'met'],
  ['gte', '90', '89.99', 'eq', 'missed'],
  ['gte', '99.5', '99.49', 'eq', 'missed'],
  // lte (以内, 以下, 不超过): at most the value
  ['lte', '5.5', '2.8', 'eq', 'met'], // the example (as a case: registered vs surveyed rates are not paired)
  ['lte', '5.5', '5.5', 'eq', 'met'], // 以内 includes the number (Civil Code art. 1259)
  ['lte', '5.5', '5.51', 'eq', 'missed'],
  // gt (超, 超过, 逾): strictly above
  ['gt', '90', '90', 'eq', 'missed'], // the example
  ['gt', '90', '90.01', 'eq', 'met'],
  ['gt', '90', '94.83', 'eq', 'met'],
  // lt (a decline past a bound: 下降超过10% is a change below −10): strictly below
  ['lt', '-10', '-10', 'eq', 'missed'],
  ['lt', '-10', '-12', 'eq', 'met'],
  ['lt', '-10', '-10', 'lt', 'met'],
  ['lt', '-10', '-10', 'lte', 'undecided'],
  // eq (a plain target): a level to reach
  ['eq', '20', '20', 'eq', 'met'],
  ['eq', '20', '21', 'eq', 'met'],
  ['eq', '20', '19', 'eq', 'missed'],
  // approx (约, 左右): a level to reach too
  ['approx', '25', '25', 'eq', 'met'],
  ['approx', '25', '25.1', 'eq', 'met'],
  ['approx', '25', '24.9', 'eq', 'missed'],
  // exact decimals, never floats: 0.1 + 0.2 is not 0.30000000000000004 here
  ['lte', '0.3', '0.3', 'eq', 'met'],
  ['gte', '1926000000', '1925999999.99', 'eq', 'missed'],
  // an inexact actual decides only where its bound decides it
  ['gt', '90', '90', 'gt', 'met'], // 超90% is above 90
  ['gt', '90', '90', 'gte', 'undecided'], // 90%以上 may be exactly 90, or above
  ['gt', '90', '90', 'approx', 'undecided'], // 约90% may lie either side of 90
  ['gt', '90', '89', 'lte', 'missed'], // 89%以下 is never above 90
  ['gte', '90', '90', 'gt', 'met'],
  ['gte', '90', '95', 'gte', 'met'],
  ['gte', '90', '85', 'gte', 'undecided'], // 85%以上 may or may not reach 90
  ['gte', '3', '5', 'lte', 'undecided'], // 5%以下 has no lower bound
  ['gte', '3', '2', 'lte', 'missed'], // 2%以下 never reaches 3
  ['gte', '3', '3', 'lt', 'missed'], // below 3 never reaches 3
  ['lte', '5.5', '5', 'lte', 'met'],
  ['lte', '5.5', '5', 'gt', 'undecided'], // 超5% has no upper bound
  ['lte', '5.5', '3', 'gte', 'undecided'], // the example: 3%以上 neither meets nor misses ≤ 5.5
  ['lte', '5.5', '6', 'gte', 'missed'], // 6%以上 is past 5.5
  ['lte', '5.5', '5.5', 'approx', 'undecided'], // 约5.5% may be a little over
  ['lte', '5.5', '5', 'approx', 'met'],
  ['gte', '90', '90', 'approx', 'undecided'], // the example: 近90% is never shown to meet ≥ 90
  ['gte', '90', '89', 'approx', 'missed'],
  ['gte', '90', '95', 'approx', 'met'],
];

describe('judge and meetsTarget', () => {
  test.each(CASES)('target %s %s, actual %s (%s): %s', (comparator, target, actual, actualComparator, verdict) => {
    expect(judge(actual, comparator, target, actualComparator)).toBe(verdict);
    expect(meetsTarget(actual, comparator, target, actualComparator)).toBe(verdict === 'met');
  });

  test('the table covers every comparator on both sides', () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(COMPARATORS));
    expect(new Set(CASES.map((c) => c[3]))).toEqual(new Set(COMPARATORS));
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
function obs(
  indicator: string,
  kind: 'actual' | 'target',
  period: string,
  comparator: Comparator,
  value: string,
  unit = 'percent',
  area = '500113',
) {
  const [from, to = from] = period.split('/');
  const row: ObservationRow = {
    observation_id: `${area}:${indicator}:${kind}:${period}`,
    indicator_id: indicator,
    domain: 'test',
    label_zh: `${indicator} 中文`,
    label_en: `${indicator} English`,
    area_code: area,
    area_zh: '巴南区',
    area_en: 'Banan District, Chongqing',
    kind,
    period,
    period_start: from!.length === 4 ? `${from}-01-01` : `${from}-01`,
    period_end: to!.length === 4 ? `${to}-12-31` : `${to}-28`,
    measure: 'level',
    base_period: null,
    comparator,
    value,
    unit,
    observation_status: null,
    value_as_written: value,
    period_as_written: null,
    // targets and actuals from two sources; which came out first is not known here (see the baseline tests)
    source_id: kind === 'actual' ? 'actuals' : 'targets',
    source_paragraphs: '1',
    note: null,
  };
  return row;
}

const UNITS: UnitRow[] = [
  {
    unit_id: 'percent',
    label_zh: '%',
    label_en: 'percent',
    dimension: 'share',
    measure_words: '%',
    bare_number: false,
    note: null,
  },
  {
    unit_id: 'person',
    label_zh: '人',
    label_en: 'persons',
    dimension: 'count',
    measure_words: '人',
    bare_number: false,
    note: null,
  },
];

const progress = (observations: ObservationRow[]) => buildProgress(observations, [], UNITS);

describe('buildProgress: statuses honest about time', () => {
  const observations = [
    obs('health_literacy_level', 'actual', '2022', 'eq', '25.1'),
    obs('mental_health_literacy_level', 'target', '2025', 'eq', '25'),
    obs('registered_urban_unemployment_rate', 'actual', '2016/2020', 'eq', '2.8'),
    obs('surveyed_urban_unemployment_rate', 'target', '2022', 'lte', '5.5'),
    obs('new_urban_jobs', 'actual', '2016/2020', 'eq', '159670', 'person'),
    obs('new_urban_jobs', 'actual', '2021', 'eq', '25700', 'person'),
    obs('new_urban_jobs', 'target', '2022', 'gte', '24200', 'person'),
    obs('inclusive_preschool_coverage_rate', 'actual', '2022', 'eq', '87.56'),
    obs('inclusive_preschool_coverage_rate', 'target', '2022/2026', 'gte', '90'),
    obs('graduates_rate', 'actual', '2021', 'eq', '94.83'),
    obs('graduates_rate', 'target', '2022', 'gt', '90'),
    obs('answered', 'actual', '2021', 'eq', '80'),
    obs('answered', 'actual', '2022', 'eq', '91'),
    obs('answered', 'target', '2022', 'gte', '90'),
    obs('answered_late', 'actual', '2026', 'eq', '88'),
    obs('answered_late', 'target', '2022/2026', 'gte', '90'),
    obs('ahead', 'actual', '2023', 'eq', '95'),
    obs('ahead', 'target', '2022/2026', 'gte', '90'),
    obs('total', 'actual', '2016/2020', 'eq', '100', 'person'),
    obs('total', 'target', '2021/2025', 'gte', '120', 'person'),
    obs('yearly_vs_total', 'actual', '2023', 'eq', '30', 'person'),
    obs('yearly_vs_total', 'target', '2022/2026', 'gte', '100', 'person'),
    obs('only_after', 'actual', '2027', 'eq', '99'),
    obs('only_after', 'target', '2022/2026', 'gte', '90'),
    obs('other_area', 'actual', '2022', 'eq', '99', 'percent', '500108'),
    obs('other_area', 'target', '2022', 'gte', '90'),
  ];
  const rows = progress(observations);
  const byTarget = (id: string, list = rows) => {
    const row = list.find((r) => r.indicator_id === id);
    if (!row) throw new Error(`no progress row for ${id}`);
    return row;
  };

  test('one row per target, in the order of the observations', () => {
    expect(rows.map((r) => r.target_observation_id)).toEqual(
      observations.filter((o) => o.kind === 'target').map((o) => o.observation_id),
    );
  });

  test('indicators that merely look alike are not paired, nor areas', () => {
    for (const id of ['mental_health_literacy_level', 'surveyed_urban_unemployment_rate', 'other_area'])
      expect(byTarget(id)).toMatchObject({ actual_observation_id: null, gap: null, met: null, status: 'no_actual' });
  });

  test('baseline: a 2022 target with only a 2021 actual is not judged', () => {
    expect(byTarget('new_urban_jobs')).toMatchObject({
      actual_observation_id: '500113:new_urban_jobs:actual:2021',
      actual_value: '25700',
      gap: '1500',
      met: null,
      status: 'baseline',
    });
    expect(byTarget('graduates_rate')).toMatchObject({ comparator: 'gt', gap: '4.83', met: null, status: 'baseline' });
  });

  test('behind / ahead: inside the target period, not yet answered; met stays empty', () => {
    expect(byTarget('inclusive_preschool_coverage_rate')).toMatchObject({
      actual_value: '87.56',
      gap: '-2.44', // exact, not -2.4399999999999977
      met: null,
      status: 'behind',
    });
    expect(byTarget('ahead')).toMatchObject({ actual_value: '95', met: null, status: 'ahead' });
  });

  test('met / not_met only when an actual for the last year of the target period answers it', () => {
    expect(byTarget('answered')).toMatchObject({ actual_period: '2022', met: true, status: 'met' });
    expect(byTarget('answered_late')).toMatchObject({ actual_period: '2026', met: false, status: 'not_met' });
  });

  test('a multi-year total is compared only with a total of the same years, never with one year', () => {
    expect(byTarget('total')).toMatchObject({ actual_observation_id: null, status: 'no_actual' }); // 2016/2020 vs 2021/2025
    expect(byTarget('yearly_vs_total')).toMatchObject({ actual_observation_id: null, status: 'no_actual' });
    expect(byTarget('new_urban_jobs').actual_period).toBe('2021'); // not the 2016/2020 total
  });

  test('an actual only after the target period, without one for its last year, answers nothing', () => {
    expect(byTarget('only_after')).toMatchObject({ actual_observation_id: null, status: 'no_actual' });
  });

  test('input order does not matter', () => {
    const reversed = progress([...observations].reverse());
    for (const r of rows) expect(byTarget(r.indicator_id, reversed)).toEqual(r);
  });

  test('undecided: an inexact actual whose bound cannot tell is never met nor not met', () => {
    const [nearly, atLeast] = progress([
      obs('nearly', 'actual', '2022', 'approx', '90'),
      obs('nearly', 'target', '2022', 'gte', '90'),
      obs('at_least', 'actual', '2022', 'gte', '3'),
      obs('at_least', 'target', '2022', 'lte', '5.5'),
    ]);
    expect(nearly).toMatchObject({ status: 'undecided', met: null, actual_comparator: 'approx' });
    expect(atLeast).toMatchObject({ status: 'undecided', met: null, gap: '-2.5' });
  });

  test('the actual comparator is carried into the row and into met', () => {
    const r = progress([obs('x', 'actual', '2022', 'gt', '90'), obs('x', 'target', '2022', 'gt', '90')])[0]!;
    expect(r).toMatchObject({ actual_comparator: 'gt', gap: '0', met: true, status: 'met' });
  });
});

describe('buildProgress: like with like, and a target is judged only by what came after it', () => {
  const change = (o: ObservationRow, measure: ObservationRow['measure'], base: string): ObservationRow => ({
    ...o,
    observation_id: `${o.observation_id}:${measure}:${base}`,
    measure,
    base_period: base,
  });
  const from = (o: ObservationRow, source: string): ObservationRow => ({ ...o, source_id: source });
  const sources = [
    { source_id: 'report-2022', published: '2022-01' },
    { source_id: 'bulletin-2022', published: '2023-03' },
  ].map((s) => ({ ...s }) as unknown as SourceRow);

  test('a change target is answered by an actual change of the same measure and base, never by a level', () => {
    const rows = buildProgress(
      [
        from(obs('gdp', 'actual', '2022', 'eq', '1018', 'person'), 'bulletin-2022'),
        from(change(obs('gdp', 'actual', '2022', 'eq', '6.1'), 'change_percent', '2021'), 'bulletin-2022'),
        from(change(obs('gdp', 'target', '2022', 'approx', '6'), 'change_percent', '2021'), 'report-2022'),
      ],
      [],
      UNITS,
      sources,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      measure: 'change_percent',
      base_period: '2021',
      actual_value: '6.1',
      status: 'met',
    });
  });

  test('an actual published with the target, or before it, is its baseline, whatever its period', () => {
    // the preschool case of the article: a 2022 level printed beside a 2022/2026 target in the same source
    const [same] = buildProgress(
      [
        from(obs('coverage', 'actual', '2022', 'eq', '87.56'), 'report-2022'),
        from(obs('coverage', 'target', '2022/2026', 'gte', '90'), 'report-2022'),
      ],
      [],
      UNITS,
      sources,
    );
    expect(same).toMatchObject({ actual_value: '87.56', status: 'baseline', met: null });
    const [later] = buildProgress(
      [
        from(obs('coverage', 'actual', '2022', 'eq', '88'), 'bulletin-2022'),
        from(obs('coverage', 'target', '2022/2026', 'gte', '90'), 'report-2022'),
      ],
      [],
      UNITS,
      sources,
    );
    expect(later).toMatchObject({ actual_value: '88', status: 'behind' });
  });

  test('a source known only to its month or year is later only where its first possible day is after the last', () => {
    const dated = (target: string, actual: string) =>
      buildProgress(
        [
          from(obs('coverage', 'actual', '2022', 'eq', '88'), 'bulletin'),
          from(obs('coverage', 'target', '2022/2026', 'gte', '90'), 'report'),
        ],
        [],
        UNITS,
        [
          { source_id: 'report', published: target },
          { source_id: 'bulletin', published: actual },
        ].map((s) => ({ ...s }) as unknown as SourceRow),
      )[0]!.status;
    expect(dated('2022-03', '2022-04-01')).toBe('behind');
    expect(dated('2022-03', '2022-03-31')).toBe('baseline'); // the report may have come out on the 31st
    expect(dated('2022', '2022-12-31')).toBe('baseline');
    expect(dated('2022-12-31', '2023')).toBe('behind');
  });
});

describe('progress of the committed data (raw/): what it must show, derived from raw/', async () => {
  const { tables, problems } = await buildFromRaw(RAW);
  if (!tables) throw new Error(JSON.stringify(problems.slice(0, 3)));
  const observation = new Map(tables.observations.map((o) => [o.observation_id, o]));
  const published = new Map(tables.sources.map((s) => [s.source_id, s.published]));

  test('every target once; met is filled only for met and not_met; actuals of the same area, indicator and measure', () => {
    const targets = tables.observations.filter((o) => o.kind === 'target');
    expect(tables.progress.map((r) => r.target_observation_id).sort()).toEqual(
      targets.map((o) => o.observation_id).sort(),
    );
    for (const r of tables.progress) {
      expect(r.met === null).toBe(r.status !== 'met' && r.status !== 'not_met');
      expect(r.actual_observation_id === null).toBe(r.status === 'no_actual');
      if (!r.actual_observation_id) continue;
      const a = observation.get(r.actual_observation_id)!;
      expect([a.area_code, a.indicator_id, a.measure]).toEqual([r.area_code, r.indicator_id, r.measure]);
    }
  });

  test('an actual published with its target or before it is a baseline, never a verdict or progress', () => {
    for (const r of tables.progress) {
      if (!r.actual_observation_id) continue;
      const target = observation.get(r.target_observation_id)!;
      const actual = observation.get(r.actual_observation_id)!;
      const notLater =
        target.source_id === actual.source_id || published.get(actual.source_id)! <= published.get(target.source_id)!;
      if (notLater) expect(r.status, r.target_observation_id).toBe('baseline');
    }
  });

  test('met and not_met only where an actual for the last year of the target period answers it', () => {
    for (const r of tables.progress.filter((x) => x.status === 'met' || x.status === 'not_met')) {
      const target = observation.get(r.target_observation_id)!;
      const actual = observation.get(r.actual_observation_id!)!;
      expect(actual.period_end, r.target_observation_id).toBe(target.period_end);
    }
  });

  test("direction is the indicator's, and the source of the actual is the standing one", () => {
    const indicators = new Map(tables.indicators.map((i) => [i.indicator_id, i]));
    for (const r of tables.progress) {
      expect(r.direction).toBe(indicators.get(r.indicator_id)!.direction);
      if (r.actual_observation_id) expect(r.actual_source_id).toBe(observation.get(r.actual_observation_id)!.source_id);
    }
  });
});
