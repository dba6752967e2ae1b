/**
 * The period rules (docs/rules.md, "Periods"): a period as written -> ISO 8601 with year or month precision, plus
 * the first and last day it covers. `“十三五”期间` -> 2016/2020, `自2019年5月` -> 2019-05/2022.
 */
// one module per function: the package index would load all of date-fns at every start (docs/performance.md)
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfYear } from 'date-fns/endOfYear';
import { format } from 'date-fns/format';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfYear } from 'date-fns/startOfYear';
import { fail } from '../../core/errors.js';
import { foreignDigit, fullWidthToAscii, QUOTE_IN_NUMBER, QUOTE_MARKS } from '../../core/text.js';

export interface ParsedPeriod {
  /** ISO 8601: `2021`, `2019-05`, `2016/2020`, `2019-05/2022`. */
  period: string;
  /** First day covered, `yyyy-MM-dd`. */
  start: string;
  /** Last day covered, `yyyy-MM-dd`. */
  end: string;
}

/** Five-year plans (五年规划), by their number. */
const FIVE_YEAR_PLANS: Record<string, number> = {
  十一五: 2006,
  十二五: 2011,
  十三五: 2016,
  十四五: 2021,
  十五五: 2026,
};
const NOW_WORDS = ['截至目前', '目前', '今年'];
const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** A point in time of year or month precision. */
interface Point {
  year: number;
  month?: number;
}

const iso = (p: Point) => (p.month ? `${p.year}-${String(p.month).padStart(2, '0')}` : String(p.year));
const day = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * First and last day of a point, formatted once per point: many periods share their years and months. A memo
 * of a pure function, bounded (years 1900-2200, each with 12 months), so it may outlive a run.
 */
const days = new Map<string, { first: string; last: string }>();
function daysOf(p: Point): { first: string; last: string } {
  const key = iso(p);
  let known = days.get(key);
  if (!known) {
    const d = p.month ? new Date(p.year, p.month - 1) : new Date(p.year, 0);
    known = p.month
      ? { first: day(startOfMonth(d)), last: day(endOfMonth(d)) }
      : { first: day(startOfYear(d)), last: day(endOfYear(d)) };
    days.set(key, known);
  }
  return known;
}
const first = (p: Point) => daysOf(p).first;
const last = (p: Point) => daysOf(p).last;

function range(from: Point, to: Point): ParsedPeriod {
  if (first(from) > first(to)) fail('PERIOD_REVERSED', { period: `${iso(from)}/${iso(to)}` });
  const same = iso(from) === iso(to);
  return { period: same ? iso(from) : `${iso(from)}/${iso(to)}`, start: first(from), end: last(to) };
}

function point(year: number, month?: number): Point {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) fail('PERIOD_YEAR', { year });
  if (month !== undefined && (month < 1 || month > 12)) fail('PERIOD_MONTH', { month });
  return month === undefined ? { year } : { year, month };
}

function count(n: string): number {
  const v = /^\d+$/.test(n) ? Number(n) : CHINESE_DIGITS[n];
  if (v === undefined || v < 1 || v > 50) fail('PERIOD_COUNT', { count: n });
  return v;
}

/**
 * Read a period as written. `referenceYear` is the source's 今年. Throws a PeriodError for text that no
 * rule reads; such a figure needs the explicit `period` column.
 */
export function parsePeriodText(written: string, referenceYear: number): ParsedPeriod {
  const ascii = fullWidthToAscii(written).trim();
  if (/\s/.test(ascii)) fail('PERIOD_SPACE', { written });
  if (foreignDigit(ascii) !== undefined || QUOTE_IN_NUMBER.test(ascii)) fail('PERIOD_UNKNOWN', { written });
  const text = ascii.replace(QUOTE_MARKS, '');
  const ref = point(referenceYear);
  let m: RegExpExecArray | null;
  if (text === '') fail('PERIOD_EMPTY', {});
  if ((m = /^(十[一二三四五]五)(?:期间|时期)?$/.exec(text))) {
    const plan = FIVE_YEAR_PLANS[m[1]!]!;
    return range(point(plan), point(plan + 4));
  }
  if (NOW_WORDS.includes(text)) return range(ref, ref);
  if (text === '去年') return range(point(referenceYear - 1), point(referenceYear - 1));
  if ((m = /^(?:到|至)?(\d{4})年(?:(\d{1,2})月)?(?:底|末)?$/.exec(text)))
    return range(
      point(Number(m[1]), m[2] ? Number(m[2]) : undefined),
      point(Number(m[1]), m[2] ? Number(m[2]) : undefined),
    );
  if ((m = /^自(\d{4})年(?:(\d{1,2})月)?(?:以来|起)?$/.exec(text)))
    return range(point(Number(m[1]), m[2] ? Number(m[2]) : undefined), ref);
  if ((m = /^(\d+|[一二两三四五六七八九十])年来$/.exec(text))) return range(point(referenceYear - count(m[1]!)), ref);
  if ((m = /^未来(\d+|[一二两三四五六七八九十])年$/.exec(text)))
    return range(ref, point(referenceYear + count(m[1]!) - 1));
  fail('PERIOD_UNKNOWN', { written });
}

const ISO_POINT = /^(\d{4})(?:-(\d{2}))?$/;

/** Read an explicit ISO 8601 period: `2022`, `2019-05`, `2016/2020`, `2019-05/2022`. */
export function parseIsoPeriod(written: string): ParsedPeriod {
  const parts = written.trim().split('/');
  if (parts.length > 2) fail('PERIOD_ISO', { written, hint: '' });
  const points = parts.map((p) => {
    const m = ISO_POINT.exec(p);
    if (!m) fail('PERIOD_ISO', { written, hint: '' });
    return point(Number(m[1]), m[2] ? Number(m[2]) : undefined);
  });
  const from = points[0]!;
  const to = points[1] ?? from;
  const parsed = range(from, to);
  if (points.length === 2 && parsed.period !== written.trim())
    fail('PERIOD_ISO', { written, hint: `; it names one period twice: write ${parsed.period}` });
  return parsed;
}

/** The period a text reads as, or undefined where no rule reads it. */
function readable(periodText: string, referenceYear: number): ParsedPeriod | undefined {
  try {
    return parsePeriodText(periodText, referenceYear);
  } catch {
    return undefined;
  }
}

/**
 * A figure's period: the explicit ISO `period` where given, otherwise the rules on `period_text`. An explicit
 * period stands in for a text the rules do not read (`现在`); where they do read it, the two must agree, so a
 * `period` never silently contradicts what the source writes (`去年` with `period` 2022 in a 2022 source).
 */
export function resolvePeriod(periodText: string, explicit: string, referenceYear: number): ParsedPeriod {
  if (explicit.trim() === '') return parsePeriodText(periodText, referenceYear);
  const given = parseIsoPeriod(explicit);
  const read = periodText.trim() === '' ? undefined : readable(periodText, referenceYear);
  if (read && read.period !== given.period)
    fail('PERIOD_CONFLICT', { written: periodText, read: read.period, period: given.period });
  return given;
}

/**
 * `resolvePeriod` for one run, remembering what it has read by (reference year, explicit, text): many figures
 * share a period (every 今年 of a source, every 2021年), so each is read once per run. A period that cannot be
 * read throws every time, as resolvePeriod does.
 */
export function periodResolver(): typeof resolvePeriod {
  const resolved = new Map<string, ParsedPeriod>();
  return (periodText, explicit, referenceYear) => {
    const key = `${referenceYear}\u0000${explicit}\u0000${periodText}`;
    let parsed = resolved.get(key);
    if (!parsed) resolved.set(key, (parsed = resolvePeriod(periodText, explicit, referenceYear)));
    return { ...parsed };
  };
}
