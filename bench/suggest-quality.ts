/**
 * `node build/bench/suggest-quality.js [SET…] [--details] [--markdown]`: how well `suggest` drafts the figures of texts
 * already curated (docs/suggest.md). SET is `development`, `more`, `registry`, `heldout`, `heldout2` … `heldout15` or
 * `raw` (the sources of raw/ whose text is on this machine); by default every set but the held-out ones, each measured
 * once, on purpose. Prints a table per set: one row per text and one for the set, a column per field (`--markdown`: as
 * docs/suggest.md shows them); `--details` lists the rows missed, the rows no curated figure matches and the fields
 * each pair has wrong. Exits 0 whatever the numbers.
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
const markdown = args.includes('--markdown');
const asked = args.filter((a) => !a.startsWith('--'));
const sets = asked.length ? asked : ['development', 'more', 'registry', 'raw'];

const pct = (x: number) => `${(100 * x).toFixed(1)}`;
const COLUMNS = ['recall', 'precision', ...FIELDS, 'all right'];
const cells = (q: SuggestQuality) => [
  pct(recall(q)),
  pct(precision(q)),
  ...FIELDS.map((f) => pct(share(q.fields[f]))),
  pct(share(q.allRight)),
];

function line(name: string, q: SuggestQuality): string {
  if (markdown) return `| ${name} | ${q.mentions} | ${q.rows} | ${cells(q).join(' | ')} |`;
  const counts = `${String(q.mentions).padStart(4)} ${String(q.rows).padStart(4)}`;
  return `${name.padEnd(30)} ${counts}  ${cells(q)
    .map((c) => c.padStart(5))
    .join(' ')}`;
}

function header(set: string): string {
  if (!markdown) return `\n${set.padEnd(30)} rows draft  ${COLUMNS.map((c) => c.slice(0, 5).padStart(5)).join(' ')}`;
  const names = ['text', 'curated rows', 'draft rows', ...COLUMNS.map((c) => c.replaceAll('_', ' '))];
  return `\n${set}\n\n| ${names.join(' | ')} |\n|${names.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
}

function printDetails(c: SuggestCase, q: SuggestQuality): void {
  const show = (r: { paragraph: unknown; value_text: string; kind: string; period_text?: string; period?: string }) =>
    `p${String(r.paragraph)} ${r.value_text} ${r.kind} ${r.period_text ?? ''}${r.period ? ` [${r.period}]` : ''}`;
  for (const m of q.missed) console.log(`  ${c.name} missed: ${show(m)}`);
  for (const x of q.extra) console.log(`  ${c.name} not a figure: ${show(x)}`);
  for (const w of q.wrong)
    console.log(
      `  ${c.name} wrong ${w.fields.join(',')}: curated ${show(w.curated)} ${w.curated.indicator_id ?? ''}` +
        ` | draft ${show(w.draft)} ${w.draft.indicator_id ?? ''}`,
    );
}

console.log(`fields: ${COLUMNS.join(', ')} (all right: ${ALL_RIGHT.join(', ')}; of every curated row)`);
for (const set of sets) {
  const cases = set === 'raw' ? await rawCases() : set in SETS ? await setCases(set as SetName) : [];
  if (cases.length === 0) {
    console.log(`\n${set}: no texts on this machine`);
    continue;
  }
  console.log(header(set));
  const measured = cases.map((c) => {
    const m = measureCase(c);
    return { c, q: m.quality, dismissals: m.dismissals };
  });
  for (const { c, q } of measured) console.log(line(c.name, q));
  console.log(line(markdown ? '**all**' : '(all)', addUp(measured.map((m) => m.q))));
  const sum = (f: (m: (typeof measured)[number]) => number) => measured.reduce((s, m) => s + f(m), 0);
  console.log(
    `\ndismissals: ${sum((m) => m.dismissals.proposed)} proposed, ${sum((m) => m.dismissals.curated)} curated, ` +
      `${sum((m) => m.dismissals.matched)} proposed as curated; statistics proposed for dismissal: ` +
      `${sum((m) => m.dismissals.statistics.length)}`,
  );
  if (details)
    for (const { c, q, dismissals } of measured) {
      printDetails(c, q);
      for (const d of dismissals.statistics)
        console.log(`  ${c.name} statistic proposed for dismissal: p${d.paragraph} ${d.text}`);
    }
}
