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
import type { Comparator } from '../normalize/values.js';
import type { IndicatorRow, ObservationRow, ProgressRow, ProgressStatus, UnitRow } from './rows.js';

/**
 * Whether an actual of `actualComparator actual` meets a target of `comparator target`. A plain (eq) or
 * approximate target is a level to reach: met at or above it, or at or below it where the indicator's
 * direction is `lower` (a 15-minute service circle); `lte` (以内, 不超过) is met at or below; `gt` (超)
 * only above.
 *
 * The actual's own comparator bounds the fact: `超90%` (gt 90) is known to be above 90 and so meets a
 * target of gt 90, while `5%以下` (lte 5) says nothing about a lower bound and so is not shown to meet a
 * target of gte 3. An eq or approx actual is taken at its value.
 */
export function meetsTarget(
  actual: string,
  comparator: Comparator,
  target: string,
  actualComparator: Comparator = 'eq',
  direction: 'higher' | 'lower' | null = null,
): boolean {
  const c = compare(actual, target);
  const lowerBound = actualComparator !== 'lte'; // eq, approx, gte, gt: the fact is at least (or above) the value
  const upperBound = actualComparator === 'eq' || actualComparator === 'approx' || actualComparator === 'lte';
  switch (comparator) {
    case 'gt':
      return lowerBound && (c > 0 || (c === 0 && actualComparator === 'gt'));
    case 'lte':
      return upperBound && c <= 0;
    case 'gte':
      return lowerBound && c >= 0;
    case 'eq':
    case 'approx':
      return direction === 'lower' ? upperBound && c <= 0 : lowerBound && c >= 0;
  }
}

/** Whether a period lies within one calendar year (2021, 2019-05, or months of one year). */
const withinOneYear = (o: { period_start: string; period_end: string }) =>
  o.period_start.slice(0, 4) === o.period_end.slice(0, 4);

/** Whether an actual may be set beside a target at all (see the module comment). */
function comparable(target: ObservationRow, actual: ObservationRow, level: boolean): boolean {
  if (level) return true;
  return actual.period === target.period || (withinOneYear(actual) && withinOneYear(target));
}

/** Whether an actual answers a target: it is for the target period's last year (a total: for the same years). */
function answers(target: ObservationRow, actual: ObservationRow, level: boolean): boolean {
  if (!level) return actual.period === target.period;
  return actual.period_end === target.period_end && actual.period_start >= `${target.period_end.slice(0, 4)}-01-01`;
}

/** Later end, then later start, then id: the order among candidate actuals never depends on input order. */
const later = (a: ObservationRow, b: ObservationRow) =>
  a.period_end.localeCompare(b.period_end) ||
  a.period_start.localeCompare(b.period_start) ||
  a.observation_id.localeCompare(b.observation_id);

const latest = (rows: ObservationRow[]) =>
  rows.reduce<ObservationRow | undefined>((best, o) => (!best || later(o, best) > 0 ? o : best), undefined);

/** The actual to show for a target, and what kind of answer it is. */
function chooseActual(
  target: ObservationRow,
  actuals: ObservationRow[],
  level: boolean,
): { actual: ObservationRow; when: 'answer' | 'inside' | 'before' } | undefined {
  const candidates = actuals.filter((a) => comparable(target, a, level));
  const answer = latest(candidates.filter((a) => answers(target, a, level)));
  if (answer) return { actual: answer, when: 'answer' };
  const inside = latest(
    candidates.filter((a) => a.period_end >= target.period_start && a.period_end <= target.period_end),
  );
  if (inside) return { actual: inside, when: 'inside' };
  const before = latest(candidates.filter((a) => a.period_end < target.period_start));
  return before ? { actual: before, when: 'before' } : undefined;
}

function statusOf(when: 'answer' | 'inside' | 'before' | undefined, meets: boolean): ProgressStatus {
  if (when === 'answer') return meets ? 'met' : 'not_met';
  if (when === 'inside') return meets ? 'ahead' : 'behind';
  return when === 'before' ? 'baseline' : 'no_actual';
}

function progressRow(
  t: ObservationRow,
  actuals: ObservationRow[],
  indicator: IndicatorRow | undefined,
  level: boolean,
): ProgressRow {
  const direction = indicator?.direction ?? null;
  const chosen = chooseActual(t, actuals, level);
  const a = chosen?.actual;
  const meets = a ? meetsTarget(a.value, t.comparator, t.value, a.comparator, direction) : false;
  const status = statusOf(chosen?.when, meets);
  return {
    target_observation_id: t.observation_id,
    indicator_id: t.indicator_id,
    area_code: t.area_code,
    label_zh: t.label_zh,
    label_en: t.label_en,
    unit: t.unit,
    direction,
    target_period: t.period,
    comparator: t.comparator,
    target_value: t.value,
    actual_observation_id: a?.observation_id ?? null,
    actual_period: a?.period ?? null,
    actual_value: a?.value ?? null,
    actual_comparator: a?.comparator ?? null,
    actual_source_id: a?.source_id ?? null,
    gap: a ? subtract(a.value, t.value) : null,
    met: status === 'met' ? true : status === 'not_met' ? false : null,
    status,
  };
}

/** Units whose values are levels (a share, a rate, a duration) rather than counts or amounts. */
const LEVEL_DIMENSIONS = new Set(['share', 'rate', 'duration']);

/** Every target with its actual and status, in the order of the targets' ids. */
export function buildProgress(
  observations: ObservationRow[],
  indicators: IndicatorRow[] = [],
  units: UnitRow[] = [],
): ProgressRow[] {
  const indicatorById = new Map(indicators.map((i) => [i.indicator_id, i]));
  const levelUnits = new Set(units.filter((u) => LEVEL_DIMENSIONS.has(u.dimension)).map((u) => u.unit_id));
  const actuals = new Map<string, ObservationRow[]>(); // by area and indicator
  for (const o of observations) {
    if (o.kind !== 'actual') continue;
    pushTo(actuals, `${o.area_code}:${o.indicator_id}`, o);
  }
  return observations
    .filter((o) => o.kind === 'target')
    .map((t) =>
      progressRow(
        t,
        actuals.get(`${t.area_code}:${t.indicator_id}`) ?? [],
        indicatorById.get(t.indicator_id),
        levelUnits.has(t.unit),
      ),
    );
}
