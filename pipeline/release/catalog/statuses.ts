/**
 * The statuses of the progress table (stages/tables/progress.ts) as the catalog page says them: a label and a
 * mark each, what each means (said once, so nobody reads a baseline as met), their order, and their counts.
 * Only met and not_met are verdicts; the page never says more.
 */
import type { ProgressRow } from '../../stages/tables/rows.js';
import { COLORS } from './charts.js';

type Status = ProgressRow['status'];

export const STATUS_LABEL: Record<Status, { zh: string; en: string; mark: string; color: string }> = {
  met: { zh: '已达到', en: 'met', mark: '✓', color: COLORS.met },
  not_met: { zh: '未达到', en: 'not met', mark: '✗', color: COLORS.notMet },
  ahead: { zh: '进度领先（未到期）', en: 'ahead, not yet due', mark: '↑', color: COLORS.met },
  behind: { zh: '进度落后（未到期）', en: 'behind, not yet due', mark: '↓', color: COLORS.notMet },
  undecided: { zh: '无法判断', en: 'undecided: the actual is inexact', mark: '?', color: COLORS.baseline },
  baseline: { zh: '基线（不作判断）', en: 'baseline, not judged', mark: '·', color: COLORS.baseline },
  no_actual: { zh: '暂无实际值', en: 'no actual in the source', mark: '–', color: COLORS.noActual },
};

/** What each status means, in both languages: said once in the headline, so nobody reads a baseline as met. */
export const STATUS_MEANING: Record<Status, { en: string; zh: string }> = {
  met: {
    en: 'Due and answered: an actual for the last year of the target period meets the target.',
    zh: '已到期且有结果：目标期最后一年的实际值达到了目标。',
  },
  not_met: {
    en: 'Due and answered: the actual for the last year of the target period does not meet the target.',
    zh: '已到期且有结果：目标期最后一年的实际值没有达到目标。',
  },
  ahead: {
    en: 'Not yet due: the latest actual, inside the target period, already meets the target. Not a verdict.',
    zh: '尚未到期：目标期内最新的实际值已达到目标，但这不是最终结论。',
  },
  behind: {
    en: 'Not yet due: the latest actual, inside the target period, does not meet the target yet. Not a verdict.',
    zh: '尚未到期：目标期内最新的实际值尚未达到目标，但这不是最终结论。',
  },
  undecided: {
    en: 'Not judged: the actual is inexact (at least, more than, at most, close to …) and its bound cannot tell whether the target is met, e.g. "nearly 90%" against "at least 90%".',
    zh: '无法判断：实际值不精确（以上、超过、以内、近……），其界限不足以说明是否达到目标，例如“近90%”对“不低于90%”。',
  },
  baseline: {
    en: 'Not judged: every actual precedes the target period, or was published with the target (the level it was set from). The latest is shown as a starting point with its gap to the target; it says nothing about whether the target will be met.',
    zh: '不作判断：所有实际值都早于目标期，或与目标同时发布（目标据以设定的水平）。最新的实际值仅作为起点列出，并注明与目标的差距，不说明目标能否达到。',
  },
  no_actual: {
    en: 'No comparable actual in the sources: only the target is known.',
    zh: '来源中没有可比的实际值，只知道目标。',
  },
};

export const STATUS_ORDER: Status[] = ['not_met', 'met', 'behind', 'ahead', 'undecided', 'baseline', 'no_actual'];

/** Verdicts first (not met, then met), then not yet due, baselines, and no actual; by target id within each. */
export function sortProgress(rows: ProgressRow[]): ProgressRow[] {
  const rank = (s: Status) => STATUS_ORDER.indexOf(s);
  return [...rows].sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      (a.target_observation_id < b.target_observation_id
        ? -1
        : a.target_observation_id > b.target_observation_id
          ? 1
          : 0),
  );
}

export function countStatuses(rows: ProgressRow[]): Record<Status, number> {
  const counts = { met: 0, not_met: 0, ahead: 0, behind: 0, undecided: 0, baseline: 0, no_actual: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}
