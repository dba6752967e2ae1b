/**
 * The layouts suggest writes its drafts in: the columns of raw/figures/<domain>.csv, raw/dismissed.csv and
 * raw/indicators.csv, read from their schemas (schemas/raw/), so a draft is always ready to paste.
 */
import { loadSchemas } from '../../core/schemas.js';

const columnsOf = (table: 'figures' | 'dismissed' | 'indicators') =>
  Object.keys(loadSchemas().raw[table].properties) as readonly string[];

export const figureColumns = () => columnsOf('figures');
export const dismissedColumns = () => columnsOf('dismissed');
export const indicatorColumns = () => columnsOf('indicators');

/** A row with every column of a layout, in order; cells it does not give are empty. */
export function inLayout(columns: readonly string[], cells: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, cells[c] ?? '']));
}
