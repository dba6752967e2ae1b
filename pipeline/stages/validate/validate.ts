/**
 * Stage 2, validate: every raw table against its JSON Schema (schema-check.ts), then ids unique and the
 * rules across tables (rules.ts). Pure: raw tables in, typed records of the rows that passed and problems out.
 */
import { ProblemList, problem, type Problem } from '../../core/errors.js';
import { rawTable, type RawTableName } from '../../core/raw-tables.js';
import { loadSchemas } from '../../core/schemas.js';
import type { RawTable } from '../extract/csv.js';
import type { RawTables } from '../extract/load.js';
import { applyRules, applyRulesAt } from './engine.js';
import { FigureIds, Figures, FigureStore, readFigures } from './figures.js';
import { StringPool } from '../../core/pool.js';
import {
  recordOf,
  type Area,
  type DatasetMeta,
  type Dismissal,
  type Indicator,
  type Located,
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

export type { Area, DatasetMeta, Dismissal, Figure, Indicator, Source, Unit } from './records.js';

/** The raw data once validated: every record that passed, by id. */
export interface RawData {
  /** Undefined when raw/package.json breaks its schema (that is reported, and nothing is published). */
  meta: DatasetMeta | undefined;
  sources: Map<string, Source>;
  areas: Map<string, Area>;
  units: Map<string, Unit>;
  indicators: Map<string, Indicator>;
  /** The figures that passed every rule, in the order read (validate/figures.ts). */
  figures: Figures;
  dismissed: Dismissal[];
  /** The texts of the figures, and of everything built from them (core/pool.ts). */
  pool: StringPool;
}

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

/** No figures: what RawData holds once the figures live on in their mentions (run.ts). */
export const noFigures = (): Figures => new Figures(new FigureStore(new StringPool()), new Uint32Array(0));

/**
 * Every table's rows that passed their schema, as records (the figures in a store, validate/figures.ts), and which
 * ids were reported already.
 */
function readRecords(tables: RawTables, meta: DatasetMeta | undefined, found: Problem[], pool: StringPool) {
  const sources = records<Source>(tables.sources, 'sources', found);
  const areas = records<Area>(tables.areas, 'areas', found);
  const units = records<Unit>(tables.units, 'units', found);
  const indicators = records<Indicator>(tables.indicators, 'indicators', found);
  const dismissed = records<Dismissal>(tables.dismissed, 'dismissed', found);
  const figures = readFigures(tables.figures, meta, pool, found);
  return { sources, areas, units, indicators, dismissed, figures };
}

/**
 * The figure ids, each once; the second and later figures that repeat one are reported, naming the first (as
 * uniqueBy does for the other tables).
 */
function uniqueFigureIds(store: FigureStore, problems: ProblemList): FigureIds {
  const ids = new FigureIds(store.pool);
  const first = new Int32Array(store.pool.size); // by pool number: the figure that had the id first
  const column = store.column('figure_id');
  for (let i = 0; i < store.length; i++) {
    const id = store.id(i, column);
    if (ids.add(id)) {
      first[id] = i;
      continue;
    }
    problems.add(store.fileName(i), () => {
      const item = store.get(i);
      const f = first[id]!;
      return problem(
        'RULE_DUPLICATE_ID',
        { column: 'figure_id', id: item.figure_id, first: `${store.fileName(f)}:${store.get(f).line}` },
        { ...item, column: 'figure_id' },
      );
    });
  }
  return ids;
}

/**
 * Validate the raw tables; records that pass are returned typed. The figures' texts go into `pool`, which the
 * later stages and the published tables share. The problems of decoding and parsing the figures files come first.
 */
export function validateRaw(
  tables: RawTables,
  pool: StringPool = new StringPool(),
): { data: RawData; problems: Problem[] } {
  const found: Problem[] = [];
  const meta = checkPackage(tables.package, found);
  const read = readRecords(tables, meta, found, pool);
  const problems = new ProblemList();
  problems.pushAll(found);
  const maps = {
    sources: uniqueBy(read.sources.records, (s) => s.source_id, 'source_id', problems),
    areas: uniqueBy(read.areas.records, (a) => a.area_code, 'area_code', problems),
    units: uniqueBy(read.units.records, (u) => u.unit_id, 'unit_id', problems),
    indicators: uniqueBy(read.indicators.records, (i) => i.indicator_id, 'indicator_id', problems),
    figureIds: uniqueFigureIds(read.figures.store, problems),
  };
  uniqueBy(read.dismissed.records, (d) => `${d.source_id} ${d.paragraph} ${d.text}`, 'text', problems);
  const context = ruleContext(meta, maps, {
    sources: read.sources.checked,
    areas: read.areas.checked,
    units: read.units.checked,
    indicators: read.indicators.checked,
    figures: read.figures.checked,
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
  const store = read.figures.store;
  const figures = applyRulesAt(store.length, (i) => store.get(i), FIGURE_RULES, context, problems);
  const data: RawData = {
    meta,
    sources: maps.sources,
    areas: maps.areas,
    units: maps.units,
    indicators: maps.indicators,
    figures: new Figures(store, figures),
    dismissed: applyRules(read.dismissed.records, DISMISSAL_RULES, context, problems),
    pool,
  };
  return { data, problems: [...read.figures.extracted, ...problems.list()] };
}
