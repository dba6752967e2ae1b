/**
 * Stage 3, normalize: each figure's value_text and period through the rules of DESIGN.md.
 * Pure: validated figures in, normalized mentions (or located problems) out.
 */
import { PipelineError, type Problem } from '../../core/errors.js';
import { resolvePeriod, type ParsedPeriod } from './periods.js';
import type { Figure, RawData } from '../validate/validate.js';
import { parseValue, type ParsedValue } from './values.js';

/** One mention of a figure, with its value and period read. */
export interface Mention extends Figure, ParsedValue, ParsedPeriod {
  observation_id: string;
}

export function observationId(indicatorId: string, kind: string, period: string): string {
  return `${indicatorId}:${kind}:${period}`;
}

export function normalizeFigures(data: RawData): { mentions: Mention[]; problems: Problem[] } {
  const mentions: Mention[] = [];
  const problems: Problem[] = [];
  for (const fig of data.figures) {
    const where = (column: string) => ({ file: fig.file, line: fig.line, column });
    let value: ParsedValue | undefined;
    let period: ParsedPeriod | undefined;
    try {
      value = parseValue(fig.value_text, fig.kind);
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      problems.push(err.at(where('value_text')));
    }
    try {
      const referenceYear = data.sources.get(fig.source_id)!.reference_year;
      period = resolvePeriod(fig.period_text, fig.period, referenceYear);
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      problems.push(err.at(where(fig.period !== '' ? 'period' : 'period_text')));
    }
    if (value && period)
      // written out rather than spread from fig, value and period: several times faster over 100 000 figures
      mentions.push({
        file: fig.file,
        line: fig.line,
        figure_id: fig.figure_id,
        domain: fig.domain,
        source_id: fig.source_id,
        paragraph: fig.paragraph,
        indicator_id: fig.indicator_id,
        kind: fig.kind,
        period_text: fig.period_text,
        value_text: fig.value_text,
        note: fig.note,
        comparator: value.comparator,
        value: value.value,
        measureWord: value.measureWord,
        qualifiers: value.qualifiers,
        period: period.period, // the period as read, in place of the figure's explicit one
        start: period.start,
        end: period.end,
        observation_id: observationId(fig.indicator_id, fig.kind, period.period),
      });
  }
  return { mentions, problems };
}
