/**
 * Stage 4, check: the rules on normalized data. Each mention's measure word fits its indicator's unit, its
 * value is within the indicator's bounds and publishes exactly as a JSON number; then the mentions of each
 * fact are grouped and their revisions settled (facts.ts).
 */
import { compare, isJsonExact } from '../../core/decimal.js';
import { problem, type Problem } from '../../core/errors.js';
import type { Mention } from '../normalize/normalize.js';
import type { RawData } from '../validate/validate.js';
import { factsOf, type Fact } from './facts.js';

/** The problems of one mention on its own: its measure word, bounds and precision. */
function mentionProblems(m: Mention, data: RawData): Problem[] {
  const at = (column: string) => ({ file: m.file, line: m.line, column });
  const indicator = data.indicators.get(m.indicator_id);
  const unit = indicator && data.units.get(indicator.unit_id);
  if (!indicator || !unit) return []; // validate reported the broken reference
  if (!unit.measure_words.includes(m.measureWord)) {
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
            { word: m.measureWord, written: m.value_text, unit: unit.unit_id, accepted: unit.measure_words.join(', ') },
            at('value_text'),
          ),
    ];
  }
  const problems: Problem[] = [];
  const bounds = { value: m.value, indicator: indicator.indicator_id };
  if (indicator.minimum !== '' && compare(m.value, indicator.minimum) < 0)
    problems.push(problem('CHECK_BELOW_MINIMUM', { ...bounds, minimum: indicator.minimum }, at('value_text')));
  if (indicator.maximum !== '' && compare(m.value, indicator.maximum) > 0)
    problems.push(problem('CHECK_ABOVE_MAXIMUM', { ...bounds, maximum: indicator.maximum }, at('value_text')));
  if (!isJsonExact(m.value)) problems.push(problem('CHECK_PRECISION', { value: m.value }, at('value_text')));
  return problems;
}

/** Check every mention, then group them into facts; the facts are what the tables are built from. */
export function checkMentions(mentions: Mention[], data: RawData): { facts: Fact[]; problems: Problem[] } {
  const problems = mentions.flatMap((m) => mentionProblems(m, data));
  const grouped = factsOf(mentions);
  return { facts: grouped.facts, problems: [...problems, ...grouped.problems] }; // capped per file by the caller
}
