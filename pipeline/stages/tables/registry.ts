/**
 * The published tables, each declared once (as dbt and Dagster declare an asset): its name, the tables it is
 * built from, how its rows are built, the noun of a row, and how a row renamed between releases is recognised.
 * Its columns, their types, its primary and foreign keys live in its JSON Schema (schemas/published/), from
 * which its row type is generated (core/tables.generated.ts). Everything that loops over "the tables"
 * (rendering, the changelog, versions, the page's dictionary) reads PUBLISHED_TABLES and this registry.
 *
 * Every build sorts each table by its primary key (the same inputs give the same bytes) and checks every
 * primary key unique and every foreign key present (`keyProblems`): a failure is a bug in the pipeline.
 */
import { problem, type Problem } from '../../core/errors.js';
import { loadSchemas } from '../../core/schemas.js';
import type { Fact } from '../check/facts.js';
import type { RawData } from '../validate/validate.js';
import { mentionRows } from './mentions.js';
import { observationRow } from './observations.js';
import { buildProgress } from './progress.js';
import { areaRows, indicatorRows, sourceRows, unitRows } from './registries.js';
import { PUBLISHED_TABLES, type Cell, type PublishedTableName, type PublishedTables } from './rows.js';

/** What the tables are built from: the checked facts and the raw registries. */
export interface BuildInput {
  facts: Fact[];
  data: RawData;
}

type Row = Record<string, Cell>;

export interface TableDeclaration<N extends PublishedTableName = PublishedTableName> {
  name: N;
  /** One row, in words: `observation`, `mention`. */
  noun: string;
  /** The tables its builder reads, built (and sorted) before it. */
  from: readonly PublishedTableName[];
  build: (input: BuildInput, built: Readonly<Partial<PublishedTables>>) => PublishedTables[N];
  /**
   * What makes a removed row and an added row the same one under a new id (release/version.ts): keys tried in
   * order, each on the rows the one before left unpaired. Tables without it have no renames.
   */
  sameRow?: readonly ((row: Row) => string)[];
}

const declare = <N extends PublishedTableName>(d: TableDeclaration<N>) => d;

export const TABLES = {
  observations: declare({
    name: 'observations',
    noun: 'observation',
    from: [],
    build: ({ facts, data }) => facts.map((f) => observationRow(f, data)),
    // the same figure of the same source (value and period as written, paragraphs, kind), told apart where that is
    // not enough by its label
    sameRow: [
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.period, r.source_id, r.label_zh].join('\u0000'),
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.period, r.source_id].join('\u0000'),
      // the same figure given another period (a year it may not belong to, made an open start)
      (r) => [r.value_as_written, r.source_paragraphs, r.kind, r.indicator_id, r.source_id].join('\u0000'),
    ],
  }),
  mentions: declare({
    name: 'mentions',
    noun: 'mention',
    from: [],
    build: ({ facts }) => facts.flatMap((f) => mentionRows(f)),
  }),
  progress: declare({
    name: 'progress',
    noun: 'progress row',
    from: ['observations', 'indicators', 'units', 'sources'],
    build: (_, built) => buildProgress(built.observations!, built.indicators!, built.units!, built.sources!),
  }),
  indicators: declare({ name: 'indicators', noun: 'indicator', from: [], build: ({ data }) => indicatorRows(data) }),
  units: declare({ name: 'units', noun: 'unit', from: [], build: ({ data }) => unitRows(data) }),
  areas: declare({ name: 'areas', noun: 'area', from: [], build: ({ data }) => areaRows(data) }),
  sources: declare({ name: 'sources', noun: 'source', from: [], build: ({ data }) => sourceRows(data) }),
} satisfies { [N in PublishedTableName]: TableDeclaration<N> };

/** The declaration of a table by name (a table the registry lacks is a compile error: see `satisfies` above). */
export const tableOf = (name: string): TableDeclaration | undefined =>
  (TABLES as Record<string, TableDeclaration>)[name];

/** A table's primary key columns, from its schema. */
export const primaryKeyOf = (name: PublishedTableName): string[] => loadSchemas().published[name]['x-primary-key'];

/** The value of a row's key (its columns joined), as the tables are sorted and compared by it. */
export const keyValue = (row: Row, columns: readonly string[]): string =>
  columns.length === 1 ? String(row[columns[0]!]) : columns.map((c) => String(row[c])).join('\u0000');

/** Rows sorted by `key`, by code unit (the same order on every machine, whatever its locale). */
function sortedBy<T>(rows: T[], key: (row: T) => string): T[] {
  return rows
    .map((row) => ({ row, k: key(row) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.row);
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

/** Build every published table, each sorted by its primary key. */
export function buildTables(facts: Fact[], data: RawData): PublishedTables {
  const built: Partial<PublishedTables> = {};
  const input = { facts, data };
  for (const name of buildOrder()) {
    const key = primaryKeyOf(name);
    const rows = TABLES[name].build(input, built) as unknown as Row[];
    (built as Record<string, Row[]>)[name] = sortedBy(rows, (r) => keyValue(r, key));
  }
  return built as PublishedTables;
}

/** Every primary key unique and present, every foreign key naming a row of its table: a bug if not. */
export function keyProblems(tables: PublishedTables): Problem[] {
  const problems: Problem[] = [];
  const { published } = loadSchemas();
  const report = (table: string, reason: string) =>
    problems.push(problem('TABLE_KEY', { table, reason }, { file: `schemas/published/${table}.schema.json` }));
  const known = new Map<string, Set<string>>(); // each referenced key built once, however many tables refer to it
  const keysOf = (name: PublishedTableName, columns: readonly string[]) => {
    const id = `${name}\u0000${columns.join(',')}`;
    let keys = known.get(id);
    if (!keys) known.set(id, (keys = new Set((tables[name] as unknown as Row[]).map((r) => keyValue(r, columns)))));
    return keys;
  };
  for (const name of PUBLISHED_TABLES) {
    const rows = tables[name] as unknown as Row[];
    const pk = published[name]['x-primary-key'];
    const seen = new Set<string>();
    for (const row of rows) {
      const k = keyValue(row, pk);
      if (pk.some((c) => row[c] === null || row[c] === undefined))
        report(name, `a row without its key ${pk.join(', ')}`);
      else if (seen.has(k)) report(name, `key ${k} twice`);
      seen.add(k);
    }
    for (const fk of published[name]['x-foreign-keys']) {
      const target = fk.reference.resource as PublishedTableName;
      const known = keysOf(target, fk.reference.fields);
      for (const row of rows) {
        if (fk.fields.some((c) => row[c] === null || row[c] === undefined)) continue;
        const k = keyValue(row, fk.fields);
        if (!known.has(k))
          report(name, `${fk.fields.join(', ')} ${k} is not a ${fk.reference.fields.join(', ')} of ${target}`);
      }
    }
  }
  return problems.slice(0, 20);
}
