/**
 * The grammar of figures as local-government reports write them, as data: the words the value rules read
 * (values.ts), in the order they may stand before and after a number. docs/rules.md lists the same; a word
 * not here is an error, never a guess.
 *
 *   [预计] [base] [年均] [verb [到|至]] [qualifier…] [sign] number [multiplier] [余|多] [measure word] [qualifier]
 *
 * `比上年增长2.6%`, `下降98.1%`, `增加0.91万人`, `提高0.64个百分点`, `比2019年增加6021元`, `增长1.2倍`,
 * `预计1.3亿美元`, `控制在5.5%以内`, `−2.11‰`, `提高到6.9张` (a level: the verb says what it rose to).
 */
import type { Comparator } from '../../core/comparators.js';

/** What a figure states of its indicator (the published `measure`). */
export const MEASURES = [
  'level',
  'change_percent',
  'change_absolute',
  'change_points',
  'annual_average_change_percent',
  'annual_average_change_absolute',
] as const;
export type Measure = (typeof MEASURES)[number];

/** Marks an estimate: 预计 on a period already over at publication (else a forecast: a target). */
export const ESTIMATE_WORDS = ['预计'] as const;

/**
 * The base of a change, as value_text writes it. `previous`: the same period a year earlier (比上年, 同比);
 * `previous-end`: the end of the year before (比上年末, 比年初); `year` and `year-end`: a year the text names
 * (比2019年, 比2019年末); `plan` and `plan-end`: a five-year plan's period or its last day (比“十三五”时期, 比“十三五”末).
 */
export type BaseWritten =
  | { kind: 'previous' }
  | { kind: 'previous-end' }
  | { kind: 'year'; year: number }
  | { kind: 'year-end'; year: number }
  | { kind: 'plan'; plan: string }
  | { kind: 'plan-end'; plan: string };

/** Base phrases, longest first; `(\d{4})` and `(十[一二三四五]五)` are read into the base. Quotes are dropped before. */
export const BASE_PHRASES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => BaseWritten]> = [
  [/^(?:比|较)(?:上年|去年)(?:末|底)/, () => ({ kind: 'previous-end' })],
  [/^(?:比|较)年初/, () => ({ kind: 'previous-end' })],
  [/^(?:比|较)(?:上年|去年)同期/, () => ({ kind: 'previous' })],
  [/^(?:比|较)(?:上年|去年)/, () => ({ kind: 'previous' })],
  [/^同比/, () => ({ kind: 'previous' })],
  [/^(?:比|较)(\d{4})年(?:末|底)/, (m) => ({ kind: 'year-end', year: Number(m[1]) })],
  [/^(?:比|较)(\d{4})年/, (m) => ({ kind: 'year', year: Number(m[1]) })],
  [/^(?:比|较)(十[一二三四五]五)(?:末|期末)/, (m) => ({ kind: 'plan-end', plan: m[1]! })],
  [/^(?:比|较)(十[一二三四五]五)(?:时期|期间)?/, (m) => ({ kind: 'plan', plan: m[1]! })],
];

/** Verbs of change and their sign. */
export const VERBS: ReadonlyArray<[string, 1 | -1]> = [
  ['增长', 1],
  ['增加', 1],
  ['提高', 1],
  ['上升', 1],
  ['扩大', 1],
  ['上涨', 1],
  ['提升', 1],
  ['回升', 1],
  ['增多', 1],
  ['加快', 1],
  ['下降', -1],
  ['减少', -1],
  ['降低', -1],
  ['回落', -1],
  ['下滑', -1],
  ['缩小', -1],
  ['缩短', -1],
  ['下跌', -1],
  ['放缓', -1],
  ['收窄', -1],
];

/**
 * A verb followed by 到 or 至 says what the indicator rose or fell to: a level, not a change (提高到6.9张, 降至3.1%,
 * 增至2100个). The single-character verbs are read only so.
 */
export const TO_WORDS = ['到', '至'] as const;
export const TO_ONLY_VERBS = ['增', '降', '减', '升', '提'] as const;

/** Words of change a curator may give in `change_word` where the text does not join them to the number. */
export const CHANGE_NOUNS: ReadonlyArray<[string, 1 | -1]> = [
  ['增速', 1],
  ['增幅', 1],
  ['涨幅', 1],
  ['降幅', -1],
];

/** 年均 before a verb: the average change per year over the period. */
export const ANNUAL_AVERAGE = '年均';

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
 * Qualifier -> comparator (Civil Code art. 1259: 以上, 以下 and 以内 include the number). `neutral` is 达/达到 and
 * the words of keeping (稳定在, 保持在): eq on an actual, gte on a target, and no opinion next to another qualifier.
 */
export const PREFIXES: ReadonlyArray<[string, Comparator | 'neutral']> = [
  ['控制在', 'lte'],
  ['不低于', 'gte'],
  ['不少于', 'gte'],
  ['不超过', 'lte'],
  ['稳定在', 'neutral'],
  ['保持在', 'neutral'],
  ['达到', 'neutral'],
  ['超过', 'gt'],
  ['突破', 'gt'],
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['多于', 'gt'],
  ['低于', 'lt'],
  ['少于', 'lt'],
  ['小于', 'lt'],
  ['不到', 'lt'],
  ['至少', 'gte'],
  ['最多', 'lte'],
  ['≥', 'gte'],
  ['≤', 'lte'],
  ['>', 'gt'],
  ['<', 'lt'],
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

/** A minus written as a word before the number: 负2.93‰. */
export const NEGATIVE_WORD = '负';

/** Measure words of a change: `倍` multiplies by 100 into percent (增长1.2倍 = +120%); points of a percentage. */
export const TIMES = '倍';
export const POINTS_WORDS = ['个百分点', '个千分点'] as const;
