/**
 * The progress section of the catalog page: a headline that counts the targets by status and says what
 * each status means, a card per target (the target as a marker, the actual as a bar, the status and the
 * actual's period and source), and the same as a table. The statuses are those of the progress table
 * (stages/tables/progress.ts): only met and not_met are verdicts; the page never says more.
 */
import type { IndicatorRow, ObservationRow, ProgressRow, PublishedTables, UnitRow } from '../../stages/tables/rows.js';
import {
  COLORS,
  esc,
  escText,
  formatDecimal,
  formatValue,
  formatValueWords,
  INEXACT_OPACITY,
  inexactEnd,
  labelAt,
  legendBar,
  MAX_ON_PAGE,
  moreInFiles,
  pct,
  svgChart,
  textBlock,
  wrapped,
  type TextLine,
} from './charts.js';

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
    en: 'Not judged: every actual precedes the target period. The latest is shown as a starting point with its gap to the target; it says nothing about whether the target will be met.',
    zh: '不作判断：所有实际值都早于目标期。最新的实际值仅作为起点列出，并注明与目标的差距，不说明目标能否达到。',
  },
  no_actual: {
    en: 'No comparable actual in the sources: only the target is known.',
    zh: '来源中没有可比的实际值，只知道目标。',
  },
};

const STATUS_ORDER: Status[] = ['not_met', 'met', 'behind', 'ahead', 'undecided', 'baseline', 'no_actual'];

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

/** One card's reading of its status, with its periods: what the status means for this target. */
function statusReading(row: ProgressRow): string {
  const end = row.target_period.split('/').at(-1)!;
  switch (row.status) {
    case 'met':
      return `answered by the ${row.actual_period} actual, which meets the target`;
    case 'not_met':
      return `answered by the ${row.actual_period} actual, which falls short`;
    case 'ahead':
      return `not due until ${end}; the ${row.actual_period} actual already meets it`;
    case 'behind':
      return `not due until ${end}; the ${row.actual_period} actual does not meet it yet`;
    case 'undecided':
      return `not judged: the ${row.actual_period} actual is inexact, and its bound cannot tell`;
    case 'baseline':
      return `not judged: the actual (${row.actual_period}) precedes the target period (${row.target_period})`;
    case 'no_actual':
      return 'no comparable actual in the sources';
  }
}

/** The actual's bar: a verdict solid, not yet due hollow, a baseline grey; a value not exact faded, with its end. */
function actualBar(row: ProgressRow, max: number, y: number, height: number): string {
  if (row.actual_value === null) return '';
  const color = STATUS_LABEL[row.status].color;
  const exact = (row.actual_comparator ?? 'eq') === 'eq';
  const verdict = row.status === 'met' || row.status === 'not_met';
  const w = pct(Number(row.actual_value), max);
  const body =
    row.status === 'baseline'
      ? `fill="${color}" fill-opacity="${exact ? '0.55' : '0.3'}" stroke="${color}" stroke-dasharray="3 2"`
      : verdict
        ? `fill="${color}"${exact ? '' : ` fill-opacity="${INEXACT_OPACITY}"`}`
        : `fill="${color}" fill-opacity="${exact ? '0.3' : '0.18'}" stroke="${color}" stroke-width="1.5"`;
  const end = inexactEnd(row.actual_comparator ?? 'eq', parseFloat(w), y, height, color);
  return `<rect class="actual-bar" x="0" y="${y}" width="${w}" height="${height}" ${body}/>${end.svg}`;
}

/** The chart of one target: its label, the target as a marker, the latest actual as a bar, the gap. */
export function progressChart(
  row: ProgressRow,
  unit: UnitRow | undefined,
  index: number,
  direction: IndicatorRow['direction'] = null,
  actual?: ObservationRow,
): string {
  const id = `progress-chart-${index + 1}`;
  const status = STATUS_LABEL[row.status];
  const target = Number(row.target_value);
  const value = row.actual_value === null ? 0 : Number(row.actual_value);
  const isShare = unit?.dimension === 'share';
  const top = Math.max(target, value);
  const max = isShare ? Math.max(100, top) : top * 1.25 || 1;
  const enUnit = unit && !isShare ? ` (${unit.label_en})` : '';

  const head = textBlock(
    [
      ...wrapped(row.label_zh, 15, { weight: 'bold', lang: 'zh-CN' }),
      ...wrapped(row.label_en + enUnit, 12, { fill: COLORS.muted }),
      ...wrapped(`${status.mark} ${status.zh} · ${status.en}`, 13, { weight: 'bold', fill: status.color }),
      ...wrapped(statusReading(row), 12, { fill: COLORS.ink }),
    ],
    0,
  );
  let svg = head.svg;
  // the side of the target that meets it is shaded, the actual is a bar, the target a marker
  const barTop = head.y + 22;
  const barHeight = 16;
  const t = pct(target, max);
  svg += `<rect x="0" y="${barTop}" width="100%" height="${barHeight}" fill="${COLORS.track}"/>`;
  svg +=
    row.comparator === 'lte' || (direction === 'lower' && (row.comparator === 'eq' || row.comparator === 'approx'))
      ? `<rect x="0" y="${barTop}" width="${t}" height="${barHeight}" fill="${COLORS.zone}"/>`
      : `<rect x="${t}" y="${barTop}" width="${pct(max - target, max)}" height="${barHeight}" fill="${COLORS.zone}"/>`;
  svg += actualBar(row, max, barTop + 3, barHeight - 6);
  svg += `<line class="target-marker" x1="${t}" x2="${t}" y1="${barTop - 5}" y2="${barTop + barHeight + 5}" stroke="${COLORS.ink}" stroke-width="2"/>`;
  const targetText = `目标 target ${formatValue(row.target_value, row.comparator, unit)}`;
  svg += `<text ${labelAt(target / max, targetText, 12)} y="${barTop - 8}" font-size="12" fill="${COLORS.ink}">${esc(targetText)}</text>`;

  const foot = textBlock(footLines(row, unit), barTop + barHeight + 5);
  svg += foot.svg;
  return `<figure class="card progress-card status-${row.status}" data-target="${esc(row.target_observation_id)}">${svgChart(
    id,
    foot.y + 6,
    `${row.label_zh} ${row.label_en}`,
    chartDescription(row, unit),
    svg,
    'progress-chart',
  )}${actualSource(row, actual)}</figure>`;
}

function footLines(row: ProgressRow, unit: UnitRow | undefined): TextLine[] {
  const lines: TextLine[] = [];
  if (row.actual_value !== null && row.actual_comparator !== null) {
    const actual = formatValueWords(row.actual_value, row.actual_comparator, unit);
    const gap = formatDecimal(row.gap ?? '0', true);
    lines.push(...wrapped(`实际 actual ${actual} (${row.actual_period}) · 差距 gap ${gap}`, 12));
  }
  if (row.comparator !== 'eq')
    lines.push(...wrapped(`目标 target ${formatValueWords(row.target_value, row.comparator, unit)}`, 12));
  lines.push(...wrapped(`目标期 target period ${row.target_period}`, 12, { fill: COLORS.muted }));
  return lines;
}

function chartDescription(row: ProgressRow, unit: UnitRow | undefined): string {
  const target = formatValueWords(row.target_value, row.comparator, unit);
  if (row.actual_value === null) return `Target ${target} for ${row.target_period}; no actual in the source.`;
  const actual = formatValueWords(row.actual_value, row.actual_comparator ?? 'eq', unit);
  const gap = formatDecimal(row.gap ?? '0', true);
  return `Target ${target} for ${row.target_period}; latest actual ${actual} (${row.actual_period}), gap ${gap}: ${STATUS_LABEL[row.status].en} (${statusReading(row)}).`;
}

/** Where the actual comes from: its source (a link to the source's block) and paragraphs. */
function sourceLink(sourceId: string | null, actual?: ObservationRow): string {
  if (sourceId === null) return '—';
  const paragraphs = actual?.source_paragraphs ? `, ¶ ${esc(actual.source_paragraphs.split('|').join(', '))}` : '';
  return `<a href="#source-${esc(sourceId)}"><code>${esc(sourceId)}</code></a>${paragraphs}`;
}

function actualSource(row: ProgressRow, actual?: ObservationRow): string {
  if (row.actual_value === null) return '';
  return `<p class="card-foot">Source of the ${esc(row.actual_period)} actual 实际值来源: ${sourceLink(row.actual_source_id, actual)}</p>`;
}

/** Every target's card (at most MAX_ON_PAGE), in the order of sortProgress; those with no actual folded away. */
export function progressCharts(
  rows: ProgressRow[],
  units: UnitRow[],
  indicators: IndicatorRow[] = [],
  observations: ObservationRow[] = [],
): string {
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  const direction = new Map(indicators.map((i) => [i.indicator_id, i.direction]));
  const actuals = new Map(observations.map((o) => [o.observation_id, o]));
  const cards = sortProgress(rows)
    .slice(0, MAX_ON_PAGE)
    .map((r, i) => ({
      status: r.status,
      html: progressChart(
        r,
        byId.get(r.unit),
        i,
        direction.get(r.indicator_id) ?? null,
        actuals.get(r.actual_observation_id ?? ''),
      ),
    }));
  const shown = cards.filter((c) => c.status !== 'no_actual').map((c) => c.html);
  const folded = cards.filter((c) => c.status === 'no_actual').map((c) => c.html);
  const open = shown.length > 0 ? `<div class="cards">\n${shown.join('\n')}\n</div>\n` : '';
  const fold =
    folded.length > 0
      ? `<details class="fold" id="progress-no-actual"><summary>${folded.length} ${folded.length === 1 ? 'target' : 'targets'} with no actual in the source, their targets only <span lang="zh-CN">暂无实际值的目标</span></summary>\n<div class="cards">\n${folded.join('\n')}\n</div></details>\n`
      : '';
  return `<div id="progress-charts">\n${open}${fold}</div>${moreInFiles(rows.length - MAX_ON_PAGE, 'progress.csv')}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The headline: how many targets, how many of them are judged at all, and what the others are. */
export function progressHeadline(rows: ProgressRow[]): string {
  const c = countStatuses(rows);
  const judged = c.met + c.not_met;
  const lead =
    `${plural(rows.length, 'target', 'targets')}. ` +
    (judged === 0
      ? 'None is due and answered by an actual yet, so none is judged met or not met.'
      : `${judged} due and answered: ${c.met} met, ${c.not_met} not met.`);
  const rest =
    `${c.ahead + c.behind} not yet due (${c.ahead} ahead, ${c.behind} behind); ` +
    `${c.baseline} with only an earlier actual as a baseline, not judged; ${c.no_actual} with no actual in the source.`;
  const zh =
    `共${rows.length}项目标。` +
    (judged === 0
      ? '尚无目标到期并有对应的实际值，因此没有一项判定为达到或未达到。'
      : `已到期并有对应实际值的${judged}项：达到${c.met}项，未达到${c.not_met}项。`) +
    `尚未到期${c.ahead + c.behind}项（领先${c.ahead}项，落后${c.behind}项）；` +
    `只有早于目标期的基线${c.baseline}项，不作判断；暂无实际值${c.no_actual}项。`;
  const items = STATUS_ORDER.map((s) => {
    const l = STATUS_LABEL[s];
    const m = STATUS_MEANING[s];
    return `<li data-status="${s}"${c[s] === 0 ? ' class="none"' : ''}><span class="count">${c[s]}</span> <strong style="color:${l.color}">${l.mark} ${esc(l.en)} <span lang="zh-CN">${esc(l.zh)}</span></strong>: ${esc(m.en)} <span lang="zh-CN" class="muted">${esc(m.zh)}</span></li>`;
  }).join('\n');
  return `<p class="headline" id="progress-headline"><strong>${esc(lead)}</strong> ${esc(rest)}<br><span lang="zh-CN">${esc(zh)}</span></p>
<ul class="statuses" id="status-counts" aria-label="Targets by status, and what each status means">
${items}
</ul>`;
}

function progressTable(tables: PublishedTables): string {
  const units = new Map(tables.units.map((u) => [u.unit_id, u]));
  const actuals = new Map(tables.observations.map((o) => [o.observation_id, o]));
  const rows = sortProgress(tables.progress)
    .slice(0, MAX_ON_PAGE)
    .map((r) => {
      const u = units.get(r.unit);
      const status = STATUS_LABEL[r.status];
      const actual =
        r.actual_value === null
          ? '—'
          : `${esc(formatValueWords(r.actual_value, r.actual_comparator ?? 'eq', u))}<br><span class="muted">${esc(r.actual_period)}</span>`;
      return `<tr data-status="${r.status}"><td data-label="indicator"><span lang="zh-CN">${esc(r.label_zh)}</span><br><span class="muted">${esc(r.label_en)}</span></td><td class="num" data-label="target">${esc(formatValueWords(r.target_value, r.comparator, u))}<br><span class="muted">${esc(r.target_period)}</span></td><td class="num" data-label="latest actual">${actual}</td><td data-label="actual's source">${sourceLink(r.actual_source_id, actuals.get(r.actual_observation_id ?? ''))}</td><td class="num" data-label="gap">${r.gap === null ? '—' : esc(formatDecimal(r.gap, true))}</td><td data-label="status" style="color:${status.color}"><strong>${status.mark} <span lang="zh-CN">${esc(status.zh)}</span> ${esc(status.en)}</strong></td></tr>`;
    })
    .join('\n');
  return `<details class="fold"><summary>The same as a table 表格</summary><div class="scroll"><table id="progress-table" class="stack"><thead><tr><th>indicator 指标</th><th>target 目标</th><th>latest actual 最新实际值</th><th>actual's source 来源</th><th>gap 差距</th><th>status 状态</th></tr></thead><tbody>
${rows}
</tbody></table></div>${moreInFiles(tables.progress.length - MAX_ON_PAGE, 'progress.csv')}</details>`;
}

function progressLegend(): string {
  const bar = (attrs: string) => legendBar(`<rect x="0" y="3" width="30" height="8" ${attrs}/>`);
  const item = (key: string, text: string) => `<li>${key}${text}</li>`;
  return `<ul class="legend">
${item(legendBar(`<rect x="0" y="0" width="44" height="14" fill="${COLORS.zone}"/>`), 'the side of the target that meets it')}
${item(legendBar(`<line x1="20" x2="20" y1="0" y2="14" stroke="${COLORS.ink}" stroke-width="2"/>`), 'target 目标')}
${item(bar(`fill="${COLORS.met}"`) + bar(`fill="${COLORS.notMet}"`), 'solid: a verdict, met or not met')}
${item(bar(`fill="${COLORS.met}" fill-opacity="0.3" stroke="${COLORS.met}" stroke-width="1.5"`), 'hollow: not yet due (ahead or behind)')}
${item(bar(`fill="${COLORS.baseline}" fill-opacity="0.55" stroke="${COLORS.baseline}" stroke-dasharray="3 2"`), 'grey, dashed: a baseline, not judged')}
${item(legendBar(`<rect x="0" y="3" width="26" height="8" fill="${COLORS.met}" fill-opacity="${INEXACT_OPACITY}"/><line x1="26" x2="38" y1="7" y2="7" stroke="${COLORS.met}" stroke-width="2" stroke-dasharray="3 2"/><path d="M37 2L43 7L37 12" fill="none" stroke="${COLORS.met}" stroke-width="2"/>`), 'faded with an open end: an actual that is not exact (≥, &gt;, ≤, ≈)')}
</ul>
<p class="muted scale-note">Each card has its own scale: a share runs from 0 to 100%, any other unit from 0 to 1.25 times the larger of the target and the actual.</p>`;
}

export function progressSection(tables: PublishedTables, note: string): string {
  return `<section id="progress">
<h2>Progress toward the targets 目标进度</h2>
${progressHeadline(tables.progress)}
<p>Each target of the sources, paired with the actual of <em>the same</em> indicator and area that says most about it (<a href="latest/progress.csv">progress.csv</a>).${note ? ` ${escText(note)}` : ''}</p>
${progressLegend()}
${progressCharts(tables.progress, tables.units, tables.indicators, tables.observations)}
${progressTable(tables)}
</section>

`;
}
