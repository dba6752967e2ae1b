/**
 * The targets of the catalog page, area by area: what each status means (said once, for every area), and for
 * each area a headline that counts its targets by status, a card per target (progress-cards.ts) and the same as
 * a table. Every card and row names its area, the target's source and the actual's; a target is only ever set
 * beside an actual of its own area (the progress table pairs them so).
 */
import type { ProgressRow } from '../../stages/tables/rows.js';
import { COLORS, esc, formatDecimal, INEXACT_OPACITY, legendBar, MAX_ON_PAGE, moreInFiles } from './charts.js';
import { actualOf, progressChart, sourceLink, targetOf } from './progress-cards.js';
import { areaTag, type AreaView, type Series } from './series.js';
import { countStatuses, sortProgress, STATUS_LABEL, STATUS_MEANING, STATUS_ORDER } from './statuses.js';
import { periodWords, valueWords } from './words.js';

export { countStatuses, sortProgress, STATUS_LABEL, STATUS_MEANING } from './statuses.js';
export { progressChart } from './progress-cards.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Every status with its label and what it means, in English and Chinese: once, above the areas. */
export function statusMeanings(): string {
  const items = STATUS_ORDER.map((s) => {
    const l = STATUS_LABEL[s];
    const m = STATUS_MEANING[s];
    return `<li data-status="${s}"><strong style="color:${l.color}">${l.mark} ${esc(l.en)} <span lang="zh-CN">${esc(l.zh)}</span></strong>: ${esc(m.en)} <span lang="zh-CN" class="muted">${esc(m.zh)}</span></li>`;
  }).join('\n');
  return `<ul class="statuses meanings" id="status-meanings" aria-label="What each status of a target means">
${items}
</ul>`;
}

/** The headline sentence of one area, in English and Chinese: how many targets, how many judged, the rest. */
function headlineText(rows: ProgressRow[], name: { en: string; zh: string }): { en: string; zh: string } {
  const c = countStatuses(rows);
  const judged = c.met + c.not_met;
  const en =
    `${name.en}: ${plural(rows.length, 'target', 'targets')}. ` +
    (judged === 0
      ? 'None is due and answered by an actual yet, so none is judged met or not met. '
      : `${judged} due and answered: ${c.met} met, ${c.not_met} not met. `) +
    `${c.ahead + c.behind} not yet due (${c.ahead} ahead, ${c.behind} behind); ` +
    `${c.undecided} undecided (an inexact actual whose bound cannot tell); ` +
    `${c.baseline} with only an earlier actual as a baseline, not judged; ${c.no_actual} with no actual in the sources.`;
  const zh =
    `${name.zh}：共${rows.length}项目标。` +
    (judged === 0
      ? '尚无目标到期并有对应的实际值，因此没有一项判定为达到或未达到。'
      : `已到期并有对应实际值的${judged}项：达到${c.met}项，未达到${c.not_met}项。`) +
    `尚未到期${c.ahead + c.behind}项（领先${c.ahead}项，落后${c.behind}项）；` +
    `无法判断${c.undecided}项（实际值不精确，其界限不足以判断）；` +
    `只有早于目标期的基线${c.baseline}项，不作判断；暂无实际值${c.no_actual}项。`;
  return { en, zh };
}

/** One area's targets counted by status, each status labelled (what they mean is said above the areas). */
export function statusCounts(view: AreaView): string {
  const c = countStatuses(view.progress);
  const items = STATUS_ORDER.map((s) => {
    const l = STATUS_LABEL[s];
    return `<li data-status="${s}"${c[s] === 0 ? ' class="none"' : ''}><span class="count">${c[s]}</span> <a href="#status-meanings" style="color:${l.color}">${l.mark} ${esc(l.en)} <span lang="zh-CN">${esc(l.zh)}</span></a></li>`;
  }).join('\n');
  return `<ul class="statuses counts" id="status-counts-${esc(view.code)}" data-area="${esc(view.code)}" aria-label="Targets of ${esc(view.area.name_en)} by status">
${items}
</ul>`;
}

/** One area's headline: a sentence in English and Chinese, and its targets counted by status. */
export function progressHeadline(view: AreaView): string {
  const text = headlineText(view.progress, { en: view.area.name_en, zh: view.area.name_zh });
  return `<p class="headline" id="progress-headline-${esc(view.code)}" data-area="${esc(view.code)}">${esc(text.en)}<br><span lang="zh-CN">${esc(text.zh)}</span></p>
${statusCounts(view)}`;
}

/** Every target's card of one area (at most MAX_ON_PAGE), in the order of sortProgress; those with no actual folded. */
export function progressCharts(view: AreaView, series: Series): string {
  const cards = sortProgress(view.progress)
    .slice(0, MAX_ON_PAGE)
    .map((r, i) => ({ status: r.status, html: progressChart(r, view, series, i) }));
  const shown = cards.filter((c) => c.status !== 'no_actual').map((c) => c.html);
  const folded = cards.filter((c) => c.status === 'no_actual').map((c) => c.html);
  const open = shown.length > 0 ? `<div class="cards">\n${shown.join('\n')}\n</div>\n` : '';
  const fold =
    folded.length > 0
      ? `<details class="fold" id="progress-no-actual-${esc(view.code)}" data-area="${esc(view.code)}"><summary><span lang="zh-CN">${esc(view.area.name_zh)}</span>: ${folded.length} ${folded.length === 1 ? 'target' : 'targets'} with no actual in the sources, their targets only <span lang="zh-CN">暂无实际值的目标</span></summary>\n<div class="cards">\n${folded.join('\n')}\n</div></details>\n`
      : '';
  return `<div class="progress-charts" id="progress-charts-${esc(view.code)}">\n${open}${fold}</div>${moreInFiles(view.progress.length - MAX_ON_PAGE, 'progress.csv')}`;
}

function tableRow(r: ProgressRow, view: AreaView, series: Series): string {
  const u = series.units.get(r.unit);
  const status = STATUS_LABEL[r.status];
  const actualValue = actualOf(r, series);
  const actual =
    actualValue === undefined
      ? '—'
      : `${esc(valueWords(actualValue, u))}<br><span class="muted">${esc(periodWords(r.actual_period!).en)}</span>`;
  const target = `${esc(valueWords(targetOf(r, series), u))}<br><span class="muted">${esc(periodWords(r.target_period).en)}</span>`;
  const sources = `target: ${sourceLink(series.observations.get(r.target_observation_id))}${r.actual_source_id ? `<br>actual: ${sourceLink(series.observations.get(r.actual_observation_id ?? ''), r.actual_source_id)}` : ''}`;
  return `<tr data-status="${r.status}" data-area="${esc(r.area_code)}" data-target="${esc(r.target_observation_id)}"><td data-label="area">${areaTag(view.area)}</td><td data-label="indicator"><span lang="zh-CN">${esc(r.label_zh)}</span><br><span class="muted">${esc(r.label_en)}</span></td><td class="num" data-label="target">${target}</td><td class="num" data-label="latest actual">${actual}</td><td data-label="sources">${sources}</td><td class="num" data-label="gap">${r.gap === null ? '—' : esc(formatDecimal(r.gap, true))}</td><td data-label="status" style="color:${status.color}"><strong>${status.mark} <span lang="zh-CN">${esc(status.zh)}</span> ${esc(status.en)}</strong></td></tr>`;
}

/** One area's targets as a table, folded. */
export function progressTable(view: AreaView, series: Series): string {
  const rows = sortProgress(view.progress)
    .slice(0, MAX_ON_PAGE)
    .map((r) => tableRow(r, view, series))
    .join('\n');
  return `<details class="fold" id="progress-table-fold-${esc(view.code)}" data-area="${esc(view.code)}"><summary><span lang="zh-CN">${esc(view.area.name_zh)}</span>: the targets as a table 表格</summary><div class="scroll"><table class="stack progress-table" id="progress-table-${esc(view.code)}"><thead><tr><th>area 地区</th><th>indicator 指标</th><th>target 目标</th><th>latest actual 最新实际值</th><th>sources 来源</th><th>gap 差距</th><th>status 状态</th></tr></thead><tbody>
${rows}
</tbody></table></div>${moreInFiles(view.progress.length - MAX_ON_PAGE, 'progress.csv')}</details>`;
}

/** One area's targets: the headline, the cards and the table; nothing where the area has no target. */
export function areaProgress(view: AreaView, series: Series): string {
  if (view.progress.length === 0)
    return `<p class="muted" id="progress-${esc(view.code)}" data-area="${esc(view.code)}">No targets of ${esc(view.area.name_en)} in the sources.</p>`;
  return `<div class="area-progress" id="progress-${esc(view.code)}" data-area="${esc(view.code)}">
<h4>Targets 目标进度</h4>
${progressHeadline(view)}
${progressCharts(view, series)}
${progressTable(view, series)}
</div>`;
}

export function progressLegend(): string {
  const bar = (attrs: string) => legendBar(`<rect x="0" y="3" width="30" height="8" ${attrs}/>`);
  const item = (key: string, text: string) => `<li>${key}${text}</li>`;
  return `<ul class="legend" id="progress-legend">
${item(legendBar(`<rect x="0" y="0" width="44" height="14" fill="${COLORS.zone}"/>`), 'the side of the target that meets it')}
${item(legendBar(`<line x1="20" x2="20" y1="0" y2="14" stroke="${COLORS.ink}" stroke-width="2"/>`), 'target 目标')}
${item(bar(`fill="${COLORS.met}"`) + bar(`fill="${COLORS.notMet}"`), 'solid: a verdict, met or not met')}
${item(bar(`fill="${COLORS.met}" fill-opacity="0.3" stroke="${COLORS.met}" stroke-width="1.5"`), 'hollow: not yet due (ahead or behind)')}
${item(bar(`fill="${COLORS.baseline}" fill-opacity="0.55" stroke="${COLORS.baseline}" stroke-dasharray="3 2"`), 'grey, dashed: a baseline, not judged')}
${item(legendBar(`<rect x="0" y="3" width="26" height="8" fill="${COLORS.met}" fill-opacity="${INEXACT_OPACITY}"/><line x1="26" x2="38" y1="7" y2="7" stroke="${COLORS.met}" stroke-width="2" stroke-dasharray="3 2"/><path d="M37 2L43 7L37 12" fill="none" stroke="${COLORS.met}" stroke-width="2"/>`), 'faded with an open end: an actual that is not exact (≥, &gt;, ≤, ≈)')}
</ul>
<p class="muted scale-note">Each target card has its own scale: a share runs from 0 to 100%; a change, which may be negative, runs either side of a dashed zero line; any other unit from 0 to 1.25 times the larger of the target and the actual.</p>`;
}
