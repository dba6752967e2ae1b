/**
 * How good suggest's drafts are against the figures a curator wrote for the same text, field by field, on what
 * would be published: both rows are read by the pipeline's own parsers (parseValue, resolvePeriod, basePeriod),
 * so `增长5.9%` drafted as `5.9%` is a wrong sign and measure, and a period drafted as explicit `2022` where the
 * curator wrote `全年` in a 2022 bulletin is right.
 *
 * - recall: curated rows paired with a draft row of the same paragraph and number (one to one; a row with the
 *   same value_text first); precision: draft rows paired with a curated row;
 * - per field, among the pairs: value as written (value_text), value (its size), unit (the measure word read),
 *   comparator, kind, period, measure, sign, base period, status; and, among pairs whose curated indicator is in
 *   the registry suggest was given, indicator proposed (one of the registry's) and indicator right (that one);
 * - all right: curated rows whose pair has value, unit, comparator, kind, period, measure and sign all right
 *   (a curated row nobody drafted is not all right).
 */
import { basePeriod, resolvePeriod } from '../normalize/periods.js';
import { parseValue, type Kind } from '../normalize/values.js';
import { asciiDigits, numbersIn } from '../trace/numbers.js';

/** What measuring needs of a draft row or a curated figure (the figures columns; absent ones are empty). */
export interface MeasuredRow {
  paragraph: number | string;
  value_text: string;
  kind: string;
  indicator_id?: string;
  period_text?: string;
  period?: string;
  change_word?: string;
  base_period?: string;
  status?: string;
}

/** A row as it would be published; a part is undefined where the parsers refuse it. */
interface Published {
  size?: string;
  sign?: number;
  unit?: string;
  comparator?: string;
  measure?: string;
  period?: string;
  base?: string | null;
  status?: string;
}

export const FIELDS = [
  'value_as_written',
  'value',
  'unit',
  'comparator',
  'kind',
  'period',
  'measure',
  'sign',
  'base',
  'status',
  'indicator_proposed',
  'indicator_right',
] as const;
export type Field = (typeof FIELDS)[number];
/** The fields a row must have right to be all right. */
export const ALL_RIGHT: readonly Field[] = ['value', 'unit', 'comparator', 'kind', 'period', 'measure', 'sign'];

export interface Count {
  right: number;
  of: number;
}

export interface SuggestQuality {
  mentions: number;
  rows: number;
  matched: number;
  fields: Record<Field, Count>;
  /** Curated rows whose pair is all right (of every curated row). */
  allRight: Count;
  /** Curated rows no draft row matched; draft rows no curated row matched; pairs with a field wrong. */
  missed: MeasuredRow[];
  extra: MeasuredRow[];
  wrong: { curated: MeasuredRow; draft: MeasuredRow; fields: Field[] }[];
}

/** The number of a value_text (`近19.26亿元` -> `19.26`), ASCII, without % or ‰; '' when it has none. */
function numberOf(valueText: string): string {
  const n = numbersIn(valueText).find((x) => !x.period) ?? numbersIn(valueText)[0];
  return n ? asciiDigits(n.text).replace(/[%‰]$/, '') : '';
}

const attempt = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/** The row as published, each part read on its own, so one that is refused leaves the others to be compared. */
function published(row: MeasuredRow, referenceYear: number): Published {
  const v = attempt(() => parseValue(row.value_text, row.kind as Kind, row.change_word ?? ''));
  const period = attempt(() => resolvePeriod(row.period_text ?? '', row.period ?? '', referenceYear));
  const base = v && period ? attempt(() => basePeriod(v.measure, v.base, row.base_period ?? '', period)) : undefined;
  if (!v) return { period: period?.period };
  return {
    size: v.value.replace(/^-/, ''),
    sign: v.value.startsWith('-') ? -1 : 1,
    unit: v.measureWord,
    comparator: v.comparator,
    measure: v.measure,
    period: period?.period,
    base,
    status: row.status || (v.estimate && row.kind === 'actual' ? 'estimated' : ''),
  };
}

/** Pair curated rows with draft rows, one to one, same paragraph and number; same value_text first. */
function pairUp(curated: readonly MeasuredRow[], drafts: readonly MeasuredRow[]): Map<MeasuredRow, MeasuredRow> {
  const pairs = new Map<MeasuredRow, MeasuredRow>();
  const used = new Set<MeasuredRow>();
  const pass = (same: (c: MeasuredRow, r: MeasuredRow) => boolean) => {
    for (const c of curated) {
      if (pairs.has(c)) continue;
      const r = drafts.find((x) => !used.has(x) && String(x.paragraph) === String(c.paragraph) && same(c, x));
      if (r) {
        pairs.set(c, r);
        used.add(r);
      }
    }
  };
  pass((c, r) => c.value_text === r.value_text);
  pass((c, r) => numberOf(c.value_text) !== '' && numberOf(c.value_text) === numberOf(r.value_text));
  return pairs;
}

/** The fields of one pair that are right; indicator fields only where the curated indicator is known. */
function rightFields(
  c: MeasuredRow,
  r: MeasuredRow,
  referenceYear: number,
  known: ReadonlySet<string>,
): Map<Field, boolean> {
  const pc = published(c, referenceYear);
  const pr = published(r, referenceYear);
  const same = <K extends keyof Published>(k: K) => pc[k] !== undefined && pc[k] === pr[k];
  const fields = new Map<Field, boolean>([
    ['value_as_written', c.value_text === r.value_text],
    ['value', same('size')],
    ['unit', same('unit')],
    ['comparator', same('comparator')],
    ['kind', c.kind === r.kind],
    ['period', same('period')],
    ['measure', same('measure')],
    ['sign', same('sign')],
    ['base', same('base')],
    ['status', same('status')],
  ]);
  if (c.indicator_id && known.has(c.indicator_id)) {
    fields.set('indicator_proposed', known.has(r.indicator_id ?? ''));
    fields.set('indicator_right', r.indicator_id === c.indicator_id);
  }
  return fields;
}

const emptyFields = (): Record<Field, Count> =>
  Object.fromEntries(FIELDS.map((f) => [f, { right: 0, of: 0 }])) as Record<Field, Count>;

/**
 * Measure the draft rows of one source against its curated figures. `referenceYear` is the source's;
 * `knownIndicators` the ids of the registry suggest was given.
 */
export function measureSuggestions(
  drafts: readonly MeasuredRow[],
  curated: readonly MeasuredRow[],
  referenceYear: number,
  knownIndicators: Iterable<string> = [],
): SuggestQuality {
  const known = new Set(knownIndicators);
  const pairs = pairUp(curated, drafts);
  const fields = emptyFields();
  const wrong: SuggestQuality['wrong'] = [];
  let allRight = 0;
  for (const [c, r] of pairs) {
    const right = rightFields(c, r, referenceYear, known);
    for (const [f, ok] of right) {
      fields[f].of++;
      if (ok) fields[f].right++;
    }
    if (ALL_RIGHT.every((f) => right.get(f))) allRight++;
    const bad = [...right].filter(([, ok]) => !ok).map(([f]) => f);
    if (bad.length) wrong.push({ curated: c, draft: r, fields: bad });
  }
  const matchedDrafts = new Set(pairs.values());
  return {
    mentions: curated.length,
    rows: drafts.length,
    matched: pairs.size,
    fields,
    allRight: { right: allRight, of: curated.length },
    missed: curated.filter((c) => !pairs.has(c)),
    extra: drafts.filter((r) => !matchedDrafts.has(r)),
    wrong,
  };
}

/** The counts of several measurements added up (the lists joined). */
export function addUp(qualities: readonly SuggestQuality[]): SuggestQuality {
  const fields = emptyFields();
  for (const q of qualities)
    for (const f of FIELDS) {
      fields[f].right += q.fields[f].right;
      fields[f].of += q.fields[f].of;
    }
  const sum = (get: (q: SuggestQuality) => number) => qualities.reduce((s, q) => s + get(q), 0);
  return {
    mentions: sum((q) => q.mentions),
    rows: sum((q) => q.rows),
    matched: sum((q) => q.matched),
    fields,
    allRight: { right: sum((q) => q.allRight.right), of: sum((q) => q.allRight.of) },
    missed: qualities.flatMap((q) => q.missed),
    extra: qualities.flatMap((q) => q.extra),
    wrong: qualities.flatMap((q) => q.wrong),
  };
}

/** recall and precision of a measurement. */
export const recall = (q: SuggestQuality) => (q.mentions ? q.matched / q.mentions : 1);
export const precision = (q: SuggestQuality) => (q.rows ? q.matched / q.rows : 1);
export const share = (c: Count) => (c.of ? c.right / c.of : 1);

/** A dismissal, proposed or curated: its paragraph and the words that find its number. */
export interface MeasuredDismissal {
  paragraph: number | string;
  text: string;
}

export interface DismissalQuality {
  curated: number;
  proposed: number;
  /** Proposals whose number a curated dismissal of the same paragraph holds. */
  matched: number;
  /** Proposals whose number is a curated figure's: a statistic proposed for dismissal. */
  statistics: MeasuredDismissal[];
}

/** How suggest's dismissal proposals compare with the curated dismissals and figures of a source. */
export function measureDismissals(
  proposed: readonly MeasuredDismissal[],
  curated: readonly MeasuredDismissal[],
  figures: readonly MeasuredRow[],
): DismissalQuality {
  const key = (paragraph: number | string, text: string) => `${String(paragraph)}\u0000${numberOf(text)}`;
  const dismissed = new Map<string, number>();
  for (const d of curated) dismissed.set(key(d.paragraph, d.text), (dismissed.get(key(d.paragraph, d.text)) ?? 0) + 1);
  const figureKeys = new Set(figures.map((f) => key(f.paragraph, f.value_text)));
  let matched = 0;
  for (const p of proposed) {
    const left = dismissed.get(key(p.paragraph, p.text)) ?? 0;
    if (left === 0) continue;
    matched++;
    dismissed.set(key(p.paragraph, p.text), left - 1);
  }
  const statistics = proposed.filter(
    (p) =>
      figureKeys.has(key(p.paragraph, p.text)) &&
      !curated.some((d) => key(d.paragraph, d.text) === key(p.paragraph, p.text)),
  );
  return { curated: curated.length, proposed: proposed.length, matched, statistics };
}
