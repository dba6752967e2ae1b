/**
 * Stage 4, check: the rules on normalized data. The measure word fits the indicator's unit, the value is
 * within the indicator's bounds and publishes exactly as a JSON number, and mentions of one fact agree.
 */
import { limitPerFile, problem, type Problem } from '../core/errors.js';
import type { Mention } from './normalize/normalize.js';
import type { RawData } from './validate/validate.js';
import { compare } from './normalize/values.js';

const COMPARATOR_WORDS = { eq: '', gte: '≥ ', lte: '≤ ', gt: '> ', approx: '≈ ' } as const;

/** A value prints as itself through JSON.parse/JSON.stringify only when it has no more than 15 significant digits. */
export function isJsonExact(value: string): boolean {
  return String(Number(value)) === value;
}

export function checkMentions(mentions: Mention[], data: RawData): Problem[] {
  const problems: Problem[] = [];
  const byObservation = new Map<string, Mention>();
  for (const m of mentions) {
    const at = (column: string) => ({ file: m.file, line: m.line, column });
    const indicator = data.indicators.get(m.indicator_id);
    const unit = indicator && data.units.get(indicator.unit_id);
    if (!indicator || !unit) continue; // validate reported the broken reference
    if (!unit.measure_words.includes(m.measureWord)) {
      const accepted = unit.measure_words.find((w) => m.measureWord.startsWith(w));
      problems.push(
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
                accepted: unit.measure_words.join(', '),
              },
              at('value_text'),
            ),
      );
      continue;
    }
    const bounds = { value: m.value, indicator: indicator.indicator_id };
    if (indicator.minimum !== '' && compare(m.value, indicator.minimum) < 0)
      problems.push(problem('CHECK_BELOW_MINIMUM', { ...bounds, minimum: indicator.minimum }, at('value_text')));
    if (indicator.maximum !== '' && compare(m.value, indicator.maximum) > 0)
      problems.push(problem('CHECK_ABOVE_MAXIMUM', { ...bounds, maximum: indicator.maximum }, at('value_text')));
    if (!isJsonExact(m.value)) problems.push(problem('CHECK_PRECISION', { value: m.value }, at('value_text')));
    const first = byObservation.get(m.observation_id);
    if (!first) {
      byObservation.set(m.observation_id, m);
    } else if (first.value !== m.value || first.comparator !== m.comparator) {
      problems.push(
        problem(
          'CHECK_MENTIONS_DISAGREE',
          {
            written: m.value_text,
            value: `${COMPARATOR_WORDS[m.comparator]}${m.value}`,
            other_written: first.value_text,
            other_value: `${COMPARATOR_WORDS[first.comparator]}${first.value}`,
            other: `${first.file}:${first.line}`,
            observation: m.observation_id,
          },
          at('value_text'),
        ),
      );
    } else if (first.source_id === m.source_id && first.paragraph === m.paragraph) {
      problems.push(
        problem(
          'CHECK_DUPLICATE_MENTION',
          { other: `${first.file}:${first.line}`, observation: m.observation_id, paragraph: m.paragraph },
          at('paragraph'),
        ),
      );
    }
  }
  return limitPerFile(problems);
}
