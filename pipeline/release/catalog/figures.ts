/**
 * The figures of one area on the catalog page, folded by domain: a chart per unit for the levels (bars are
 * compared only within one unit of one area), and a list per measure for the changes (signed, each on its base
 * period: a change is never a bar beside levels, nor on a 0–100 share scale). Every bar and row carries its
 * area (data-area, and in words), so no chart sets one area's value against another area's target.
 *
 * Scales are honest or absent: a share runs on a fixed 0..100 scale, and an open end (≥, >) never runs past
 * its 100; a percentage that is not a share (a completion rate, 145% of the target) runs from 0 to the larger
 * of its largest value and 100, with 100 marked; any other unit runs from 0 (or its smallest negative value) to
 * its largest value, which is printed; a unit with one figure in a domain gets no bar (a lone full-width bar
 * says nothing). Values that are not exact are drawn so they do not look like exact lengths (charts.ts,
 * inexactEnd) and always carry their comparator in the source's word.
 */
import { pushTo } from '../../core/group.js';
import { compareText } from '../../core/text.js';
import { MEASURES } from '../../stages/normalize/grammar.js';
import type { ObservationRow, UnitRow } from '../../stages/tables/rows.js';
import type { Domain } from '../../stages/validate/records.js';
import {
  COLORS,
  esc,
  formatDecimal,
  formatValue,
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
  type TextLine,
} from './charts.js';
import { areaChip, areaTag, areaText, revisionText, type AreaView, type Series } from './series.js';
import { isChange, periodWords, valueOf, valueWords } from './words.js';

/** Bars take at most this share of the width, leaving room for the value written after them. */
const BAR_SPAN = 60;
const BAR_HEIGHT = 14;

/** Dimensions whose figures add up over time (a count, an amount), unlike a level (a share, a rate). */
const TOTALS = new Set(['count', 'currency']);

/** The scale of one unit's bars in one area's domain, and how the page says it. */
interface Scale {
  /** The values at the two ends of the bar span; hi is lo where the group has no bars. */
  lo: number;
  hi: number;
  /** A fixed 0..100 share scale: an open end stops at its 100. */
  fixed: boolean;
  /** A value marked with a line across every bar (100 for a percentage not bounded by 100). */
  reference?: number;
  note: string;
}

/** Where a value lies along the bar span, in percent of the chart's width. */
const at = (v: number, s: Scale) => parseFloat(pct(v - s.lo, s.hi - s.lo, BAR_SPAN));
const hasBars = (s: Scale) => s.hi > s.lo;

function mixedNote(unit: UnitRow | undefined, rows: ObservationRow[]): string {
  // a count or an amount over several years is a total: say so where one stands beside one-year figures
  const spans = new Set(rows.map((o) => o.period_start?.slice(0, 4) === o.period_end.slice(0, 4)));
  return spans.size > 1 && TOTALS.has(unit?.dimension ?? '')
    ? ' Periods differ here: a figure over several years (a total) stands beside one-year figures.'
    : '';
}

function scaleOf(unit: UnitRow | undefined, rows: ObservationRow[]): Scale {
  const largest = Number(rows[0]!.value); // rows are sorted largest first
  const lo = Math.min(0, Number(rows.at(-1)!.value));
  const negative = lo < 0 ? ' Values below zero run left of the zero line.' : '';
  const mixed = mixedNote(unit, rows) + negative;
  if (unit?.dimension === 'share')
    return largest > 100
      ? {
          lo,
          hi: largest,
          fixed: false,
          note: `Bar scale: 0 to ${formatDecimal(rows[0]!.value)}% (a share above 100).${mixed}`,
        }
      : { lo, hi: 100, fixed: true, note: `Bar scale: fixed, 0 to 100%; the grey track is 100%.${mixed}` };
  if (isPercentLike(unit))
    return {
      lo,
      hi: Math.max(100, largest),
      fixed: false,
      reference: 100,
      note: `Bar scale: 0 to ${formatDecimal(largest > 100 ? rows[0]!.value : '100')}%; the dashed line marks 100%.${mixed}`,
    };
  if (rows.length === 1)
    return { lo: 0, hi: 0, fixed: false, note: 'One figure of this unit here: no bar, nothing to compare it with.' };
  const top = formatValue(rows[0]!.value, 'eq', unit);
  return {
    lo,
    hi: Math.max(largest, 0),
    fixed: false,
    note: `Bar scale: 0 to ${top}, the largest here (the full grey track); compare bars within this group only.${mixed}`,
  };
}

/** The value written after the bar where it fits the narrowest chart, else on its own line below it. */
function valueText(o: ObservationRow, unit: UnitRow | undefined, scale: Scale, barTop: number) {
  const isTarget = o.kind === 'target';
  const text = `${isTarget ? '目标 target ' : ''}${valueWords(valueOf(o), unit)}`;
  const fill = isTarget ? COLORS.target : COLORS.ink;
  if (hasBars(scale)) {
    const end = inexactEnd(o.comparator, at(Number(o.value), scale), barTop, BAR_HEIGHT, COLORS.ink, endLimit(scale));
    const room = WRAP_WIDTH - (end.textAt / 100) * WRAP_WIDTH - end.textDx;
    if (textWidth(text, 12) <= room)
      return {
        svg: `<text class="value" paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round" x="${end.textAt.toFixed(2)}%" dx="${end.textDx}" y="${barTop + 11}" font-size="12" fill="${fill}">${esc(text)}</text>`,
        below: 0,
      };
  }
  const y = hasBars(scale) ? barTop + BAR_HEIGHT + 2 : barTop - 2;
  const block = textBlock(wrapped(text, 12, { fill }), y);
  return { svg: block.svg.replaceAll('<text ', '<text class="value" '), below: block.y - y };
}

/** An open end (≥, >) stops at the end of a fixed 0–100 scale; elsewhere at the chart's edge. */
const endLimit = (s: Scale) => (s.fixed ? BAR_SPAN : 100);

/** The bar of one observation: its track, its body from zero, its inexact end and the reference line. */
function barOf(o: ObservationRow, scale: Scale, barTop: number): string {
  const isTarget = o.kind === 'target';
  const exact = o.comparator === 'eq';
  const [zero, end] = [at(0, scale), at(Number(o.value), scale)];
  const x = `x="${Math.min(zero, end).toFixed(2)}%"`;
  const w = `width="${Math.abs(end - zero).toFixed(2)}%"`;
  const color = isTarget ? COLORS.target : COLORS.actual;
  let svg = `<rect class="track" x="0" y="${barTop}" width="${BAR_SPAN}%" height="${BAR_HEIGHT}" fill="${COLORS.track}"/>`;
  svg += isTarget
    ? `<rect class="bar" ${x} y="${barTop}" ${w} height="${BAR_HEIGHT}" fill="${COLORS.targetFill}" stroke="${COLORS.target}" stroke-dasharray="4 2"/>`
    : `<rect class="bar" ${x} y="${barTop}" ${w} height="${BAR_HEIGHT}" fill="${COLORS.actual}"${exact ? '' : ` fill-opacity="${INEXACT_OPACITY}"`}/>`;
  svg += inexactEnd(o.comparator, end, barTop, BAR_HEIGHT, color, endLimit(scale)).svg;
  const marks = [...(scale.reference !== undefined ? [scale.reference] : []), ...(scale.lo < 0 ? [0] : [])];
  for (const m of marks) {
    const r = `${at(m, scale).toFixed(2)}%`;
    svg += `<line class="${m === 0 ? 'zero' : 'reference'}" x1="${r}" x2="${r}" y1="${barTop - 3}" y2="${barTop + BAR_HEIGHT + 3}" stroke="${COLORS.ink}" stroke-dasharray="2 2"/>`;
  }
  return svg;
}

/** A figure's labels: the area and the indicator with its period in words, in Chinese and English. */
function labelLines(o: ObservationRow): TextLine[] {
  const period = periodWords(o.period);
  return [
    ...wrapped(`${o.area_zh} · ${o.label_zh}（${period.zh}）`, 13, { lang: 'zh-CN' }),
    ...wrapped(`${o.label_en}, ${period.en}`, 11, { fill: COLORS.muted }),
  ];
}

/** One observation: its labels, its bar on the group's scale (none where the group has no bars), its value. */
function figureBar(o: ObservationRow, series: Series, scale: Scale, y: number): { svg: string; y: number } {
  const unit = series.units.get(o.unit);
  const labels = textBlock(labelLines(o), y);
  const cls = `figure ${o.kind === 'target' ? 'is-target' : 'is-actual'}${o.comparator === 'eq' ? '' : ` inexact cmp-${o.comparator}`}`;
  let svg = `<g class="${cls}" data-area="${esc(o.area_code)}" data-observation="${esc(o.observation_id)}" data-period="${esc(o.period)}">${labels.svg}`;
  const barTop = labels.y + 3;
  if (hasBars(scale)) svg += barOf(o, scale, barTop);
  const value = valueText(o, unit, scale, barTop);
  svg += value.svg;
  let bottom = (hasBars(scale) ? barTop + BAR_HEIGHT : barTop) + value.below;
  for (const r of series.revisions.get(o.observation_id) ?? []) {
    const block = textBlock(wrapped(revisionText(r), 11, { fill: COLORS.ink }), bottom + 1);
    svg += block.svg.replaceAll('<text ', '<text class="revision" ');
    bottom = block.y;
  }
  return { svg: svg + '</g>', y: bottom + 10 };
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

/** One unit's levels in one area's domain: a card with the area, the unit, its scale, and a bar per figure. */
function unitGroup(view: AreaView, domain: string, unitId: string, all: ObservationRow[], series: Series) {
  const unit = series.units.get(unitId);
  const rows = largestFirst(all).slice(0, MAX_ON_PAGE);
  const scale = scaleOf(unit, rows);
  let svg = '';
  let y = 0;
  for (const o of rows) {
    const bar = figureBar(o, series, scale, y);
    svg += bar.svg;
    y = bar.y;
  }
  const name = `${unit?.label_zh ?? unitId} · ${unit?.label_en ?? unitId}`;
  const id = `domain-${view.code}-${domain}-${unitId}`;
  const height = captionHeight(scale.note) + y;
  const html = `<figure class="card unit-group" id="${esc(id)}" data-area="${esc(view.code)}" data-unit="${esc(unitId)}">
<figcaption>${areaChip(view.area)}<br><span class="unit">${esc(name)}</span> <span class="muted">(${rows.length})</span><br><span class="scale">${esc(scale.note)}</span></figcaption>
${svgChart(`${id}-chart`, y, `${areaText(view.area)} · ${domain}: ${name}`, `${rows.length} figures of ${areaText(view.area)} in ${name}. ${scale.note}`, svg, 'domain-chart')}
</figure>`;
  return { html, hidden: all.length - rows.length, height };
}

const CHANGE_NOTE = 'A change, signed, on its base period: listed, not drawn beside levels.';

/** What each measure of change is called, in English and Chinese. */
const MEASURE_TITLE: Record<string, string> = {
  change_percent: 'Changes in percent 增减（%）',
  change_points: 'Changes in points 增减（百分点、千分点）',
  change_absolute: 'Changes in the unit of the indicator 增减量',
  annual_average_change_percent: 'Average change a year, in percent 年均增减（%）',
  annual_average_change_absolute: 'Average change a year, in the unit of the indicator 年均增减量',
};

/** One change: the indicator and its period in words, the signed change on its base, as written, the area. */
function changeItem(o: ObservationRow, view: AreaView, series: Series): string {
  const period = periodWords(o.period);
  const value = valueWords(valueOf(o), series.units.get(o.unit));
  const revised = (series.revisions.get(o.observation_id) ?? [])
    .map((r) => `<br><span class="revised">${esc(revisionText(r))}</span>`)
    .join('');
  return `<li class="change ${o.kind === 'target' ? 'is-target' : 'is-actual'}" data-area="${esc(o.area_code)}" data-observation="${esc(o.observation_id)}" data-measure="${esc(o.measure)}" data-period="${esc(o.period)}"><span lang="zh-CN">${esc(o.label_zh)}（${esc(period.zh)}）</span> <span class="muted">${esc(o.label_en)}, ${esc(period.en)}</span><br><strong class="value">${o.kind === 'target' ? '目标 target ' : ''}${esc(value)}</strong> <span class="written" lang="zh-CN">「${esc(o.value_as_written)}」</span> ${areaTag(view.area)}${revised}</li>`;
}

/** One measure's changes in one area's domain: a list, never bars, each signed and on its base period. */
function changeGroup(view: AreaView, domain: string, measure: string, all: ObservationRow[], series: Series) {
  const rows = largestFirst(all).slice(0, MAX_ON_PAGE);
  const id = `changes-${view.code}-${domain}-${measure}`;
  const html = `<figure class="card change-group" id="${esc(id)}" data-area="${esc(view.code)}" data-measure="${esc(measure)}">
<figcaption>${areaChip(view.area)}<br><span class="unit">${esc(MEASURE_TITLE[measure] ?? measure)}</span> <span class="muted">(${rows.length})</span><br><span class="scale">${CHANGE_NOTE}</span></figcaption>
<ul class="changes">
${rows.map((o) => changeItem(o, view, series)).join('\n')}
</ul>
</figure>`;
  return { html, hidden: all.length - rows.length, height: captionHeight(CHANGE_NOTE) + 75 * rows.length };
}

/** About how tall a card's caption is on a desktop (the area chip, the unit, the scale note), in pixels. */
const captionHeight = (note: string) => 80 + 20 * Math.ceil(textWidth(note, 14) / 330);

/**
 * How many columns a domain's cards flow in on a wide screen (1 to 3): the most whose columns, balanced as CSS
 * balances them (cards in order, the tallest column as short as it can be), leave at most a quarter blank. Four
 * cards of one height take two columns, not two and one and one beside a third left empty.
 */
export function columnsFor(heights: number[]): number {
  const total = heights.reduce((a, h) => a + h, 0);
  const tallest = (k: number): number => {
    // the shortest height into which the cards, in order, fit in k columns
    let lo = Math.max(...heights);
    let hi = total;
    const fits = (limit: number) => {
      let columns = 1;
      let used = 0;
      for (const h of heights) {
        if (used + h > limit) [columns, used] = [columns + 1, 0];
        used += h;
      }
      return columns <= k;
    };
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    return fits(lo) ? lo : hi;
  };
  for (let k = Math.min(3, heights.length); k > 1; k--) if (total / (k * tallest(k)) >= 0.75) return k;
  return 1;
}

/** Shares first, then other units by id: the same order on every build. */
function unitOrder(units: Map<string, UnitRow>) {
  const rank = (id: string) => (units.get(id)?.dimension === 'share' ? 0 : 1);
  return (a: string, b: string) => rank(a) - rank(b) || compareText(a, b);
}

function domainCounts(observations: ObservationRow[], cards: number): string {
  const changes = observations.filter((o) => isChange(o.measure)).length;
  const targets = observations.filter((o) => o.kind === 'target').length;
  const n = observations.length;
  return `${n} ${n === 1 ? 'figure' : 'figures'}${changes ? ` (${changes} of them changes)` : ''}${targets ? `, ${targets} ${targets === 1 ? 'target' : 'targets'}` : ''}, in ${cards} ${cards === 1 ? 'chart or list' : 'charts and lists'}`;
}

/** One domain of one area, folded: its label and counts in the summary, a chart per unit and a list per measure. */
export function domainChart(
  view: AreaView,
  domain: string,
  observations: ObservationRow[],
  series: Series,
  label: { zh: string; en: string } = { zh: domain, en: domain },
): string {
  const levels = new Map<string, ObservationRow[]>();
  const changes = new Map<string, ObservationRow[]>();
  for (const o of observations)
    if (isChange(o.measure)) pushTo(changes, o.measure, o);
    else pushTo(levels, o.unit, o);
  const cards = [
    ...[...levels.keys()].sort(unitOrder(series.units)).map((u) => unitGroup(view, domain, u, levels.get(u)!, series)),
    ...MEASURES.filter((m) => changes.has(m)).map((m) => changeGroup(view, domain, m, changes.get(m)!, series)),
  ];
  const hidden = cards.reduce((n, c) => n + c.hidden, 0);
  return `<details class="domain fold" id="domain-${esc(view.code)}-${esc(domain)}" data-area="${esc(view.code)}">
<summary><span lang="zh-CN">${esc(view.area.name_zh)} · ${esc(label.zh)}</span> · ${esc(label.en)} <span class="muted">(${domainCounts(observations, cards.length)})</span></summary>
<div class="groups cols${columnsFor(cards.map((c) => c.height))}">
${cards.map((c) => c.html).join('\n')}
</div>${moreInFiles(hidden, 'observations.csv')}
</details>`;
}

/** The figures of one area, a folded section per domain: the domains of package.json in their order, then any other. */
export function areaDomains(view: AreaView, series: Series, domainList: Domain[] = []): string {
  const known = domainList.map((d) => d.id);
  const labels = new Map(domainList.map((d) => [d.id, { zh: d.label_zh, en: d.label_en }]));
  const rank = (d: string) => (known.includes(d) ? known.indexOf(d) : known.length);
  const byDomain = new Map<string, ObservationRow[]>();
  for (const o of view.observations) pushTo(byDomain, o.domain, o);
  const domains = [...byDomain.keys()].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
  return `<div class="domain-charts" id="domains-${esc(view.code)}">\n${domains
    .map((d) => domainChart(view, d, byDomain.get(d)!, series, labels.get(d)))
    .join('\n')}\n</div>`;
}

export function figuresLegend(): string {
  const c = COLORS.actual;
  const faded = `<rect x="0" y="3" width="24" height="8" fill="${c}" fill-opacity="${INEXACT_OPACITY}"/>`;
  const item = (key: string, text: string) => `<li>${legendBar(key)}${text}</li>`;
  return `<ul class="legend" id="figures-legend">
${item(`<rect x="0" y="3" width="30" height="8" fill="${c}"/>`, 'actual 实际值, exact')}
${item(`<rect x="0.5" y="3.5" width="30" height="8" fill="${COLORS.targetFill}" stroke="${COLORS.target}" stroke-dasharray="4 2"/>`, 'target 目标')}
${item(`${faded}<line x1="24" x2="36" y1="7" y2="7" stroke="${c}" stroke-width="2" stroke-dasharray="3 2"/><path d="M36 2L42 7L36 12" fill="none" stroke="${c}" stroke-width="2"/>`, '≥ at least (以上, 不低于, 达到 on a target), &gt; more than (超过, 余, 多): faded, open end; the value may be larger')}
${item(`${faded}<line x1="24" x2="24" y1="0" y2="14" stroke="${c}" stroke-width="2"/><path d="M21 3L16 7L21 11" fill="none" stroke="${c}" stroke-width="1.5"/>`, '≤ at most (以内, 控制在…以内), &lt; less than (低于): faded, a ceiling; the value may be smaller')}
${item(`${faded}<line x1="24" x2="24" y1="0" y2="14" stroke="${c}" stroke-width="2" stroke-dasharray="2 2"/>`, '≈ close to: 近 a little under, 约 and 左右 about: faded, a dashed end; not an exact length')}
</ul>`;
}
