/**
 * Which indicator of the registry a figure measures, from the words of its subject: an indicator whose label_zh
 * or one of whose aliases is written in them, else the one most of whose label's character pairs are, among
 * those whose unit fits the figure (its measure word for a level or an absolute change; `%` or `‰` for a change
 * in points; a unit that reads bare numbers for a number with no measure word). Ties go to the name that fits the
 * sentence around best.
 */
import type { Measure } from '../normalize/grammar.js';
import { plainWords } from './context.js';

/** A known indicator, as suggest needs it. */
export interface KnownIndicator {
  indicator_id: string;
  domain: string;
  label_zh: string;
  /** Other names reports write for it. */
  aliases?: readonly string[];
  unit_id?: string;
  /** The measure words its unit accepts; empty when unknown (any is accepted). */
  measureWords: readonly string[];
  /** Its unit reads a number written with no measure word (a share of a structure ratio, an index). */
  bareNumber?: boolean;
}

export interface IndicatorMatch {
  indicator: KnownIndicator;
  /** 'label' or 'alias' when a name is written in the words as it is, 'similar' when only most of it is. */
  how: 'label' | 'alias' | 'similar';
  score: number;
}

/** What a figure is, for the unit its indicator must have. */
export interface FigureShape {
  measure: Measure;
  measureWord: string;
}

/** How well a name must fit the words (see scoreOf) to be proposed; and the sentence, where it fits no words. */
const ENOUGH = 0.4;
const IN_CONTEXT = 0.35;

const pairs = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));

/** Share of a name's character pairs found in the words. */
function similarity(name: string, words: string): number {
  const namePairs = pairs(name);
  if (namePairs.length < 2) return 0;
  return namePairs.filter((p) => words.includes(p)).length / namePairs.length;
}

/** Words of a count of what was added (新增, 新建) and of a stock (总数, 累计): a name of the one fits the other less. */
const ADDED = /新增|新建|新认定|新开|新开通|建成/;
const STOCK = /总数|总量|余额|累计|保有/;
const namesOf = (i: KnownIndicator) => [i.label_zh, ...(i.aliases ?? [])].map(plainWords).filter((n) => n.length >= 2);

/** Whether an indicator's unit fits a figure of this shape. */
export function fits(i: KnownIndicator, shape: FigureShape): boolean {
  if (i.measureWords.length === 0 && !i.bareNumber) return true;
  switch (shape.measure) {
    case 'change_percent':
    case 'annual_average_change_percent':
      return true;
    case 'change_points':
      return i.measureWords.includes(shape.measureWord === '个千分点' ? '‰' : '%');
    default:
      return shape.measureWord === '' ? i.bareNumber === true : i.measureWords.includes(shape.measureWord);
  }
}

/**
 * How well an indicator's names fit the words: the harmonic mean of the share of a name's character pairs found in
 * the words and the share of the words' pairs found in the name (a name written whole scores 1 on the first), less
 * where one speaks of what was added and the other of a stock.
 */
function scoreOf(i: KnownIndicator, words: string): { score: number; how: IndicatorMatch['how'] } {
  let best = { score: 0, how: 'similar' as IndicatorMatch['how'] };
  const wordPairs = pairs(words);
  namesOf(i).forEach((name, k) => {
    const whole = words.includes(name);
    const precision = whole ? 1 : similarity(name, words);
    const recall = wordPairs.length ? wordPairs.filter((p) => name.includes(p)).length / wordPairs.length : 0;
    const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const clash = (ADDED.test(words) && STOCK.test(name)) || (STOCK.test(words) && ADDED.test(name));
    const score = f * (clash ? 0.8 : 1) + (whole ? 0.01 : 0);
    if (score > best.score) best = { score, how: whole ? (k === 0 ? 'label' : 'alias') : 'similar' };
  });
  return best;
}

/**
 * The indicator `words` name, among those that fit `shape`; `context` (the sentence before) breaks ties and is
 * tried when the words alone name none.
 */
export function matchIndicator(
  words: string,
  context: string,
  shape: FigureShape,
  indicators: readonly KnownIndicator[],
): IndicatorMatch | undefined {
  // a name often ends with the figure's measure word: 总诊疗人次, 接待游客人次
  const plain =
    plainWords(words) +
    (plainWords(words) !== '' && /^\p{Script=Han}+$/u.test(shape.measureWord) ? shape.measureWord : '');
  const around = plainWords(context);
  const candidates = indicators.filter((i) => fits(i, shape));
  const tie = (i: KnownIndicator) => Math.max(...namesOf(i).map((n) => similarity(n, around + plain)), 0);
  const ranked = candidates
    .map((indicator) => ({ indicator, ...scoreOf(indicator, plain) }))
    .filter((m) => plain !== '' && m.score >= ENOUGH)
    .sort((a, b) => b.score - a.score || tie(b.indicator) - tie(a.indicator));
  if (ranked[0]) return ranked[0];
  // no name fits the subject's own words: the one most of whose name the sentence around writes, and which holds
  // the subject's words (户籍人口中，男性 -> 户籍男性人口), or half as good without them
  const ownPairs = pairs(plain);
  const inContext = candidates
    .map((indicator) => {
      const p = tie(indicator);
      const name = plainWords(indicator.label_zh);
      const r = ownPairs.length ? ownPairs.filter((x) => name.includes(x)).length / ownPairs.length : 1;
      const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
      return { indicator, how: 'similar' as const, score: 0.9 * Math.max(f, 0.75 * p) };
    })
    .filter((m) => m.score >= IN_CONTEXT)
    .sort((a, b) => b.score - a.score);
  return inContext[0];
}

/** Whether an indicator that fits `shape` has a name written whole in `words` that holds `part` (`城镇居民` of `城镇居民人均可支配收入`). */
export function namedWhole(
  words: string,
  part: string,
  shape: FigureShape,
  indicators: readonly KnownIndicator[],
): boolean {
  const plain = plainWords(words);
  return indicators.some(
    (i) => fits(i, shape) && namesOf(i).some((n) => plain.includes(n) && n.includes(plainWords(part))),
  );
}

/**
 * The indicators of the n numbers of a structure ratio (`三次产业结构为6.9:40.1:53.0`): as many indicators with units
 * that read bare numbers, all named by the words, in the registry's order. Undefined where there are not n.
 */
export function ratioIndicators(
  words: string,
  count: number,
  indicators: readonly KnownIndicator[],
): KnownIndicator[] | undefined {
  const plain = plainWords(words);
  const named = indicators.filter((i) => i.bareNumber === true && namesOf(i).some((name) => plain.includes(name)));
  return named.length === count ? named : undefined;
}
