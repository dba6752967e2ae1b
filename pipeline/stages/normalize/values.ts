/**
 * The value rules (docs/rules.md, "Values"): `近19.26亿元` -> { comparator: 'approx', value: '1926000000', measureWord: '元' }.
 * Values are exact decimal strings computed with big.js; no binary floating point touches them.
 */
import BigImport from 'big.js';
import { fail } from '../../core/errors.js';
import { foreignDigit, fullWidthToAscii, QUOTE_IN_NUMBER, QUOTE_MARKS } from '../../core/text.js';

const Big = BigImport; // big.js ships CommonJS; the default import is the constructor
export type { Comparator } from '../../core/comparators.js';
import type { Comparator } from '../../core/comparators.js';
export type Kind = 'actual' | 'target';

export interface ParsedValue {
  comparator: Comparator;
  /** Exact decimal, no exponent, no trailing zeros: `1926000000`, `96.16`, `50`. */
  value: string;
  /** Measure word (量词) or `%` as written; a bare fraction (`1/2`) yields `%`. */
  measureWord: string;
  /** The qualifiers found, in order, e.g. `['达', '以上']`. */
  qualifiers: string[];
}

/** Chinese multipliers, longest first so 万亿 wins over 万. */
export const MULTIPLIERS: ReadonlyArray<[string, number]> = [
  ['万亿', 12],
  ['十', 1],
  ['百', 2],
  ['千', 3],
  ['万', 4],
  ['亿', 8],
];

/**
 * Qualifier -> comparator (Civil Code art. 1259: 以上, 以下 and 以内 include the number).
 * `neutral` is 达/达到: eq on an actual, gte on a target, and no opinion next to another qualifier.
 */
export const PREFIXES: ReadonlyArray<[string, Comparator | 'neutral']> = [
  ['控制在', 'lte'],
  ['不低于', 'gte'],
  ['不少于', 'gte'],
  ['不超过', 'lte'],
  ['达到', 'neutral'],
  ['超过', 'gt'],
  ['达', 'neutral'],
  ['超', 'gt'],
  ['逾', 'gt'],
  ['近', 'approx'],
  ['约', 'approx'],
];
/** Between the number and the measure word: `100余门`, `20多个`. */
export const INFIXES: ReadonlyArray<[string, Comparator]> = [
  ['余', 'gt'],
  ['多', 'gt'],
];
/** After the measure word: `98%以上`, `5.5%以内`. */
export const SUFFIXES: ReadonlyArray<[string, Comparator]> = [
  ['以上', 'gte'],
  ['以下', 'lte'],
  ['以内', 'lte'],
  ['左右', 'approx'],
  ['余', 'gt'],
  ['多', 'gt'],
];

const NUMBER = /(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?/;

function takePrefix<T>(text: string, table: ReadonlyArray<[string, T]>): [string, T] | undefined {
  return table.find(([q]) => text.startsWith(q));
}
function takeSuffix<T>(text: string, table: ReadonlyArray<[string, T]>): [string, T] | undefined {
  return table.find(([q]) => text.endsWith(q));
}

/** Combine the comparators of the qualifiers; 达/达到 yields to any other, and two others must agree. */
function comparatorOf(found: Array<Comparator | 'neutral'>, kind: Kind, text: string): Comparator {
  const strong = [...new Set(found.filter((c): c is Comparator => c !== 'neutral'))];
  if (strong.length > 1) fail('VALUE_CONFLICTING_QUALIFIERS', { comparators: strong.join(' vs '), written: text });
  if (strong.length === 1) return strong[0]!;
  if (found.includes('neutral')) return kind === 'target' ? 'gte' : 'eq';
  return 'eq';
}

/** Parse a value as written. Throws a DataError (with a code) for anything the rules do not read. */
export function parseValue(written: string, kind: Kind = 'actual'): ParsedValue {
  const ascii = fullWidthToAscii(written).trim();
  const foreign = foreignDigit(ascii);
  if (foreign !== undefined) fail('VALUE_FOREIGN_DIGIT', { char: foreign, written });
  if (QUOTE_IN_NUMBER.test(ascii)) fail('VALUE_QUOTE_IN_NUMBER', { written });
  const text = ascii.replace(QUOTE_MARKS, '');
  if (text === '') fail('VALUE_EMPTY', {});
  // a space is never dropped: `1 5人` is a slip, not 15
  if (/\s/.test(text)) fail('VALUE_SPACE', { written });
  const numbers = text.match(new RegExp(NUMBER.source, 'g')) ?? [];
  if (numbers.length === 0) fail('VALUE_NO_NUMBER', { written });
  if (numbers.length > 1) fail('VALUE_TWO_NUMBERS', { numbers: numbers.join(', '), written });

  const m = NUMBER.exec(text)!;
  const before = text.slice(0, m.index);
  let after = text.slice(m.index + m[0].length);
  const found: Array<Comparator | 'neutral'> = [];
  const qualifiers: string[] = [];

  if (before !== '') {
    const prefix = takePrefix(before, PREFIXES);
    if (!prefix || prefix[0] !== before) fail('VALUE_UNKNOWN_QUALIFIER', { qualifier: before, written });
    found.push(prefix[1]);
    qualifiers.push(prefix[0]);
  }

  let exponent = 0;
  const multiplier = takePrefix(after, MULTIPLIERS);
  if (multiplier) {
    exponent = multiplier[1];
    after = after.slice(multiplier[0].length);
  }
  const infix = takePrefix(after, INFIXES);
  if (infix) {
    found.push(infix[1]);
    qualifiers.push(infix[0]);
    after = after.slice(infix[0].length);
  }
  const suffix = takeSuffix(after, SUFFIXES);
  if (suffix) {
    found.push(suffix[1]);
    qualifiers.push(suffix[0]);
    after = after.slice(0, -suffix[0].length);
  }
  // 控制在5.5%以内: the prefix and the suffix are one qualifier
  const comparator = comparatorOf(found, kind, written);

  let value: InstanceType<typeof Big>;
  let measureWord = after;
  if (m[2] !== undefined) {
    // a fraction of a whole becomes a percent: 1/2 -> 50
    if (measureWord !== '' && measureWord !== '%') fail('VALUE_FRACTION_UNIT', { written });
    const denominator = new Big(m[2]);
    if (denominator.eq(0)) fail('VALUE_DIVISION_BY_ZERO', { written });
    const numerator = new Big(m[1]!).times(100);
    value = numerator.div(denominator);
    if (!value.times(denominator).eq(numerator)) fail('VALUE_INEXACT_FRACTION', { fraction: m[0], written });
    if (exponent !== 0) fail('VALUE_FRACTION_UNIT', { written });
    measureWord = '%';
  } else {
    value = new Big(m[1]!).times(new Big(10).pow(exponent));
  }
  if (measureWord === '') fail('VALUE_NO_MEASURE_WORD', { written });
  if (!/^(?:%|‰|\p{Script=Han}+)$/u.test(measureWord))
    fail('VALUE_UNKNOWN_MEASURE_WORD', { word: measureWord, written });
  return { comparator, value: value.toFixed(), measureWord, qualifiers };
}
