/**
 * suggest: draft figure rows for a source text nobody has curated yet, in the figures layout, for a
 * curator to correct and keep. One row per number written in digits that is not part of a period; every
 * row it is unsure of says why in `note`. Pure: text and known indicators in, rows out.
 */
import { PipelineError } from '../../core/errors.js';
import { parseValue, type Kind } from '../normalize/values.js';
import { paragraphsOf } from '../trace/texts.js';
import { numbersIn } from '../trace/numbers.js';
import { leadInFor, listMarker, sentenceAround, wordsAfter, wordsBefore, type Span } from './context.js';
import { matchIndicator, type KnownIndicator } from './indicator.js';
import { kindOf } from './kind.js';
import { lookalikeOf } from './lookalikes.js';
import { periodRulesRead, periodsIn, type PeriodMention } from './periods.js';
import { measureWordList, valueAround, type WrittenValue } from './value.js';

export const DRAFT_COLUMNS = [
  'figure_id',
  'source_id',
  'paragraph',
  'indicator_id',
  'kind',
  'period_text',
  'period',
  'value_text',
  'area_code',
  'revises',
  'note',
] as const;
export type DraftFigure = Record<(typeof DRAFT_COLUMNS)[number], string>;

export interface SuggestOptions {
  sourceId: string;
  indicators?: readonly KnownIndicator[];
  /** Measure words of the unit registry, read besides the common ones. */
  unitMeasureWords?: Iterable<string>;
  /** figure_ids in use already: drafts continue their numbering. */
  existingIds?: Iterable<string>;
}

/** A row before it has an id. */
interface Draft {
  paragraph: number;
  value: WrittenValue;
  indicator?: KnownIndicator;
  kind: string;
  periodText: string;
  /** Looks like a number to dismiss (an age, a time of day): the words around it may be another's label. */
  lookalike: boolean;
  notes: string[];
}

/** The period of a value at `at`: in its sentence, else earlier in its paragraph, else a lead-in. */
function periodFor(paragraphs: readonly string[], index: number, sentence: Span, at: number, ctx: Context) {
  const periods = ctx.periods[index]!;
  const inSentence = periods.filter((p) => p.start >= sentence.start && p.end <= sentence.end);
  const before = inSentence.filter((p) => p.end <= at).at(-1);
  if (before) return { period: before, note: '' };
  const after = inSentence.find((p) => p.start >= at);
  if (after) return { period: after, note: `period "${after.text}" is written after the number` };
  const earlier = periods.filter((p) => p.end <= sentence.start).at(-1);
  if (earlier) return { period: earlier, note: '' };
  const leadIn = leadInFor(paragraphs, index);
  if (leadIn) return { period: leadIn.period, leadIn: leadIn.text, note: `period from paragraph ${leadIn.paragraph}` };
  return { period: undefined, note: noPeriodNote(index, ctx) };
}

function noPeriodNote(index: number, ctx: Context): string {
  for (let j = index - 1; j >= 1; j--) {
    const last = ctx.periods[j]!.at(-1);
    if (last) return `no period in its paragraph; the nearest earlier is "${last.text}" in paragraph ${j}`;
  }
  return 'no period stated';
}

/** Why values.ts would refuse the value, or ''. */
function valueProblem(value: WrittenValue, kind: Kind): string {
  if (value.range) return 'a range of two numbers: one figure takes one number';
  try {
    parseValue(value.text, kind);
    return '';
  } catch (err) {
    return err instanceof PipelineError ? `values.ts does not read it: ${err.message}` : String(err);
  }
}

const CHANGE_BEFORE = /(?:增长|下降|提高|降低|增加|减少|上升|回落|下滑|增幅|降幅|增速|同比)了?$/;

/** One draft for the value around a number. */
function draftFor(
  paragraphs: readonly string[],
  index: number,
  value: WrittenValue,
  from: number,
  ctx: Context,
): Draft {
  const paragraph = paragraphs[index]!;
  const sentence = sentenceAround(paragraph, value.start);
  const { period, leadIn, note: periodNote } = periodFor(paragraphs, index, sentence, value.start, ctx);
  const before = wordsBefore(paragraph, value.start, from);
  const guess = kindOf(
    paragraph.slice(sentence.start, value.start),
    value.text,
    paragraph.slice(value.end, sentence.end),
    period?.ahead ?? false,
    leadIn,
  );
  const match = matchIndicator(before, wordsAfter(paragraph, value.end), value.measureWord, ctx.indicators);
  const lookalike = lookalikeOf(paragraph, value.start, value.end, listMarker(paragraph));
  const change = CHANGE_BEFORE.exec(before)?.[0];
  const notes = [
    lookalike && `looks like ${lookalike}, not a figure: dismiss it if so`,
    lookalike ? '' : valueProblem(value, guess.kind),
    change && `a change (${change}), not a level`,
    guess.doubt,
    periodNote,
    period && !periodRulesRead(period.text) && `no period rule reads "${period.text}": fill the period column`,
    match?.how === 'similar' && `indicator guessed from similar words: its label is "${match.indicator.label_zh}"`,
  ].filter((n): n is string => typeof n === 'string' && n !== '');
  return {
    paragraph: index,
    value,
    indicator: match?.indicator,
    kind: guess.kind,
    periodText: period?.text ?? '',
    lookalike: lookalike !== '',
    notes,
  };
}

interface Context {
  indicators: readonly KnownIndicator[];
  measureWords: readonly string[];
  /** The period expressions of each paragraph, by paragraph number. */
  periods: readonly PeriodMention[][];
}

function draftsOfParagraph(paragraphs: readonly string[], index: number, ctx: Context): Draft[] {
  const paragraph = paragraphs[index]!;
  const drafts: Draft[] = [];
  let taken = 0;
  let wordsFrom = 0;
  for (const n of numbersIn(paragraph)) {
    if (n.period || n.start < taken) continue;
    const value = valueAround(paragraph, n, ctx.measureWords);
    const draft = draftFor(paragraphs, index, value, wordsFrom, ctx);
    drafts.push(draft);
    taken = value.end;
    if (!draft.lookalike) wordsFrom = value.end;
  }
  return drafts;
}

/** Ids `<prefix>-NNN`: the prefix is the first letters of the indicator's domain (`edu`), else `draft`. */
function assignIds(drafts: readonly Draft[], existingIds: Iterable<string>): string[] {
  const highest = new Map<string, number>();
  for (const id of existingIds) {
    const m = /^([a-z]+)-(\d+)$/.exec(id);
    if (m) highest.set(m[1]!, Math.max(highest.get(m[1]!) ?? 0, Number(m[2])));
  }
  return drafts.map((d) => {
    const letters = (d.indicator?.domain ?? '').replace(/[^a-z]/g, '').slice(0, 3);
    const prefix = letters.length >= 2 ? letters : 'draft';
    const n = (highest.get(prefix) ?? 0) + 1;
    highest.set(prefix, n);
    return `${prefix}-${String(n).padStart(3, '0')}`;
  });
}

/** Draft figure rows for `text` (a source text, paragraphs as trace counts them). */
export function suggestFigures(text: string, options: SuggestOptions): DraftFigure[] {
  const paragraphs = paragraphsOf(text);
  const ctx: Context = {
    indicators: options.indicators ?? [],
    measureWords: measureWordList(options.unitMeasureWords),
    periods: paragraphs.map(periodsIn),
  };
  const drafts = paragraphs.flatMap((_, i) => (i === 0 ? [] : draftsOfParagraph(paragraphs, i, ctx)));
  const ids = assignIds(drafts, options.existingIds ?? []);
  return drafts.map((d, i) => ({
    figure_id: ids[i]!,
    source_id: options.sourceId,
    paragraph: String(d.paragraph),
    indicator_id: d.indicator?.indicator_id ?? '',
    kind: d.kind,
    period_text: d.periodText,
    period: '',
    value_text: d.value.text,
    area_code: '',
    revises: '',
    note: d.notes.join('; '),
  }));
}
