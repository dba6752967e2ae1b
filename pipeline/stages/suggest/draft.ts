/**
 * The drafts of one paragraph: every number written in digits that is not part of a period is a figure row, a
 * dismissal proposal, or (a count of years) the period of a figure. Each figure row gets its value as the grammar
 * reads it, its subject, indicator, period, kind and status.
 */
import type { Kind } from '../normalize/values.js';
import { numbersIn, type NumberInText } from '../trace/numbers.js';
import { clauseStart, listMarker, plainWords, sentenceAround } from './context.js';
import { dismissalOf, durationOf, type DismissalGuess } from './dismissals.js';
import {
  fits,
  type Around,
  type Decision,
  type FigureShape,
  type IndicatorMatch,
  type KnownIndicator,
} from './indicator.js';
import { baseApart, baseNote, parsed, shapeOf, valueFacts, type DraftContext } from './facts.js';
import { statusOf } from './kind.js';
import { canonical } from './names.js';
import { COMPLETION, subjectsOf, type Subject } from './subjects.js';
import { valueAround, type WrittenValue } from './value.js';
import type { PeriodChoice } from './when.js';

/** A figure row before its id: its indicator known, or the name of one to propose. */
export interface Draft {
  paragraph: number;
  indicator: KnownIndicator | undefined;
  /** The subject's words, the label of a new indicator where none of the registry fits. */
  name: string;
  /** The unit a new indicator needs: the figure's measure word. */
  measureWord: string;
  kind: Kind;
  periodText: string;
  period: string;
  valueText: string;
  changeWord: string;
  basePeriod: string;
  status: string;
  notes: string[];
}

export interface ParagraphDrafts {
  figures: Draft[];
  dismissed: (DismissalGuess & { paragraph: number })[];
}

/** The numbers of a paragraph split into values, dismissals and counts of years. */
function split(paragraph: string, measureWords: readonly string[]) {
  const marker = listMarker(paragraph);
  const values: WrittenValue[] = [];
  const dismissed: DismissalGuess[] = [];
  const spans: NumberInText[] = [];
  let taken = 0;
  for (const n of numbersIn(paragraph)) {
    if (n.period || n.start < taken) continue;
    if (n.span) {
      spans.push(n);
      continue;
    }
    const d = dismissalOf(paragraph, n, marker);
    const v = d ? undefined : valueAround(paragraph, n, measureWords, taken);
    if (d) dismissed.push(d);
    if (v) values.push(v);
    taken = d?.end ?? v!.end;
  }
  return { values, dismissed, spans };
}

/**
 * Whether 预计 covers the value: written apart from any number earlier in its sentence (`预计全年实现…`), or
 * joined to the figure just before it when this value is that figure's change (`预计达到3.1%，比2020年提高…`).
 */
function estimated(
  paragraph: string,
  sentenceStart: number,
  s: Subject,
  starts: readonly number[],
  previous?: WrittenValue,
): boolean {
  const at = paragraph.slice(sentenceStart, s.start).lastIndexOf('预计');
  if (at < 0) return false;
  if (!starts.includes(sentenceStart + at)) return true;
  return previous?.start === sentenceStart + at && s.inherits;
}

const pairs = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));

/** How much better than the subject's own words the words with the subject before them must fit a name. */
const CLEARLY = 0.1;

/**
 * The indicator of a subject's name, not one taken; failing that, of the name completed by the ending of the subject
 * before it (`乡村` after `城镇消费品零售额`, or after a subject completed so: `农村居民` after `城镇居民`), or of the
 * name after the subject before it, where a name of the registry is written whole in them and holds half the
 * subject's own words (`城镇新增就业` + `完成目标任务的`), or fits them clearly better and holds all of them, unless
 * that name is written whole in the subject's own words. A name written whole gives way only to a longer one the
 * subject before makes of it (`小学95所，在校学生…`: 小学在校学生). Where several indicators fit the name equally (its
 * rivals), only a name completed or written whole with the subject before decides.
 */
function indicatorFor(
  ctx: DraftContext,
  names: { name: string; before: string; beforeLabel?: string },
  around: Around,
  shape: FigureShape,
  taken: ReadonlySet<KnownIndicator>,
): Decision {
  const decided = ctx.matcher.decide(names.name, { ...around, previous: names.before }, shape, taken);
  const own = decided.match;
  if (names.before === '') return decided;
  const joined = () => ctx.matcher.match(names.before + names.name, around, shape, taken);
  if (own && own.how !== 'similar') {
    const specific = joined();
    const narrower =
      specific &&
      specific.how !== 'similar' &&
      specific.indicator !== own.indicator &&
      ctx.matcher.narrows(specific.indicator, names.name);
    return { match: narrower ? specific : own, rivals: [] };
  }
  const completed =
    ctx.matcher.completed(names.name, names.before, shape, taken) ??
    (names.beforeLabel ? ctx.matcher.completed(names.name, names.beforeLabel, shape, taken) : undefined);
  if (completed) return { match: completed, rivals: [] };
  const both = joined();
  if (!both) return decided;
  if (decided.rivals.length > 0) return both.how === 'similar' ? decided : { match: both, rivals: [] };
  if (both.how === 'similar') {
    const better = own && both.score > own.score + CLEARLY && ctx.matcher.holds(both.indicator, names.name);
    return { match: !own || better ? both : own, rivals: [] };
  }
  const label = plainWords(both.indicator.label_zh) + (both.indicator.aliases ?? []).join('');
  const ownPairs = pairs(plainWords(names.name));
  const overlap = ownPairs.filter((p) => label.includes(p)).length / Math.max(1, ownPairs.length);
  // a name the subject writes whole on its own owes nothing to the subject before (中小学18所、公办幼儿园20所)
  const added = !ctx.matcher.writes(both.indicator, names.name);
  return { match: !own || (overlap >= 0.5 && added) ? both : own, rivals: [] };
}

/** The best few indicators of a name, best first: each the best once those before it are taken. */
function optionsOf(ctx: DraftContext, name: string, shape: FigureShape, taken: ReadonlySet<KnownIndicator>) {
  const options: IndicatorMatch[] = [];
  const not = new Set(taken);
  for (let m; options.length < 3 && (m = ctx.matcher.match(name, { before: '', after: '' }, shape, not));) {
    options.push(m);
    not.add(m.indicator);
  }
  return options;
}

/**
 * The indicators of subjects listed before 均, one each and none twice: of the choices among each name's best few,
 * the one that fits the names best together (`初中、特殊教育学校…入学率均…`: 特殊教育 is the second's, not the
 * first's because it came first). A name none is left for gets none here.
 */
function listedIndicators(
  ctx: DraftContext,
  names: readonly string[],
  shape: FigureShape,
  taken: ReadonlySet<KnownIndicator>,
): (IndicatorMatch | undefined)[] {
  const options = names.map((name) => optionsOf(ctx, name, shape, taken));
  let best: { score: number; pick: (IndicatorMatch | undefined)[] } = { score: -1, pick: [] };
  const walk = (k: number, pick: (IndicatorMatch | undefined)[], score: number): void => {
    if (k === names.length) {
      if (score > best.score) best = { score, pick: [...pick] };
      return;
    }
    for (const m of [...options[k]!, undefined])
      if (!m || !pick.some((p) => p?.indicator === m.indicator)) walk(k + 1, [...pick, m], score + (m?.score ?? 0));
  };
  walk(0, [], 0);
  return best.pick;
}

/**
 * The indicator of the whole a value is part of: the figure written last before the 其中 of its sentence that stands
 * before it (`外贸进出口总额86.4亿元，其中出口62.3亿元`: not the total's indicator).
 */
function wholeOf(
  paragraph: string,
  values: readonly WrittenValue[],
  drafted: readonly (Draft | undefined)[],
  i: number,
): KnownIndicator | undefined {
  const start = sentenceAround(paragraph, values[i]!.start).start;
  const at = paragraph.slice(start, values[i]!.start).lastIndexOf('其中');
  if (at < 0) return undefined;
  for (let j = i - 1; j >= 0; j--) if (values[j]!.end <= start + at) return drafted[j]?.indicator;
  return undefined;
}

export function draftParagraph(ctx: DraftContext, index: number): ParagraphDrafts {
  const paragraph = ctx.doc.paragraphs[index]!;
  const { values, dismissed, spans } = split(paragraph, ctx.measureWords);
  const exact = (name: string, part: string, v: WrittenValue) =>
    ctx.matcher.namedWhole(name, part, shapeOf(parsed(v.text, 'actual', '').value, v.measureWord));
  const subjects = subjectsOf(paragraph, values, exact);
  const figures: Draft[] = [];
  const choices: PeriodChoice[] = [];
  let last: Draft | undefined;
  const starts = values.map((v) => v.start);
  const byValue: (Draft | undefined)[] = [];
  values.forEach((v, i) => {
    const s = subjects[i]!;
    const of = s.of !== undefined ? byValue[s.of] : last;
    const whole = wholeOf(paragraph, values, byValue, i);
    const rows = draftsOf(ctx, index, v, s, { previous: values[i - 1], last: of, starts, whole });
    for (const { draft, choice } of rows) {
      figures.push(draft);
      choices.push(choice);
    }
    last = rows.at(-1)?.draft ?? last;
    byValue.push(rows.at(-1)?.draft);
  });
  const used = new Set(choices.flatMap((c) => (c.span ? [c.span.start] : [])));
  const durations = spans.filter(
    (n) => !ctx.mentions[index]!.some((m) => used.has(m.start) && m.start <= n.start && n.start < m.end),
  );
  return {
    figures,
    dismissed: [...dismissed, ...durations.map((n) => durationOf(paragraph, n))].map((d) => ({
      ...d,
      paragraph: index,
    })),
  };
}

/**
 * The label of the figure before, where its subject wrote only its start (`城镇居民` of 城镇居民人均可支配收入): the name a
 * subject after it completes in turn (`…其中，城镇居民21437元，农村居民10294元`).
 */
function completedLabel(last: Draft | undefined): string | undefined {
  const label = last?.indicator?.label_zh;
  const own = plainWords(last?.name ?? '');
  return label && own.length >= 2 && plainWords(label).startsWith(own) && label.length > own.length ? label : undefined;
}

/**
 * The indicator of the figure before, for a value that names nothing of its own, where its unit fits; points after a
 * figure in per cent (a growth or a share) are of its indicator too: 同比增长5.3%，增速比一季度加快0.4个百分点;
 * 占比达到26.8%，高于全市平均水平约4个百分点.
 */
function inheritedIndicator(last: Draft | undefined, shape: FigureShape): KnownIndicator | undefined {
  if (!last?.indicator) return undefined;
  const ofPercent = shape.measureWord === '个百分点' && last.measureWord === '%';
  return fits(last.indicator, shape) || ofPercent ? last.indicator : undefined;
}

/** Names of a completion: `…完成率`, `…完成进度`, `…完成年度目标任务比例`. */
const COMPLETION_NAME = /完成率|完成比例|完成进度|完成.*(?:任务|计划|目标).*(?:比例|比重)$/;
/** Words of a completion's name that say only that it is one. */
const COMPLETION_WORDS = /完成率|完成比例|完成进度|目标任务|年度任务|任务|年度计划|计划|目标|年度|完成|比例|比重/g;

/**
 * The completion of a task or plan the words name, where the figure before names what was done: the indicator of
 * the registry named a completion (`…完成率`) most of whose other words the names of the figure before write, more
 * than of any other (`“两癌”筛查任务完成率` after `“两癌”免费筛查1.26万人`). Undefined where none holds half of them.
 */
function completionOf(ctx: DraftContext, words: string, last: Draft | undefined, shape: FigureShape) {
  if (!last?.indicator || !COMPLETION.test(plainWords(words))) return undefined;
  const before = [last.indicator.label_zh, ...(last.indicator.aliases ?? []), last.name].map(canonical).join('|');
  const ranked = ctx.matcher.indicators
    .filter((i) => fits(i, shape) && COMPLETION_NAME.test(i.label_zh))
    .map((indicator) => {
      const ps = pairs(canonical(indicator.label_zh).replace(COMPLETION_WORDS, ''));
      return { indicator, told: ps.length ? ps.filter((p) => before.includes(p)).length / ps.length : 0 };
    })
    .sort((a, b) => b.told - a.told);
  const [first, second] = ranked;
  return first && first.told >= 0.5 && first.told > (second?.told ?? 0) ? first.indicator : undefined;
}

/**
 * The indicator of a value's rows: one it takes whatever its subjects (`fixed`: a part of a structure ratio, or the
 * indicator of the figure before for a value that names nothing of its own), else a decision for each subject, by
 * its place among them: a list's in turn, the completion of a task, or the registry's match of its words.
 */
function indicatorsOf(
  ctx: DraftContext,
  index: number,
  v: WrittenValue,
  s: Subject,
  f: ReturnType<typeof valueFacts>,
  last: Draft | undefined,
  taken: Set<KnownIndicator>,
): { fixed: KnownIndicator | undefined; decide: (name: string, k: number) => Decision } {
  const paragraph = ctx.doc.paragraphs[index]!;
  const ratio = s.ratio ? ctx.matcher.ratio(f.sentenceBefore, s.ratio.count)?.[s.ratio.place] : undefined;
  const inherited = s.inherits ? inheritedIndicator(last, f.shape) : undefined;
  // the change of a figure no indicator of the registry fits goes with it (a new indicator for both)
  const orphan = s.inherits && last !== undefined && last.indicator === undefined;
  const fixed = ratio ?? inherited;
  if (fixed || orphan) return { fixed, decide: () => ({ rivals: [] }) };
  const together = s.listed ? listedIndicators(ctx, s.names, f.shape, taken) : [];
  const completion = completionOf(ctx, paragraph.slice(clauseStart(paragraph, v.start), v.start), last, f.shape);
  const before = s.inherits || s.complete ? '' : (last?.name ?? '');
  // a part (其中脱贫人口) of a whole whose indicator is known: its names tell look-alikes apart as the paragraph does
  const wholeNames = [...taken].flatMap((i) => [i.label_zh, ...(i.aliases ?? [])]).join('');
  const around =
    s.listed || s.inList || s.of !== undefined
      ? { before: '', after: '' }
      : { ...f.around, earlier: (f.around.earlier ?? '') + wholeNames };
  return {
    fixed,
    decide: (name, k) =>
      together[k]
        ? { match: together[k], rivals: [] }
        : completion
          ? { match: { indicator: completion, how: 'similar', score: 1 }, rivals: [] }
          : indicatorFor(ctx, { name, before, beforeLabel: completedLabel(last) }, around, f.shape, taken),
  };
}

/** The rows of one value: one, or one per subject listed before 均. */
function draftsOf(
  ctx: DraftContext,
  index: number,
  v: WrittenValue,
  s: Subject,
  around: { previous?: WrittenValue; last?: Draft; starts: readonly number[]; whole?: KnownIndicator },
): { draft: Draft; choice: PeriodChoice }[] {
  const { last } = around;
  const paragraph = ctx.doc.paragraphs[index]!;
  const f = valueFacts(ctx, index, v, s);
  const taken = new Set<KnownIndicator>(around.whole && !s.inherits ? [around.whole] : []);
  const { fixed, decide } = indicatorsOf(ctx, index, v, s, f, last, taken);
  const estimate =
    f.kind === 'actual' && estimated(ctx.doc.paragraphs[index]!, f.sentence.start, s, around.starts, around.previous);
  // 预计 before a semicolon: some curators read it as of its clause only
  const farEstimate = estimate && /预计[^。！？]*[；;]/.test(paragraph.slice(f.sentence.start, s.start));
  const base = baseApart(ctx, index, s, f.read.value, f.choice);
  const negative = /负$/.test(paragraph.slice(Math.max(0, s.start - 1), s.start));
  const real = /(?:名义|实际)$/.exec(paragraph.slice(Math.max(0, s.start - 2), s.start))?.[0];
  return s.names.map((name, k) => {
    const decided = decide(name, k);
    const match = decided.match;
    const indicator = fixed || match?.indicator;
    if (indicator && s.listed) taken.add(indicator);
    const names = s.inherits ? [last?.indicator?.label_zh ?? '', last?.name ?? ''] : [indicator?.label_zh ?? '', name];
    if (s.ratio) names.push(plainWords(paragraph.slice(f.sentence.start, v.start)));
    const status = f.kind === 'actual' ? statusOf(ctx.doc, index, f.choice.read, estimate, names) : '';
    const notes = [
      f.choice.note,
      f.read.problem,
      baseNote(f.read.value, f.choice, base),
      base ? `base ${base}: the base the text writes apart from the number` : '',
      farEstimate
        ? 'status estimated: 预计 stands earlier in the sentence, before a semicolon; if it is of its own clause only, clear the status'
        : '',
      negative ? '负 before the verb: the change is negative, which value_text cannot say; check the sign' : '',
      real
        ? `${real}增长 (${real === '实际' ? 'in real terms' : 'nominal'}): a growth of the other kind of the same indicator disagrees with it; check the indicator`
        : '',
      match?.how === 'similar'
        ? `indicator guessed from similar words: its label is "${match.indicator.label_zh}"`
        : '',
      match?.how === 'completed'
        ? `indicator of "${name}" completed with the ending of the subject before it: its label is "${match.indicator.label_zh}"`
        : '',
      decided.rivals.length > 1
        ? `indicators of the registry that fit "${name}" equally, none proposed: ${decided.rivals.map((i) => i.indicator_id).join(', ')}`
        : '',
      v.range ? 'a range of two numbers: one figure takes one number' : '',
    ].filter((n) => n !== '');
    const draft: Draft = {
      paragraph: index,
      indicator,
      name: s.inherits ? (last?.name ?? name) : name,
      measureWord: f.shape.measureWord,
      kind: f.kind,
      periodText: f.choice.periodText,
      period: f.choice.period,
      valueText: f.valueText,
      changeWord: s.changeWord,
      basePeriod: base,
      status,
      notes,
    };
    return { draft, choice: f.choice };
  });
}
