/**
 * The progress table: each target paired with the latest actual of the same indicator, the gap and
 * whether the target is met under its comparator. Pairing is by indicator id only, so indicators that
 * merely look alike (health literacy vs. mental-health literacy) are never paired.
 */
import type { ObservationRow } from './tables.js';
import { compare, subtract, type Comparator } from './values.js';

export interface ProgressRow {
  target_observation_id: string;
  indicator_id: string;
  label_zh: string;
  label_en: string;
  unit: string;
  target_period: string;
  comparator: Comparator;
  target_value: string;
  actual_observation_id: string | null;
  actual_period: string | null;
  actual_value: string | null;
  actual_comparator: Comparator | null;
  gap: string | null;
  met: boolean | null;
  status: 'met' | 'not_met' | 'no_actual';
}

/**
 * Whether `actual` meets a target of `comparator target`. A plain (eq) or approximate target is a level
 * to reach, so it is met at or above it; `lte` (以内, 不超过) is met at or below; `gt` (超) only above.
 */
export function meetsTarget(actual: string, comparator: Comparator, target: string): boolean {
  const c = compare(actual, target);
  switch (comparator) {
    case 'gt':
      return c > 0;
    case 'lte':
      return c <= 0;
    case 'gte':
    case 'eq':
    case 'approx':
      return c >= 0;
  }
}

/** The actual that ends latest (then starts latest) is the one a target is measured against. */
function latest(actuals: ObservationRow[]): ObservationRow | undefined {
  return [...actuals].sort((a, b) => (a.period_end + a.period_start < b.period_end + b.period_start ? 1 : -1))[0];
}

export function buildProgress(observations: ObservationRow[]): ProgressRow[] {
  const actuals = new Map<string, ObservationRow[]>();
  for (const o of observations)
    if (o.kind === 'actual') actuals.set(o.indicator_id, [...(actuals.get(o.indicator_id) ?? []), o]);
  return observations
    .filter((o) => o.kind === 'target')
    .map((t): ProgressRow => {
      const a = latest(actuals.get(t.indicator_id) ?? []);
      const met = a ? meetsTarget(a.value, t.comparator, t.value) : null;
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
