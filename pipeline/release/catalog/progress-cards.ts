/**
 * A progress card of the catalog page: one target of one area, the target as a marker, the actual of the same
 * area, indicator and measure as a bar, the status and what it means here, and where both come from (the
 * target's source and the actual's). The card names its area in a visible chip and in its chart's title.
 *
 * Each card has its own axis: a share level from 0 to 100; a change (which may be negative) on a signed axis
 * with zero marked, never on the 0–100 scale of a share; any other level from 0 to 1.25 times the larger value.
 */
import type { ObservationRow, ProgressRow, UnitRow } from '../../stages/tables/rows.js';
import {
  COLORS,
  esc,
  formatDecimal,
  INEXACT_OPACITY,
  inexactEnd,
  labelAt,
  pct,
  svgChart,
  textBlock,
  wrapped,
  type TextLine,
} from './charts.js';
import { areaChip, areaText, revisionText, type AreaView, type Series } from './series.js';
import { STATUS_LABEL } from './statuses.js';
import { changeNumber, isChange, numberWords, periodWords, valueWords, type ValueOf } from './words.js';

/** The two sides of a progress row as values the page words. */
export function targetOf(row: ProgressRow, series: Series): ValueOf {
  const o = series.observations.get(row.target_observation_id);
  return {
    value: row.target_value,
    comparator: row.comparator,
    measure: row.measure,
    base_period: row.base_period,
    written: o?.value_as_written ?? '',
    kind: 'target',
    status: null,
  };
}

export function actualOf(row: ProgressRow, series: Series): ValueOf | undefined {
  if (row.actual_value === null) return undefined;
  const o = series.observations.get(row.actual_observation_id ?? '');
  return {
    value: row.actual_value,
    comparator: row.actual_comparator ?? 'eq',
    measure: row.measure,
    base_period: o ? o.base_period : row.base_period, // a baseline's base may differ from the target's
    written: o?.value_as_written ?? '',
    kind: 'actual',
    status: row.actual_observation_status,
  };
}

/** One card's reading of its status, with its periods in words: what the status means for this target. */
export function statusReading(row: ProgressRow): string {
  const actual = row.actual_period === null ? '' : periodWords(row.actual_period).en;
  const end = periodWords(row.target_period.split('/').at(-1)!).en;
  switch (row.status) {
    case 'met':
      return `answered by the actual of ${actual}, which meets the target`;
    case 'not_met':
      return `answered by the actual of ${actual}, which falls short`;
    case 'ahead':
      return `not due until ${end}; the actual of ${actual} already meets it`;
    case 'behind':
      return `not due until ${end}; the actual of ${actual} does not meet it yet`;
    case 'undecided':
      return `not judged: the actual of ${actual} is inexact, and its bound cannot tell`;
    case 'baseline':
      return `not judged: the actual of ${actual} is a starting point, from before the target period (${periodWords(row.target_period).en}) or published with the target`;
    case 'no_actual':
      return 'no comparable actual in the sources';
  }
}

/** A card's axis: the values at its two ends. */
interface Axis {
  lo: number;
  hi: number;
}

function axisOf(row: ProgressRow, unit: UnitRow | undefined): Axis {
  const t = Number(row.target_value);
  const a = row.actual_value === null ? t : Number(row.actual_value);
  const [top, bottom] = [Math.max(t, a, 0), Math.min(t, a, 0)];
  if (!isChange(row.measure) && unit?.dimension === 'share') return { lo: 0, hi: Math.max(100, top) };
  return { lo: bottom * 1.25, hi: top * 1.25 || (bottom < 0 ? 0 : 1) };
}

const pos = (v: number, ax: Axis) => pct(v - ax.lo, ax.hi - ax.lo);

/** The actual's bar: a verdict solid, not yet due hollow, a baseline grey; a value not exact faded, with its end. */
function actualBar(row: ProgressRow, ax: Axis, y: number, height: number): string {
  if (row.actual_value === null) return '';
  const color = STATUS_LABEL[row.status].color;
  const exact = (row.actual_comparator ?? 'eq') === 'eq';
  const verdict = row.status === 'met' || row.status === 'not_met';
  const [zero, end] = [parseFloat(pos(0, ax)), parseFloat(pos(Number(row.actual_value), ax))];
  const body =
    row.status === 'baseline'
      ? `fill="${color}" fill-opacity="${exact ? '0.55' : '0.3'}" stroke="${color}" stroke-dasharray="3 2"`
      : verdict
        ? `fill="${color}"${exact ? '' : ` fill-opacity="${INEXACT_OPACITY}"`}`
        : `fill="${color}" fill-opacity="${exact ? '0.3' : '0.18'}" stroke="${color}" stroke-width="1.5"`;
  const mark = inexactEnd(row.actual_comparator ?? 'eq', end, y, height, color);
  return `<rect class="actual-bar" x="${Math.min(zero, end).toFixed(2)}%" y="${y}" width="${Math.abs(end - zero).toFixed(2)}%" height="${height}" ${body}/>${mark.svg}`;
}

/** The track, the side of the target that meets it (shaded), the actual's bar, zero and the target's marker. */
function cardBar(row: ProgressRow, unit: UnitRow | undefined, direction: string | null, barTop: number): string {
  const ax = axisOf(row, unit);
  const target = Number(row.target_value);
  const barHeight = 16;
  const t = pos(target, ax);
  let svg = `<rect x="0" y="${barTop}" width="100%" height="${barHeight}" fill="${COLORS.track}"/>`;
  svg +=
    row.comparator === 'lte' ||
    row.comparator === 'lt' ||
    (direction === 'lower' && (row.comparator === 'eq' || row.comparator === 'approx'))
      ? `<rect x="0" y="${barTop}" width="${t}" height="${barHeight}" fill="${COLORS.zone}"/>`
      : `<rect x="${t}" y="${barTop}" width="${pct(ax.hi - target, ax.hi - ax.lo)}" height="${barHeight}" fill="${COLORS.zone}"/>`;
  svg += actualBar(row, ax, barTop + 3, barHeight - 6);
  if (ax.lo < 0) {
    const z = pos(0, ax);
    svg += `<line class="zero" x1="${z}" x2="${z}" y1="${barTop - 2}" y2="${barTop + barHeight + 2}" stroke="${COLORS.muted}" stroke-dasharray="2 2"/>`;
  }
  svg += `<line class="target-marker" x1="${t}" x2="${t}" y1="${barTop - 5}" y2="${barTop + barHeight + 5}" stroke="${COLORS.ink}" stroke-width="2"/>`;
  return svg;
}

function headLines(row: ProgressRow, unit: UnitRow | undefined): TextLine[] {
  const status = STATUS_LABEL[row.status];
  const isShare = unit?.dimension === 'share' && !isChange(row.measure);
  const enUnit = isChange(row.measure)
    ? ` (a change, in ${unit?.label_en ?? row.unit})`
    : unit && !isShare
      ? ` (${unit.label_en})`
      : '';
  return [
    ...wrapped(row.label_zh, 15, { weight: 'bold', lang: 'zh-CN' }),
    ...wrapped(row.label_en + enUnit, 12, { fill: COLORS.muted }),
    ...wrapped(`${status.mark} ${status.zh} · ${status.en}`, 13, { weight: 'bold', fill: status.color }),
    ...wrapped(statusReading(row), 12, { fill: COLORS.ink }),
  ];
}

function footLines(row: ProgressRow, unit: UnitRow | undefined, series: Series): TextLine[] {
  const lines: TextLine[] = [];
  const actual = actualOf(row, series);
  if (actual && row.actual_period !== null) {
    const gap = formatDecimal(row.gap ?? '0', true);
    const text = `实际 actual, ${periodWords(row.actual_period).en}: ${valueWords(actual, unit)} · 差距 gap ${gap}`;
    lines.push(...wrapped(text, 12));
    for (const r of series.revisions.get(row.actual_observation_id ?? '') ?? [])
      lines.push(...wrapped(revisionText(r), 11, { fill: COLORS.ink }));
  }
  lines.push(
    ...wrapped(`目标 target, ${periodWords(row.target_period).en}: ${valueWords(targetOf(row, series), unit)}`, 12),
  );
  for (const r of series.revisions.get(row.target_observation_id) ?? [])
    lines.push(...wrapped(revisionText(r), 11, { fill: COLORS.ink }));
  return lines;
}

function chartDescription(row: ProgressRow, unit: UnitRow | undefined, series: Series, area: string): string {
  const target = valueWords(targetOf(row, series), unit);
  const period = periodWords(row.target_period).en;
  const actual = actualOf(row, series);
  if (!actual) return `${area}: target ${target} for ${period}; no actual in the sources.`;
  const gap = formatDecimal(row.gap ?? '0', true);
  return `${area}: target ${target} for ${period}; latest actual ${valueWords(actual, unit)} (${periodWords(row.actual_period!).en}), gap ${gap}: ${STATUS_LABEL[row.status].en} (${statusReading(row)}).`;
}

/** Where a value comes from: its source (a link to the source's block) and paragraphs. */
export function sourceLink(o: ObservationRow | undefined, sourceId = o?.source_id ?? null): string {
  if (sourceId === null) return '—';
  const paragraphs = o?.source_paragraphs ? `, ¶ ${esc(o.source_paragraphs.split('|').join(', '))}` : '';
  return `<a href="#source-${esc(sourceId)}"><code>${esc(sourceId)}</code></a>${paragraphs}`;
}

/** The target's source and the actual's, below the chart. */
function cardSources(row: ProgressRow, series: Series): string {
  const target = `Target's source 目标来源: ${sourceLink(series.observations.get(row.target_observation_id))}`;
  if (row.actual_value === null || row.actual_period === null) return `<p class="card-foot">${target}</p>`;
  const actual = series.observations.get(row.actual_observation_id ?? '');
  return `<p class="card-foot">${target}<br>Source of the actual of ${esc(periodWords(row.actual_period).en)} 实际值来源: ${sourceLink(actual, row.actual_source_id)}</p>`;
}

/** The card of one target: its area, its label, the target as a marker, the latest actual as a bar, both sources. */
export function progressChart(row: ProgressRow, view: AreaView, series: Series, index: number): string {
  const id = `progress-chart-${view.code}-${index + 1}`;
  const unit = series.units.get(row.unit);
  const head = textBlock(headLines(row, unit), 0);
  const barTop = head.y + 22;
  let svg = head.svg + cardBar(row, unit, row.direction, barTop);
  const target = targetOf(row, series);
  const targetText = `目标 target ${isChange(row.measure) ? changeNumber(target, unit) : numberWords(target, unit)}`;
  svg += `<text ${labelAt(parseFloat(pos(Number(row.target_value), axisOf(row, unit))) / 100, targetText, 12)} y="${barTop - 8}" font-size="12" fill="${COLORS.ink}">${esc(targetText)}</text>`;
  const foot = textBlock(footLines(row, unit, series), barTop + 21);
  svg += foot.svg;
  const area = areaText(view.area);
  return `<figure class="card progress-card status-${row.status}" data-area="${esc(row.area_code)}" data-target="${esc(row.target_observation_id)}" data-measure="${esc(row.measure)}">
<p class="card-head">${areaChip(view.area)}</p>
${svgChart(id, foot.y + 6, `${area}: ${row.label_zh} ${row.label_en}`, chartDescription(row, unit, series, area), svg, 'progress-chart')}
${cardSources(row, series)}</figure>`;
}
