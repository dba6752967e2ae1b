/**
 * Stage 4, check: the rules on normalized data. The measure word fits the indicator's unit, the value is
 * within the indicator's bounds and publishes exactly as a JSON number, and mentions of one fact agree.
 */
import { CheckError, limitPerFile, type Problem } from '../core/errors.js';
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
      const message = accepted
        ? `unknown qualifier "${m.measureWord.slice(accepted.length)}" after "${accepted}" in "${m.value_text}"`
        : `unknown measure word "${m.measureWord}" in "${m.value_text}" (unit ${unit.unit_id} accepts ${unit.measure_words.join(', ')})`;
      problems.push(
        new CheckError(
          accepted ? 'CHECK_UNKNOWN_QUALIFIER' : 'CHECK_MEASURE_WORD',
          message,
          at('value_text'),
        ).toProblem(),
      );
      continue;
    }
    if (indicator.minimum !== '' && compare(m.value, indicator.minimum) < 0)
      problems.push(
        new CheckError(
          'CHECK_BELOW_MINIMUM',
          `${m.value} is below the minimum ${indicator.minimum} of ${indicator.indicator_id}`,
          at('value_text'),
        ).toProblem(),
      );
    if (indicator.maximum !== '' && compare(m.value, indicator.maximum) > 0)
      problems.push(
        new CheckError(
          'CHECK_ABOVE_MAXIMUM',
          `${m.value} is above the maximum ${indicator.maximum} of ${indicator.indicator_id} (a completion rate above 100 needs an indicator without a maximum)`,
          at('value_text'),
        ).toProblem(),
      );
    if (!isJsonExact(m.value))
      problems.push(
        new CheckError(
          'CHECK_PRECISION',
          `${m.value} has more significant digits than a JSON number keeps exactly (15)`,
          at('value_text'),
        ).toProblem(),
      );
    const first = byObservation.get(m.observation_id);
    if (!first) {
      byObservation.set(m.observation_id, m);
    } else if (first.value !== m.value || first.comparator !== m.comparator) {
      problems.push(
        new CheckError(
          'CHECK_MENTIONS_DISAGREE',
          `"${m.value_text}" (${COMPARATOR_WORDS[m.comparator]}${m.value}) disagrees with "${first.value_text}" (${COMPARATOR_WORDS[first.comparator]}${first.value}) at ${first.file}:${first.line}, another mention of ${m.observation_id}`,
          at('value_text'),
        ).toProblem(),
      );
    } else if (first.source_id === m.source_id && first.paragraph === m.paragraph) {
      problems.push(
        new CheckError(
          'CHECK_DUPLICATE_MENTION',
          `the same mention as ${first.file}:${first.line} (${m.observation_id}, paragraph ${m.paragraph})`,
          at('paragraph'),
        ).toProblem(),
      );
    }
  }
  return limitPerFile(problems);
}
