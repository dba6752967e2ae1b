/**
 * The rows of every published table, as the pipeline holds them: exact decimals as strings, missing as null.
 * Their types are generated from the tables' JSON Schemas (core/tables.generated.ts, `make types`): a column is
 * declared once, in its schema.
 */
export type {
  AreaRow,
  IndicatorRow,
  MentionRow,
  ObservationRow,
  ProgressRow,
  PublishedTableName,
  PublishedTables,
  SourceRow,
  UnitRow,
} from '../../core/tables.generated.js';
export { PUBLISHED_TABLES } from '../../core/tables.generated.js';
import type { ProgressRow } from '../../core/tables.generated.js';

/** A published cell: text, an exact decimal (kept as its string), a boolean, or missing. */
export type Cell = string | number | boolean | null;

export type ProgressStatus = ProgressRow['status'];
