/**
 * The observations table: one row per fact, with the standing value. Its source is the latest-published
 * source among the standing mentions, and its "as written" columns, paragraphs and notes are those of that
 * source's standing mentions (the mentions table keeps every mention).
 *
 * Built as numbers (compact.ts) from the facts and the mention and figure stores: a fact mentioned once, nearly
 * every one, is its mention's numbers; a fact mentioned more often has its written columns joined as below.
 */
import { NONE } from '../../core/pool.js';
import { standingOfSource, type Facts } from '../check/facts.js';
import type { RawData } from '../validate/validate.js';
import { TableBuilder } from './compact.js';

export const orNull = (s: string) => (s === '' ? null : s);
const distinct = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

/**
 * Notes of several mentions, each said once: a note is split into its parts (at `; `), and a part another
 * mention's note already holds is not repeated.
 */
export function mergeNotes(notes: string[]): string | null {
  return orNull(distinct(notes.flatMap((n) => n.split(/;\s+/).map((part) => part.trim()))).join('; '));
}

/** Pool numbers of what a registry says of an id (an indicator's domain and labels, an area's names), each found once. */
function lookup<T>(pool: Facts['mentions']['pool'], make: (text: string) => T): (id: number) => T {
  const known = new Map<number, T>();
  return (id) => {
    let found = known.get(id);
    if (found === undefined) known.set(id, (found = make(pool.texts[id]!)));
    return found;
  };
}

/** Where each column is in a row of the table. */
function columnsOf(table: TableBuilder) {
  const col = (name: string) => {
    const c = table.columns.indexOf(name);
    if (c < 0) throw new Error(`observations have no column ${name}`);
    return c;
  };
  const names = [
    ...['observation_id', 'indicator_id', 'domain', 'label_zh', 'label_en', 'area_code', 'area_zh', 'area_en'],
    ...['kind', 'period', 'period_start', 'period_end', 'measure', 'base_period', 'comparator', 'value', 'unit'],
    ...['observation_status', 'value_as_written', 'period_as_written', 'source_id', 'source_paragraphs', 'note'],
  ] as const;
  return Object.fromEntries(names.map((n) => [n, col(n)])) as Record<(typeof names)[number], number>;
}

/** The observations table, in the order of the facts (the caller sorts it). */
export function observationRows(facts: Facts, data: RawData): TableBuilder {
  const store = facts.mentions;
  const pool = store.pool;
  const table = new TableBuilder('observations', pool, facts.count);
  const at = columnsOf(table);
  const indicator = lookup(pool, (id) => {
    const i = data.indicators.get(id)!;
    return [pool.id(i.domain), pool.id(i.label_zh), pool.id(i.label_en)] as const;
  });
  const area = lookup(pool, (code) => {
    const a = data.areas.get(code)!;
    return [pool.id(a.name_zh), pool.id(a.name_en)] as const;
  });
  const text = (s: string | null) => pool.id(s);
  const written = writtenColumns(facts, at);
  const row = new Array<number>(table.columns.length).fill(NONE);
  for (let f = 0; f < facts.count; f++) {
    const m = facts.speaker[f]!;
    const ind = indicator(store.written(m, 'indicator_id'));
    const names = area(store.area(m));
    row[at.observation_id] = facts.observation[f]!;
    row[at.indicator_id] = store.written(m, 'indicator_id');
    [row[at.domain], row[at.label_zh], row[at.label_en]] = ind;
    row[at.area_code] = store.area(m);
    [row[at.area_zh], row[at.area_en]] = names;
    row[at.kind] = store.written(m, 'kind');
    row[at.period] = store.period(m);
    row[at.period_start] = store.start(m);
    row[at.period_end] = store.end(m);
    row[at.measure] = text(store.measure(m));
    row[at.base_period] = store.base(m);
    row[at.comparator] = text(store.comparator(m));
    row[at.value] = store.value(m);
    row[at.unit] = store.unit(m);
    row[at.observation_status] = text(orNull(store.status(m)));
    row[at.source_id] = store.written(m, 'source_id');
    written(f, m, row);
    table.add(row);
  }
  return table;
}

/**
 * The columns of what the speaking source wrote: value and period as written, paragraphs and notes, joined
 * across its standing mentions where a fact is mentioned more than once.
 */
function writtenColumns(facts: Facts, at: ReturnType<typeof columnsOf>) {
  const store = facts.mentions;
  const pool = store.pool;
  const text = (s: string | null) => pool.id(s);
  const empty = pool.id('');
  const orNone = (id: number) => (id === empty ? NONE : id);
  const note = lookup(pool, (n) => text(mergeNotes([n]))); // a note on its own, said as mergeNotes says it
  return (f: number, m: number, row: number[]) => {
    const fact = facts.grouped.get(f);
    if (fact) {
      const ms = standingOfSource(fact);
      row[at.value_as_written] = text(distinct(ms.map((x) => x.value_text)).join('|'));
      row[at.period_as_written] = text(orNull(distinct(ms.map((x) => x.period_text)).join('|')));
      row[at.source_paragraphs] = text(distinct(ms.map((x) => String(x.paragraph))).join('|'));
      row[at.note] = text(mergeNotes(ms.map((x) => x.note)));
    } else {
      // one mention: its own texts (value_text is never empty, the schema says so)
      row[at.value_as_written] = store.written(m, 'value_text');
      row[at.period_as_written] = orNone(store.written(m, 'period_text'));
      row[at.source_paragraphs] = store.written(m, 'paragraph'); // digits without a leading zero, the schema says
      row[at.note] = note(store.written(m, 'note'));
    }
  };
}
