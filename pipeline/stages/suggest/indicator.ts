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

/** How well a name must fit the words (see Matcher) to be proposed; and the sentence, where it fits no words. */
const ENOUGH = 0.45;
const IN_CONTEXT = 0.35;

const pairs = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
const harmonic = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

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

/** The words around a subject: the sentence before it, and the words after its number to the end of the clause. */
export interface Around {
  before: string;
  after: string;
}

/**
 * Matches words to the indicators of one registry. Character pairs are weighed by how few names hold them (`卫生`
 * tells more than `服务`); a pair no name holds weighs 1.
 */
export class Matcher {
  private readonly weights = new Map<string, number>();

  constructor(readonly indicators: readonly KnownIndicator[]) {
    const df = new Map<string, number>();
    for (const i of indicators) for (const p of new Set(namesOf(i).flatMap(pairs))) df.set(p, (df.get(p) ?? 0) + 1);
    for (const [p, n] of df) this.weights.set(p, Math.log(1 + indicators.length / n));
  }

  /**
   * The weighed share of `of`'s pairs found in `inside`. A pair no name holds weighs as much as the rarest (`unseen`
   * 'rare': words no indicator speaks of tell against every one), or 1 where words are only to be found in names.
   */
  private share(of: string, inside: string, unseen: 'rare' | 'plain' = 'rare'): number {
    const none = unseen === 'rare' ? Math.log(1 + this.indicators.length) : 1;
    const weight = (p: string) => this.weights.get(p) ?? none;
    const ps = pairs(of);
    const total = ps.reduce((s, p) => s + weight(p), 0);
    return total > 0 ? ps.filter((p) => inside.includes(p)).reduce((s, p) => s + weight(p), 0) / total : 0;
  }

  /** How well a name fits the words: the harmonic mean of both shares (a name written whole has all of its own). */
  private scoreOf(i: KnownIndicator, words: string): { score: number; how: IndicatorMatch['how'] } {
    let best = { score: 0, how: 'similar' as IndicatorMatch['how'] };
    namesOf(i).forEach((name, k) => {
      const whole = words.includes(name);
      const f = harmonic(whole ? 1 : this.share(name, words), this.share(words, name));
      const clash = (ADDED.test(words) && STOCK.test(name)) || (STOCK.test(words) && ADDED.test(name));
      const score = f * (clash ? 0.8 : 1) + (whole ? 0.01 : 0);
      if (score > best.score) best = { score, how: whole ? (k === 0 ? 'label' : 'alias') : 'similar' };
    });
    return best;
  }

  /** The best share of an indicator's names found in `text`. */
  private found = (i: KnownIndicator, text: string) => Math.max(0, ...namesOf(i).map((n) => this.share(n, text)));

  /**
   * The indicator `words` name, among those that fit `shape` and are not `taken`. Where the words alone name none and
   * are few (`男性`, `累计`), or the words after the number do (`15分钟养老服务圈`): the one most of whose name the
   * sentence around writes, holding half the words (户籍人口中，男性 -> 户籍男性人口) or half the words after.
   */
  match(
    words: string,
    around: Around,
    shape: FigureShape,
    taken?: ReadonlySet<KnownIndicator>,
  ): IndicatorMatch | undefined {
    // a name may end with the figure's measure word: 总诊疗人次, 接待游客人次
    const own = plainWords(words);
    const plain = own + (own !== '' && /^\p{Script=Han}+$/u.test(shape.measureWord) ? shape.measureWord : '');
    const context = plainWords(around.before) + plain + plainWords(around.after);
    const candidates = this.indicators.filter((i) => fits(i, shape) && !taken?.has(i));
    const best = (i: KnownIndicator) =>
      [this.scoreOf(i, plain), this.scoreOf(i, own)].sort((a, b) => b.score - a.score)[0]!;
    const ranked = candidates
      .map((indicator) => ({ indicator, ...best(indicator) }))
      .filter((m) => plain !== '' && m.score >= ENOUGH)
      .sort((a, b) => b.score - a.score || this.found(b.indicator, context) - this.found(a.indicator, context));
    if (ranked[0] || (around.before === '' && around.after === '')) return ranked[0];
    return this.inContext(own.length <= 4 ? plain : '', plainWords(around.after), context, candidates);
  }

  /** The fallback of match: a name most of which the sentence writes, holding half the few words or the words after. */
  private inContext(few: string, after: string, context: string, candidates: readonly KnownIndicator[]) {
    return candidates
      .map((indicator) => {
        const names = namesOf(indicator).join('|');
        const held = Math.max(this.share(few, names, 'plain'), this.share(after, names, 'plain'));
        const score = held >= 0.5 ? 0.9 * harmonic(this.found(indicator, context), held) : 0;
        return { indicator, how: 'similar' as const, score };
      })
      .filter((m) => m.score >= IN_CONTEXT)
      .sort((a, b) => b.score - a.score)[0];
  }

  /** Whether an indicator that fits `shape` has a name written whole in `words` that holds `part` (`城镇居民` of `城镇居民人均可支配收入`). */
  namedWhole(words: string, part: string, shape: FigureShape): boolean {
    const plain = plainWords(words);
    return this.indicators.some(
      (i) => fits(i, shape) && namesOf(i).some((n) => plain.includes(n) && n.includes(plainWords(part))),
    );
  }

  /**
   * The indicators of the n numbers of a structure ratio (`三次产业结构为6.9:40.1:53.0`): as many indicators with units
   * that read bare numbers, all named by the words, in the registry's order. Undefined where there are not n.
   */
  ratio(words: string, count: number): KnownIndicator[] | undefined {
    const plain = plainWords(words);
    const named = this.indicators.filter(
      (i) => i.bareNumber === true && namesOf(i).some((name) => plain.includes(name)),
    );
    return named.length === count ? named : undefined;
  }
}

/** The indicator `words` name (see Matcher.match), for a registry used once. */
export function matchIndicator(
  words: string,
  around: Around,
  shape: FigureShape,
  indicators: readonly KnownIndicator[],
): IndicatorMatch | undefined {
  return new Matcher(indicators).match(words, around, shape);
}
