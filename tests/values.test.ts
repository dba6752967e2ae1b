import { describe, expect, test } from 'vitest';
import { DataError } from '../pipeline/core/errors.js';
import { parseValue, type Comparator, type Kind } from '../pipeline/stages/normalize/values.js';

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
];

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
  ['提升到25%', 'VALUE_UNKNOWN_QUALIFIER', '"提升到"'],
  ['近5%以上', 'VALUE_CONFLICTING_QUALIFIERS', 'approx vs gte'],
  ['超5%以下', 'VALUE_CONFLICTING_QUALIFIERS', 'gt vs lte'],
  ['17', 'VALUE_NO_MEASURE_WORD', 'measure word'],
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
