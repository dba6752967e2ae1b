/**
 * `node build/bench/suggest-quality.js [SET…] [--details]`: how well `suggest` drafts the figures of texts already
 * curated (docs/suggest.md). SET is `development`, `more`, `heldout` or `raw` (the sources of raw/ whose text is on
 * this machine); by default every set but `heldout`, which is measured once, on purpose. Prints a table per set:
 * one row per text and one for the set, a column per field; `--details` lists the rows missed, the rows no
 * curated figure matches and the fields each pair has wrong. Exits 0 whatever the numbers.
 */
import {
  addUp,
  ALL_RIGHT,
  FIELDS,
  precision,
  recall,
  share,
  type SuggestQuality,
} from '../pipeline/stages/suggest/measure.js';
import { measureCase, rawCases, setCases, SETS, type SetName, type SuggestCase } from './suggest-cases.js';

const args = process.argv.slice(2);
const details = args.includes('--details');
const asked = args.filter((a) => !a.startsWith('--'));
const sets = asked.length ? asked : ['development', 'more', 'raw'];

const pct = (x: number) => `${(100 * x).toFixed(1)}`.padStart(5);
const COLUMNS = ['recall', 'precision', ...FIELDS, 'all right'];

function line(name: string, q: SuggestQuality): string {
  const cells = [
    pct(recall(q)),
    pct(precision(q)),
    ...FIELDS.map((f) => pct(share(q.fields[f]))),
    pct(share(q.allRight)),
  ];
  return `${name.padEnd(30)} ${String(q.mentions).padStart(4)} ${String(q.rows).padStart(4)}  ${cells.join(' ')}`;
}

function printDetails(c: SuggestCase, q: SuggestQuality): void {
  const show = (r: { paragraph: unknown; value_text: string; kind: string; period_text?: string; period?: string }) =>
    `p${String(r.paragraph)} ${r.value_text} ${r.kind} ${r.period_text ?? ''}${r.period ? ` [${r.period}]` : ''}`;
  for (const m of q.missed) console.log(`  ${c.name} missed: ${show(m)}`);
  for (const x of q.extra) console.log(`  ${c.name} not a figure: ${show(x)}`);
  for (const w of q.wrong)
    console.log(
      `  ${c.name} wrong ${w.fields.join(',')}: curated ${show(w.curated)} ${w.curated.indicator_id ?? ''} | draft ${show(w.draft)} ${w.draft.indicator_id ?? ''}`,
    );
}

console.log(`fields: ${COLUMNS.join(', ')} (all right: ${ALL_RIGHT.join(', ')}; of every curated row)`);
for (const set of sets) {
  const cases = set === 'raw' ? await rawCases() : set in SETS ? await setCases(set as SetName) : [];
  if (cases.length === 0) {
    console.log(`\n${set}: no texts on this machine`);
    continue;
  }
  console.log(`\n${set.padEnd(30)} rows draft  ${COLUMNS.map((c) => c.slice(0, 5).padStart(5)).join(' ')}`);
  const measured = cases.map((c) => ({ c, q: measureCase(c).quality }));
  for (const { c, q } of measured) console.log(line(c.name, q));
  console.log(line('(all)', addUp(measured.map((m) => m.q))));
  if (details) for (const { c, q } of measured) printDetails(c, q);
}
