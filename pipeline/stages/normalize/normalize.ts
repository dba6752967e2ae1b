/**
 * Stage 3, normalize: each figure's value_text and period read by the value and period rules
 * (values.ts, periods.ts), its area settled (its own, else its source's), and the fact it states named:
 * observation_id = area_code:indicator_id:kind:period. Pure: validated figures in, mentions out.
 */
import { PipelineError, type Problem } from '../../core/errors.js';
import { periodResolver, type ParsedPeriod } from './periods.js';
import type { Figure, RawData } from '../validate/validate.js';
import { parseValue, type ParsedValue } from './values.js';

/** One mention of a figure, with its value and period read and its area settled. */
export interface Mention extends Figure, ParsedValue, ParsedPeriod {
  observation_id: string;
  /** When its source was published (sources.csv), for revisions. */
  published: string;
}

export function observationId(areaCode: string, indicatorId: string, kind: string, period: string): string {
  return `${areaCode}:${indicatorId}:${kind}:${period}`;
}

export function normalizeFigures(data: RawData): { mentions: Mention[]; problems: Problem[] } {
  const mentions: Mention[] = [];
  const problems: Problem[] = [];
  const resolvePeriod = periodResolver();
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
    const source = data.sources.get(fig.source_id)!;
    try {
      period = resolvePeriod(fig.period_text, fig.period, source.reference_year);
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      problems.push(err.at(where(fig.period !== '' ? 'period' : 'period_text')));
    }
    if (value && period)
      // written out rather than spread from fig, value and period, which is much slower (docs/performance.md)
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
        area_code: fig.area_code || source.area_code,
        revises: fig.revises,
        published: source.published,
        note: fig.note,
        comparator: value.comparator,
        value: value.value,
        measureWord: value.measureWord,
        qualifiers: value.qualifiers,
        period: period.period, // the period as read, in place of the figure's explicit one
        start: period.start,
        end: period.end,
        observation_id: observationId(fig.area_code || source.area_code, fig.indicator_id, fig.kind, period.period),
      });
  }
  return { mentions, problems };
}
