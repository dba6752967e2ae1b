import { describe, expect, test } from 'vitest';
import { DataError } from '../pipeline/core/errors.js';
import { parseValue, type Comparator, type Kind } from '../pipeline/stages/normalize/values.js';
import {
  ANNUAL_AVERAGE,
  BASE_PHRASES,
  ESTIMATE_WORDS,
  NEGATIVE_WORD,
  PREFIXES,
  TO_ONLY_VERBS,
  TO_WORDS,
  VERBS,
} from '../pipeline/stages/normalize/grammar.js';

// [written, kind, comparator, exact value, measure word]
const GOOD: [string, Kind, Comparator, string, string][] = [
  // multipliers, and the float traps: 19.26 * 1e8 is 1926000000.0000002 in binary floating point
  ['近19.26亿元', 'actual', 'approx', '1926000000', '元'],
  ['19.26亿元', 'actual', 'eq', '1926000000', '元'],
  ['4877.1万元', 'actual', 'eq', '48771000', '元'],
  ['11.7亿元', 'actual', 'eq', '1170000000', '元'],
  ['1.47亿元', 'actual', 'eq', '147000000', '元'],
  ['8080万元', 'actual', 'eq', '80800000', '元'],
  ['2.57万人', 'actual', 'eq', '25700', '人'],
  ['0.07万人', 'actual', 'eq', '700', '人'],
  ['3十人', 'actual', 'eq', '30', '人'],
  ['5百人', 'actual', 'eq', '500', '人'],
  ['1.5千人', 'actual', 'eq', '1500', '人'],
  ['2万亿元', 'actual', 'eq', '2000000000000', '元'],
  ['0.000001亿元', 'actual', 'eq', '100', '元'],
  // percentages stay on the 0..100 scale
  ['96.16%', 'actual', 'eq', '96.16', '%'],
  ['145%', 'actual', 'eq', '145', '%'],
  ['０.５％', 'actual', 'eq', '0.5', '%'],
  // fractions of a whole become a percent
  ['1/2以上', 'actual', 'gte', '50', '%'],
  ['1/4', 'actual', 'eq', '25', '%'],
  ['3/8', 'actual', 'eq', '37.5', '%'],
  // qualifiers (Civil Code art. 1259: 以上, 以下 and 以内 include the number)
  ['98%以上', 'actual', 'gte', '98', '%'],
  ['不低于60%', 'target', 'gte', '60', '%'],
  ['不少于20所', 'target', 'gte', '20', '所'],
  ['30%以下', 'actual', 'lte', '30', '%'],
  ['5.5%以内', 'target', 'lte', '5.5', '%'],
  ['不超过3人', 'target', 'lte', '3', '人'],
  ['控制在5.5%以内', 'target', 'lte', '5.5', '%'],
  ['控制在5.5%', 'target', 'lte', '5.5', '%'],
  ['超90%', 'target', 'gt', '90', '%'],
  ['超过90%', 'target', 'gt', '90', '%'],
  ['逾5000人', 'actual', 'gt', '5000', '人'],
  ['100余门', 'actual', 'gt', '100', '门'],
  ['3万余个', 'actual', 'gt', '30000', '个'],
  ['20多个', 'actual', 'gt', '20', '个'],
  ['约3亿元', 'actual', 'approx', '300000000', '元'],
  ['100人左右', 'actual', 'approx', '100', '人'],
  // 达/达到: eq on an actual, gte on a target, and no opinion next to another qualifier
  ['达98%', 'actual', 'eq', '98', '%'],
  ['达到94.83%', 'actual', 'eq', '94.83', '%'],
  ['达到3.6人', 'target', 'gte', '3.6', '人'],
  ['达55%', 'target', 'gte', '55', '%'],
  ['达98%以上', 'actual', 'gte', '98', '%'],
  ['达到70%以上', 'target', 'gte', '70', '%'],
  // plain
  ['17所', 'actual', 'eq', '17', '所'],
  ['20所', 'target', 'eq', '20', '所'],
  ['119场次', 'actual', 'eq', '119', '场次'],
  ['15分钟', 'target', 'eq', '15', '分钟'],
  ['161名', 'actual', 'eq', '161', '名'],
  // quotation marks the article sets inside a figure carry no meaning
  ['2.42万人”以上', 'target', 'gte', '24200', '人'],
  ['“17所”', 'actual', 'eq', '17', '所'],
  // a number's own sign, a bare number, a rate per N, more qualifiers
  ['-2.11‰', 'actual', 'eq', '-2.11', '‰'],
  ['−1.86‰', 'actual', 'eq', '-1.86', '‰'],
  ['负2.93‰', 'actual', 'eq', '-2.93', '‰'],
  ['102.08', 'actual', 'eq', '102.08', ''],
  ['6.9', 'actual', 'eq', '6.9', ''],
  ['9.64/10万', 'actual', 'eq', '9.64', '/10万'],
  ['突破1200家', 'actual', 'gt', '1200', '家'],
  ['大于92%', 'target', 'gt', '92', '%'],
  ['低于5%', 'target', 'lt', '5', '%'],
  ['至少1个', 'target', 'gte', '1', '个'],
  ['稳定在95%以上', 'actual', 'gte', '95', '%'],
  ['1.3亿美元', 'actual', 'eq', '130000000', '美元'],
  ['3.2万亿元', 'actual', 'eq', '3200000000000', '元'],
  ['39微克/立方米', 'actual', 'eq', '39', '微克/立方米'],
  // a verb with 到 or 至 says what was reached: a level
  ['提高到6.9张', 'actual', 'eq', '6.9', '张'],
  ['提升到25%', 'target', 'eq', '25', '%'],
  ['降至3.1%', 'actual', 'eq', '3.1', '%'],
];

// [written, kind, measure, value, comparator, base as written]
const CHANGES: [string, Kind, string, string, Comparator, object | undefined][] = [
  ['比上年增长2.6%', 'actual', 'change_percent', '2.6', 'eq', { kind: 'previous' }],
  ['增长4.3%', 'actual', 'change_percent', '4.3', 'eq', undefined],
  ['下降98.1%', 'actual', 'change_percent', '-98.1', 'eq', undefined],
  ['减少5.9%', 'actual', 'change_percent', '-5.9', 'eq', undefined],
  ['同比增长9.7%', 'actual', 'change_percent', '9.7', 'eq', { kind: 'previous' }],
  ['增加0.91万人', 'actual', 'change_absolute', '9100', 'eq', undefined],
  ['比上年末增加0.72万人', 'actual', 'change_absolute', '7200', 'eq', { kind: 'previous-end' }],
  ['较上年末减少7.16万人', 'actual', 'change_absolute', '-71600', 'eq', { kind: 'previous-end' }],
  ['比年初增加412.7亿元', 'actual', 'change_absolute', '41270000000', 'eq', { kind: 'previous-end' }],
  ['提高0.64个百分点', 'actual', 'change_points', '0.64', 'eq', undefined],
  ['比上年回落0.2个百分点', 'actual', 'change_points', '-0.2', 'eq', { kind: 'previous' }],
  ['比上年下降0.87个千分点', 'actual', 'change_points', '-0.87', 'eq', { kind: 'previous' }],
  ['比2019年增加6021元', 'actual', 'change_absolute', '6021', 'eq', { kind: 'year', year: 2019 }],
  ['比2020年末提高1.2个百分点', 'actual', 'change_points', '1.2', 'eq', { kind: 'year-end', year: 2020 }],
  ['比“十三五”末提高17个百分点', 'target', 'change_points', '17', 'eq', { kind: 'plan-end', plan: '十三五' }],
  ['比“十三五”时期减少0.86万个', 'target', 'change_absolute', '-8600', 'eq', { kind: 'plan', plan: '十三五' }],
  ['增长1.2倍', 'actual', 'change_percent', '120', 'eq', undefined],
  ['上涨1.1%', 'actual', 'change_percent', '1.1', 'eq', undefined],
  ['比上年缩小0.06', 'actual', 'change_absolute', '-0.06', 'eq', { kind: 'previous' }],
  ['增长6%左右', 'target', 'change_percent', '6', 'approx', undefined],
  ['增长5.5%以上', 'target', 'change_percent', '5.5', 'gte', undefined],
  // a decline turns the bound round: 5% or more down is at most −5
  ['减少3%以上', 'target', 'change_percent', '-3', 'lte', undefined],
  ['下降超过5%', 'actual', 'change_percent', '-5', 'lt', undefined],
  ['增长-3.5%', 'actual', 'change_percent', '-3.5', 'eq', undefined],
  ['年均增长6.5%左右', 'target', 'annual_average_change_percent', '6.5', 'approx', undefined],
  ['年均增加约1.4万人', 'actual', 'annual_average_change_absolute', '14000', 'approx', undefined],
  ['预计增长5.9%', 'actual', 'change_percent', '5.9', 'eq', undefined],
];

// readLead skips a text that begins with a digit (most values): no word that may come before the number may
describe('the words before a number', () => {
  test('none begins with a digit, so a value that does has none of them', () => {
    const words = [
      ...ESTIMATE_WORDS,
      ...VERBS.map(([w]) => w),
      ...TO_ONLY_VERBS,
      ...TO_WORDS,
      ...PREFIXES.map(([w]) => w),
      ANNUAL_AVERAGE,
      NEGATIVE_WORD,
    ];
    for (const word of words) expect(word, word).toMatch(/^\D/);
    // each base phrase is anchored and begins with a word that is not a digit (比, 较, 同比)
    for (const [pattern] of BASE_PHRASES) expect(pattern.source, pattern.source).toMatch(/^\^(?:\(\?:)?[^\d\\([.]/);
  });
});

describe('parseValue reads figures of change: measure, sign, base', () => {
  test.each(CHANGES)('%s (%s) -> %s %s %s', (written, kind, measure, value, comparator, base) => {
    expect(parseValue(written, kind)).toMatchObject({ measure, value, comparator, base });
  });

  test('预计 marks an estimate; a level has no base and no change word', () => {
    expect(parseValue('预计1.3亿美元')).toMatchObject({ estimate: true, measure: 'level', value: '130000000' });
    expect(parseValue('96.16%')).toMatchObject({ estimate: false, base: undefined, changeWord: '' });
  });

  test('a word of change written apart from the number (change_word) makes the figure a change', () => {
    expect(parseValue('6.8%', 'actual', '增长')).toMatchObject({ measure: 'change_percent', value: '6.8' });
    expect(parseValue('0.5%', 'actual', '下降')).toMatchObject({ measure: 'change_percent', value: '-0.5' });
    expect(parseValue('5.2%', 'actual', '增速')).toMatchObject({ measure: 'change_percent', value: '5.2' });
    expect(parseValue('3.2%', 'actual', '降幅')).toMatchObject({ measure: 'change_percent', value: '-3.2' });
    expect(parseValue('6.5%', 'target', '年均增长')).toMatchObject({ measure: 'annual_average_change_percent' });
    expect(() => parseValue('增长6.8%', 'actual', '增长')).toThrow(/has its own word of change/);
    expect(() => parseValue('6.8%', 'actual', '飞涨')).toThrow(/not a word of change/);
  });
});

describe('parseValue reads every form of docs/rules.md exactly', () => {
  test.each(GOOD)('%s (%s) -> %s %s %s', (written, kind, comparator, value, measureWord) => {
    const parsed = parseValue(written, kind);
    expect(parsed).toMatchObject({ comparator, value, measureWord });
  });

  test('no binary floating point touches a value', () => {
    expect(19.26 * 1e8).not.toBe(1926000000); // the trap the parser avoids
    expect(parseValue('19.26亿元').value).toBe('1926000000');
    expect(parseValue('4877.1万元').value).toBe('48771000');
    expect(0.07 * 1e4).not.toBe(700);
    expect(parseValue('0.07万人').value).toBe('700');
  });

  test('a value is written in its shortest form, and zero has no sign', () => {
    expect(parseValue('0017.50所').value).toBe('17.5');
    expect(parseValue('3.000人').value).toBe('3');
    expect(parseValue('−0.0‰').value).toBe('0');
    expect(parseValue('下降0%').value).toBe('0');
    expect(parseValue('下降2.50%').value).toBe('-2.5');
    expect(parseValue('增长1.50倍').value).toBe('150');
  });
});

// [written, error code, words the message must contain]
const BAD: [string, string, string][] = [
  ['', 'VALUE_EMPTY', 'empty'],
  ['   ', 'VALUE_EMPTY', 'empty'],
  ['所', 'VALUE_NO_NUMBER', 'no number'],
  ['十三所', 'VALUE_NO_NUMBER', 'no number'],
  ['17所92所', 'VALUE_TWO_NUMBERS', '17, 92'],
  ['1.2.3人', 'VALUE_TWO_NUMBERS', 'two numbers'],
  ['大约5人', 'VALUE_UNKNOWN_QUALIFIER', '"大约"'],
  ['提升为25%', 'VALUE_UNKNOWN_QUALIFIER', '"为" before the number'],
  ['大约5人', 'VALUE_UNKNOWN_QUALIFIER', 'start value_text at a word the rules read'],
  ['下降1.2倍', 'VALUE_TIMES', 'a decline by times'],
  ['近5%以上', 'VALUE_CONFLICTING_QUALIFIERS', 'approx vs gte'],
  ['超5%以下', 'VALUE_CONFLICTING_QUALIFIERS', 'gt vs lte'],
  ['17apples', 'VALUE_UNKNOWN_MEASURE_WORD', '"apples"'],
  ['17 人', 'VALUE_SPACE', 'a space inside'],
  ['1 5人', 'VALUE_SPACE', 'a space inside'],
  ['1\t5人', 'VALUE_SPACE', 'a space inside'],
  ['2.5 7万人', 'VALUE_SPACE', 'a space inside'],
  ['2.5\u30007万人', 'VALUE_SPACE', 'a space inside'],
  ['2.5\u00a07万人', 'VALUE_SPACE', 'a space inside'],
  ['近 19.26亿元', 'VALUE_SPACE', 'a space inside'],
  ['1/3', 'VALUE_INEXACT_FRACTION', 'no exact decimal'],
  ['1/0', 'VALUE_DIVISION_BY_ZERO', 'denominator 0'],
  ['1/2人', 'VALUE_FRACTION_UNIT', 'no measure word'],
  // every character of a number is read by a rule or refused: none vanishes, none is taken for a digit
  ['2’5个', 'VALUE_QUOTE_IN_NUMBER', 'quotation mark inside the number'],
  ["1'5个", 'VALUE_QUOTE_IN_NUMBER', 'quotation mark inside the number'],
  ['2”5个', 'VALUE_QUOTE_IN_NUMBER', 'quotation mark inside the number'],
  ['2「5个', 'VALUE_QUOTE_IN_NUMBER', 'quotation mark inside the number'],
  ['3.”5%', 'VALUE_QUOTE_IN_NUMBER', 'quotation mark inside the number'],
  ['10²个', 'VALUE_FOREIGN_DIGIT', '"²" in "10²个" is not a digit 0-9'],
  ['⑫个', 'VALUE_FOREIGN_DIGIT', '"⑫"'],
  ['1₂人', 'VALUE_FOREIGN_DIGIT', '"₂"'],
  ['½', 'VALUE_FOREIGN_DIGIT', '"½"'],
  ['٣人', 'VALUE_FOREIGN_DIGIT', '"٣"'],
];

describe('parseValue refuses what the rules do not read', () => {
  test.each(BAD)('%j -> %s', (written, code, words) => {
    let error: unknown;
    try {
      parseValue(written);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe(code);
    expect((error as DataError).message).toContain(words);
  });

  test('at least 40 cases in all', () => {
    expect(GOOD.length + BAD.length).toBeGreaterThanOrEqual(40);
  });
});
