/**
 * What the charts of the catalog page share (progress.ts and figures.ts draw them as inline SVG; no script
 * runs in the page): colours, text measuring and wrapping, exact number formatting, and how a bar shows
 * that its value is not exact.
 *
 * Text keeps its pixel size at any width: x positions are percentages of the chart's width and y
 * positions are pixels, so a chart fills a phone or a desktop column without its text shrinking. Labels
 * are wrapped here, by an estimate of their width, to fit the narrowest column (about 300 px), and every
 * number is formatted from its exact decimal string, so the same tables always give the same bytes.
 */
import type { UnitRow } from '../../stages/tables/rows.js';
import { withSymbol, type Comparator } from '../../core/comparators.js';

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
  baseline: '#8a9399', // a neutral grey: a baseline is not judged
  actual: '#0072b2', // Okabe-Ito blue
  target: '#9a6a00', // Okabe-Ito orange, darkened
  targetFill: '#fbecc8',
  track: '#e9edf0',
  zone: '#d3efe5',
  ink: '#1d2327',
  muted: '#5f6b73',
};

/** Han, CJK punctuation and full-width forms, and marks a CJK font draws full-width (…, —). */
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026]/u;
const NARROW = /[ilj.,:;!|'()[\]\s]/;

/** Estimated width of `text` in pixels at `size` px (CJK 1 em, Latin about 0.55 em); errs wide. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = code >= 0xd800 && code < 0xdc00 ? text.charCodeAt(i + 1) : 0;
    if (next >= 0xdc00 && next < 0xe000) {
      const ch = text.slice(i, i + 2); // a character beyond the BMP, two code units
      em += EMS[emClassOf(ch)]!;
      i++;
    } else em += EMS[(BMP_CLASS[code] ||= emClassOf(text[i]!))]!;
  }
  return em * size;
}

/** The widths of textWidth, in em, by class (0: not yet known). */
const EMS = [0, 1, 0.32, 0.78, 0.58];
/** The class of each character of the Basic Multilingual Plane, found by the patterns the first time it is met. */
const BMP_CLASS = new Uint8Array(0x10000);

function emClassOf(ch: string): number {
  return WIDE.test(ch) ? 1 : NARROW.test(ch) ? 2 : /[A-Zmw%≥≤≈−]/.test(ch) ? 3 : 4;
}

const CLOSING = /^[）)】」』，。、：；！？,.;:!?]$/u;
const OPENING = /[（(【「『]$/u;

/**
 * Break `text` into lines no wider than `width` px at `size` px: at spaces, and between CJK characters. A
 * closing mark never starts a line and an opening mark never ends one: the break moves back before the
 * word they hold on to (a single unbreakable run wider than `width` stays whole).
 */
export function wrap(text: string, size: number, width = WRAP_WIDTH): string[] {
  const tokens = text.match(
    /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+|\s+/gu,
  );
  const lines: string[] = [];
  let line: string[] = [];
  const text_ = (l: string[]) => l.join('').trim();
  for (const token of tokens ?? []) {
    if (/^\s+$/.test(token)) {
      if (line.length > 0) line.push(' ');
      continue;
    }
    if (line.length === 0 || textWidth((line.join('') + token).trim(), size) <= width) {
      line.push(token);
      continue;
    }
    const carry: string[] = [];
    if (CLOSING.test(token)) carry.unshift(line.pop()!);
    while (line.length > 0 && (/^\s+$/.test(line.at(-1)!) || OPENING.test(line.at(-1)!))) {
      const t = line.pop()!;
      if (!/^\s+$/.test(t)) carry.unshift(t);
    }
    if (text_(line) === '') {
      line = [...line, ...carry, token]; // nowhere to break: the run stays whole
      continue;
    }
    lines.push(text_(line));
    line = [...carry, token];
  }
  if (text_(line) !== '') lines.push(text_(line));
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

/** A unit written as `%` after the number (a share, a completion rate), not as a word after a space. */
export const isPercentLike = (unit: UnitRow | undefined) => unit?.measure_words.split('|').includes('%') ?? false;

/** A value with its comparator and unit: `≥ 90%`, `≈ 1,926,000,000 元`. */
export function formatValue(value: string, comparator: Comparator, unit: UnitRow | undefined): string {
  const v = withSymbol(comparator, formatDecimal(value));
  if (!unit) return v;
  return isPercentLike(unit) ? `${v}%` : `${v} ${unit.label_zh}`;
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
export const pct = (value: number, max: number, span = 100) =>
  `${(max > 0 ? Math.max(0, Math.min(1, value / max)) * span : 0).toFixed(2)}%`;

export interface TextLine {
  text: string;
  size: number;
  fill?: string;
  weight?: 'bold';
  lang?: string;
}

/** SVG <text> elements, one per line, from y (their top); returns the markup and the y after them. */
export function textBlock(lines: TextLine[], y: number, x = '0'): { svg: string; y: number } {
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

export const wrapped = (text: string, size: number, extra: Omit<TextLine, 'text' | 'size'> = {}): TextLine[] =>
  wrap(text, size).map((t) => ({ text: t, size, ...extra }));

export function svgChart(id: string, height: number, title: string, desc: string, body: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${cls}" width="100%" height="${height}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${esc(title)}</title>` +
    `<desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

/**
 * The page stays light however many figures a release holds: each list on it (progress cards, the progress
 * table, the bars of one unit in one domain) shows at most this many, first in its order, and says how many
 * more the CSV and JSON files hold.
 */
export const MAX_ON_PAGE = 100;

export const moreInFiles = (hidden: number, file: string) =>
  hidden > 0 ? `\n<p class="muted more">… and ${hidden} more in <a href="latest/${file}">${file}</a>.</p>` : '';

// ---------------------------------------------------------------- bars of values that are not exact

/** How far the open end of an at-least bar reaches past its value, in percent of the chart's width. */
const TAIL = 7;

/**
 * The end of a bar at `end` (percent of the width) for a value that is not exact, so it never reads as an
 * exact length (the body of such a bar is drawn faded by the caller):
 * - ≥ and > (a lower bound): an open end, a dashed tail with an arrowhead, up to `limit`;
 * - ≤ (an upper bound): a ceiling, a solid line across the bar with an arrowhead pointing back;
 * - ≈: a dashed edge.
 * The arrowheads are drawn in a nested SVG placed at a percentage, so their pixel shape never stretches.
 * Returns the marks and where text after the bar may start (percent, and pixels beyond it).
 */
export function inexactEnd(
  comparator: Comparator,
  end: number,
  y: number,
  height: number,
  color: string,
  limit = 100,
): { svg: string; textAt: number; textDx: number } {
  const mid = y + height / 2;
  const at = (x: number) => `${x.toFixed(2)}%`;
  if (comparator === 'gt' || comparator === 'gte') {
    const tip = Math.min(end + TAIL, limit);
    return {
      svg:
        `<line class="open-end" x1="${at(end)}" x2="${at(tip)}" y1="${mid}" y2="${mid}" stroke="${color}" stroke-width="2" stroke-dasharray="3 2"/>` +
        `<svg x="${at(tip)}" y="${mid}" overflow="visible"><path d="M-6 -5L0 0L-6 5" fill="none" stroke="${color}" stroke-width="2"/></svg>`,
      textAt: tip,
      textDx: 4,
    };
  }
  if (comparator === 'lte')
    return {
      svg:
        `<line class="ceiling" x1="${at(end)}" x2="${at(end)}" y1="${y - 3}" y2="${y + height + 3}" stroke="${color}" stroke-width="2"/>` +
        `<svg x="${at(end)}" y="${mid}" overflow="visible"><path d="M-3 -4L-8 0L-3 4" fill="none" stroke="${color}" stroke-width="1.5"/></svg>`,
      textAt: end,
      textDx: 6,
    };
  if (comparator === 'approx')
    return {
      svg: `<line class="fuzzy-end" x1="${at(end)}" x2="${at(end)}" y1="${y - 3}" y2="${y + height + 3}" stroke="${color}" stroke-width="2" stroke-dasharray="2 2"/>`,
      textAt: end,
      textDx: 6,
    };
  return { svg: '', textAt: end, textDx: 6 };
}

/** Fill opacity of the body of a bar whose value is not exact. */
export const INEXACT_OPACITY = '0.45';

/** A small sample bar for a legend (aria-hidden: the text beside it says the same). */
export const legendBar = (body: string, width = 44) =>
  `<svg class="key" width="${width}" height="14" aria-hidden="true" focusable="false">${body}</svg>`;
