/**
 * A number's value as written around it, in the grammar of normalize/values.ts: a qualifier before it
 * (`近`, `控制在`), a multiplier (`万`, `亿`), an infix (`余`, `多`), a measure word or `%`, and a qualifier
 * after it (`以上`, `以内`), quotes in between kept as written (`2.42万人”以上`).
 */
import { INFIXES, MULTIPLIERS, PREFIXES, SUFFIXES } from '../normalize/values.js';
import { asciiDigits, type NumberInText } from '../trace/numbers.js';

/**
 * Measure words (量词) and units often written after a number in Chinese reports. A multiplier is read
 * before them, so `千米` is 千 + 米, as values.ts reads it.
 */
export const COMMON_MEASURE_WORDS = [
  '个百分点',
  '平方公里',
  '平方米',
  '立方米',
  '个月',
  '人次',
  '场次',
  '户次',
  '件次',
  '小时',
  '分钟',
  '公里',
  '公斤',
  '公顷',
  ...'个人名位户家所座项件台辆套张床篇本册条处门场次批支届期栋间吨亩米克瓦岁天年周倍例元分点级班号',
];

/** Characters before 达 or 约 that make them part of another word (下达 = hand down, 节约 = save). */
const NOT_A_QUALIFIER: Record<string, RegExp> = { 达: /[下到抵发传表送直通]$/, 约: /[节预签合制条履违特公集]$/ };

const longestFirst = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => b.length - a.length);
const PREFIX_WORDS = longestFirst(PREFIXES.map(([q]) => q));
const MULTIPLIER_WORDS = longestFirst(MULTIPLIERS.map(([m]) => m));
const INFIX_WORDS = longestFirst(INFIXES.map(([q]) => q));
const SUFFIX_WORDS = longestFirst(SUFFIXES.map(([q]) => q));
const CLOSING_QUOTES = /^[”’」』"']+/;
/** A second number after a dash: `3—5人`, `0—6岁`. */
const RANGE_END = /^[—–\-~～至到]\d+(?:\.\d+)?/;

export interface WrittenValue {
  /** Offsets in the paragraph, [start, end). */
  start: number;
  end: number;
  text: string;
  /** The measure word or `%`/`‰`; '' when none was recognised. */
  measureWord: string;
  /** A range such as `3—5人`: two numbers, which values.ts does not read as one value. */
  range: boolean;
}

/** Ready-made list of measure words, longest first: the common ones and those of the unit registry. */
export function measureWordList(fromUnits: Iterable<string> = []): string[] {
  return longestFirst([...COMMON_MEASURE_WORDS, ...fromUnits]);
}

const startingWith = (text: string, at: number, words: readonly string[]) => words.find((w) => text.startsWith(w, at));

function prefixBefore(paragraph: string, start: number): string {
  const q = PREFIX_WORDS.find((w) => paragraph.slice(Math.max(0, start - w.length), start) === w);
  if (!q) return '';
  const rule = NOT_A_QUALIFIER[q];
  return rule?.test(paragraph.slice(0, start - q.length)) ? '' : q;
}

/** The value written around number `n` of `paragraph`; `measureWords` longest first (measureWordList). */
export function valueAround(paragraph: string, n: NumberInText, measureWords: readonly string[]): WrittenValue {
  const ascii = asciiDigits(paragraph);
  const start = n.start - prefixBefore(paragraph, n.start).length;
  let at = n.end;
  const range = RANGE_END.exec(ascii.slice(at));
  if (range) at += range[0].length;
  const number = ascii.slice(n.start, at);
  // a fraction is a share of a whole and takes no measure word (values.ts reads 1/2 as 50%)
  const fraction = number.includes('/');
  let measureWord = /[%‰]$/.test(number) ? number.slice(-1) : '';
  if (!measureWord && !fraction) {
    at += startingWith(paragraph, at, MULTIPLIER_WORDS)?.length ?? 0;
    at += startingWith(paragraph, at, INFIX_WORDS)?.length ?? 0;
    measureWord = startingWith(paragraph, at, measureWords) ?? '';
    at += measureWord.length;
  }
  if (measureWord || fraction) {
    const quotes = CLOSING_QUOTES.exec(paragraph.slice(at))?.[0] ?? '';
    const suffix = startingWith(paragraph, at + quotes.length, SUFFIX_WORDS);
    if (suffix) at += quotes.length + suffix.length;
  }
  return { start, end: at, text: paragraph.slice(start, at), measureWord, range: range !== null };
}
