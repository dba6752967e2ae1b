/**
 * Where a number stands in its paragraph: its sentence, its clause, and whether the paragraph is a list item, a
 * heading or a lead-in (`具体目标如下：`) for what follows it.
 */

const SENTENCE_END = /[。！？!?]/;
/** Where the words of a clause start, going back from a number. */
const CLAUSE_START = /[，,；;：:。！？!?、]/;
const LIST_ITEM = /^\s*(?:[-*•·●○▪]\s*|[(（]\d{1,2}[)）]\s*|\d{1,2}[.．、)）](?!\d)\s*)/;

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

/**
 * Where the clause of offset `at` starts: after the last `，；：。、` before it, or after an opening bracket that is
 * still open at `at` (`（其中三级医院3个）`); never before `from`.
 */
export function clauseStart(paragraph: string, at: number, from = 0): number {
  let depth = 0;
  let start = at;
  while (start > from) {
    const c = paragraph[start - 1]!;
    if (c === '）' || c === ')') depth++;
    else if (c === '（' || c === '(') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && CLAUSE_START.test(c)) break;
    start--;
  }
  return start;
}

/** Words without brackets closed inside them (`执业（助理）医师` -> `执业医师`) and without quotes. */
export function plainWords(words: string): string {
  return words.replace(/[（(][^（）()]*[）)]/g, '').replace(/[“”‘’"'\s]/g, '');
}

/** The marker that makes `paragraph` a list item (`- `, `(1)`, `2.`), or '' when it is none. */
export function listMarker(paragraph: string): string {
  return LIST_ITEM.exec(paragraph)?.[0] ?? '';
}

/** A short line with no sentence in it: a title or heading. */
export function isHeading(paragraph: string): boolean {
  return paragraph.trim().length <= 30 && !SENTENCE_END.test(paragraph);
}

/** A paragraph that introduces what follows it: it ends with a colon (`主要预期目标是：`, `具体目标如下：`). */
export function isLeadIn(paragraph: string): boolean {
  return /[：:]\s*$/.test(paragraph);
}
