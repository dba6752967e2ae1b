/**
 * The progress table: each target paired with the latest actual of the same indicator, the gap and
 * whether the target is met under its comparator. Pairing is by indicator id only, so indicators that
 * merely look alike (health literacy vs. mental-health literacy) are never paired.
 */
import type { IndicatorRow, ObservationRow, ProgressRow } from './rows.js';
import { compare, subtract, type Comparator } from '../normalize/values.js';

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

/**
 * The actual that ends latest (then starts latest) is the one a target is measured against; the
 * observation id breaks any remaining tie, so the choice never depends on input order.
 */
const latestKey = (o: ObservationRow) => `${o.period_end} ${o.period_start} ${o.observation_id}`;

/** The latest actual of each indicator, found in one pass (not by sorting every actual once per target). */
function latestActuals(observations: ObservationRow[]): Map<string, ObservationRow> {
  const best = new Map<string, { row: ObservationRow; key: string }>();
  for (const o of observations) {
    if (o.kind !== 'actual') continue;
    const key = latestKey(o);
    const current = best.get(o.indicator_id);
    if (!current || key > current.key) best.set(o.indicator_id, { row: o, key });
  }
  return new Map([...best].map(([id, { row }]) => [id, row]));
}

export function buildProgress(observations: ObservationRow[], indicators: IndicatorRow[] = []): ProgressRow[] {
  const direction = new Map(indicators.map((i) => [i.indicator_id, i.direction]));
  const latest = latestActuals(observations);
  return observations
    .filter((o) => o.kind === 'target')
    .map((t): ProgressRow => {
      const a = latest.get(t.indicator_id);
      const met = a
        ? meetsTarget(a.value, t.comparator, t.value, a.comparator, direction.get(t.indicator_id) ?? null)
        : null;
      return {
        target_observation_id: t.observation_id,
        indicator_id: t.indicator_id,
        label_zh: t.label_zh,
        label_en: t.label_en,
        unit: t.unit,
        target_period: t.period,
        comparator: t.comparator,
        target_value: t.value,
        actual_observation_id: a?.observation_id ?? null,
        actual_period: a?.period ?? null,
        actual_value: a?.value ?? null,
        actual_comparator: a?.comparator ?? null,
        gap: a ? subtract(a.value, t.value) : null,
        met,
        status: met === null ? 'no_actual' : met ? 'met' : 'not_met',
      };
    });
}
