/**
 * The progress table: each target with the actual of the same area and indicator that says most about
 * it, and a status honest about time. Pairing is by indicator id, so indicators that merely look alike
 * (health literacy vs. mental-health literacy) are never paired.
 *
 * - met / not_met: an actual for the last year of the target period answers the target (the 2022 actual
 *   for a 2022 target, the 2026 actual for a 2022/2026 target); it is judged under the comparator and the
 *   indicator's direction. Only these two fill `met`.
 * - ahead / behind: not answered yet; the latest actual lies inside the target period and already meets
 *   the target, or does not yet.
 * - baseline: every actual precedes the target period; the latest is shown with its gap, not judged.
 * - no_actual: no comparable actual.
 *
 * Comparable: a share, rate or duration is a level, so any actual of it says where the level stood. A count
 * or an amount over several years is a total: it is compared only with a total over the same years, never
 * a multi-year total with a one-year figure or the other way round. Actuals that come only after the
 * target period, without one for its last year, answer nothing.
 */
import { compare, subtract } from '../../core/decimal.js';
import { pushTo } from '../../core/group.js';
import { compareText } from '../../core/text.js';
import type { Comparator } from '../normalize/values.js';
import { span } from '../check/dates.js';
import type { IndicatorRow, ObservationRow, ProgressRow, ProgressStatus, SourceRow, UnitRow } from './rows.js';

/** What an actual says of a target: it meets it, it misses it, or its bound cannot tell. */
export type Verdict = 'met' | 'missed' | 'undecided';

/**
 * The values a figure allows, as an interval: `≥ 3` is [3, ∞), `> 90` is (90, ∞), `≤ 5.5` is (−∞, 5.5], `≈ 90`
 * an open neighbourhood of 90 of unknown width (近 and 约 say only that the value is close), `= 96.16` the one
 * point. `approx` is kept apart from a bound: it may lie on either side of its value, but never exactly on a
 * threshold it names.
 */
interface Allowed {
  comparator: Comparator;
  value: string;
}

/** Whether every value `a` allows satisfies `x op t`, and whether none does. */
function against(a: Allowed, op: 'gte' | 'gt' | 'lte' | 'lt', t: string): Verdict {
  const c = compare(a.value, t);
  const above = op === 'gte' || op === 'gt';
  const strict = op === 'gt' || op === 'lt';
  // flip so that the target always reads "x above t" (or "x at or above t")
  const side = above ? c : -c;
  const towards: Comparator[] = above ? ['gte', 'gt'] : ['lte', 'lt'];
  const away: Comparator[] = above ? ['lte', 'lt'] : ['gte', 'gt'];
  const k = a.comparator;
  if (k === 'eq') return side > 0 || (side === 0 && !strict) ? 'met' : 'missed';
  if (k === 'approx') return side > 0 ? 'met' : side < 0 ? 'missed' : 'undecided';
  if (towards.includes(k)) {
    // the actual is bounded on the target's side: at or past a value past the threshold meets it
    if (side > 0 || (side === 0 && (!strict || k === 'gt' || k === 'lt'))) return 'met';
    return 'undecided';
  }
  // bounded away from the target: a bound short of the threshold misses it, any other bound cannot tell
  if (side < 0 || (side === 0 && (strict || k === 'gt' || k === 'lt') && away.includes(k))) return 'missed';
  return 'undecided';
}

/**
 * Whether an actual meets a target. A plain (eq) or approximate target is a level to reach: at or above it, or
 * at or below it where the indicator's direction is `lower` (a 15-minute service circle); `lte` (以内, 不超过) is
 * met at or below; `gt` (超) only above; `lt` only below.
 *
 * An inexact actual decides the target only where its bound decides it (docs/rules.md, "Progress"): `超90%`
 * (> 90) meets a target of > 90; `近90%` (≈ 90) neither meets nor misses ≥ 90; `3%以上` (≥ 3) neither meets nor
 * misses ≤ 5.5; `5%以下` (≤ 5) meets ≤ 5.5 and says nothing of ≥ 3.
 */
export function judge(
  actual: string,
  comparator: Comparator,
  target: string,
  actualComparator: Comparator = 'eq',
  direction: 'higher' | 'lower' | null = null,
): Verdict {
  const a = { comparator: actualComparator, value: actual };
  switch (comparator) {
    case 'gt':
    case 'gte':
    case 'lte':
    case 'lt':
      return against(a, comparator, target);
    case 'eq':
    case 'approx':
      return against(a, direction === 'lower' ? 'lte' : 'gte', target);
  }
}

/** Whether an actual is shown to meet a target (judge says met). */
export const meetsTarget = (...args: Parameters<typeof judge>): boolean => judge(...args) === 'met';

/** First day of a period; '' where its start is open (../2022), which sorts before every date. */
const startOf = (o: ObservationRow) => o.period_start ?? '';

/** Whether a period lies within one calendar year (2021, 2019-05, 2022-12-31, or months of one year). */
const withinOneYear = (o: ObservationRow) =>
  o.period_start !== null && o.period_start.slice(0, 4) === o.period_end.slice(0, 4);

/**
 * Whether an actual may be set beside a target at all (see the module comment): the same measure (a level with a
 * level, a change with a change of the same kind), and for a total, the same years or one year each.
 */
function comparable(target: ObservationRow, actual: ObservationRow, level: boolean): boolean {
  if (actual.measure !== target.measure) return false;
  if (level) return true;
  return actual.period === target.period || (withinOneYear(actual) && withinOneYear(target));
}

/**
 * Whether an actual answers a target: it is for the target period's last year (a total: for the same years), and
 * a change is on the same base.
 */
function answers(target: ObservationRow, actual: ObservationRow, level: boolean): boolean {
  if (actual.base_period !== target.base_period) return false;
  if (!level) return actual.period === target.period;
  return actual.period_end === target.period_end && startOf(actual) >= `${target.period_end.slice(0, 4)}-01-01`;
}

/** Later end, then later start, then id: the order among candidate actuals never depends on input order. */
const later = (a: ObservationRow, b: ObservationRow) =>
  compareText(a.period_end, b.period_end) ||
  compareText(startOf(a), startOf(b)) ||
  compareText(a.observation_id, b.observation_id);

const latest = (rows: ObservationRow[]) =>
  rows.reduce<ObservationRow | undefined>((best, o) => (!best || later(o, best) > 0 ? o : best), undefined);

type When = 'answer' | 'inside' | 'before';

/**
 * The actual to show for a target, and what kind of answer it is. Only an actual published after the target (by
 * a later source) can answer it or show its progress: one published with it or before it is the level the target
 * was set from, a baseline, whatever its period.
 */
function chooseActual(
  target: ObservationRow,
  actuals: ObservationRow[],
  level: boolean,
  laterSource: (targetSource: string, actualSource: string) => boolean,
): { actual: ObservationRow; when: When } | undefined {
  const candidates = actuals.filter((a) => comparable(target, a, level));
  const isLater = (a: ObservationRow) => laterSource(target.source_id, a.source_id);
  const after = candidates.filter(isLater);
  const answer = latest(after.filter((a) => answers(target, a, level)));
  if (answer) return { actual: answer, when: 'answer' };
  const inside = latest(after.filter((a) => a.period_end >= startOf(target) && a.period_end <= target.period_end));
  if (inside) return { actual: inside, when: 'inside' };
  const before = latest(candidates.filter((a) => a.period_end < startOf(target) || !isLater(a)));
  return before ? { actual: before, when: 'before' } : undefined;
}

function statusOf(when: When | undefined, verdict: Verdict): ProgressStatus {
  if (when === 'before') return 'baseline';
  if (when === undefined) return 'no_actual';
  if (verdict === 'undecided') return 'undecided';
  if (when === 'answer') return verdict === 'met' ? 'met' : 'not_met';
  return verdict === 'met' ? 'ahead' : 'behind';
}

function progressRow(
  t: ObservationRow,
  actuals: ObservationRow[],
  indicator: IndicatorRow | undefined,
  level: boolean,
  laterSource: (targetSource: string, actualSource: string) => boolean,
): ProgressRow {
  const direction = indicator?.direction ?? null;
  const chosen = chooseActual(t, actuals, level, laterSource);
  const a = chosen?.actual;
  const verdict = a ? judge(a.value, t.comparator, t.value, a.comparator, direction) : 'undecided';
  const status = statusOf(chosen?.when, verdict);
  return {
    target_observation_id: t.observation_id,
    indicator_id: t.indicator_id,
    area_code: t.area_code,
    label_zh: t.label_zh,
    label_en: t.label_en,
    unit: t.unit,
    direction,
    target_period: t.period,
    measure: t.measure,
    base_period: t.base_period,
    comparator: t.comparator,
    target_value: t.value,
    actual_observation_id: a?.observation_id ?? null,
    actual_period: a?.period ?? null,
    actual_value: a?.value ?? null,
    actual_comparator: a?.comparator ?? null,
    actual_observation_status: a?.observation_status ?? null,
    actual_source_id: a?.source_id ?? null,
    gap: a ? subtract(a.value, t.value) : null,
    met: status === 'met' ? true : status === 'not_met' ? false : null,
    status,
  };
}

/** Units whose values are levels (a share, a rate, a duration, a ratio) rather than counts or amounts. */
const LEVEL_DIMENSIONS = new Set(['share', 'rate', 'duration', 'ratio']);

/**
 * The progress row of a target, given the actuals of its area and indicator (any others are never paired with it):
 * what buildProgress makes for each target, for a caller that groups the actuals itself.
 */
export function progressOf(
  indicators: IndicatorRow[] = [],
  units: UnitRow[] = [],
  sources: SourceRow[] = [],
): (target: ObservationRow, actuals: ObservationRow[]) => ProgressRow {
  const indicatorById = new Map(indicators.map((i) => [i.indicator_id, i]));
  const levelUnits = new Set(units.filter((u) => LEVEL_DIMENSIONS.has(u.dimension)).map((u) => u.unit_id));
  // each source's first and last possible day of publication, made once (publishedBefore makes them at every call)
  const publishedOf = new Map(sources.map((s) => [s.source_id, span(s.published)]));
  /** Whether the actual's source came out after the target's (the same source never did; an unknown one may have). */
  const laterSource = (targetSource: string, actualSource: string) => {
    if (targetSource === actualSource) return false;
    const [t, a] = [publishedOf.get(targetSource), publishedOf.get(actualSource)];
    return t === undefined || a === undefined || t[1] < a[0]; // as publishedBefore
  };
  return (t, actuals) =>
    progressRow(t, actuals, indicatorById.get(t.indicator_id), levelUnits.has(t.unit), laterSource);
}

/** Every target with its actual and status, in the order of the targets' ids. */
export function buildProgress(
  observations: ObservationRow[],
  indicators: IndicatorRow[] = [],
  units: UnitRow[] = [],
  sources: SourceRow[] = [],
): ProgressRow[] {
  const rowOf = progressOf(indicators, units, sources);
  const actuals = new Map<string, ObservationRow[]>(); // by area and indicator
  for (const o of observations) {
    if (o.kind !== 'actual') continue;
    pushTo(actuals, `${o.area_code}:${o.indicator_id}`, o);
  }
  return observations
    .filter((o) => o.kind === 'target')
    .map((t) => rowOf(t, actuals.get(`${t.area_code}:${t.indicator_id}`) ?? []));
}
