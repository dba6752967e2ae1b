/**
 * Where a number stands: its sentence, the words of its clause, and the list or heading it belongs to.
 * A bullet list may state its period once, in a lead-in item (`- 未来5年，…`, `- 到2025年，`) or in a
 * short heading just above it (`六、2024年主要目标`); the items after it share that period.
 */
import { numbersIn } from '../trace/numbers.js';
import { periodsIn, type PeriodMention } from './periods.js';

const SENTENCE_END = /[。！？!?]/;
/** Where the words of a clause end. Before a number, 、 is no end: a label may list things (名校长、名师). */
const CLAUSE_END = /[，,；;：:、。！？!?]/;
const WORDS_START = /[，,；;：:。！？!?]/;
const LIST_ITEM = /^\s*(?:[-*•·●○▪]\s*|[(（]\d{1,2}[)）]\s*|\d{1,2}[.．、)）]\s*)/;

export interface Span {
  start: number;
  end: number;
}

/** The sentence of `paragraph` around offset `at`: from after the last 。！？ before it to the next one. */
export function sentenceAround(paragraph: string, at: number): Span {
  let start = at;
  while (start > 0 && !SENTENCE_END.test(paragraph[start - 1]!)) start--;
  let end = at;
  while (end < paragraph.length && !SENTENCE_END.test(paragraph[end]!)) end++;
  return { start, end: Math.min(paragraph.length, end + 1) };
}

/** The words between the clause start (or `from`, if later) and `at`. */
export function wordsBefore(paragraph: string, at: number, from = 0): string {
  let start = at;
  while (start > from && !WORDS_START.test(paragraph[start - 1]!)) start--;
  return paragraph.slice(start, at);
}

/** The words from `at` to the clause end or the next number, whichever comes first. */
export function wordsAfter(paragraph: string, at: number): string {
  const next = numbersIn(paragraph.slice(at))[0]?.start ?? paragraph.length - at;
  let end = at;
  while (end < at + next && !CLAUSE_END.test(paragraph[end]!)) end++;
  return paragraph.slice(at, end);
}

/** The marker that makes `paragraph` a list item (`- `, `(1)`, `2.`), or '' when it is none. */
export function listMarker(paragraph: string): string {
  return LIST_ITEM.exec(paragraph)?.[0] ?? '';
}

/** A short line with no sentence in it: a title or heading. */
export function isHeading(paragraph: string): boolean {
  return paragraph.trim().length <= 30 && !SENTENCE_END.test(paragraph);
}

/** A period that a list item or heading states for what follows it. */
export interface LeadIn {
  period: PeriodMention;
  /** 1-based paragraph it is written in, and that paragraph's text. */
  paragraph: number;
  text: string;
}

/** The period of a list item whose first clause is nothing but a period (`- 到2025年，`). */
function leadInOfItem(item: string): PeriodMention | undefined {
  const body = item.slice(listMarker(item).length);
  const clause = body.split(CLAUSE_END)[0]!.replace(/[“”"'\s]/g, '');
  const period = periodsIn(item)[0];
  return period && period.text.replace(/[“”"'\s]/g, '') === clause ? period : undefined;
}

/** The period of a heading that holds one and no other number (`六、2024年主要目标`). */
function leadInOfHeading(heading: string): PeriodMention | undefined {
  if (!isHeading(heading) || numbersIn(heading).some((n) => !n.period)) return undefined;
  return periodsIn(heading)[0];
}

/**
 * The lead-in period for paragraph `index` of `paragraphs` (1-based): for a list item, the nearest earlier
 * item of the same list that is a lead-in, else the heading just above the list; for any other paragraph,
 * the heading just above it.
 */
export function leadInFor(paragraphs: readonly string[], index: number): LeadIn | undefined {
  let j = index - 1;
  if (listMarker(paragraphs[index] ?? '')) {
    for (; j >= 1 && listMarker(paragraphs[j]!); j--) {
      const period = leadInOfItem(paragraphs[j]!);
      if (period) return { period, paragraph: j, text: paragraphs[j]! };
    }
  }
  const heading = j >= 1 ? paragraphs[j]! : '';
  const period = leadInOfHeading(heading);
  return period ? { period, paragraph: j, text: heading } : undefined;
}
