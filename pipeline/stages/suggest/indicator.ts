/**
 * Which indicator of the registry a figure measures, from the words of its subject: an indicator whose label_zh
 * or one of whose aliases is written in them, else the one most of whose label's character pairs are, among
 * those whose unit fits the figure (its measure word for a level or an absolute change; `%` or `‰` for a change
 * in points; a unit that reads bare numbers for a number with no measure word). Words and names are compared in one
 * spelling (names.ts: `规上` is 规模以上, `城镇居民` 城镇常住居民). Ties go to the name that fits the sentence around
 * best; where two fit it equally, no indicator is proposed rather than the wrong one.
 */
import type { Measure } from '../normalize/grammar.js';
import { canonical, spellings } from './names.js';

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
  /**
   * 'label' or 'alias' when a name is written in the words as it is, 'similar' when only most of it is, 'completed'
   * when the words are the start of a name whose ending the subject before writes (`乡村` after `城镇消费品零售额`).
   */
  how: 'label' | 'alias' | 'similar' | 'completed';
  score: number;
}

/** The indicator match proposes, or none; and where none because several fit equally, those. */
export interface Decision {
  match?: IndicatorMatch;
  rivals: KnownIndicator[];
}

/** What a figure is, for the unit its indicator must have. */
export interface FigureShape {
  measure: Measure;
  measureWord: string;
  /** A level of nought written bare (`孕产妇死亡率为0`): it needs no measure word, so any unit reads it. */
  zero?: boolean;
}

/** How well a name must fit the words (see Matcher) to be proposed; and the sentence, where it fits no words. */
const ENOUGH = 0.45;
const IN_CONTEXT = 0.35;
/**
 * Endings of a name that say only that it counts, sums, rates or indexes what it names (在校学生数, 货物出口总额, …比例,
 * 居民消费价格指数: a report writes 居民消费价格上涨 of the index).
 */
const GENERIC_ENDING = /(?:人数|总数|数量|总额|金额|总量|比例|指数|数|额|量)$/;
/**
 * The pieces of a name outside the words it holds, in order: the words whole (`在校学生` in 各级各类学校在校学生数), or in
 * two parts of two characters at least with words between them (`新增学位` in 新增中小学和幼儿园学位数). Undefined where it
 * holds them neither way.
 */
function outside(name: string, words: string): string[] | undefined {
  const at = name.indexOf(words);
  if (at >= 0) return [name.slice(0, at), name.slice(at + words.length)];
  for (let cut = 2; cut <= words.length - 2; cut++) {
    const [head, tail] = [words.slice(0, cut), words.slice(cut)];
    const h = name.indexOf(head);
    const t = h < 0 ? -1 : name.indexOf(tail, h + head.length + 1);
    if (t >= 0) return [name.slice(0, h), name.slice(h + head.length, t), name.slice(t + tail.length)];
  }
  return undefined;
}

/** Whether the sentence writes words: as they are, or most of their character pairs (就业困难人员就业3926人，完成). */
const written = (words: string, sentence: string) => {
  const ps = pairs(words);
  return (
    sentence.includes(words) || (ps.length > 0 && ps.filter((p) => sentence.includes(p)).length / ps.length >= 0.75)
  );
};
/** Two scores closer than this are equal; one this many times another is clearly better. */
const TIE = 1e-6;
const CLEAR = 1.5;

const pairs = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
const harmonic = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/**
 * How well a name fits words that end with it (`忠县在城区和重点镇新建零工驿站` ends with 零工驿站), or that hold it in
 * two parts with a word or two between and end with the second (`新增公办学位` holds 新增…学位, `科技领域支出` 科技…支出):
 * a subject's last words are its noun, and what comes before them says where, when or which. Enough to be proposed
 * (ENOUGH), less than a name that is all the words.
 */
const ENDS_WITH = 0.5;
const HELD_APART = 0.6;

/**
 * Whether `words` hold `name` in two parts of two characters or more, at most four characters apart, ending the words:
 * its start and its end, with at most three characters of the name between them left out (`城镇市场实现零售额` holds
 * 城镇…零售额 of 城镇消费品零售额). 1 where nothing of the name is left out or what is left out the sentence around
 * writes (`said`: 县级重点项目…完成年度投资 holds 县级重点项目完成投资), less where something else is, 0 where not held.
 */
function heldApart(name: string, words: string, said: string): number {
  if (!words.endsWith(name.slice(-2))) return 0;
  let best = 0;
  for (let k = 2; k <= name.length - 2; k++)
    for (let j = k; j <= Math.min(k + 3, name.length - 2); j++) {
      const [head, tail] = [name.slice(0, k), name.slice(j)];
      const at = words.lastIndexOf(head, words.length - tail.length - 1);
      const gap = words.length - tail.length - (at + head.length);
      const between = words.slice(at + head.length, words.length - tail.length);
      // what stands between qualifies the name: a list there (中小学和) makes the end another thing's
      if (at >= 0 && words.endsWith(tail) && gap > 0 && gap <= 4 && !/[和及与、或]/.test(between))
        best = Math.max(best, j === k || said.includes(name.slice(k, j)) ? 1 : 0.9);
    }
  return best;
}

/** Measures of a change in per cent of an amount, and the words that make a name a share of something. */
const CHANGE_OF_AMOUNT = new Set<FigureShape['measure']>(['change_percent', 'annual_average_change_percent']);
const SHARE = /占|比重|占比|比例/;

/** A rate per so many people or things: 每千人口, 每万人, 千人口. */
const PER_N = /每[十百千万]|[千万]人口/;

/** Words of a count of what was added (新增, 新建) and of a stock (总数, 累计): a name of the one fits the other less. */
const ADDED = /新增|新建|新认定|新开|新开通|建成/;
const STOCK = /总数|总量|余额|累计|保有/;
/** The names of an indicator in every spelling, each with whether it is its label's. */
const spelt = (i: KnownIndicator) =>
  [...new Set([...spellings(i.label_zh), ...(i.aliases ?? []).flatMap(spellings)]).values()].map((name) => ({
    name,
    label: spellings(i.label_zh).includes(name),
  }));

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
      if (shape.measureWord === '') return i.bareNumber === true || shape.zero === true;
      return i.measureWords.includes(shape.measureWord);
  }
}

/** The words around a subject: the sentence before it, and the words after its number to the end of the clause. */
export interface Around {
  before: string;
  after: string;
  /** The subject of the figure before it, where it has one of its own: the nearest words that may tell names apart. */
  previous?: string;
  /** The paragraph before the sentence: where several names hold the words, it may say which (各类卫生机构…。实有床位). */
  earlier?: string;
}

/**
 * Matches words to the indicators of one registry. Character pairs are weighed by how few names hold them (`卫生`
 * tells more than `服务`); a pair no name holds weighs 1.
 */
export class Matcher {
  private readonly weights = new Map<string, number>();
  private readonly names = new Map<KnownIndicator, { name: string; label: boolean }[]>();
  /** Characters weighed as pairs are, for byCharacters. */
  private readonly charWeights = new Map<string, number>();

  constructor(readonly indicators: readonly KnownIndicator[]) {
    for (const i of indicators) this.names.set(i, spelt(i));
    this.weigh(this.weights, (i) => this.namesOf(i).flatMap(pairs));
    this.weigh(this.charWeights, (i) => [...this.namesOf(i).join('')]);
  }

  /** Each unit (a character pair, a character) weighed by how few indicators' names hold it. */
  private weigh(into: Map<string, number>, unitsOf: (i: KnownIndicator) => string[]): void {
    const held = new Map<string, number>();
    for (const i of this.indicators) for (const u of new Set(unitsOf(i))) held.set(u, (held.get(u) ?? 0) + 1);
    for (const [u, n] of held) into.set(u, Math.log(1 + this.indicators.length / n));
  }

  private namesOf(i: KnownIndicator): string[] {
    return (this.names.get(i) ?? spelt(i)).map((n) => n.name);
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
  private scoreOf(i: KnownIndicator, words: string, said = ''): { score: number; how: IndicatorMatch['how'] } {
    let best = { score: 0, how: 'similar' as IndicatorMatch['how'] };
    for (const { name, label } of this.names.get(i) ?? spelt(i)) {
      const whole = words.includes(name);
      // the words end with the name, or with what it counts (培训期数: 开展订单式培训, and its measure word 期); not as
      // the last of several things listed (中小学和幼儿园 ends with no 幼儿园 of its own)
      const end = whole ? name : name.replace(GENERIC_ENDING, '');
      const ends =
        (whole || end !== name) &&
        end.length >= 3 &&
        words.endsWith(end) &&
        !/[和及与、或]$/.test(words.slice(0, -end.length));
      const apart = !whole && name.length >= 4 ? heldApart(name, words, said) : 0;
      const f = Math.max(
        harmonic(whole ? 1 : this.share(name, words), this.share(words, name)),
        // of two names the words end with, the longer (城镇新增就业, not 新增就业)
        ends ? ENDS_WITH + (0.2 * end.length) / words.length : HELD_APART * apart,
      );
      const clash = (ADDED.test(words) && STOCK.test(name)) || (STOCK.test(words) && ADDED.test(name));
      const score = f * (clash ? 0.8 : 1) + (whole ? 0.01 : 0);
      if (score > best.score) best = { score, how: whole ? (label ? 'label' : 'alias') : 'similar' };
    }
    return best;
  }

  /** The best share of an indicator's names found in `text`. */
  private found = (i: KnownIndicator, text: string) => Math.max(0, ...this.namesOf(i).map((n) => this.share(n, text)));

  /** How well the sentence around fits an indicator: its names, then its label (aliases two indicators share tell none apart). */
  private fitsAround(i: KnownIndicator, text: string): number {
    const labels = (this.names.get(i) ?? spelt(i)).filter((n) => n.label).map((n) => this.share(n.name, text));
    return this.found(i, text) + Math.max(0, ...labels);
  }

  /**
   * The indicator `words` name, among those that fit `shape` and are not `taken`. Where the words alone name none and
   * are few (`男性`, `累计`), or the words after the number do (`15分钟养老服务圈`): the one most of whose name the
   * sentence around writes, holding half the words (户籍人口中，男性 -> 户籍男性人口) or half the words after. Where the
   * best two fit the words and the sentence equally (`比重` of three industries' shares), none.
   */
  match(
    words: string,
    around: Around,
    shape: FigureShape,
    taken?: ReadonlySet<KnownIndicator>,
  ): IndicatorMatch | undefined {
    return this.decide(words, around, shape, taken).match;
  }

  /** match, and where it proposes none because several indicators fit equally, those (its rivals). */
  decide(words: string, around: Around, shape: FigureShape, taken?: ReadonlySet<KnownIndicator>): Decision {
    // a name may end with the figure's measure word: 总诊疗人次, 接待游客人次
    const own = canonical(words);
    const plain = own + (own !== '' && /^\p{Script=Han}+$/u.test(shape.measureWord) ? shape.measureWord : '');
    const context = canonical(around.before) + plain + canonical(around.after);
    const candidates = this.indicators.filter((i) => fits(i, shape) && !taken?.has(i));
    const best = (i: KnownIndicator) =>
      [this.scoreOf(i, plain, context), this.scoreOf(i, own, context)].sort((a, b) => b.score - a.score)[0]!;
    const ranked = candidates
      .map((indicator) => ({ indicator, ...best(indicator) }))
      .filter((m) => plain !== '' && m.score >= ENOUGH)
      .map((m) => ({ ...m, around: this.fitsAround(m.indicator, context) }))
      .sort((a, b) => (Math.abs(b.score - a.score) > TIE ? b.score - a.score : b.around - a.around));
    const [first] = ranked;
    const equal = ranked.filter(
      (m) => Math.abs(m.score - first!.score) <= TIE && Math.abs(m.around - first!.around) <= TIE,
    );
    if (equal.length > 1) {
      const plainly = equal.filter((m) => !this.qualifiedApart(m.indicator, words + around.after));
      if (plainly.length !== 1) return { rivals: equal.map((m) => m.indicator) };
      const [only] = plainly;
      return { match: { indicator: only!.indicator, how: only!.how, score: only!.score }, rivals: [] };
    }
    if (!first || first.how === 'similar') {
      const near = canonical(around.previous ?? '') + own;
      const held = this.heldWhole(own, candidates, context, near, shape, canonical(around.earlier ?? '') + context);
      if (held) return held;
    }
    if (first) return { match: { indicator: first.indicator, how: first.how, score: first.score }, rivals: [] };
    const inContext =
      around.before === '' && around.after === ''
        ? undefined
        : this.inContext(own.length <= 4 ? plain : '', canonical(around.after), context, candidates);
    return { match: inContext ?? this.byCharacters(plain, candidates), rivals: [] };
  }

  /**
   * The last resort of match: the indicator most of whose characters the words write, in any order (`外销蔬菜` of
   * 蔬菜外销量, `输转城乡富余劳动力…人次` of 农村劳动力转移就业人次), each character weighed by how few names hold it; only
   * where it fits half or more and clearly better than any other (CLEAR times the next), and never for words that
   * list several things (`中小学和幼儿园`).
   */
  private byCharacters(words: string, candidates: readonly KnownIndicator[]): IndicatorMatch | undefined {
    if (/[和及与、或]/.test(words)) return undefined;
    const mine = new Set(words);
    const weight = (c: string) => this.charWeights.get(c) ?? Math.log(1 + this.indicators.length);
    const total = (cs: Iterable<string>) => [...cs].reduce((sum, c) => sum + weight(c), 0);
    const mineTotal = total(mine);
    const dice = (name: string) => {
      const theirs = new Set(name);
      const common = [...mine].filter((c) => theirs.has(c));
      return common.length < 2 ? 0 : (2 * total(common)) / (mineTotal + total(theirs));
    };
    const ranked = candidates
      .map((indicator) => ({ indicator, score: Math.max(0, ...this.namesOf(indicator).map(dice)) }))
      .sort((a, b) => b.score - a.score);
    const [best, next] = ranked;
    if (!best || best.score < 0.5 || best.score < CLEAR * (next?.score ?? 0)) return undefined;
    return { indicator: best.indicator, how: 'similar', score: best.score };
  }

  /**
   * Whether a name of the registry is told apart from its look-alike by a qualifier the words do not write: words in
   * brackets after its label (`全体居民人均可支配收入（实际）` is not the level `全体居民人均可支配收入41276元`), or a rate per so
   * many people in every name (`每千人口…托位数` is not `托位数增至2100个`).
   */
  private qualifiedApart(i: KnownIndicator, words: string): boolean {
    const bracketed = [...i.label_zh.matchAll(/[（(]([^（）()]+)[）)]/g)].map((m) => m[1]!);
    if (bracketed.some((q) => !words.includes(q))) return true;
    return !PER_N.test(words) && this.namesOf(i).every((n) => PER_N.test(n));
  }

  /**
   * Where the words name nothing whole but are part of names (`在校学生`, `进口`, `新增学位`): the indicator whose name holds them
   * and adds nothing but what the sentence writes and a generic ending (`各级各类学校312所，在校学生…`: 各级各类学校在校学生数,
   * not 小学在校学生数), or the only one whose name holds them where what it adds is no word of added things or of a
   * stock (`养老床位` is no 新增养老床位). Where several hold them and the sentence tells none apart, they fit equally:
   * none is proposed rather than a guess, and they are its rivals. Where the sentence tells several, the one the subject
   * before tells (`near`: its words and these). Undefined where this tells nothing.
   */
  private heldWhole(
    own: string,
    candidates: readonly KnownIndicator[],
    context: string,
    near: string,
    shape: FigureShape,
    wider = context,
  ): Decision | undefined {
    if (own.length < 2) return undefined;
    const unsaid = (i: KnownIndicator, context: string) =>
      this.namesOf(i).flatMap((n) => {
        const rest = outside(n, own);
        if (rest === undefined) return [];
        return [
          rest
            .map((piece, k, all) => (k === all.length - 1 ? piece.replace(GENERIC_ENDING, '') : piece))
            .filter((piece) => piece !== '' && !written(piece, context))
            .join(''),
        ];
      });
    const all = candidates
      .map((indicator) => ({ indicator, unsaid: unsaid(indicator, context) }))
      .filter((h) => h.unsaid.length > 0);
    // a growth in per cent is of an amount, not of a share of it (高技术制造业增加值增长15.2%: not its share of industry)
    const ofShare = (h: (typeof all)[number]) =>
      CHANGE_OF_AMOUNT.has(shape.measure) && h.unsaid.every((u) => SHARE.test(u));
    const holders = all.some((h) => !ofShare(h)) ? all.filter((h) => !ofShare(h)) : all;
    const inSentence = holders.filter((h) => h.unsaid.includes(''));
    // several the sentence tells: the one the subject before tells (…参加基本医疗保险人数139.62万人，参保率…)
    const inSubject = inSentence.filter((h) => unsaid(h.indicator, near).includes(''));
    const told = inSentence.length > 1 && inSubject.length === 1 ? inSubject : inSentence;
    const only = holders.length === 1 && !holders[0]!.unsaid.some((u) => ADDED.test(u) || STOCK.test(u));
    const [chosen] = told.length === 1 ? told : only ? holders : [];
    if (chosen)
      return {
        match: { indicator: chosen.indicator, how: 'similar', score: this.scoreOf(chosen.indicator, own).score },
        rivals: [],
      };
    if (told.length === 0 && holders.length > 1) {
      // where qualifiers the words do not write leave one (托位数: not 每千人口…托位数), or where the sentence and the
      // paragraph write more of what one adds than of what the others do (各类卫生机构…实有床位: 医疗卫生机构床位, not
      // 养老机构床位)
      const plainly = holders.filter((h) => !this.qualifiedApart(h.indicator, own));
      const nearest = this.nearest(plainly.length > 0 ? plainly : holders, wider);
      if (nearest)
        return {
          match: { indicator: nearest.indicator, how: 'similar', score: this.scoreOf(nearest.indicator, own).score },
          rivals: [],
        };
      return { rivals: holders.map((h) => h.indicator) };
    }
    return undefined;
  }

  /**
   * Of names that hold the words, the one alone left, or the one most of whose words unsaid (what it adds to the words)
   * the sentence around writes: half of their character pairs or more, and more than of any other's.
   */
  private nearest<H extends { indicator: KnownIndicator; unsaid: string[] }>(holders: H[], context: string) {
    if (holders.length === 1) return holders[0];
    const told = (h: H) =>
      Math.max(
        0,
        ...h.unsaid.map((u) => {
          const ps = pairs(u);
          return ps.length === 0 ? 0 : ps.filter((p) => context.includes(p)).length / ps.length;
        }),
      );
    const ranked = holders.map((h) => ({ h, told: told(h) })).sort((a, b) => b.told - a.told);
    const [first, second] = ranked;
    return first && first.told >= 0.5 && first.told > (second?.told ?? 0) + TIE ? first.h : undefined;
  }

  /** The fallback of match: a name most of which the sentence writes, holding half the few words or the words after. */
  private inContext(few: string, after: string, context: string, candidates: readonly KnownIndicator[]) {
    return candidates
      .map((indicator) => {
        const names = this.namesOf(indicator).join('|');
        const held = Math.max(this.share(few, names, 'plain'), this.share(after, names, 'plain'));
        const score = held >= 0.5 ? 0.9 * harmonic(this.found(indicator, context), held) : 0;
        return { indicator, how: 'similar' as const, score };
      })
      .filter((m) => m.score >= IN_CONTEXT)
      .sort((a, b) => b.score - a.score)[0];
  }

  /** Whether an indicator that fits `shape` has a name written whole in `words` that holds `part` (`城镇居民` of `城镇居民人均可支配收入`). */
  namedWhole(words: string, part: string, shape: FigureShape): boolean {
    const plain = canonical(words);
    return this.indicators.some(
      (i) => fits(i, shape) && this.namesOf(i).some((n) => plain.includes(n) && n.includes(canonical(part))),
    );
  }

  /** Whether a name of `i` holds the words whole and more (小学在校学生 holds 在校学生). */
  narrows(i: KnownIndicator, words: string): boolean {
    const own = canonical(words);
    return own.length >= 2 && this.namesOf(i).some((n) => n.length > own.length && n.includes(own));
  }

  /** Whether a name of `i` is written whole in the words (幼儿园 in 公办幼儿园). */
  writes(i: KnownIndicator, words: string): boolean {
    const plain = canonical(words);
    return this.namesOf(i).some((n) => plain.includes(n));
  }

  /** Whether a name of `i` holds every character pair of the words (各级各类学校在校学生数 holds 在校学生). */
  holds(i: KnownIndicator, words: string): boolean {
    const own = pairs(canonical(words));
    return own.length > 0 && this.namesOf(i).some((n) => own.every((p) => n.includes(p)));
  }

  /**
   * A subject that writes only the start of its name and leaves the ending to the subject before it (`城镇消费品零售额…；
   * 乡村60.69亿元`, `城镇居民人均可支配收入…；农村居民24673元`, `苹果62.4万吨、桃18.3万吨`): the indicator, fitting `shape`
   * and not `taken`, one of whose names is the words followed by an ending of `before`, the longest such ending.
   */
  completed(
    words: string,
    before: string,
    shape: FigureShape,
    taken?: ReadonlySet<KnownIndicator>,
  ): IndicatorMatch | undefined {
    const own = canonical(words);
    const prior = canonical(before);
    if (own.length < 1 || prior.length < 3) return undefined;
    for (let k = 1; k < prior.length - 1; k++) {
      const name = own + prior.slice(k);
      const indicator = this.indicators.find((i) => fits(i, shape) && !taken?.has(i) && this.namesOf(i).includes(name));
      if (indicator) return { indicator, how: 'completed', score: 1 };
    }
    return undefined;
  }

  /**
   * The indicators of the n numbers of a structure ratio (`三次产业结构为6.9:40.1:53.0`): as many indicators with units
   * that read bare numbers, all named by the words, in the registry's order; else, for the three industries, the one
   * share of each (`第一产业占地区生产总值比重`…). Undefined where there are not n.
   */
  ratio(words: string, count: number): KnownIndicator[] | undefined {
    const plain = canonical(words);
    const bare = this.indicators.filter((i) => i.bareNumber === true);
    const named = bare.filter((i) => this.namesOf(i).some((name) => plain.includes(name)));
    if (named.length === count) return named;
    // 三次产业结构为13.2:34.7:52.1: the shares of the primary, secondary and tertiary industries, in turn
    if (count !== 3 || !/三次产业|产业结构/.test(plain)) return undefined;
    const industries = ['第一产业', '第二产业', '第三产业'].map((industry) => {
      const shares = bare.filter((i) =>
        this.namesOf(i).some((n) => n.startsWith(industry) && /比重|占比|结构/.test(n)),
      );
      return shares.length === 1 ? shares[0] : undefined;
    });
    return industries.every((i) => i !== undefined) ? (industries as KnownIndicator[]) : undefined;
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
