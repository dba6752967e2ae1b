/**
 * Stage 4, check: the rules on normalized data. Each mention's measure word fits the unit it is published in
 * (its indicator's for a level or an absolute change; `percent`, `percentage_point` for changes in percent and
 * points), a level is within its indicator's bounds, every value publishes exactly as a JSON number, and a
 * status fits its figure (an estimate is of a period already over; a target has none). Then the mentions of each
 * fact are grouped and their revisions settled (facts.ts).
 */
import { compare, isJsonExact } from '../../core/decimal.js';
import { problem, type Problem } from '../../core/errors.js';
import { POINTS_WORDS } from '../normalize/grammar.js';
import type { Mention } from '../normalize/normalize.js';
import type { RawData, Unit } from '../validate/validate.js';
import { publishedBefore } from './dates.js';

type At = (column: string) => { file: string; line: number; column: string };

/** The measure word against the unit of a level or an absolute change: one it accepts, or none where it reads bare numbers. */
function measureWordProblems(m: Mention, unit: Unit, at: At): Problem[] {
  if (m.measureWord === '')
    return unit.bare_number
      ? []
      : [problem('CHECK_NO_MEASURE_WORD', { written: m.value_text, unit: unit.unit_id }, at('value_text'))];
  if (unit.measure_words.includes(m.measureWord)) return [];
  const accepted = unit.measure_words.find((w) => m.measureWord.startsWith(w));
  return [
    accepted
      ? problem(
          'CHECK_UNKNOWN_QUALIFIER',
          { qualifier: m.measureWord.slice(accepted.length), word: accepted, written: m.value_text },
          at('value_text'),
        )
      : problem(
          'CHECK_MEASURE_WORD',
          {
            word: m.measureWord,
            written: m.value_text,
            unit: unit.unit_id,
            accepted: unit.measure_words.join(', ') || 'none',
          },
          at('value_text'),
        ),
  ];
}

/** A change in percent or in points: its published unit exists, and points are of a percentage or per-mille indicator. */
function changeUnitProblems(m: Mention, indicatorUnit: Unit, at: At): Problem[] {
  if (m.unit === '') {
    const needed =
      m.measure === 'change_points' ? `a unit whose measure words include ${m.measureWord}` : 'the unit percent (%)';
    return [problem('CHECK_CHANGE_UNIT', { written: m.value_text, needed }, at('value_text'))];
  }
  if (m.measure === 'change_points') {
    const of = m.measureWord === POINTS_WORDS[0] ? '%' : '‰';
    if (!indicatorUnit.measure_words.includes(of))
      return [problem('CHECK_POINTS_OF', { written: m.value_text, unit: indicatorUnit.unit_id, of }, at('value_text'))];
  }
  return [];
}

/** A status that fits: none on a target; an estimate only of a period over when its source was published. */
function statusProblems(m: Mention, at: At): Problem[] {
  const column = m.estimate && m.status === 'estimated' ? 'value_text' : 'status';
  if (m.kind === 'target' && m.status !== '')
    return [problem('CHECK_STATUS_ON_TARGET', { status: m.status }, at('status'))];
  if (m.status === 'estimated' && !publishedBefore(m.end, m.published))
    return [
      problem('CHECK_ESTIMATE_NOT_PAST', { period: m.period, source: m.source_id, published: m.published }, at(column)),
    ];
  return [];
}

/** The problems of one mention on its own: its measure word, unit, bounds, precision and status. */
export function mentionProblems(m: Mention, data: RawData): Problem[] {
  const at: At = (column) => ({ file: m.file, line: m.line, column });
  const indicator = data.indicators.get(m.indicator_id);
  const unit = indicator && data.units.get(indicator.unit_id);
  if (!indicator || !unit) return []; // validate reported the broken reference
  const ofUnit =
    m.measure === 'level' || m.measure.endsWith('change_absolute')
      ? measureWordProblems(m, unit, at)
      : changeUnitProblems(m, unit, at);
  if (ofUnit.length) return ofUnit;
  const problems: Problem[] = [];
  const bounds = { value: m.value, indicator: indicator.indicator_id };
  if (m.measure === 'level' && indicator.minimum !== '' && compare(m.value, indicator.minimum) < 0)
    problems.push(problem('CHECK_BELOW_MINIMUM', { ...bounds, minimum: indicator.minimum }, at('value_text')));
  if (m.measure === 'level' && indicator.maximum !== '' && compare(m.value, indicator.maximum) > 0)
    problems.push(problem('CHECK_ABOVE_MAXIMUM', { ...bounds, maximum: indicator.maximum }, at('value_text')));
  if (!isJsonExact(m.value)) problems.push(problem('CHECK_PRECISION', { value: m.value }, at('value_text')));
  problems.push(...statusProblems(m, at));
  return problems;
}

/**
 * Check each mention as normalize makes it (`visit`: its problems are added to `problems`, in order), then group
 * them into facts (`factsOf`); the facts are what the tables are built from.
 */
export function mentionChecker(data: RawData, problems: Problem[]): (m: Mention) => void {
  return (m) => {
    for (const p of mentionProblems(m, data)) problems.push(p);
  };
}

export { factsOf, type Facts } from './facts.js';
