/**
 * Stage 2, validate: every raw table against its JSON Schema (schema-check.ts), then ids unique and the
 * rules across tables (rules.ts). Pure: raw tables in, typed records of the rows that passed and problems out.
 */
import { appendAll } from '../../core/group.js';
import { ProblemList, problem, type Problem } from '../../core/errors.js';
import { rawTable, type RawTableName } from '../../core/raw-tables.js';
import { loadSchemas } from '../../core/schemas.js';
import type { RawTable } from '../extract/csv.js';
import type { RawTables } from '../extract/load.js';
import { applyRules } from './engine.js';
import {
  recordOf,
  type Area,
  type DatasetMeta,
  type Dismissal,
  type Figure,
  type Indicator,
  type Located,
  type RawData,
  type Source,
  type Unit,
} from './records.js';
import {
  AREA_RULES,
  DISMISSAL_RULES,
  FIGURE_RULES,
  INDICATOR_RULES,
  ruleContext,
  SOURCE_RULES,
  UNIT_RULES,
} from './rules.js';
import { checkPackage } from './package-meta.js';
import { checkTable, type CheckedTable } from './schema-check.js';

export type { Area, DatasetMeta, Dismissal, Figure, Indicator, RawData, Source, Unit } from './records.js';

/** The rows of a table that passed its schema, as records. */
function records<T extends Located>(
  table: RawTable,
  name: RawTableName,
  problems: Problem[],
  extra: Record<string, unknown> = {},
): { records: T[]; checked: CheckedTable } {
  const checked = checkTable(table, name, rawTable(name).id, problems);
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

/** Every table's rows that passed their schema, as records, and which ids were reported already. */
function readRecords(tables: RawTables, meta: DatasetMeta | undefined, found: Problem[]) {
  const sources = records<Source>(tables.sources, 'sources', found);
  const areas = records<Area>(tables.areas, 'areas', found);
  const units = records<Unit>(tables.units, 'units', found);
  const indicators = records<Indicator>(tables.indicators, 'indicators', found);
  const dismissed = records<Dismissal>(tables.dismissed, 'dismissed', found);
  const figures: Figure[] = [];
  const figureChecks: CheckedTable[] = [];
  for (const [domain, table] of tables.figures) {
    if (meta && !meta.domains.some((d) => d.id === domain))
      found.push(problem('RULE_UNKNOWN_DOMAIN', { id: domain, suggestion: '' }, { file: table.file }));
    const read = records<Figure>(table, 'figures', found, { domain });
    appendAll(figures, read.records);
    figureChecks.push(read.checked);
  }
  const figuresChecked: CheckedTable = { rows: [], reported: (id) => figureChecks.some((c) => c.reported(id)) };
  return { sources, areas, units, indicators, dismissed, figures, figuresChecked };
}

/** Validate the raw tables; records that pass are returned typed. */
export function validateRaw(tables: RawTables): { data: RawData; problems: Problem[] } {
  const found: Problem[] = [];
  const meta = checkPackage(tables.package, found);
  const read = readRecords(tables, meta, found);
  const problems = new ProblemList();
  problems.pushAll(found);
  const maps = {
    sources: uniqueBy(read.sources.records, (s) => s.source_id, 'source_id', problems),
    areas: uniqueBy(read.areas.records, (a) => a.area_code, 'area_code', problems),
    units: uniqueBy(read.units.records, (u) => u.unit_id, 'unit_id', problems),
    indicators: uniqueBy(read.indicators.records, (i) => i.indicator_id, 'indicator_id', problems),
    figureIds: new Set(uniqueBy(read.figures, (f) => f.figure_id, 'figure_id', problems).keys()),
  };
  uniqueBy(read.dismissed.records, (d) => `${d.source_id} ${d.paragraph} ${d.text}`, 'text', problems);
  const context = ruleContext(meta, maps, {
    sources: read.sources.checked,
    areas: read.areas.checked,
    units: read.units.checked,
    indicators: read.indicators.checked,
    figures: read.figuresChecked,
  });
  applyRules(maps.areas.values(), AREA_RULES, context, problems);
  const sources = new Set(applyRules(maps.sources.values(), SOURCE_RULES, context, problems));
  for (const [id, source] of maps.sources)
    if (!sources.has(source)) {
      context.brokenSources.add(id);
      maps.sources.delete(id);
    }
  applyRules(maps.units.values(), UNIT_RULES, context, problems);
  const goodIndicators = new Set(applyRules(maps.indicators.values(), INDICATOR_RULES, context, problems));
  for (const [id, indicator] of maps.indicators)
    if (!goodIndicators.has(indicator)) {
      context.brokenIndicators.add(id);
      maps.indicators.delete(id);
    }
  const data: RawData = {
    meta,
    sources: maps.sources,
    areas: maps.areas,
    units: maps.units,
    indicators: maps.indicators,
    figures: applyRules(read.figures, FIGURE_RULES, context, problems),
    dismissed: applyRules(read.dismissed.records, DISMISSAL_RULES, context, problems),
  };
  return { data, problems: problems.list() };
}
