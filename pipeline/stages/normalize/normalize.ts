/**
 * Stage 3, normalize: each figure's value_text and period read by the value and period rules (values.ts,
 * periods.ts), the base of a change settled, its area settled (its own, else its source's), its status settled
 * (the column, or 预计), and the fact it states named (observationId). Pure: validated figures in, mentions out.
 *
 * Each mention is made as an object, handed to `visit` (the check stage's checks of one mention) and kept as
 * numbers in a MentionStore (store.ts): a large build never holds its mentions as objects.
 */
import { PipelineError, type Problem } from '../../core/errors.js';
import { SILENT, type Progress } from '../../core/progress.js';
import { MentionStore, type Mention } from './store.js';
import type { Figure, RawData } from '../validate/validate.js';
import type { Measure } from './grammar.js';
import { basePeriod, periodResolver } from './periods.js';
import { parseValue, type ParsedValue } from './values.js';

export type { Mention } from './store.js';

/** The unit a change in percent is published in, whatever its indicator's unit (docs/rules.md). */
export const PERCENT_UNIT = 'percent';

/** The unit a mention's value is published in (see Mention.unit). */
function unitOf(value: ParsedValue, indicatorUnit: string, data: RawData): string {
  switch (value.measure) {
    case 'change_percent':
    case 'annual_average_change_percent':
      return data.units.has(PERCENT_UNIT) ? PERCENT_UNIT : '';
    case 'change_points':
      return [...data.units.values()].find((u) => u.measure_words.includes(value.measureWord))?.unit_id ?? '';
    default:
      return indicatorUnit;
  }
}

/**
 * The id of a fact: `area:indicator:kind:period` for a level (as since 2.0.0), and for a change the measure and
 * base after it: `<area>:gdp:actual:2022:change_percent:2021`.
 */
export function observationId(
  areaCode: string,
  indicatorId: string,
  kind: string,
  period: string,
  measure: Measure = 'level',
  base: string | null = null,
): string {
  // joined rather than concatenated: one flat string, where `+` makes a rope of pieces, each kept (an id lives as
  // long as the build)
  return measure === 'level'
    ? [areaCode, indicatorId, kind, period].join(':')
    : [areaCode, indicatorId, kind, period, measure, String(base)].join(':');
}

/** The area code an observation id begins with (an area code, GB/T 2260, holds no colon). */
export const areaOfObservation = (observationId: string): string => observationId.slice(0, observationId.indexOf(':'));

/** Run `read`, turning a PipelineError into a problem at `column` of the figure's row. */
function attempt<T>(fig: Figure, column: string, problems: Problem[], read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof PipelineError)) throw err;
    problems.push(err.at({ file: fig.file, line: fig.line, column }));
    return undefined;
  }
}

export function normalizeFigures(
  data: RawData,
  visit: (m: Mention) => void = () => undefined,
  progress: Progress = SILENT,
): { mentions: MentionStore; problems: Problem[] } {
  const mentions = new MentionStore(data.figures.store, data);
  const problems: Problem[] = [];
  const resolvePeriod = periodResolver();
  const figures = data.figures;
  progress.stage('normalizing the figures', figures.length);
  for (let k = 0; k < figures.length; k++) {
    progress.tick(k);
    const fig = figures.at(k);
    const source = data.sources.get(fig.source_id)!;
    const valueColumn = fig.change_word !== '' ? 'change_word' : 'value_text';
    const value = attempt(fig, valueColumn, problems, () => parseValue(fig.value_text, fig.kind, fig.change_word));
    const periodColumn = fig.period !== '' ? 'period' : 'period_text';
    const period = attempt(fig, periodColumn, problems, () =>
      resolvePeriod(fig.period_text, fig.period, source.reference_year),
    );
    if (!value || !period) continue;
    const baseColumn = fig.base_period !== '' ? 'base_period' : 'value_text';
    const base = attempt(fig, baseColumn, problems, () =>
      basePeriod(value.measure, value.base, fig.base_period, period),
    );
    if (base === undefined) continue;
    const area = fig.area_code || source.area_code;
    // written out rather than spread from fig, value and period, which is much slower (docs/performance.md)
    const m: Mention = {
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
      area_code: area,
      revises: fig.revises,
      change_word: fig.change_word,
      status: fig.status !== '' ? fig.status : value.estimate && fig.kind === 'actual' ? 'estimated' : '',
      published: source.published,
      note: fig.note,
      comparator: value.comparator,
      value: value.value,
      measureWord: value.measureWord,
      qualifiers: value.qualifiers,
      measure: value.measure,
      base: value.base,
      estimate: value.estimate,
      changeWord: value.changeWord,
      period: period.period, // the period as read, in place of the figure's explicit one
      start: period.start,
      end: period.end,
      base_period: base,
      unit: unitOf(value, data.indicators.get(fig.indicator_id)!.unit_id, data),
      observation_id: observationId(area, fig.indicator_id, fig.kind, period.period, value.measure, base),
    };
    visit(m);
    mentions.add(figures.indices[k]!, m);
  }
  return { mentions, problems };
}
