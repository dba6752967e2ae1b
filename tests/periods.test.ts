import { describe, expect, test } from 'vitest';
import { DataError } from '../pipeline/core/errors.js';
import { parseIsoPeriod, parsePeriodText, resolvePeriod } from '../pipeline/stages/normalize/periods.js';

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
  ['目前', '2022', '2022-01-01', '2022-12-31'],
  ['截至目前', '2022', '2022-01-01', '2022-12-31'],
  ['去年', '2021', '2021-01-01', '2021-12-31'],
  ['到2025年', '2025', '2025-01-01', '2025-12-31'],
  ['自2019年5月', '2019-05/2022', '2019-05-01', '2022-12-31'],
  ['自2020年', '2020/2022', '2020-01-01', '2022-12-31'],
  ['3年来', '2019/2022', '2019-01-01', '2022-12-31'],
  ['三年来', '2019/2022', '2019-01-01', '2022-12-31'],
  ['未来5年', '2022/2026', '2022-01-01', '2026-12-31'],
  ['未来五年', '2022/2026', '2022-01-01', '2026-12-31'],
];

describe('parsePeriodText reads every form of docs/rules.md', () => {
  test.each(GOOD)('%s -> %s', (written, period, start, end) => {
    expect(parsePeriodText(written, REF)).toEqual({ period, start, end });
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

  test('the explicit period stands in for a period_text no rule reads', () => {
    expect(resolvePeriod('现在', '2022', REF).period).toBe('2022');
    expect(resolvePeriod('去年', '', REF).period).toBe('2021');
    expect(resolvePeriod('去年', '2021', REF).period).toBe('2021'); // the same: allowed
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
