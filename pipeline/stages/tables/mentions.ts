/** The mentions table: every curated figure as its source states it, and whether it still stands. */
import type { Fact } from '../check/facts.js';
import { orNull } from './observations.js';
import type { MentionRow } from './rows.js';

export function mentionRows(fact: Fact): MentionRow[] {
  return fact.mentions.map((m) => {
    const revisedBy = fact.revisedBy.get(m.figure_id) ?? null;
    return {
      figure_id: m.figure_id,
      observation_id: fact.observation_id,
      source_id: m.source_id,
      paragraph: m.paragraph,
      value_as_written: m.value_text,
      period_as_written: orNull(m.period_text),
      observation_status: m.status === '' ? null : m.status,
      standing: revisedBy === null,
      revised_by: revisedBy,
      note: orNull(m.note),
    };
  });
}
