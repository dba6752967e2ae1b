/**
 * trace: every figure's value_text found in its stated paragraph of the source text, and every
 * period_text somewhere in it. "Paragraph N" is the N-th non-empty line; `**` marks are emphasis.
 */
import { createHash } from 'node:crypto';
import { problem, type Problem } from '../core/errors.js';
import type { RawData } from './validate/validate.js';

/** The paragraphs of a source text, 1-based (index 0 unused), without `**` emphasis marks. */
export function paragraphsOf(text: string): string[] {
  return [
    '',
    ...text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/\*\*/g, '')),
  ];
}

export function traceFigures(
  sourceBytes: Uint8Array,
  sourceFile: string,
  data: RawData,
): { problems: Problem[]; checked: number; sourceId?: string } {
  const hash = createHash('sha256').update(sourceBytes).digest('hex');
  const source = [...data.sources.values()].find((s) => s.sha256 === hash);
  if (!source)
    return {
      problems: [problem('TRACE_UNKNOWN_SOURCE', { sha256: hash }, { file: sourceFile })],
      checked: 0,
    };
  const text = new TextDecoder('utf-8').decode(sourceBytes);
  const paragraphs = paragraphsOf(text);
  const whole = paragraphs.join('\n');
  const problems: Problem[] = [];
  let checked = 0;
  for (const f of data.figures.filter((x) => x.source_id === source.source_id)) {
    checked++;
    const at = (column: string) => ({ file: f.file, line: f.line, column });
    const paragraph = paragraphs[f.paragraph];
    if (paragraph === undefined) {
      problems.push(
        problem('TRACE_NO_PARAGRAPH', { paragraph: f.paragraph, count: paragraphs.length - 1 }, at('paragraph')),
      );
      continue;
    }
    if (!paragraph.includes(f.value_text)) {
      const elsewhere = paragraphs.findIndex((p, i) => i > 0 && p.includes(f.value_text));
      problems.push(
        problem(
          'TRACE_VALUE_NOT_FOUND',
          { written: f.value_text, paragraph: f.paragraph, elsewhere: elsewhere > 0 ? elsewhere : '' },
          at('value_text'),
        ),
      );
    }
    if (f.period_text !== '' && !whole.includes(f.period_text))
      problems.push(problem('TRACE_PERIOD_NOT_FOUND', { written: f.period_text }, at('period_text')));
  }
  return { problems, checked, sourceId: source.source_id };
}
