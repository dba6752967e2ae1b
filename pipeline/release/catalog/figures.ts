/**
 * The figures of each domain on the catalog page: a folded section per domain, and in it a chart per unit
 * (bars are compared only within one unit), each with its scale said beside it. The charts of a domain
 * flow in columns (no more columns than it has units), so a long group never leaves a blank area beside it.
 *
 * Scales are honest or absent: a share runs on a fixed 0..100 scale; a percentage that is not a share (a
 * completion rate, 145% of the target) runs from 0 to the larger of its largest value and 100, with 100
 * marked; any other unit runs from 0 to its largest value, which is printed; a unit with one figure in a
 * domain gets no bar (a lone full-width bar says nothing). Values that are not exact are drawn so they do
 * not look like exact lengths (charts.ts, inexactEnd) and always carry their comparator in words.
 */
import { pushTo } from '../../core/group.js';
import type { ObservationRow, UnitRow } from '../../stages/tables/rows.js';
import type { Domain } from '../../stages/validate/records.js';
import {
  COLORS,
  esc,
  formatDecimal,
  formatValue,
  formatValueWords,
  INEXACT_OPACITY,
  inexactEnd,
  isPercentLike,
  legendBar,
  MAX_ON_PAGE,
  moreInFiles,
  pct,
  svgChart,
  textBlock,
  textWidth,
  wrapped,
  WRAP_WIDTH,
} from './charts.js';

/** Bars take at most this share of the width, leaving room for the value written after them. */
const BAR_SPAN = 60;
const BAR_HEIGHT = 14;

/** Dimensions whose figures add up over time (a count, an amount), unlike a level (a share, a rate). */
const TOTALS = new Set(['count', 'currency']);

/** The scale of one unit's bars in one domain, and how the page says it. */
interface Scale {
  /** The value at the full bar span; 0 when the group has no bars. */
  max: number;
  /** A value marked with a line across every bar (100 for a percentage not bounded by 100). */
  reference?: number;
  note: string;
}

function scaleOf(unit: UnitRow | undefined, rows: ObservationRow[]): Scale {
  const largest = Number(rows[0]!.value); // rows are sorted largest first
  // a count or an amount over several years is a total: say so where one stands beside one-year figures
  const spans = new Set(rows.map((o) => o.period_start?.slice(0, 4) === o.period_end.slice(0, 4)));
  const mixed =
    spans.size > 1 && TOTALS.has(unit?.dimension ?? '')
      ? ' Periods differ here: a figure over several years (a total) stands beside one-year figures.'
      : '';
  if (unit?.dimension === 'share')
    return largest > 100
      ? { max: largest, note: `Bar scale: 0 to ${formatDecimal(rows[0]!.value)}% (a share above 100).${mixed}` }
      : { max: 100, note: `Bar scale: fixed, 0 to 100%; the grey track is 100%.${mixed}` };
  if (isPercentLike(unit)) {
    const max = Math.max(100, largest);
    return {
      max,
      reference: 100,
      note: `Bar scale: 0 to ${formatDecimal(largest > 100 ? rows[0]!.value : '100')}%; the dashed line marks 100%.${mixed}`,
    };
  }
  if (rows.length === 1) return { max: 0, note: 'One figure of this unit here: no bar, nothing to compare it with.' };
  const top = formatValue(rows[0]!.value, 'eq', unit);
  return {
    max: largest,
    note: `Bar scale: 0 to ${top}, the largest here (the full grey track); compare bars within this group only.${mixed}`,
  };
}

/** The value written after the bar where it fits the narrowest chart, else on its own line below it. */
function valueText(
  o: ObservationRow,
  unit: UnitRow | undefined,
  scale: Scale,
  barTop: number,
): { svg: string; below: number } {
  const isTarget = o.kind === 'target';
  const text = `${isTarget ? '目标 target ' : ''}${formatValueWords(o.value, o.comparator, unit)}`;
  const fill = isTarget ? COLORS.target : COLORS.ink;
  if (scale.max > 0) {
    const end = parseFloat(pct(Number(o.value), scale.max, BAR_SPAN));
    const at = inexactEnd(o.comparator, end, barTop, BAR_HEIGHT, COLORS.ink, 100);
    const room = WRAP_WIDTH - (at.textAt / 100) * WRAP_WIDTH - at.textDx;
    if (textWidth(text, 12) <= room)
      return {
        svg: `<text class="value" paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round" x="${at.textAt.toFixed(2)}%" dx="${at.textDx}" y="${barTop + 11}" font-size="12" fill="${fill}">${esc(text)}</text>`,
        below: 0,
      };
  }
  const y = scale.max > 0 ? barTop + BAR_HEIGHT + 2 : barTop - 2;
  const block = textBlock(wrapped(text, 12, { fill }), y);
  return { svg: block.svg.replaceAll('<text ', '<text class="value" '), below: block.y - y };
}

/** One observation: its labels, its bar on the group's scale (none where the group has no bars), its value. */
function figureBar(o: ObservationRow, unit: UnitRow | undefined, scale: Scale, y: number): { svg: string; y: number } {
  const isTarget = o.kind === 'target';
  const exact = o.comparator === 'eq';
  const labels = textBlock(
    [
      ...wrapped(`${o.label_zh}（${o.period}）`, 13, { lang: 'zh-CN' }),
      ...wrapped(o.label_en, 11, { fill: COLORS.muted }),
    ],
    y,
  );
  const cls = `figure ${isTarget ? 'is-target' : 'is-actual'}${exact ? '' : ` inexact cmp-${o.comparator}`}`;
  let svg = `<g class="${cls}" data-observation="${esc(o.observation_id)}">${labels.svg}`;
  const barTop = labels.y + 3;
  let bottom = barTop;
  if (scale.max > 0) {
    const w = pct(Number(o.value), scale.max, BAR_SPAN);
    const color = isTarget ? COLORS.target : COLORS.actual;
    svg += `<rect class="track" x="0" y="${barTop}" width="${BAR_SPAN}%" height="${BAR_HEIGHT}" fill="${COLORS.track}"/>`;
    svg += isTarget
      ? `<rect class="bar" x="0" y="${barTop}" width="${w}" height="${BAR_HEIGHT}" fill="${COLORS.targetFill}" stroke="${COLORS.target}" stroke-dasharray="4 2"/>`
      : `<rect class="bar" x="0" y="${barTop}" width="${w}" height="${BAR_HEIGHT}" fill="${COLORS.actual}"${exact ? '' : ` fill-opacity="${INEXACT_OPACITY}"`}/>`;
    svg += inexactEnd(o.comparator, parseFloat(w), barTop, BAR_HEIGHT, color, 100).svg;
    if (scale.reference !== undefined) {
      const r = pct(scale.reference, scale.max, BAR_SPAN);
      svg += `<line class="reference" x1="${r}" x2="${r}" y1="${barTop - 3}" y2="${barTop + BAR_HEIGHT + 3}" stroke="${COLORS.ink}" stroke-dasharray="2 2"/>`;
    }
    bottom = barTop + BAR_HEIGHT;
  }
  const value = valueText(o, unit, scale, barTop);
  svg += value.svg;
  return { svg: svg + '</g>', y: bottom + value.below + 10 };
}

/** Largest first, then by id: the same order on every build (each value read once, not at every comparison). */
function largestFirst(rows: ObservationRow[]): ObservationRow[] {
  return rows
    .map((o) => ({ o, value: Number(o.value) }))
    .sort(
      (a, b) =>
        b.value - a.value ||
        (a.o.observation_id < b.o.observation_id ? -1 : a.o.observation_id > b.o.observation_id ? 1 : 0),
    )
    .map((x) => x.o);
}

/** One unit's figures in one domain: a card with the unit, its scale, and a bar per figure. */
function unitGroup(domain: string, unitId: string, unit: UnitRow | undefined, all: ObservationRow[]) {
  const rows = largestFirst(all).slice(0, MAX_ON_PAGE);
  const scale = scaleOf(unit, rows);
  let svg = '';
  let y = 0;
  for (const o of rows) {
    const bar = figureBar(o, unit, scale, y);
    svg += bar.svg;
    y = bar.y;
  }
  const name = `${unit?.label_zh ?? unitId} · ${unit?.label_en ?? unitId}`;
  const id = `domain-${domain}-${unitId}`;
  const html = `<figure class="card unit-group" id="${esc(id)}" data-unit="${esc(unitId)}">
<figcaption><span class="unit">${esc(name)}</span> <span class="muted">(${rows.length})</span><br><span class="scale">${esc(scale.note)}</span></figcaption>
${svgChart(`${id}-chart`, y, `${domain}: ${name}`, `${rows.length} figures in ${name}. ${scale.note}`, svg, 'domain-chart')}
</figure>`;
  return { html, hidden: all.length - rows.length };
}

/** Shares first, then other units by id: the same order on every build. */
function unitOrder(units: Map<string, UnitRow>) {
  const rank = (id: string) => (units.get(id)?.dimension === 'share' ? 0 : 1);
  return (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** One domain, folded: its label and counts in the summary, a chart per unit inside. */
export function domainChart(
  domain: string,
  observations: ObservationRow[],
  units: UnitRow[],
  label: { zh: string; en: string } = { zh: domain, en: domain },
): string {
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  const groups = new Map<string, ObservationRow[]>();
  for (const o of observations) pushTo(groups, o.unit, o);
  const charts = [...groups.keys()]
    .sort(unitOrder(byId))
    .map((unitId) => unitGroup(domain, unitId, byId.get(unitId), groups.get(unitId)!));
  const hidden = charts.reduce((n, c) => n + c.hidden, 0);
  const targets = observations.filter((o) => o.kind === 'target').length;
  const counts = `${observations.length} ${observations.length === 1 ? 'figure' : 'figures'}${targets ? `, ${targets} of them targets` : ''}, in ${charts.length} ${charts.length === 1 ? 'unit' : 'units'}`;
  return `<details class="domain fold" id="domain-${esc(domain)}">
<summary><span lang="zh-CN">${esc(label.zh)}</span> · ${esc(label.en)} <span class="muted">(${counts})</span></summary>
<div class="groups${charts.length < 3 ? ` upto${charts.length}` : ''}">
${charts.map((c) => c.html).join('\n')}
</div>${moreInFiles(hidden, 'observations.csv')}
</details>`;
}

/** A section per domain: the domains of package.json in their order, then any other by name. */
export function domainCharts(observations: ObservationRow[], units: UnitRow[], domainList: Domain[] = []): string {
  const known = domainList.map((d) => d.id);
  const labels = new Map(domainList.map((d) => [d.id, { zh: d.label_zh, en: d.label_en }]));
  const rank = (d: string) => (known.includes(d) ? known.indexOf(d) : known.length);
  const byDomain = new Map<string, ObservationRow[]>();
  for (const o of observations) pushTo(byDomain, o.domain, o);
  const domains = [...byDomain.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return `<div id="domain-charts">\n${domains
    .map((d) => domainChart(d, byDomain.get(d)!, units, labels.get(d)))
    .join('\n')}\n</div>`;
}

function figuresLegend(): string {
  const c = COLORS.actual;
  const faded = `<rect x="0" y="3" width="24" height="8" fill="${c}" fill-opacity="${INEXACT_OPACITY}"/>`;
  const item = (key: string, text: string) => `<li>${legendBar(key)}${text}</li>`;
  return `<ul class="legend">
${item(`<rect x="0" y="3" width="30" height="8" fill="${c}"/>`, 'actual 实际值, exact')}
${item(`<rect x="0.5" y="3.5" width="30" height="8" fill="${COLORS.targetFill}" stroke="${COLORS.target}" stroke-dasharray="4 2"/>`, 'target 目标')}
${item(`${faded}<line x1="24" x2="36" y1="7" y2="7" stroke="${c}" stroke-width="2" stroke-dasharray="3 2"/><path d="M36 2L42 7L36 12" fill="none" stroke="${c}" stroke-width="2"/>`, '≥ at least 以上, &gt; more than 超过: faded, open end; the value may be larger')}
${item(`${faded}<line x1="24" x2="24" y1="0" y2="14" stroke="${c}" stroke-width="2"/><path d="M21 3L16 7L21 11" fill="none" stroke="${c}" stroke-width="1.5"/>`, '≤ at most 以内, &lt; less than 低于: faded, a ceiling; the value may be smaller')}
${item(`${faded}<line x1="24" x2="24" y1="0" y2="14" stroke="${c}" stroke-width="2" stroke-dasharray="2 2"/>`, '≈ close to 约, 近 (a little under): faded, a dashed end; not an exact length')}
</ul>`;
}

export function domainsSection(observations: ObservationRow[], units: UnitRow[], domains: Domain[]): string {
  return `<section id="domains">
<h2>Figures by domain 分领域数据</h2>
<p>Every observation of the newest release, folded by domain (open one to see it): a chart per unit, largest first. Bars compare figures of one unit in one domain only, and each chart says its scale: shares on a fixed 0–100% scale, other units from 0 to the largest figure, which is printed; a unit with a single figure gets no bar. Periods differ (a total over several years can stand next to one year's figure), so read the period in brackets. A value that is not exact keeps its comparator, in symbols and words. The exact values are in <a href="latest/observations.csv">observations.csv</a>.</p>
${figuresLegend()}
${domainCharts(observations, units, domains)}
</section>

`;
}
