/**
 * Provenance, both ways, for one source and its text:
 * - every curated figure's value_text is found in its paragraph, and its period_text and change_word in the
 *   same paragraph (one written number may back several figures its sentence lists with 均: account.ts);
 * - every number written in digits in the text is a curated figure, part of a period, or dismissed with a
 *   reason in raw/dismissed.csv (account.ts); a dismissal that matches nothing is reported too.
 * A paragraph number past the end of the text is an error. Pure: records and a text in, problems out.
 */
import { problem, type Problem } from '../../core/errors.js';
import type { Dismissal, Figure, RawData } from '../validate/validate.js';
import { accountForText } from './account.js';
import type { SourceText } from './texts.js';

/** Some words either side of a number, so a curator can find it. */
function around(paragraph: string, start: number, length: number): string {
  // sliced by UTF-16 units near the number (a paragraph may be megabytes long), never through a surrogate pair
  const isLow = (i: number) => /[\udc00-\udfff]/.test(paragraph[i] ?? '');
  let from = Math.max(0, start - 8);
  let to = Math.min(paragraph.length, start + length + 8);
  if (isLow(from)) from--;
  if (isLow(to)) to++;
  return paragraph.slice(from, to);
}

const figureAt = (f: Figure, column: string) => ({ file: f.file, line: f.line, column });

/**
 * Problems of the figures of one source on their own: a paragraph past the end; a period_text or change_word its
 * paragraph does not write (period_as_written is what the mention writes: a period taken from elsewhere goes in
 * `period`, with a note).
 */
function figureProblems(text: SourceText, figures: Figure[]): Problem[] {
  const count = text.paragraphs.length - 1;
  const problems: Problem[] = [];
  for (const f of figures) {
    if (f.paragraph > count) {
      problems.push(problem('TRACE_NO_PARAGRAPH', { paragraph: f.paragraph, count }, figureAt(f, 'paragraph')));
      continue;
    }
    const paragraph = text.paragraphs[f.paragraph]!;
    if (f.period_text !== '' && !paragraph.includes(f.period_text)) {
      const elsewhere = text.paragraphs.findIndex((q, i) => i > 0 && q.includes(f.period_text));
      problems.push(
        problem(
          'TRACE_PERIOD_NOT_FOUND',
          { written: f.period_text, paragraph: f.paragraph, elsewhere: elsewhere > 0 ? elsewhere : '' },
          figureAt(f, 'period_text'),
        ),
      );
    }
    if (f.change_word !== '' && !paragraph.includes(f.change_word))
      problems.push(
        problem(
          'TRACE_CHANGE_WORD_NOT_FOUND',
          { written: f.change_word, paragraph: f.paragraph },
          figureAt(f, 'change_word'),
        ),
      );
  }
  return problems;
}

/** A figure whose value_text found no occurrence of its own: not in its paragraph, or every occurrence taken. */
function missingProblem(text: SourceText, f: Figure): Problem {
  if (text.paragraphs[f.paragraph]!.includes(f.value_text))
    return problem('TRACE_VALUE_TAKEN', { written: f.value_text, paragraph: f.paragraph }, figureAt(f, 'value_text'));
  const elsewhere = text.paragraphs.findIndex((q, i) => i > 0 && i !== f.paragraph && q.includes(f.value_text));
  return problem(
    'TRACE_VALUE_NOT_FOUND',
    { written: f.value_text, paragraph: f.paragraph, elsewhere: elsewhere > 0 ? elsewhere : '' },
    figureAt(f, 'value_text'),
  );
}

/** Trace one source against its text (see the module comment). */
export function traceSource(text: SourceText, data: RawData): Problem[] {
  const count = text.paragraphs.length - 1;
  const figures = data.figures.filter((f) => f.source_id === text.source_id);
  const dismissals = data.dismissed.filter((d) => d.source_id === text.source_id);
  const problems = figureProblems(text, figures);
  const inText = <T extends { paragraph: number }>(xs: T[]) => xs.filter((x) => x.paragraph <= count);
  const claims = inText(figures).map((f) => ({ ...f, id: f.figure_id }));
  for (const d of dismissals.filter((x) => x.paragraph > count))
    problems.push(
      problem(
        'TRACE_NO_PARAGRAPH',
        { paragraph: d.paragraph, count },
        { file: d.file, line: d.line, column: 'paragraph' },
      ),
    );
  for (const p of accountForText(text.paragraphs, claims, inText(dismissals))) {
    const paragraph = text.paragraphs[p.paragraph]!;
    for (const f of p.missing) problems.push(missingProblem(text, f));
    for (const d of p.stale as (Dismissal & { paragraph: number })[])
      problems.push(
        problem(
          'TRACE_STALE_DISMISSAL',
          { written: d.text, paragraph: d.paragraph, source: text.source_id },
          { file: d.file, line: d.line, column: 'text' },
        ),
      );
    for (const n of p.unaccounted)
      problems.push(
        problem(
          'TRACE_UNACCOUNTED_NUMBER',
          {
            number: n.text,
            paragraph: p.paragraph,
            source: text.source_id,
            context: around(paragraph, n.start, n.text.length),
          },
          { file: text.file, line: text.lines[p.paragraph] },
        ),
      );
  }
  return problems;
}

/** Trace every source that has a text. */
export const traceAll = (texts: SourceText[], data: RawData): Problem[] => texts.flatMap((t) => traceSource(t, data));
