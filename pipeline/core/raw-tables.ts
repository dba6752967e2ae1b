/**
 * The tables of raw/, declared once: the file each is read from, and the column that identifies a row (what
 * other tables name, and what a duplicate is reported by). Extract reads them in this order, validate checks
 * each against its schema (schemas/raw/<name>.schema.json). raw/package.json is not a table: see load.ts.
 */
export const RAW_TABLES = [
  { name: 'sources', file: 'sources.csv', id: 'source_id' },
  { name: 'areas', file: 'areas.csv', id: 'area_code' },
  { name: 'units', file: 'units.csv', id: 'unit_id' },
  { name: 'indicators', file: 'indicators.csv', id: 'indicator_id' },
  { name: 'dismissed', file: 'dismissed.csv', id: 'text' },
  /** One file per domain: figures/<domain>.csv. */
  { name: 'figures', folder: 'figures', id: 'figure_id' },
] as const;

export type RawTableName = (typeof RAW_TABLES)[number]['name'];

/** The tables read from one file each (all but the figures). */
export const SINGLE_FILE_TABLES = RAW_TABLES.filter(
  (t): t is Extract<(typeof RAW_TABLES)[number], { file: string }> => 'file' in t,
);

type Declaration = (typeof RAW_TABLES)[number];

/** The declaration of one raw table. */
export const rawTable = <N extends RawTableName>(name: N) =>
  RAW_TABLES.find((t): t is Extract<Declaration, { name: N }> => t.name === name)!;
