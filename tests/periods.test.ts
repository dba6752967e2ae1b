import { describe, expect, test } from 'vitest';
import { DataError } from '../pipeline/core/errors.js';
import { basePeriod, parseIsoPeriod, parsePeriodText, resolvePeriod } from '../pipeline/stages/normalize/periods.js';

const REF = 2022; // the Banan article's 今年

// [written, period, start, end]
const GOOD: [string, string, string, string][] = [
  ['2021年', '2021', '2021-01-01', '2021-12-31'],
  ['2022年', '2022', '2022-01-01', '2022-12-31'],
  ['2019年5月', '2019-05', '2019-05-01', '2019-05-31'],
  ['2024年2月', '2024-02', '2024-02-01', '2024-02-29'],
  ['十三五', '2016/2020', '2016-01-01', '2020-12-31'],
  ['“十三五”期间', '2016/2020', '2016-01-01', '2020-12-31'],
  ['十二五', '2011/2015', '2011-01-01', '2015-12-31'],
  ['“十四五”时期', '2021/2025', '2021-01-01', '2025-12-31'],
  ['今年', '2022', '2022-01-01', '2022-12-31'],
  ['去年', '2021', '2021-01-01', '2021-12-31'],
  ['到2025年', '2025', '2025-01-01', '2025-12-31'],
  ['自2019年5月', '2019-05/2022', '2019-05-01', '2022-12-31'],
  ['自2020年', '2020/2022', '2020-01-01', '2022-12-31'],
  ['3年来', '2019/2022', '2019-01-01', '2022-12-31'],
  ['三年来', '2019/2022', '2019-01-01', '2022-12-31'],
  ['未来5年', '2022/2026', '2022-01-01', '2026-12-31'],
  ['未来五年', '2022/2026', '2022-01-01', '2026-12-31'],
  // the periods of statistical reports: stocks at an instant, parts of a year, plans' ends
  ['上年', '2021', '2021-01-01', '2021-12-31'],
  ['上年末', '2021-12-31', '2021-12-31', '2021-12-31'],
  ['2023年末', '2023-12-31', '2023-12-31', '2023-12-31'],
  ['到2025年底', '2025-12-31', '2025-12-31', '2025-12-31'],
  ['截至2024年底', '2024-12-31', '2024-12-31', '2024-12-31'],
  ['2021年6月末', '2021-06-30', '2021-06-30', '2021-06-30'],
  ['2021年6月份', '2021-06', '2021-06-01', '2021-06-30'],
  ['“十三五”末', '2020-12-31', '2020-12-31', '2020-12-31'],
  ['截至“十三五”末', '2020-12-31', '2020-12-31', '2020-12-31'],
  ['2023年1—11月', '2023-01/2023-11', '2023-01-01', '2023-11-30'],
  ['2023年上半年', '2023-01/2023-06', '2023-01-01', '2023-06-30'],
];

// contextual: their year is the section's, the reference year unless an explicit period says another
const CONTEXTUAL: [string, string, string, string][] = [
  ['全年', '2022', '2022-01-01', '2022-12-31'],
  ['年末', '2022-12-31', '2022-12-31', '2022-12-31'],
  ['年底', '2022-12-31', '2022-12-31', '2022-12-31'],
  ['12月末', '2022-12-31', '2022-12-31', '2022-12-31'],
  ['6月末', '2022-06-30', '2022-06-30', '2022-06-30'],
  ['12月份', '2022-12', '2022-12-01', '2022-12-31'],
  ['1—11月', '2022-01/2022-11', '2022-01-01', '2022-11-30'],
  ['上半年', '2022-01/2022-06', '2022-01-01', '2022-06-30'],
  ['前三季度', '2022-01/2022-09', '2022-01-01', '2022-09-30'],
  ['一季度', '2022-01/2022-03', '2022-01-01', '2022-03-31'],
];

describe('parsePeriodText reads every form of docs/rules.md', () => {
  test.each(GOOD)('%s -> %s', (written, period, start, end) => {
    expect(parsePeriodText(written, REF)).toEqual({ period, start, end });
  });

  test.each(CONTEXTUAL)('%s -> %s, its year from where it is written', (written, period, start, end) => {
    expect(parsePeriodText(written, REF)).toEqual({ period, start, end, contextual: true });
  });

  test('a contextual period may be given another year, in the same shape; never another shape', () => {
    // a January 2024 work report (今年 = 2024) reviewing 2023: its 全年 is 2023
    expect(resolvePeriod('全年', '2023', 2024).period).toBe('2023');
    expect(resolvePeriod('1—11月', '2023-01/2023-11', 2024).period).toBe('2023-01/2023-11');
    expect(() => resolvePeriod('全年', '2023-12-31', 2024)).toThrow(/reads as 2024, but period says 2023-12-31/);
    expect(() => resolvePeriod('去年', '2022', 2024)).toThrow(/reads as 2023/); // 去年 is not contextual
  });

  test('relative periods move with the reference year', () => {
    expect(parsePeriodText('去年', 2030).period).toBe('2029');
    expect(parsePeriodText('未来3年', 2030).period).toBe('2030/2032');
  });
});

const BAD: [string, string][] = [
  ['', 'PERIOD_EMPTY'],
  ['近年来', 'PERIOD_UNKNOWN'],
  ['新医改以来', 'PERIOD_UNKNOWN'],
  ['明年', 'PERIOD_UNKNOWN'],
  ['十三', 'PERIOD_UNKNOWN'],
  ['2019年13月', 'PERIOD_MONTH'],
  ['1850年', 'PERIOD_YEAR'],
  ['0年来', 'PERIOD_COUNT'],
];

describe('parsePeriodText refuses text no rule reads', () => {
  test.each(BAD)('%j -> %s', (written, code) => {
    expect(() => parsePeriodText(written, REF)).toThrow(DataError);
    try {
      parsePeriodText(written, REF);
    } catch (e) {
      expect((e as DataError).code).toBe(code);
    }
  });

  test('the message says what to do', () => {
    expect(() => parsePeriodText('近年来', REF)).toThrow(/explicit ISO period/);
  });
});

describe('explicit ISO periods', () => {
  test.each([
    ['2022', '2022', '2022-01-01', '2022-12-31'],
    ['2016/2020', '2016/2020', '2016-01-01', '2020-12-31'],
    ['2019-05/2022', '2019-05/2022', '2019-05-01', '2022-12-31'],
    ['2019-05', '2019-05', '2019-05-01', '2019-05-31'],
  ])('%s', (written, period, start, end) => {
    expect(parseIsoPeriod(written)).toEqual({ period, start, end });
  });

  test.each(['2022/2016', '2022/2022', '22', '2016-2020', '2019-13', '2019/2020/2021'])('refuses %s', (written) => {
    expect(() => parseIsoPeriod(written)).toThrow(DataError);
  });

  test('instants, and an open start for a count whose start is unknown', () => {
    expect(parseIsoPeriod('2022-12-31')).toEqual({ period: '2022-12-31', start: '2022-12-31', end: '2022-12-31' });
    expect(parseIsoPeriod('../2022')).toEqual({ period: '../2022', start: null, end: '2022-12-31' });
    expect(parseIsoPeriod('../2022-06')).toEqual({ period: '../2022-06', start: null, end: '2022-06-30' });
    expect(() => parseIsoPeriod('2022-02-30')).toThrow(/2022-02-30 is not a day of the calendar/);
    expect(() => parseIsoPeriod('2022/..')).toThrow(DataError);
  });

  test('the explicit period stands in for a period_text no rule reads', () => {
    expect(resolvePeriod('现在', '2022', REF).period).toBe('2022');
    expect(resolvePeriod('去年', '', REF).period).toBe('2021');
    expect(resolvePeriod('去年', '2021', REF).period).toBe('2021'); // the same: allowed
  });

  test.each(['目前', '截至目前'])('%s reads as the reference year, as of now', (written) => {
    expect(parsePeriodText(written, REF)).toEqual({
      period: '2022',
      start: '2022-01-01',
      end: '2022-12-31',
      asOfNow: true,
    });
  });

  test('目前 (as of now) may be given an open start ending in its year, for a count whose start is unknown', () => {
    expect(resolvePeriod('目前', '../2022', REF).period).toBe('../2022');
    expect(resolvePeriod('截至目前', '../2022', REF).period).toBe('../2022');
    expect(() => resolvePeriod('目前', '../2021', REF)).toThrow(/reads as 2022/);
    expect(() => resolvePeriod('今年', '../2022', REF)).toThrow(/reads as 2022/); // this year, not as of now
  });

  test('an explicit period that contradicts a period_text the rules read is refused, never used silently', () => {
    expect(() => resolvePeriod('去年', '2022', REF)).toThrow(/period_text "去年" reads as 2021, but period says 2022/);
    expect(() => resolvePeriod('“十三五”期间', '2020', REF)).toThrow(/reads as 2016\/2020/);
  });

  test.each(['20 21年', '未来 5年', '2021 年', '“十三五” 期间'])(
    'a space inside %j is refused, not dropped',
    (written) => {
      expect(() => parsePeriodText(written, REF)).toThrow(/a space inside/);
    },
  );

  test('spaces at the edges are trimmed', () => {
    expect(parsePeriodText(' 2021年 ', REF).period).toBe('2021');
  });
});

describe('base periods of changes', () => {
  const period = (p: string) => parseIsoPeriod(p);
  test('the same period a year earlier by default, and for 比上年, 同比', () => {
    expect(basePeriod('change_percent', undefined, '', period('2022'))).toBe('2021');
    expect(basePeriod('change_percent', { kind: 'previous' }, '', period('2023-01/2023-11'))).toBe('2022-01/2022-11');
    expect(basePeriod('change_points', undefined, '', period('2022-12-31'))).toBe('2021-12-31');
    expect(basePeriod('change_absolute', undefined, '', period('2024-02-29'))).toBe('2023-02-28');
  });

  test('比上年末 and 比年初: the end of the year before; a year or a plan the text names', () => {
    expect(basePeriod('change_absolute', { kind: 'previous-end' }, '', period('2023-12-31'))).toBe('2022-12-31');
    expect(basePeriod('change_absolute', { kind: 'year', year: 2019 }, '', period('2022'))).toBe('2019');
    expect(basePeriod('change_points', { kind: 'year-end', year: 2020 }, '', period('2023-12-31'))).toBe('2020-12-31');
    expect(basePeriod('change_points', { kind: 'plan-end', plan: '十三五' }, '', period('2025'))).toBe('2020-12-31');
    expect(basePeriod('change_absolute', { kind: 'plan', plan: '十三五' }, '', period('2021/2025'))).toBe('2016/2020');
  });

  test('an average per year is on the year before the period; several years need a base otherwise', () => {
    expect(basePeriod('annual_average_change_percent', undefined, '', period('2021/2025'))).toBe('2020');
    expect(() => basePeriod('change_absolute', undefined, '', period('2016/2020'))).toThrow(/has no default base/);
    expect(basePeriod('change_absolute', undefined, '2015-12-31', period('2016/2020'))).toBe('2015-12-31');
  });

  test('a level has none; two bases must agree; the base ends before the period', () => {
    expect(basePeriod('level', undefined, '', period('2022'))).toBeNull();
    expect(() => basePeriod('level', undefined, '2021', period('2022'))).toThrow(/the figure is a level/);
    expect(() => basePeriod('change_absolute', { kind: 'year', year: 2019 }, '2020', period('2022'))).toThrow(
      /contradicts the base value_text names/,
    );
    expect(() => basePeriod('change_absolute', { kind: 'year', year: 2023 }, '', period('2022'))).toThrow(
      /does not end before the period/,
    );
  });
});
