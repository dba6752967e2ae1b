/**
 * The published tables, each declared once: how its rows are built and which column orders them (its
 * primary key). Rows come out sorted by that key, so the same inputs always give the same bytes. The
 * columns, their types, keys and foreign keys are the table's JSON Schema in schemas/published/.
 */
import type { Fact } from '../check/facts.js';
import type { RawData } from '../validate/validate.js';
import { mentionRows } from './mentions.js';
import { observationRow } from './observations.js';
import { buildProgress } from './progress.js';
import { areaRows, indicatorRows, sourceRows, unitRows } from './registries.js';
import type { PublishedTables } from './rows.js';

const sortedBy = <T>(rows: T[], key: (row: T) => string): T[] =>
  rows
    .map((row) => ({ row, k: key(row) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.row);

/** Build every published table from the checked facts and the raw registries. */
export function buildTables(facts: Fact[], data: RawData): PublishedTables {
  const observations = sortedBy(
    facts.map((f) => observationRow(f, data)),
    (o) => o.observation_id,
  );
  const indicators = sortedBy(indicatorRows(data), (i) => i.indicator_id);
  const units = sortedBy(unitRows(data), (u) => u.unit_id);
  const tables: PublishedTables = {
    observations,
    mentions: sortedBy(
      facts.flatMap((f) => mentionRows(f)),
      (m) => m.figure_id,
    ),
    progress: buildProgress(observations, indicators, units),
    indicators,
    units,
    areas: sortedBy(areaRows(data), (a) => a.area_code),
    sources: sortedBy(sourceRows(data), (s) => s.source_id),
  };
  return tables;
}
