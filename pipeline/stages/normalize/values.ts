/**
 * The value rules (docs/rules.md, "Values"): a figure as written -> what it states of its indicator. The words
 * it reads are the grammar's (grammar.ts):
 *
 *   `近19.26亿元`      level, approx 1926000000, measure word 元
 *   `比上年增长2.6%`   change_percent +2.6 on the base `previous`
 *   `下降5%以上`        change_percent, at most −5 (a decline turns the comparator round)
 *   `−2.11‰`           level −2.11 (a number's own sign)
 *   `提高到6.9张`       level 6.9: the verb says what the indicator rose to
 *
 * Values are exact decimal strings computed with big.js; no binary floating point touches them.
 */
import BigImport from 'big.js';
import { MIRRORED, type Comparator } from '../../core/comparators.js';
import { canonical } from '../../core/decimal.js';
import { fail } from '../../core/errors.js';
import { foreignDigit, fullWidthToAscii, QUOTE_IN_NUMBER, QUOTE_MARKS } from '../../core/text.js';
import {
  ANNUAL_AVERAGE,
  BASE_PHRASES,
  CHANGE_NOUNS,
  ESTIMATE_WORDS,
  INFIXES,
  MULTIPLIERS,
  NEGATIVE_WORD,
  POINTS_WORDS,
  PREFIXES,
  SUFFIXES,
  TIMES,
  TO_ONLY_VERBS,
  TO_WORDS,
  VERBS,
  type BaseWritten,
  type Measure,
} from './grammar.js';

export type { Comparator } from '../../core/comparators.js';
export type { BaseWritten, Measure } from './grammar.js';
export { MULTIPLIERS, PREFIXES, INFIXES, SUFFIXES } from './grammar.js';

const Big = BigImport; // big.js ships CommonJS; the default import is the constructor
export type Kind = 'actual' | 'target';

export interface ParsedValue {
  comparator: Comparator;
  /** Exact decimal, signed, no exponent, no trailing zeros: `1926000000`, `96.16`, `-98.1`, `120` (for 1.2倍). */
  value: string;
  /** Measure word (量词), `%`, `‰`, `个百分点`, a per-N rate (`/10万`) as written; '' for a bare number. */
  measureWord: string;
  /** The qualifiers found, in order, e.g. `['达', '以上']`. */
  qualifiers: string[];
  measure: Measure;
  /** The base of a change as value_text writes it; undefined where it writes none (the default base). */
  base: BaseWritten | undefined;
  /** 预计: an estimate (of a period over at publication) or a forecast (a target). */
  estimate: boolean;
  /** The word of change read (增长, 下降, 年均增长), from value_text or change_word; '' for a level. */
  changeWord: string;
}

const DIGIT = /\d/;
const DIGIT_FIRST = /^\d/;
const NUMBER_AT_START = /^([-−])?(\d+(?:\.\d+)?)/;
const FRACTION = /^\/(\d+(?:\.\d+)?)/;
/** A rate per so many (`/10万`, `/万`, `/千`): a measure word, not a fraction (`1/2万` is a fraction with 万). */
const PER_N = /^\/(?:1|10|100)?[百千万亿]/;
const NUMBERS = /\d+(?:\.\d+)?/g;
/** What may follow a number as its measure word: Chinese characters (微克/立方米), %, ‰, a rate per N (/10万). */
const MEASURE_WORD = /^(?:%|‰|\/(?:1|10|100)?[百千万亿]|\p{Script=Han}+(?:\/\p{Script=Han}+)?)$/u;

const takePrefix = <T>(text: string, table: ReadonlyArray<readonly [string, T]>) =>
  table.find(([q]) => text.startsWith(q));
const takeSuffix = <T>(text: string, table: ReadonlyArray<readonly [string, T]>) =>
  table.find(([q]) => text.endsWith(q));

/** Combine the comparators of the qualifiers; 达/达到 yields to any other, and two others must agree. */
function comparatorOf(found: Array<Comparator | 'neutral'>, kind: Kind, text: string): Comparator {
  const strong = [...new Set(found.filter((c): c is Comparator => c !== 'neutral'))];
  if (strong.length > 1) fail('VALUE_CONFLICTING_QUALIFIERS', { comparators: strong.join(' vs '), written: text });
  if (strong.length === 1) return strong[0]!;
  if (found.includes('neutral')) return kind === 'target' ? 'gte' : 'eq';
  return 'eq';
}

/** A word of change: a verb or a noun of change (增速), after 年均 where written. Undefined when it is none. */
function readChangeWord(word: string): { sign: 1 | -1; annual: boolean } | undefined {
  const annual = word.startsWith(ANNUAL_AVERAGE);
  const rest = annual ? word.slice(ANNUAL_AVERAGE.length) : word;
  const found = [...VERBS, ...CHANGE_NOUNS].find(([w]) => w === rest);
  return found ? { sign: found[1], annual } : undefined;
}

/** What stands before the number: 预计, a base phrase, 年均, a verb (or verb + 到/至), qualifiers, a minus word. */
interface Lead {
  estimate: boolean;
  base: BaseWritten | undefined;
  verb: { word: string; sign: 1 | -1; annual: boolean } | undefined;
  /** A verb followed by 到/至: the value is the level reached. */
  toLevel: boolean;
  found: Array<Comparator | 'neutral'>;
  qualifiers: string[];
  negative: boolean;
  rest: string;
}

function readLead(text: string): Lead {
  let rest = text;
  const lead: Lead = {
    estimate: false,
    base: undefined,
    verb: undefined,
    toLevel: false,
    found: [],
    qualifiers: [],
    negative: false,
    rest,
  };
  // every word a lead may hold begins with a Chinese character or a sign (grammar.ts; tests/values.test.ts holds
  // them to it), so a text that begins with a digit, as most values do (`17所`, `96.16%`), has none
  if (DIGIT_FIRST.test(text)) return lead;
  const estimate = () => {
    const w = ESTIMATE_WORDS.find((e) => rest.startsWith(e));
    if (w) [lead.estimate, rest] = [true, rest.slice(w.length)];
  };
  estimate();
  for (const [pattern, make] of BASE_PHRASES) {
    const m = pattern.exec(rest);
    if (!m) continue;
    lead.base = make(m);
    rest = rest.slice(m[0].length);
    break;
  }
  estimate(); // 比上年预计增长
  const annual = rest.startsWith(ANNUAL_AVERAGE);
  if (annual) rest = rest.slice(ANNUAL_AVERAGE.length);
  const verb = VERBS.find(([v]) => rest.startsWith(v));
  const short = TO_ONLY_VERBS.find((v) => TO_WORDS.some((t) => rest.startsWith(v + t)));
  if (verb) {
    rest = rest.slice(verb[0].length);
    lead.verb = { word: (annual ? ANNUAL_AVERAGE : '') + verb[0], sign: verb[1], annual };
  } else if (short) rest = rest.slice(short.length);
  else if (annual) rest = ANNUAL_AVERAGE + rest; // 年均 without a verb: left for the unknown-word error
  const to = TO_WORDS.find((t) => rest.startsWith(t));
  if ((verb || short) && to) [lead.toLevel, rest] = [true, rest.slice(to.length)];
  for (let q = takePrefix(rest, PREFIXES); q; q = takePrefix(rest, PREFIXES)) {
    lead.found.push(q[1]);
    lead.qualifiers.push(q[0]);
    rest = rest.slice(q[0].length);
  }
  if (rest.startsWith(NEGATIVE_WORD) && DIGIT.test(rest[1] ?? '')) [lead.negative, rest] = [true, rest.slice(1)];
  lead.rest = rest;
  return lead;
}

/** The measure a change word and measure word make: a percent, times, points, or the indicator's unit. */
function measureOf(changed: boolean, annual: boolean, word: string, written: string): Measure {
  if (!changed) return 'level';
  if (word === '%' || word === TIMES) {
    if (annual && word === TIMES) fail('VALUE_TIMES', { written, reason: '年均 … 倍 is not read' });
    return annual ? 'annual_average_change_percent' : 'change_percent';
  }
  if ((POINTS_WORDS as readonly string[]).includes(word)) {
    if (annual) fail('VALUE_TIMES', { written, reason: '年均 … 个百分点 is not read' });
    return 'change_points';
  }
  return annual ? 'annual_average_change_absolute' : 'change_absolute';
}

/** The number and what follows it: multiplier, 余/多, measure word, a qualifier after. */
function readTail(rest: string, written: string) {
  const m = NUMBER_AT_START.exec(rest)!;
  let after = rest.slice(m[0].length);
  let fraction: string | undefined;
  let measureWord = '';
  if (!PER_N.test(after)) {
    const f = FRACTION.exec(after);
    if (f) [fraction, after] = [f[1], after.slice(f[0].length)];
  }
  const others = after.match(NUMBERS);
  if (others && !PER_N.test(after)) fail('VALUE_TWO_NUMBERS', { numbers: [m[2], ...others].join(', '), written });
  const found: Array<Comparator | 'neutral'> = [];
  const qualifiers: string[] = [];
  let exponent = 0;
  const multiplier = takePrefix(after, MULTIPLIERS);
  if (multiplier && !PER_N.test(after)) [exponent, after] = [multiplier[1], after.slice(multiplier[0].length)];
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
  measureWord = after;
  if (measureWord !== '' && !MEASURE_WORD.test(measureWord))
    fail('VALUE_UNKNOWN_MEASURE_WORD', { word: measureWord, written });
  return { minus: m[1] !== undefined, number: m[2]!, fraction, exponent, measureWord, found, qualifiers };
}

/**
 * The exact value of the number as written, as a decimal in its shortest form (never negative: the sign is read
 * apart): multiplier applied, a fraction of a whole as a percent. A number without either, most of them, is its
 * digits in their shortest form, made without arithmetic.
 */
function exactValue(t: ReturnType<typeof readTail>, written: string): { value: string; word: string } {
  if (t.fraction === undefined) {
    const value =
      t.exponent === 0 ? canonical(t.number) : new Big(t.number).times(new Big(10).pow(t.exponent)).toFixed();
    return { value, word: t.measureWord };
  }
  // a fraction of a whole becomes a percent: 1/2 -> 50
  if ((t.measureWord !== '' && t.measureWord !== '%') || t.exponent !== 0) fail('VALUE_FRACTION_UNIT', { written });
  const denominator = new Big(t.fraction);
  if (denominator.eq(0)) fail('VALUE_DIVISION_BY_ZERO', { written });
  const numerator = new Big(t.number).times(100);
  const value = numerator.div(denominator);
  if (!value.times(denominator).eq(numerator))
    fail('VALUE_INEXACT_FRACTION', { fraction: `${t.number}/${t.fraction}`, written });
  return { value: value.toFixed(), word: '%' };
}

/**
 * A value of printable ASCII but for spaces and quotation marks, and Chinese characters (U+4E00 to U+9FFF, none of
 * them a digit or a space): nothing in it for `cleanedFully` to read or refuse, as most values (`1767场次`, `近19.26亿元`).
 */
const PLAIN_VALUE = /^[!#-&(-~\u4e00-\u9fff]+$/;

/** The text a value's rules read (cleanedFully), the text itself where it is plain and has a number. */
export function cleaned(written: string): string {
  return PLAIN_VALUE.test(written) && DIGIT.test(written) ? written : cleanedFully(written);
}

/** The text with full-width forms read, quotation marks around words dropped; refused where a character would vanish. */
export function cleanedFully(written: string): string {
  const ascii = fullWidthToAscii(written).trim();
  const foreign = foreignDigit(ascii);
  if (foreign !== undefined) fail('VALUE_FOREIGN_DIGIT', { char: foreign, written });
  if (QUOTE_IN_NUMBER.test(ascii)) fail('VALUE_QUOTE_IN_NUMBER', { written });
  const text = ascii.replace(QUOTE_MARKS, '');
  if (text === '') fail('VALUE_EMPTY', {});
  // a space is never dropped: `1 5人` is a slip, not 15
  if (/\s/.test(text)) fail('VALUE_SPACE', { written });
  if (!DIGIT.test(text)) fail('VALUE_NO_NUMBER', { written });
  return text;
}

/**
 * Parse a value as written. `changeWord` is the figure's change_word: a word of change the paragraph writes
 * apart from the number (下降 in 分别下降1.2%和0.5%). Throws a DataError (with a code) for anything the rules do
 * not read.
 */
export function parseValue(written: string, kind: Kind = 'actual', changeWord = ''): ParsedValue {
  const text = cleaned(written);
  const lead = readLead(text);
  if (!NUMBER_AT_START.test(lead.rest)) {
    const at = lead.rest.search(/[-−]?\d/);
    if (at < 0) fail('VALUE_NO_NUMBER', { written });
    fail('VALUE_UNKNOWN_QUALIFIER', { qualifier: lead.rest.slice(0, at), written });
  }
  let verb = lead.verb;
  if (changeWord !== '') {
    if (verb || lead.toLevel) fail('VALUE_CHANGE_WORD_TWICE', { word: changeWord, written });
    const read = readChangeWord(changeWord);
    if (!read) fail('VALUE_UNKNOWN_CHANGE_WORD', { word: changeWord });
    verb = { word: changeWord, ...read };
  }
  const tail = readTail(lead.rest, written);
  const { value: magnitude, word } = exactValue(tail, written);
  const changed = verb !== undefined && !lead.toLevel;
  const measure = measureOf(changed, verb?.annual ?? false, word, written);
  if (word === TIMES && changed && verb!.sign < 0) fail('VALUE_TIMES', { written, reason: 'a decline by times' });
  const sign = (changed ? verb!.sign : 1) * (tail.minus || lead.negative ? -1 : 1);
  let value = word === TIMES && changed ? new Big(magnitude).times(100).toFixed() : magnitude;
  if (sign < 0 && value !== '0') value = '-' + value;
  const comparator = comparatorOf([...lead.found, ...tail.found], kind, written);
  return {
    // a decline turns the bound round: 下降5%以上 is a change of at most −5
    comparator: changed && verb!.sign < 0 ? MIRRORED[comparator] : comparator,
    value,
    measureWord: word === TIMES && changed ? '%' : word,
    qualifiers: [...lead.qualifiers, ...tail.qualifiers],
    measure,
    base: lead.base,
    estimate: lead.estimate,
    changeWord: changed ? verb!.word : '',
  };
}
