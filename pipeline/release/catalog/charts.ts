/**
 * Charts of the catalog page, drawn here as inline SVG (no script runs in the page): progress toward
 * each target, and the figures of each domain grouped by unit.
 *
 * Text keeps its pixel size at any width: x positions are percentages of the chart's width and y
 * positions are pixels, so a chart fills a phone or a desktop column without its text shrinking. Labels
 * are wrapped here, by an estimate of their width, to fit the narrowest column (about 300 px), and every
 * number is formatted from its exact decimal string, so the same tables always give the same bytes.
 */
import type { IndicatorRow, ObservationRow, ProgressRow, UnitRow } from '../../stages/tables/rows.js';
import type { Domain } from '../../stages/validate/records.js';
import type { Comparator } from '../../stages/normalize/values.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escape text for HTML and SVG, in content and in attribute values. */
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
/** Escape text for HTML element content only (not attributes): `&` and `<` are all that can do harm there. */
export const escText = (s: unknown) => String(s ?? '').replace(/[&<]/g, (c) => ESCAPES[c]!);

/** The narrowest a chart gets (a phone, less the page's padding), in CSS pixels. */
export const WRAP_WIDTH = 290;

export const COLORS = {
  met: '#007d5c', // Okabe-Ito bluish green, darkened for text contrast
  notMet: '#c04a00', // Okabe-Ito vermillion, darkened
  noActual: '#6b7378',
  actual: '#0072b2', // Okabe-Ito blue
  target: '#9a6a00', // Okabe-Ito orange, darkened
  targetFill: '#fbecc8',
  track: '#e9edf0',
  zone: '#d3efe5',
  ink: '#1d2327',
  muted: '#5f6b73',
};

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const NARROW = /[ilj.,:;!|'()[\]\s]/;

/** Estimated width of `text` in pixels at `size` px (CJK 1 em, Latin about 0.55 em); errs wide. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    if (WIDE.test(ch)) em += 1;
    else if (NARROW.test(ch)) em += 0.32;
    else if (/[A-Zmw%]/.test(ch)) em += 0.78;
    else em += 0.58;
  }
  return em * size;
}

const CLOSING = /^[）)】」』，。、：；！？,.;:!?]$/u;

/** Break `text` into lines no wider than `width` px at `size` px: at spaces, and between CJK characters. */
export function wrap(text: string, size: number, width = WRAP_WIDTH): string[] {
  const tokens = text.match(
    /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+|\s+/gu,
  );
  const lines: string[] = [];
  let line = '';
  for (const token of tokens ?? []) {
    if (/^\s+$/.test(token)) {
      if (line !== '') line += ' ';
      continue;
    }
    const next = line + token;
    if (line.trim() !== '' && textWidth(next.trimEnd(), size) > width && !CLOSING.test(token)) {
      lines.push(line.trimEnd());
      line = token;
    } else {
      line = next;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/** An exact decimal string for reading: thousands separated, a true minus sign; digits never change. */
export function formatDecimal(value: string, signed = false): string {
  const negative = value.startsWith('-');
  const [int = '', frac] = (negative ? value.slice(1) : value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = negative ? '\u2212' : signed && /[1-9]/.test(value) ? '+' : '';
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export const COMPARATOR_SYMBOL: Record<Comparator, string> = { eq: '', gte: '≥ ', lte: '≤ ', gt: '> ', approx: '≈ ' };

/** A value with its comparator and unit: `≥ 90%`, `≈ 1,926,000,000 元`. */
export function formatValue(value: string, comparator: Comparator, unit: UnitRow | undefined): string {
  const v = `${COMPARATOR_SYMBOL[comparator]}${formatDecimal(value)}`;
  if (!unit) return v;
  return unit.unit_id === 'percent' ? `${v}%` : `${v} ${unit.label_zh}`;
}

/**
 * x and text-anchor for a label at fraction `p` of the width: centred on it if that fits the narrowest
 * chart, else starting or ending there, else at the left edge. What fits the narrowest fits any wider.
 */
export function labelAt(p: number, text: string, size: number, width = WRAP_WIDTH): string {
  const at = p * width;
  const w = textWidth(text, size);
  const x = `x="${(p * 100).toFixed(2)}%"`;
  if (at - w / 2 >= 0 && at + w / 2 <= width) return `${x} text-anchor="middle"`;
  if (at + w <= width) return `${x} text-anchor="start"`;
  if (at - w >= 0) return `${x} text-anchor="end"`;
  return `x="0" text-anchor="start"`;
}

/** A position along a chart, as a percentage of its width (two decimals, so always the same bytes). */
const pct = (value: number, max: number, span = 100) =>
  `${(max > 0 ? Math.max(0, Math.min(1, value / max)) * span : 0).toFixed(2)}%`;

interface TextLine {
  text: string;
  size: number;
  fill?: string;
  weight?: 'bold';
  lang?: string;
}

/** SVG <text> elements, one per line, from y (their top); returns the markup and the y after them. */
function textBlock(lines: TextLine[], y: number, x = '0'): { svg: string; y: number } {
  let svg = '';
  for (const l of lines) {
    const lineHeight = Math.round(l.size * 1.35);
    y += lineHeight;
    const attrs = [
      `x="${x}"`,
      `y="${y - Math.round(l.size * 0.3)}"`,
      `font-size="${l.size}"`,
      l.fill ? `fill="${l.fill}"` : '',
      l.weight ? `font-weight="${l.weight}"` : '',
      l.lang ? `lang="${l.lang}"` : '',
    ].filter(Boolean);
    svg += `<text ${attrs.join(' ')}>${esc(l.text)}</text>`;
  }
  return { svg, y };
}

const wrapped = (text: string, size: number, extra: Omit<TextLine, 'text' | 'size'> = {}): TextLine[] =>
  wrap(text, size).map((t) => ({ text: t, size, ...extra }));

function svgChart(id: string, height: number, title: string, desc: string, body: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${cls}" width="100%" height="${height}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${esc(title)}</title>` +
    `<desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

// ---------------------------------------------------------------- progress

export const STATUS_LABEL: Record<ProgressRow['status'], { zh: string; en: string; mark: string; color: string }> = {
  met: { zh: '已达到', en: 'met', mark: '✓', color: COLORS.met },
  not_met: { zh: '未达到', en: 'not met', mark: '✗', color: COLORS.notMet },
  ahead: { zh: '提前达到', en: 'ahead', mark: '↑', color: COLORS.met },
  behind: { zh: '尚未达到', en: 'behind', mark: '↓', color: COLORS.notMet },
  baseline: { zh: '基线', en: 'baseline', mark: '·', color: COLORS.noActual },
  no_actual: { zh: '暂无实际值', en: 'no actual in the source', mark: '–', color: COLORS.noActual },
};

const STATUS_ORDER: Record<ProgressRow['status'], number> = {
  not_met: 0,
  met: 1,
  behind: 2,
  ahead: 3,
  baseline: 4,
  no_actual: 5,
};

/** Targets with an actual first (not met, then met), then those without; by target id within each. */
export function sortProgress(rows: ProgressRow[]): ProgressRow[] {
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.target_observation_id < b.target_observation_id
        ? -1
        : a.target_observation_id > b.target_observation_id
          ? 1
          : 0),
  );
}

/** The chart of one target: its label, the target as a marker, the latest actual as a bar, the gap. */
export function progressChart(
  row: ProgressRow,
  unit: UnitRow | undefined,
  index: number,
  direction: IndicatorRow['direction'] = null,
): string {
  const id = `progress-chart-${index + 1}`;
  const status = STATUS_LABEL[row.status];
  const target = Number(row.target_value);
  const actual = row.actual_value === null ? undefined : Number(row.actual_value);
  const isShare = unit?.unit_id === 'percent';
  const top = Math.max(target, actual ?? 0);
  const max = isShare ? Math.max(100, top) : top * 1.25 || 1;
  const enUnit = unit && !isShare ? ` (${unit.label_en})` : '';

  const head = textBlock(
    [
      ...wrapped(row.label_zh, 15, { weight: 'bold', lang: 'zh-CN' }),
      ...wrapped(row.label_en + enUnit, 12, { fill: COLORS.muted }),
      { text: `${status.mark} ${status.zh} · ${status.en}`, size: 13, weight: 'bold', fill: status.color },
    ],
    0,
  );
  let svg = head.svg;
  // the bar: the side of the target that meets it is shaded, the actual is a bar, the target a marker
  const barTop = head.y + 22;
  const barHeight = 16;
  const t = pct(target, max);
  svg += `<rect x="0" y="${barTop}" width="100%" height="${barHeight}" fill="${COLORS.track}"/>`;
  svg +=
    row.comparator === 'lte' || (direction === 'lower' && (row.comparator === 'eq' || row.comparator === 'approx'))
      ? `<rect x="0" y="${barTop}" width="${t}" height="${barHeight}" fill="${COLORS.zone}"/>`
      : `<rect x="${t}" y="${barTop}" width="${pct(max - target, max)}" height="${barHeight}" fill="${COLORS.zone}"/>`;
  if (actual !== undefined)
    svg += `<rect class="actual-bar" x="0" y="${barTop + 3}" width="${pct(actual, max)}" height="${barHeight - 6}" fill="${status.color}"/>`;
  svg += `<line class="target-marker" x1="${t}" x2="${t}" y1="${barTop - 5}" y2="${barTop + barHeight + 5}" stroke="${COLORS.ink}" stroke-width="2"/>`;
  const targetText = `目标 target ${formatValue(row.target_value, row.comparator, unit)}`;
  svg += `<text ${labelAt(target / max, targetText, 12)} y="${barTop - 8}" font-size="12" fill="${COLORS.ink}">${esc(targetText)}</text>`;

  const lines: TextLine[] = [];
  if (row.actual_value !== null && row.actual_comparator !== null) {
    lines.push(
      ...wrapped(
        `实际 actual ${formatValue(row.actual_value, row.actual_comparator, unit)} (${row.actual_period}) · 差距 gap ${formatDecimal(row.gap ?? '0', true)}`,
        12,
      ),
    );
  }
  lines.push(...wrapped(`目标期 target period ${row.target_period}`, 12, { fill: COLORS.muted }));
  const foot = textBlock(lines, barTop + barHeight + 5);
  svg += foot.svg;
  const desc =
    `Target ${formatValue(row.target_value, row.comparator, unit)} for ${row.target_period}; ` +
    (row.actual_value !== null
      ? `latest actual ${formatValue(row.actual_value, row.actual_comparator ?? 'eq', unit)} (${row.actual_period}), gap ${formatDecimal(row.gap ?? '0', true)}: ${status.en}.`
      : 'no actual in the source.');
  return `<figure class="card progress-card status-${row.status}" data-target="${esc(row.target_observation_id)}">${svgChart(
    id,
    foot.y + 6,
    `${row.label_zh} ${row.label_en}`,
    desc,
    svg,
    'progress-chart',
  )}</figure>`;
}

/** Every target's chart, not met first, then met, then those with no actual. */
/**
 * The page stays light however many figures a release holds: each list on it (progress cards, the progress
 * table, the bars of one unit in one domain) shows at most this many, first in its order, and says how many
 * more the CSV and JSON files hold.
 */
export const MAX_ON_PAGE = 100;

export const moreInFiles = (hidden: number, file: string) =>
  hidden > 0 ? `\n<p class="muted more">… and ${hidden} more in <a href="latest/${file}">${file}</a>.</p>` : '';

/** Every target's chart, not met first, then met, then those with no actual (at most MAX_ON_PAGE). */
export function progressCharts(rows: ProgressRow[], units: UnitRow[], indicators: IndicatorRow[] = []): string {
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  const direction = new Map(indicators.map((i) => [i.indicator_id, i.direction]));
  return `<div class="cards" id="progress-charts">\n${sortProgress(rows)
    .slice(0, MAX_ON_PAGE)
    .map((r, i) => progressChart(r, byId.get(r.unit), i, direction.get(r.indicator_id) ?? null))
    .join('\n')}\n</div>${moreInFiles(rows.length - MAX_ON_PAGE, 'progress.csv')}`;
}

// ---------------------------------------------------------------- figures by domain

/** Bars take at most this share of the width, leaving room for the value written after them. */
const BAR_SPAN = 60;

/** One observation's bar, from y: its labels, the bar on a scale up to `max`, and its value. */
function figureBar(
  o: ObservationRow,
  percent: UnitRow | undefined,
  max: number,
  y: number,
): { svg: string; y: number } {
  const isTarget = o.kind === 'target';
  const labels = textBlock(
    [
      ...wrapped(`${o.label_zh}（${o.period}）`, 13, { lang: 'zh-CN' }),
      ...wrapped(o.label_en, 11, { fill: COLORS.muted }),
    ],
    y,
  );
  let svg = `<g class="figure ${isTarget ? 'is-target' : 'is-actual'}" data-observation="${esc(o.observation_id)}">`;
  svg += labels.svg;
  const barTop = labels.y + 3;
  const w = pct(Number(o.value), max, BAR_SPAN);
  svg += `<line x1="0" x2="0" y1="${barTop - 2}" y2="${barTop + 16}" stroke="${COLORS.muted}"/>`;
  svg += isTarget
    ? `<rect x="0" y="${barTop}" width="${w}" height="14" fill="${COLORS.targetFill}" stroke="${COLORS.target}" stroke-dasharray="4 2"/>`
    : `<rect x="0" y="${barTop}" width="${w}" height="14" fill="${COLORS.actual}"/>`;
  // the unit is in the group's heading; only % is repeated
  const valueText = `${isTarget ? '目标 target ' : ''}${formatValue(o.value, o.comparator, percent)}`;
  // after the bar where it fits the narrowest chart, else inside the bar's end
  const barPx = (Math.min(1, Number(o.value) / max) * BAR_SPAN * WRAP_WIDTH) / 100;
  const tw = textWidth(valueText, 12);
  const inside = barPx + 6 + tw > WRAP_WIDTH && tw + 8 <= barPx;
  const fill = inside ? (isTarget ? COLORS.ink : '#fff') : isTarget ? COLORS.target : COLORS.ink;
  svg += `<text x="${w}" dx="${inside ? -4 : 6}"${inside ? ' text-anchor="end"' : ''} y="${barTop + 11}" font-size="12" fill="${fill}">${esc(valueText)}</text>`;
  return { svg: svg + '</g>', y: barTop + 14 + 10 };
}

/** One domain's figures: a group per unit (its own scale), a bar per observation, largest first. */
export function domainChart(
  domain: string,
  observations: ObservationRow[],
  units: UnitRow[],
  label: { zh: string; en: string } = { zh: domain, en: domain },
): string {
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  const groups = new Map<string, ObservationRow[]>();
  for (const o of observations) {
    const group = groups.get(o.unit);
    if (group) group.push(o);
    else groups.set(o.unit, [o]);
  }
  // percent first, then units by id: the same order on every build
  const unitIds = [...groups.keys()].sort((a, b) =>
    a === 'percent' ? -1 : b === 'percent' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const id = `domain-chart-${domain}`;
  let svg = '';
  let y = 0;
  let hidden = 0;
  for (const unitId of unitIds) {
    const unit = byId.get(unitId);
    const all = groups
      .get(unitId)!
      .map((o) => ({ o, value: Number(o.value) })) // each value read once, not at every comparison
      .sort(
        (a, b) =>
          b.value - a.value ||
          (a.o.observation_id < b.o.observation_id ? -1 : a.o.observation_id > b.o.observation_id ? 1 : 0),
      )
      .map((x) => x.o);
    const rows = all.slice(0, MAX_ON_PAGE);
    hidden += all.length - rows.length;
    // largest first, so the first row holds the maximum (no Math.max(...values): it overflows the stack)
    const largest = Number(rows[0]!.value);
    const max = unitId === 'percent' ? Math.max(100, largest) : largest;
    const heading = textBlock(
      wrapped(`${unit?.label_zh ?? unitId} · ${unit?.label_en ?? unitId}`, 13, { weight: 'bold', fill: COLORS.muted }),
      y + 6,
    );
    svg += `<line x1="0" x2="100%" y1="${y + 6}" y2="${y + 6}" stroke="${COLORS.track}"/>` + heading.svg;
    y = heading.y + 4;
    for (const o of rows) {
      const bar = figureBar(o, unitId === 'percent' ? unit : undefined, max, y);
      svg += bar.svg;
      y = bar.y;
    }
  }
  const count = observations.length;
  const targets = observations.filter((o) => o.kind === 'target').length;
  return `<figure class="card domain-card" id="domain-${esc(domain)}">
<figcaption><span lang="zh-CN">${esc(label.zh)}</span> · ${esc(label.en)} <span class="muted">(${count} figures${
    targets ? `, ${targets} of them targets` : ''
  })</span></figcaption>
${svgChart(
  id,
  y + 4,
  `${label.zh} ${label.en}: every figure, grouped by unit`,
  `${count} figures of the ${label.en} domain as horizontal bars, one scale per unit; dashed bars are targets.`,
  svg,
  'domain-chart',
)}${moreInFiles(hidden, 'observations.csv')}
</figure>`;
}

/** A chart per domain: the domains of package.json in their order, then any other by name. */
export function domainCharts(observations: ObservationRow[], units: UnitRow[], domainList: Domain[] = []): string {
  const known = domainList.map((d) => d.id);
  const labels = new Map(domainList.map((d) => [d.id, { zh: d.label_zh, en: d.label_en }]));
  const rank = (d: string) => (known.includes(d) ? known.indexOf(d) : known.length);
  const domains = [...new Set(observations.map((o) => o.domain))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return `<div class="cards wide" id="domain-charts">\n${domains
    .map((d) =>
      domainChart(
        d,
        observations.filter((o) => o.domain === d),
        units,
        labels.get(d),
      ),
    )
    .join('\n')}\n</div>`;
}
