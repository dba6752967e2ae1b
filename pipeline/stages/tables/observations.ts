/**
 * The observations table: one row per fact, with the standing value. Its source is the latest-published
 * source among the standing mentions, and its "as written" columns, paragraphs and notes are those of that
 * source's standing mentions (the mentions table keeps every mention).
 */
import type { Fact } from '../check/facts.js';
import type { Mention } from '../normalize/normalize.js';
import type { RawData } from '../validate/validate.js';
import type { ObservationRow } from './rows.js';

export const orNull = (s: string) => (s === '' ? null : s);
const distinct = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

/**
 * Notes of several mentions, each said once: a note is split into its parts (at `; `), and a part another
 * mention's note already holds is not repeated.
 */
export function mergeNotes(notes: string[]): string | null {
  return orNull(distinct(notes.flatMap((n) => n.split(/;\s+/).map((part) => part.trim()))).join('; '));
}

/** The standing mentions of the latest-published source among them, in paragraph order. */
function standingOfSource(fact: Fact): Mention[] {
  const last = fact.standing.at(-1)!; // facts list their mentions by publication
  return fact.standing
    .filter((m) => m.source_id === last.source_id)
    .sort((a, b) => a.paragraph - b.paragraph || a.line - b.line);
}

export function observationRow(fact: Fact, data: RawData): ObservationRow {
  const ms = standingOfSource(fact);
  const m = ms[0]!;
  const indicator = data.indicators.get(m.indicator_id)!;
  const area = data.areas.get(m.area_code)!;
  return {
    observation_id: fact.observation_id,
    indicator_id: m.indicator_id,
    domain: indicator.domain,
    label_zh: indicator.label_zh,
    label_en: indicator.label_en,
    area_code: m.area_code,
    area_zh: area.name_zh,
    area_en: area.name_en,
    kind: m.kind,
    period: m.period,
    period_start: m.start,
    period_end: m.end,
    measure: m.measure,
    base_period: m.base_period,
    comparator: m.comparator,
    value: m.value,
    unit: m.unit,
    observation_status: m.status === '' ? null : m.status,
    value_as_written: distinct(ms.map((x) => x.value_text)).join('|'),
    period_as_written: orNull(distinct(ms.map((x) => x.period_text)).join('|')),
    source_id: m.source_id,
    source_paragraphs: distinct(ms.map((x) => String(x.paragraph))).join('|'),
    note: mergeNotes(ms.map((x) => x.note)),
  };
}
