/**
 * Stage 2, validate: every raw table against its JSON Schema (schema-check.ts), then ids unique and the
 * rules across tables (rules.ts). Pure: raw tables in, typed records of the rows that passed and problems out.
 */
import { ProblemList, problem, type Problem } from '../../core/errors.js';
import { loadSchemas, type RawTableName } from '../../core/schemas.js';
import type { RawTable } from '../extract/csv.js';
import type { RawTables } from '../extract/load.js';
import { applyRules } from './engine.js';
import {
  recordOf,
  type Figure,
  type Indicator,
  type Located,
  type RawData,
  type Source,
  type Unit,
} from './records.js';
import { FIGURE_RULES, INDICATOR_RULES, ruleContext, UNIT_RULES } from './rules.js';
import { checkPackage } from './package-meta.js';
import { checkTable, type CheckedTable } from './schema-check.js';

export type { DatasetMeta, Figure, Indicator, RawData, Source, Unit } from './records.js';

/** The rows of a table that passed its schema, as records. */
function records<T extends Located>(
  table: RawTable,
  name: RawTableName,
  idColumn: string,
  problems: Problem[],
  extra: Record<string, unknown> = {},
): { records: T[]; checked: CheckedTable } {
  const checked = checkTable(table, name, idColumn, problems);
  const schema = loadSchemas().raw[name];
  return { records: checked.rows.map((row) => recordOf<T>(row, table.file, schema, extra)), checked };
}

/** Records by id; the second and later rows that repeat an id are reported, naming the first. */
function uniqueBy<T extends Located>(items: T[], key: (t: T) => string, column: string, problems: ProblemList) {
  const map = new Map<string, T>();
  for (const item of items) {
    const id = key(item);
    const first = map.get(id);
    if (!first) map.set(id, item);
    else
      problems.add(item.file, () =>
        problem('RULE_DUPLICATE_ID', { column, id, first: `${first.file}:${first.line}` }, { ...item, column }),
      );
  }
  return map;
}

/** Validate the raw tables; records that pass are returned typed. */
export function validateRaw(tables: RawTables): { data: RawData; problems: Problem[] } {
  const found: Problem[] = [];
  const meta = checkPackage(tables.package, found);
  const sources = records<Source>(tables.sources, 'sources', 'source_id', found);
  const units = records<Unit>(tables.units, 'units', 'unit_id', found);
  const indicators = records<Indicator>(tables.indicators, 'indicators', 'indicator_id', found);
  const figures: Figure[] = [];
  for (const [domain, table] of tables.figures) {
    if (meta && !meta.domains.some((d) => d.id === domain))
      found.push(problem('RULE_UNKNOWN_DOMAIN', { id: domain, suggestion: '' }, { file: table.file }));
    figures.push(...records<Figure>(table, 'figures', 'figure_id', found, { domain }).records);
  }

  const problems = new ProblemList();
  problems.push(...found);
  const maps = {
    sources: uniqueBy(sources.records, (s) => s.source_id, 'source_id', problems),
    units: uniqueBy(units.records, (u) => u.unit_id, 'unit_id', problems),
    indicators: uniqueBy(indicators.records, (i) => i.indicator_id, 'indicator_id', problems),
  };
  uniqueBy(figures, (f) => f.figure_id, 'figure_id', problems);
  const context = ruleContext(meta, maps, {
    sources: sources.checked,
    units: units.checked,
    indicators: indicators.checked,
  });
  applyRules(maps.units.values(), UNIT_RULES, context, problems);
  const goodIndicators = new Set(applyRules(maps.indicators.values(), INDICATOR_RULES, context, problems));
  for (const [id, indicator] of maps.indicators)
    if (!goodIndicators.has(indicator)) {
      context.brokenIndicators.add(id);
      maps.indicators.delete(id);
    }
  const data: RawData = { meta, ...maps, figures: applyRules(figures, FIGURE_RULES, context, problems) };
  return { data, problems: problems.list() };
}
