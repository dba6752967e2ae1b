/**
 * New indicators for figures no indicator of the registry fits, in the layout of raw/indicators.csv: an id of the
 * source's draft prefix (`new_yb23_001`), the subject's words as label_zh, the unit of units.csv that takes the
 * figure's measure word, the domain of the indicators matched around it. label_en is left for the curator to
 * write (validate says so until it is).
 */
import type { Draft } from './draft.js';
import { indicatorColumns, inLayout } from './layout.js';
import { substance } from './subjects.js';

/** A unit of the registry, as suggest needs it. */
export interface KnownUnit {
  unit_id: string;
  dimension: string;
  measureWords: readonly string[];
  bareNumber: boolean;
}

/** A row of raw/indicators.csv to add. */
export type ProposedIndicator = Record<string, string>;

const RATE = /^(?:每[千万百]|人均)/;

/**
 * The unit that takes a figure's measure word: a rate's for 每千人口…, else the unit most indicators of the registry
 * use (percent rather than percent_of_target for `%`).
 */
function unitFor(
  units: readonly KnownUnit[],
  measureWord: string,
  label: string,
  usage: ReadonlyMap<string, number>,
): string {
  const takes = units.filter((u) => (measureWord === '' ? u.bareNumber : u.measureWords.includes(measureWord)));
  const rate = RATE.test(label);
  const score = (u: KnownUnit) => Number(rate === (u.dimension === 'rate')) * 1000 + (usage.get(u.unit_id) ?? 0);
  return takes.sort((a, b) => score(b) - score(a))[0]?.unit_id ?? '';
}

/** The domain most indicators matched in the same section have, else in the whole source, else `draft`. */
function domainNear(drafts: readonly Draft[], at: Draft, sectionOf: (paragraph: number) => number): string {
  const count = (pick: (d: Draft) => boolean) => {
    const tally = new Map<string, number>();
    for (const d of drafts)
      if (d.indicator && pick(d)) tally.set(d.indicator.domain, (tally.get(d.indicator.domain) ?? 0) + 1);
    return [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  return count((d) => sectionOf(d.paragraph) === sectionOf(at.paragraph)) ?? count(() => true) ?? 'draft';
}

/** A draft of a change: its unit is its level's, which it does not show. */
const isChange = (d: Draft) =>
  d.changeWord !== '' || /增长|下降|增加|减少|提高|降低|上升|回落|缩小|扩大/.test(d.valueText);

/** The label of a new indicator for a draft: its subject's words, or where none is written, its paragraph. */
const labelOf = (d: Draft) =>
  substance(d.name) || d.name || `(paragraph ${d.paragraph}: no subject written before the number)`;

/**
 * Indicators to propose for the drafts that have none: one per subject and unit (the changes of a subject go with
 * its first level); each such draft is given its id. `usage` counts the registry's indicators of each unit;
 * `prefix` is the source's figure id prefix.
 */
export function proposeIndicators(
  drafts: readonly Draft[],
  registry: { units: readonly KnownUnit[]; usage: ReadonlyMap<string, number> },
  prefix: string,
  sectionOf: (paragraph: number) => number,
): { proposals: ProposedIndicator[]; idOf: Map<Draft, string> } {
  const proposals: ProposedIndicator[] = [];
  const byKey = new Map<string, ProposedIndicator>();
  const idOf = new Map<Draft, string>();
  const without = drafts.filter((x) => !x.indicator);
  const unitOf = (d: Draft) =>
    isChange(d) ? undefined : unitFor(registry.units, d.measureWord, labelOf(d), registry.usage);
  const firstUnit = new Map<string, string>();
  for (const d of without)
    if (unitOf(d) !== undefined && !firstUnit.has(labelOf(d))) firstUnit.set(labelOf(d), unitOf(d)!);
  for (const d of without) {
    const label = labelOf(d);
    const unit = unitOf(d) ?? firstUnit.get(label) ?? '';
    const key = `${label}\u0000${unit}`;
    let p = byKey.get(key);
    if (!p) {
      p = inLayout(indicatorColumns(), {
        indicator_id: `new_${prefix.replace(/[^a-z0-9]/g, '')}_${String(proposals.length + 1).padStart(3, '0')}`,
        domain: domainNear(drafts, d, sectionOf),
        label_zh: label,
        label_en: '',
        unit_id: unit,
        note: `proposed by suggest for paragraph ${d.paragraph}: write label_en${unit ? ', check the unit' : ', give it a unit'} and the bounds`,
      });
      byKey.set(key, p);
      proposals.push(p);
    }
    idOf.set(d, p.indicator_id!);
  }
  return { proposals, idOf };
}
