/**
 * The drafts of one paragraph: every number written in digits that is not part of a period is a figure row, a
 * dismissal proposal, or (a count of years) the period of a figure. Each figure row gets its value as the grammar
 * reads it, its subject, indicator, period, kind and status.
 */
import { VERBS } from '../normalize/grammar.js';
import { basePeriod, parsePeriodText, resolvePeriod } from '../normalize/periods.js';
import { parseValue, type Kind, type ParsedValue } from '../normalize/values.js';
import { numbersIn, type NumberInText } from '../trace/numbers.js';
import { clauseStart, listMarker, plainWords, sentenceAround } from './context.js';
import { dismissalOf, durationOf, type DismissalGuess } from './dismissals.js';
import type { SourceDocument } from './document.js';
import { fits, type Around, type FigureShape, type KnownIndicator, type Matcher } from './indicator.js';
import { kindOf, statusOf } from './kind.js';
import type { PeriodMention } from './periods.js';
import { subjectsOf, type Subject } from './subjects.js';
import { valueAround, type WrittenValue } from './value.js';
import { periodOf, type PeriodChoice } from './when.js';

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

export interface DraftContext {
  doc: SourceDocument;
  matcher: Matcher;
  measureWords: readonly string[];
  /** The period expressions of each paragraph, by paragraph number. */
  mentions: readonly PeriodMention[][];
}

const STOCK =
  /累计达|总数|总量达|共有|现有|余额|通车里程|运营里程|保有量|参加[^，。；]{0,12}(?:保险|人数)|参保人数|常住人口|户籍人口/;
const FLOW = /新增|新建|新开|新认定|完成|发放|接待|流入|流出|出生|死亡|实现|累计新|办理|培训|帮扶/;
/** Words of things done, counted since a start a news story may not say. */
const DONE = /建成|培养|开展|开设|签订|投入|新建|新增|举办|组建|创建|引进|评选|获评|认定|累计|先后/;
const VERB = new RegExp(VERBS.map(([v]) => v).join('|'));

const shapeOf = (v: ParsedValue | undefined, measureWord: string): FigureShape =>
  v ? { measure: v.measure, measureWord: v.measureWord } : { measure: 'level', measureWord };

function parsed(text: string, kind: Kind, changeWord: string): { value?: ParsedValue; problem: string } {
  try {
    return { value: parseValue(text, kind, changeWord), problem: '' };
  } catch (err) {
    return { problem: `the grammar does not read "${text}": ${(err as Error).message}` };
  }
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

/** What the rows of one value share: its text, period, kind and what the grammar reads of it. */
function valueFacts(ctx: DraftContext, index: number, v: WrittenValue, s: Subject) {
  const paragraph = ctx.doc.paragraphs[index]!;
  let valueText = paragraph.slice(s.start, v.end);
  const sentence = sentenceAround(paragraph, v.start);
  const sentenceBefore = paragraph.slice(sentence.start, v.start);
  const words = s.names.join('') + plainWords(paragraph.slice(clauseStart(paragraph, v.start), v.end));
  const stock = STOCK.test(words) && !FLOW.test(words);
  const flow = !stock && (FLOW.test(words) || VERB.test(paragraph.slice(s.start, v.end)));
  const after = paragraph.slice(v.end, v.end + 16).split(/[，,；;。：:、（(\d]/)[0]!;
  const count = !/^(?:%|‰|个[百千]分点|\/.*)?$/.test(v.measureWord) && !VERB.test(paragraph.slice(s.start, v.end));
  const done = count && !stock && DONE.test(paragraph.slice(sentenceAround(paragraph, v.start).start, v.start));
  const annual = s.changeWord.startsWith('年均') || /年均/.test(paragraph.slice(s.start, v.end));
  const choice = periodOf(ctx.doc, ctx.mentions, { index, start: v.start, end: v.end, stock, flow, done, annual });
  const kind = kindOf(ctx.doc, index, choice, sentenceBefore);
  // 分别达到52736元、27148元: 达到 is the list's; on actuals (where it means no more than the number) it is left out
  if (s.opensList && kind === 'actual') valueText = valueText.replace(/^达到?(?=[-−负]?\d)/, '');
  const read = parsed(valueText, kind, s.changeWord);
  return {
    valueText,
    sentence,
    sentenceBefore,
    around: { before: sentenceBefore, after },
    choice,
    kind,
    read,
    shape: shapeOf(read.value, v.measureWord),
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

/**
 * The base of a change that the text writes apart from its number: `与2018年相比，…增长5%`, `比2020年全区…增加`
 * (the base's period), `环比增长` (the month before). '' where value_text says it or the default base holds.
 */
function baseApart(
  ctx: DraftContext,
  index: number,
  s: Subject,
  value: ParsedValue | undefined,
  choice: PeriodChoice,
): string {
  if (!value || value.measure === 'level' || value.base) return '';
  const paragraph = ctx.doc.paragraphs[index]!;
  const from = clauseStart(paragraph, s.start);
  const month = choice.read && /^(\d{4})-(\d{2})$/.exec(choice.read.period);
  if (/环比$/.test(paragraph.slice(from, s.start)) && month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const base = ctx.mentions[index]!.filter(
    (m) => m.base && m.start >= from && m.end <= s.start && !/^(?:上年|去年)$/.test(m.text),
  ).at(-1);
  if (!base) return '';
  try {
    return parsePeriodText(base.text, ctx.doc.referenceYear).period;
  } catch {
    return '';
  }
}

/** A change whose base the rules cannot tell (over several years, with no base written): say so. */
function baseNote(value: ParsedValue | undefined, choice: PeriodChoice, basePeriodGiven: string): string {
  if (!value || value.measure === 'level' || basePeriodGiven !== '') return '';
  try {
    const period = resolvePeriod(choice.periodText, choice.period, 2000);
    basePeriod(value.measure, value.base, basePeriodGiven, period);
    return '';
  } catch {
    return 'a change whose base the text does not join to it: fill base_period';
  }
}
