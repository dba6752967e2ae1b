/**
 * `node build/bench/suggest-quality.js`: how well `suggest` drafts the figures of texts already curated
 * (docs/suggest.md). Prints recall, kind agreement and the rows that are not figures for each text, then
 * the mentions it missed and the kinds it got wrong. Exits 0 whatever the numbers.
 */
import { curatedCases, fixtureCase, FIXTURE_NAMES, loadRaw, measureCase } from './suggest-cases.js';

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

const data = await loadRaw();
const cases = [...curatedCases(data), ...FIXTURE_NAMES.map(fixtureCase)];
if (cases.length === FIXTURE_NAMES.length)
  console.log('(no curated source text on this machine: only the fixtures are measured)');
for (const c of cases) {
  const { quality: q } = measureCase(c, data);
  console.log(`\n${c.name}`);
  console.log(`  recall          ${percent(q.recall)} (${q.matched} of ${q.mentions} curated mentions)`);
  console.log(`  kind agreement  ${percent(q.kindAgreement)} (${q.kindAgreed} of ${q.matched} matched)`);
  console.log(`  not figures     ${q.notFigures} of ${q.rows} suggested rows`);
  console.log(
    `  period_text     ${percent(q.periodAgreement)} the same (of ${q.periodCompared} matched; for information)`,
  );
  for (const m of q.missed) console.log(`  missed: paragraph ${m.paragraph} ${m.value_text} (${m.kind})`);
  for (const { curated, suggested } of q.kindDiffers)
    console.log(
      `  kind: paragraph ${curated.paragraph} ${curated.value_text} is ${curated.kind}, suggested ${suggested.kind}`,
    );
}
