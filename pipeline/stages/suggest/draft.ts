/**
 * The drafts of one paragraph: every number written in digits that is not part of a period is a figure row, a
 * dismissal proposal, or (a count of years) the period of a figure. Each figure row gets its value as the grammar
 * reads it, its subject, indicator, period, kind and status.
 */
import type { Kind } from '../normalize/values.js';
import { numbersIn, type NumberInText } from '../trace/numbers.js';
import { listMarker, plainWords } from './context.js';
import { dismissalOf, durationOf, type DismissalGuess } from './dismissals.js';
import { fits, type Around, type FigureShape, type KnownIndicator } from './indicator.js';
import { baseApart, baseNote, parsed, shapeOf, valueFacts, type DraftContext } from './facts.js';
import { statusOf } from './kind.js';
import { subjectsOf, type Subject } from './subjects.js';
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

/**
 * The indicator of a subject's name, not one taken; failing that, of the name after the subject before it, where a
 * name of the registry is written whole in them and holds half the subject's own words
 * (`城镇新增就业` + `完成目标任务的`).
 */
function indicatorFor(
  ctx: DraftContext,
  names: { name: string; before: string },
  around: Around,
  shape: FigureShape,
  taken: ReadonlySet<KnownIndicator>,
) {
  const own = ctx.matcher.match(names.name, around, shape, taken);
  if ((own && own.how !== 'similar') || names.before === '') return own;
  const joined = ctx.matcher.match(names.before + names.name, around, shape, taken);
  if (!joined || joined.how === 'similar') return own ?? joined;
  const label = plainWords(joined.indicator.label_zh) + (joined.indicator.aliases ?? []).join('');
  const ownPairs = pairs(plainWords(names.name));
  const overlap = ownPairs.filter((p) => label.includes(p)).length / Math.max(1, ownPairs.length);
  return !own || overlap >= 0.5 ? joined : own;
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
    const rows = draftsOf(ctx, index, v, s, { previous: values[i - 1], last: of, starts });
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

/** The rows of one value: one, or one per subject listed before 均. */
function draftsOf(
  ctx: DraftContext,
  index: number,
  v: WrittenValue,
  s: Subject,
  around: { previous?: WrittenValue; last?: Draft; starts: readonly number[] },
): { draft: Draft; choice: PeriodChoice }[] {
  const { last } = around;
  const paragraph = ctx.doc.paragraphs[index]!;
  const f = valueFacts(ctx, index, v, s);
  const taken = new Set<KnownIndicator>();
  const ratio = s.ratio && ctx.matcher.ratio(f.sentenceBefore, s.ratio.count)?.[s.ratio.place];
  const inherited = s.inherits && last?.indicator && fits(last.indicator, f.shape) ? last.indicator : undefined;
  // the change of a figure no indicator of the registry fits goes with it (a new indicator for both)
  const orphan = s.inherits && last !== undefined && last.indicator === undefined;
  const estimate =
    f.kind === 'actual' && estimated(ctx.doc.paragraphs[index]!, f.sentence.start, s, around.starts, around.previous);
  const base = baseApart(ctx, index, s, f.read.value, f.choice);
  const negative = /负$/.test(paragraph.slice(Math.max(0, s.start - 1), s.start));
  const real = /(?:名义|实际)$/.exec(paragraph.slice(Math.max(0, s.start - 2), s.start))?.[0];
  return s.names.map((name) => {
    const before = s.inherits ? '' : (last?.name ?? '');
    const around = s.listed || s.inList || s.of !== undefined ? { before: '', after: '' } : f.around;
    const match =
      ratio || inherited || orphan ? undefined : indicatorFor(ctx, { name, before }, around, f.shape, taken);
    const indicator = ratio || inherited || match?.indicator;
    if (indicator && s.listed) taken.add(indicator);
    const names = s.inherits ? [last?.indicator?.label_zh ?? '', last?.name ?? ''] : [indicator?.label_zh ?? '', name];
    if (s.ratio) names.push(plainWords(paragraph.slice(f.sentence.start, v.start)));
    const status = f.kind === 'actual' ? statusOf(ctx.doc, index, f.choice.read, estimate, names) : '';
    const notes = [
      f.choice.note,
      f.read.problem,
      baseNote(f.read.value, f.choice, base),
      base ? `base ${base}: the base the text writes apart from the number` : '',
      negative ? '负 before the verb: the change is negative, which value_text cannot say; check the sign' : '',
      real
        ? `${real}增长 (${real === '实际' ? 'in real terms' : 'nominal'}): a growth of the other kind of the same indicator disagrees with it; check the indicator`
        : '',
      match?.how === 'similar'
        ? `indicator guessed from similar words: its label is "${match.indicator.label_zh}"`
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
