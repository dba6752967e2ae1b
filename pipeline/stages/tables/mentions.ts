/** The mentions table: every curated figure as its source states it, and whether it still stands. */
import { NONE } from '../../core/pool.js';
import type { Facts } from '../check/facts.js';
import { TableBuilder } from './compact.js';

/** The mentions table, in the order of the mentions (the caller sorts it). */
export function mentionRows(facts: Facts): TableBuilder {
  const store = facts.mentions;
  const pool = store.pool;
  const table = new TableBuilder('mentions', pool, store.length);
  const col = (name: string) => {
    const c = table.columns.indexOf(name);
    if (c < 0) throw new Error(`mentions have no column ${name}`);
    return c;
  };
  const at = {
    figure_id: col('figure_id'),
    observation_id: col('observation_id'),
    source_id: col('source_id'),
    paragraph: col('paragraph'),
    value_as_written: col('value_as_written'),
    period_as_written: col('period_as_written'),
    observation_status: col('observation_status'),
    standing: col('standing'),
    revised_by: col('revised_by'),
    note: col('note'),
  };
  const empty = pool.id('');
  const orNone = (id: number) => (id === empty ? NONE : id);
  const [yes, no] = [pool.id('true'), pool.id('false')];
  const status = ['', 'preliminary', 'estimated'].map((s) => (s === '' ? NONE : pool.id(s)));
  const statusOf = new Map([
    ['', status[0]!],
    ['preliminary', status[1]!],
    ['estimated', status[2]!],
  ]);
  const row = new Array<number>(table.columns.length).fill(NONE);
  for (let m = 0; m < store.length; m++) {
    const reviser = facts.revisedBy[m]!;
    row[at.figure_id] = store.written(m, 'figure_id');
    row[at.observation_id] = store.observation(m);
    row[at.source_id] = store.written(m, 'source_id');
    row[at.paragraph] = store.written(m, 'paragraph'); // the integer's digits, as the file writes them
    row[at.value_as_written] = store.written(m, 'value_text');
    row[at.period_as_written] = orNone(store.written(m, 'period_text'));
    row[at.observation_status] = statusOf.get(store.status(m))!;
    row[at.standing] = reviser < 0 ? yes : no;
    row[at.revised_by] = reviser < 0 ? NONE : store.written(reviser, 'figure_id');
    row[at.note] = orNone(store.written(m, 'note'));
    table.add(row);
  }
  return table;
}
