/**
 * A number's value as written around it, exactly as the grammar of normalize/values.ts reads it: after the
 * number, a multiplier (`万`, `亿`), `余`/`多`, a measure word (`美元`, `车次`, `个百分点`, `/10万`) and a qualifier
 * (`以上`, quotes in between kept as written); before it, the longest run of words the grammar reads, found by
 * asking the grammar itself (parseValue): a sign (`-3.12‰`, `负2.93‰`), qualifiers (`达到`, `控制在`), a verb of
 * change (`下降98.1%`, `提高到6.9张`), 年均, a base phrase (`比2018年增加7417元`, `比“十三五”末提高17个百分点`) and
 * 预计 (`预计达到3.1%`), as far as the text joins them to the number.
 */
import { INFIXES, MULTIPLIERS, parseValue, SUFFIXES } from '../normalize/values.js';
import { asciiDigits, type NumberInText } from '../trace/numbers.js';

/**
 * Measure words (量词) and units often written after a number in Chinese reports, besides those of the unit
 * registry. A multiplier is read before them, so `万吨` is 万 + 吨, as values.ts reads it. Words that mostly name
 * things rather than count them (号, 班, 级, 点) are left out: such numbers are no figures.
 */
export const COMMON_MEASURE_WORDS = [
  '个百分点',
  '个千分点',
  '微克/立方米',
  '毫克/立方米',
  '平方公里',
  '平方千米',
  '平方米',
  '立方米',
  '千瓦时',
  '个工作日',
  '个月',
  '人次',
  '场次',
  '户次',
  '件次',
  '车次',
  '架次',
  '艘次',
  '班次',
  '标箱',
  '美元',
  '欧元',
  '港元',
  '小时',
  '分钟',
  '公里',
  '千米',
  '公斤',
  '千克',
  '公顷',
  '千瓦',
  '周岁',
  ...'个人名位户家所座项件台辆套张床篇本册条处门场次批支届期栋间吨亩米克升瓦岁天年周倍例元分艘架宗起种类头只株棵部幢',
];

/** Characters before 达, 约, 超 or 近 that make them part of another word (下达, 节约, 赶超, 附近). */
export const NOT_A_QUALIFIER: Record<string, RegExp> = {
  达: /[下到抵发传表送直通高]$/,
  约: /[节预签合制条履违特公集]$/,
  超: /[赶]$/,
  近: /[附接最]$/,
};

const longestFirst = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => b.length - a.length);
/** 十 and 百 are left out: after a number they are rarely multipliers in reports (`100余门`, not `1百`). */
const MULTIPLIER_WORDS = longestFirst(MULTIPLIERS.map(([m]) => m).filter((m) => m !== '十' && m !== '百'));
const INFIX_WORDS = longestFirst(INFIXES.map(([q]) => q));
const SUFFIX_WORDS = longestFirst(SUFFIXES.map(([q]) => q));
const BOUNDS = ['以上', '以下', '以内', '左右'];
const CLOSING_QUOTES = /^[”’」』"']+/;
/** A second number after a dash: `3—5人`, `0—6岁`, `0-15岁`. */
const RANGE_END = /^[—–\-~～至到]\d+(?:\.\d+)?/;
/** A rate per so many written as a fraction: `9.64/10万`. */
const PER_N = /^(\d+(?:\.\d+)?)(\/(?:1|10|100))$/;
/** Where the words that may belong to a value end, going back from its number. */
const LEAD_STOP = /[，,；;。：:、！？!?（）()\s]/;
const LEAD_MAX = 24;

export interface WrittenValue {
  /** Offsets in the paragraph, [start, end). */
  start: number;
  end: number;
  text: string;
  /** Where its digits start. */
  digits: number;
  /** The measure word or `%`/`‰`; '' when none was recognised. */
  measureWord: string;
  /** A range such as `3—5人`: two numbers, which values.ts does not read as one value. */
  range: boolean;
}

/** Ready-made list of measure words, longest first: the common ones and those of the unit registry. */
export function measureWordList(fromUnits: Iterable<string> = []): string[] {
  return longestFirst([...COMMON_MEASURE_WORDS, ...fromUnits].filter((w) => w !== ''));
}

const startingWith = (text: string, at: number, words: readonly string[]) => words.find((w) => text.startsWith(w, at));

/** Where the value of number `n` ends, with its measure word. */
function tailOf(paragraph: string, n: NumberInText, measureWords: readonly string[]) {
  const ascii = asciiDigits(paragraph);
  let at = n.end;
  const range = RANGE_END.exec(ascii.slice(at));
  if (range) at += range[0].length;
  const number = ascii.slice(n.start, at);
  let measureWord = /[%‰]$/.test(number) ? number.slice(-1) : '';
  const perN = PER_N.exec(number);
  if (perN && /^[百千万亿]/.test(paragraph.slice(at))) [measureWord, at] = [`${perN[2]}${paragraph[at]}`, at + 1];
  else if (!measureWord && !number.includes('/')) {
    at += startingWith(paragraph, at, MULTIPLIER_WORDS)?.length ?? 0;
    at += startingWith(paragraph, at, INFIX_WORDS)?.length ?? 0;
    measureWord = startingWith(paragraph, at, measureWords) ?? '';
    at += measureWord.length;
  }
  if (measureWord || number.includes('/')) {
    const quotes = CLOSING_QUOTES.exec(paragraph.slice(at))?.[0] ?? '';
    const suffix = startingWith(paragraph, at + quotes.length, SUFFIX_WORDS);
    if (suffix) at += quotes.length + suffix.length;
  } else if (at === n.end) {
    // a bare ratio with a bound (`缩小到2.0以内`); not 余 or 多, which after a bare number are other words
    at += startingWith(paragraph, at, BOUNDS)?.length ?? 0;
  }
  return { end: at, measureWord, range: range !== null };
}

const readable = (text: string) => {
  try {
    parseValue(text);
    return true;
  } catch {
    return false;
  }
};

/** Where the value starts: the earliest offset from which the grammar reads everything up to `end`. */
function leadStart(paragraph: string, digits: number, end: number, from: number): number {
  let first = digits;
  while (first > from && digits - first < LEAD_MAX && !LEAD_STOP.test(paragraph[first - 1]!)) first--;
  for (let at = first; at < digits; at++) {
    const rule = NOT_A_QUALIFIER[paragraph[at]!];
    if (rule?.test(paragraph.slice(0, at))) continue;
    if (/\d/.test(paragraph[at - 1] ?? '') && /[-−]/.test(paragraph[at]!)) continue; // 0-15岁: a range
    if (/[“”‘’"']/.test(paragraph[at]!)) continue; // “口袋公园”12个: the quote closes a name before the value
    if (readable(paragraph.slice(at, end))) return at;
  }
  return digits;
}

/**
 * The value written around number `n` of `paragraph`; `measureWords` longest first (measureWordList), `from` the
 * offset before which it may not start (the end of the value before it).
 */
export function valueAround(
  paragraph: string,
  n: NumberInText,
  measureWords: readonly string[],
  from = 0,
): WrittenValue {
  const tail = tailOf(paragraph, n, measureWords);
  const start = tail.range ? n.start : leadStart(paragraph, n.start, tail.end, from);
  return {
    start,
    end: tail.end,
    text: paragraph.slice(start, tail.end),
    digits: n.start,
    measureWord: tail.measureWord,
    range: tail.range,
  };
}
