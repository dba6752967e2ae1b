/**
 * The published tables, each declared once (as dbt and Dagster declare an asset): its name, the tables it is
 * built from, how its rows are built, the noun of a row, and how a row renamed between releases is recognised.
 * Its columns, their types, its primary and foreign keys live in its JSON Schema (schemas/published/), from
 * which its row type is generated (core/tables.generated.ts). Everything that loops over "the tables"
 * (rendering, the changelog, versions, the page's dictionary) reads PUBLISHED_TABLES and this registry.
 *
 * Every build sorts each table by its primary key (the same inputs give the same bytes) and checks every
 * primary key unique and every foreign key present (`keyProblems`): a failure is a bug in the pipeline.
 *
 * Tables are built as numbers (compact.ts): observations and mentions straight from the facts and the stores of
 * mentions and figures, the others from rows.
 */
import { problem, type Problem } from '../../core/errors.js';
import { NONE, type StringPool } from '../../core/pool.js';
import { loadSchemas } from '../../core/schemas.js';
import type { Facts } from '../check/facts.js';
import type { RawData } from '../validate/validate.js';
import { compactOf, rowAt, TableBuilder, type CompactTable, type CompactTables } from './compact.js';
import { mentionRows } from './mentions.js';
import { observationRows } from './observations.js';
import { progressOf } from './progress.js';
import { areaRows, indicatorRows, sourceRows, unitRows } from './registries.js';
import {
  PUBLISHED_TABLES,
  type Cell,
  type ObservationRow,
  type PublishedTableName,
  type PublishedTables,
} from './rows.js';

/** What the tables are built from: the checked facts and the raw registries. */
export interface BuildInput {
  facts: Facts;
  data: RawData;
}

type Row = Record<string, Cell>;

/** The tables built so far (those a table is built from come first), and their pool. */
interface Built {
  pool: StringPool;
  tables: Partial<Record<PublishedTableName, CompactTable>>;
}

export interface TableDeclaration<N extends PublishedTableName = PublishedTableName> {
  name: N;
  /** One row, in words: `observation`, `mention`. */
  noun: string;
  /** The tables its builder reads, built (and sorted) before it. */
  from: readonly PublishedTableName[];
  /** Its rows, in any order (they are sorted by the primary key after). */
  build: (input: BuildInput, built: Built) => TableBuilder;
  /**
   * What makes a removed row and an added row the same one under a new id (release/version.ts): keys tried in
   * order, each on the rows the one before left unpaired. Tables without it have no renames.
   */
  sameRow?: readonly ((row: Row) => string)[];
}

const declare = <N extends PublishedTableName>(d: TableDeclaration<N>) => d;

/** A table of rows built as objects (a registry, the progress table). */
function fromRows(name: PublishedTableName, rows: readonly object[], pool: StringPool): TableBuilder {
  const table = new TableBuilder(name, pool, rows.length);
  for (const row of rows) table.addRow(row as Row);
  return table;
}

export const TABLES = {
  observations: declare({
    name: 'observations',
    noun: 'observation',
    from: [],
    build: ({ facts, data }) => observationRows(facts, data),
    // the same figure of the same source (value and period as written, paragraphs, kind), told apart where that is
    // not enough by its label
    sameRow: [
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.period, r.source_id, r.label_zh].join('\u0000'),
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.period, r.source_id].join('\u0000'),
      // the same figure given another period (a year it may not belong to, made an open start)
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.indicator_id, r.source_id].join('\u0000'),
      // the same number of the same paragraphs, its words and its indicator curated again (保持在95%以上 for 95%以上)
      (r) => [r.source_paragraphs, r.kind, r.period, r.source_id, r.comparator, r.value, r.unit].join('\u0000'),
    ],
  }),
  mentions: declare({
    name: 'mentions',
    noun: 'mention',
    from: [],
    build: ({ facts }) => mentionRows(facts),
  }),
  progress: declare({
    name: 'progress',
    noun: 'progress row',
    from: ['observations', 'indicators', 'units', 'sources'],
    build: (_, built) => progressRows(built),
    // the same target of the same area under a new id: its indicator renamed, or its period read again
    sameRow: [
      (r) => [r.area_code, r.label_zh, r.target_period, r.comparator, r.target_value, r.unit].join('\u0000'),
      (r) => [r.area_code, r.indicator_id, r.comparator, r.target_value, r.unit].join('\u0000'),
    ],
  }),
  indicators: declare({
    name: 'indicators',
    noun: 'indicator',
    from: [],
    build: ({ data }, { pool }) => fromRows('indicators', indicatorRows(data), pool),
  }),
  units: declare({
    name: 'units',
    noun: 'unit',
    from: [],
    build: ({ data }, { pool }) => fromRows('units', unitRows(data), pool),
  }),
  areas: declare({
    name: 'areas',
    noun: 'area',
    from: [],
    build: ({ data }, { pool }) => fromRows('areas', areaRows(data), pool),
  }),
  sources: declare({
    name: 'sources',
    noun: 'source',
    from: [],
    build: ({ data }, { pool }) => fromRows('sources', sourceRows(data), pool),
  }),
} satisfies { [N in PublishedTableName]: TableDeclaration<N> };

/** The declaration of a table by name (a table the registry lacks is a compile error: see `satisfies` above). */
export const tableOf = (name: string): TableDeclaration | undefined =>
  (TABLES as Record<string, TableDeclaration>)[name];

/** A table's primary key columns, from its schema. */
export const primaryKeyOf = (name: PublishedTableName): string[] => loadSchemas().published[name]['x-primary-key'];

/** The value of a row's key (its columns joined), as the tables are sorted and compared by it. */
export const keyValue = (row: Row, columns: readonly string[]): string =>
  columns.length === 1 ? String(row[columns[0]!]) : columns.map((c) => String(row[c])).join('\u0000');

/**
 * The key of every row of a compact table, as keyValue makes it from the row (a missing cell is "null"). A key of
 * one column is its text itself, no new string.
 */
function keysOf(table: CompactTable, pool: StringPool, columns: readonly string[]): string[] {
  const cells = columns.map((c) => table.cells[table.columns.indexOf(c)]!);
  const text = (id: number) => (id === NONE ? 'null' : pool.texts[id]!);
  const keys = new Array<string>(table.length);
  for (let r = 0; r < table.length; r++)
    keys[r] = cells.length === 1 ? text(cells[0]![r]!) : cells.map((c) => text(c[r]!)).join('\u0000');
  return keys;
}

/** A table's rows sorted by its primary key, by code unit (the same order on every machine, whatever its locale). */
function sortedTable(table: TableBuilder, pool: StringPool): CompactTable {
  const keys = keysOf(table.peek(), pool, primaryKeyOf(table.name));
  const order = Array.from({ length: keys.length }, (_, i) => i);
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0)); // stable: ties keep their order
  return table.build(order);
}

/**
 * The progress table: each target with the actuals of its area and indicator (progress.ts). Only the observations
 * of a target's area and indicator are made into rows, a group at a time: the targets, in the order of their ids,
 * come group by group (the id begins with the area and the indicator).
 */
function progressRows(built: Built): TableBuilder {
  const { pool } = built;
  const observations = built.tables.observations!;
  const rows = (name: 'indicators' | 'units' | 'sources') => {
    const t = built.tables[name]!;
    return Array.from({ length: t.length }, (_, r) => rowAt(t, pool, r)) as never[];
  };
  const rowOf = progressOf(rows('indicators'), rows('units'), rows('sources'));
  const column = (name: string) => observations.cells[observations.columns.indexOf(name)]!;
  const [area, indicator, kind] = [column('area_code'), column('indicator_id'), column('kind')];
  const [actual, target] = [pool.id('actual'), pool.id('target')];
  // the actuals of each area and indicator, by row: by area's pool number, then by indicator's (small integers, which
  // a Map finds without hashing a number made for the pair)
  const actuals = new Map<number, Map<number, number[]>>();
  for (let r = 0; r < observations.length; r++)
    if (kind[r] === actual) {
      let ofArea = actuals.get(area[r]!);
      if (!ofArea) actuals.set(area[r]!, (ofArea = new Map()));
      const list = ofArea.get(indicator[r]!);
      if (list) list.push(r);
      else ofArea.set(indicator[r]!, [r]);
    }
  const table = new TableBuilder('progress', pool);
  let group: { area: number; indicator: number; rows: ObservationRow[] } | undefined;
  for (let r = 0; r < observations.length; r++) {
    if (kind[r] !== target) continue;
    if (group === undefined || group.area !== area[r] || group.indicator !== indicator[r]) {
      const of = actuals.get(area[r]!)?.get(indicator[r]!) ?? [];
      const rows = of.map((a) => rowAt(observations, pool, a) as unknown as ObservationRow);
      group = { area: area[r]!, indicator: indicator[r]!, rows };
    }
    table.addRow(rowOf(rowAt(observations, pool, r) as unknown as ObservationRow, group.rows) as unknown as Row);
  }
  return table;
}

/** The tables in an order where each comes after those it is built from. */
function buildOrder(): PublishedTableName[] {
  const order: PublishedTableName[] = [];
  const visit = (name: PublishedTableName) => {
    if (order.includes(name)) return;
    for (const dep of TABLES[name].from) visit(dep);
    order.push(name);
  };
  for (const name of PUBLISHED_TABLES) visit(name);
  return order;
}

/**
 * Build every published table, each sorted by its primary key, its texts in the facts' pool. The facts (and the
 * mentions and figures they hold) are let go once the tables built from them are: `facts.mentions` is emptied.
 */
export function buildTables(facts: Facts, data: RawData): CompactTables {
  const built: Built = { pool: facts.mentions.pool, tables: {} };
  const input = { facts, data };
  const order = buildOrder();
  const fromFacts: PublishedTableName[] = ['observations', 'mentions'];
  // the tables built from the facts first, so that the facts can be let go before the rest is built
  for (const name of [...fromFacts, ...order.filter((n) => !fromFacts.includes(n))]) {
    built.tables[name] = sortedTable(TABLES[name].build(input, built), built.pool);
    if (fromFacts.every((n) => built.tables[n])) releaseFacts(facts);
  }
  return { pool: built.pool, tables: built.tables as Record<PublishedTableName, CompactTable> };
}

/** Let go of the mention and figure stores (the largest part of a build) once nothing is built from them. */
function releaseFacts(facts: Facts): void {
  const emptied = facts as { mentions: unknown; grouped: Map<number, unknown> };
  emptied.mentions = undefined;
  emptied.grouped = new Map();
}

/**
 * The keys of a table's rows as numbers, equal where the keys are equal: a key of one column is its text's number in
 * the pool (the pool holds each text once), so checking keys needs no strings and no hashing; a key of several
 * columns is numbered through `known`, a map of its texts joined shared by every table compared. NONE where a
 * column of the key is missing.
 */
export function keyNumbers(
  table: CompactTable,
  pool: StringPool,
  columns: readonly string[],
  known: Map<string, number>,
): ArrayLike<number> {
  const cells = columns.map((c) => table.cells[table.columns.indexOf(c)]!);
  if (cells.length === 1) return cells[0]!;
  const keys = keysOf(table, pool, columns);
  const numbers = new Float64Array(table.length);
  for (let r = 0; r < table.length; r++) {
    if (cells.some((c) => c[r] === NONE)) continue; // NONE is 0
    let n = known.get(keys[r]!);
    if (n === undefined) known.set(keys[r]!, (n = known.size + 1));
    numbers[r] = n;
  }
  return numbers;
}

/** A set of key numbers (keyNumbers): a bitmap over the pool for a key of one column, a Set otherwise. */
function keySet(
  numbers: ArrayLike<number>,
  pool: StringPool,
): { has: (n: number) => boolean; add: (n: number) => void } {
  if (numbers instanceof Uint32Array) {
    const bits = new Uint8Array(pool.size + 1);
    return { has: (n) => bits[n] === 1, add: (n) => void (bits[n] = 1) };
  }
  const set = new Set<number>();
  return { has: (n) => set.has(n), add: (n) => void set.add(n) };
}

/** Every primary key unique and present, every foreign key naming a row of its table: a bug if not. */
export function keyProblems(tables: PublishedTables): Problem[] {
  const { pool, tables: compact } = compactOf(tables);
  const problems: Problem[] = [];
  const { published } = loadSchemas();
  const report = (table: string, reason: string) =>
    problems.push(problem('TABLE_KEY', { table, reason }, { file: `schemas/published/${table}.schema.json` }));
  const keyText = (table: CompactTable, columns: readonly string[], r: number) =>
    keyValue(rowAt(table, pool, r), columns);
  const known = new Map<string, number>(); // keys of several columns, numbered
  for (const name of PUBLISHED_TABLES) {
    const table = compact[name];
    const pk = published[name]['x-primary-key'];
    const keys = keyNumbers(table, pool, pk, known);
    const seen = keySet(keys, pool);
    for (let r = 0; r < table.length; r++) {
      const k = keys[r]!;
      if (k === NONE) report(name, `a row without its key ${pk.join(', ')}`);
      else if (seen.has(k)) report(name, `key ${keyText(table, pk, r)} twice`);
      seen.add(k);
    }
    for (const fk of published[name]['x-foreign-keys']) {
      const target = compact[fk.reference.resource as PublishedTableName];
      const targetKeys = keyNumbers(target, pool, fk.reference.fields, known);
      const present = keySet(targetKeys, pool);
      for (let r = 0; r < target.length; r++) present.add(targetKeys[r]!);
      const fkKeys = keyNumbers(table, pool, fk.fields, known);
      for (let r = 0; r < table.length; r++) {
        const k = fkKeys[r]!;
        if (k !== NONE && !present.has(k))
          report(
            name,
            `${fk.fields.join(', ')} ${keyText(table, fk.fields, r)} is not a ${fk.reference.fields.join(', ')} of ${target.name}`,
          );
      }
    }
  }
  return problems.slice(0, 20);
}
