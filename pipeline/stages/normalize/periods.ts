/**
 * The period rules (docs/rules.md, "Periods"): a period as written -> ISO 8601 with the first and last day it
 * covers. `“十三五”期间` -> 2016/2020, `自2019年5月` -> 2019-05/2022, `年末` -> 2022-12-31 (a stock at an instant),
 * `上半年` -> 2022-01/2022-06. An explicit period may also have an open start, `../2022`: a count whose start the
 * source does not say. And the base period of a change (`比上年` -> the same period a year earlier).
 */
// one module per function: the package index would load all of date-fns at every start (docs/performance.md)
import { endOfMonth } from 'date-fns/endOfMonth';
import { fail } from '../../core/errors.js';
import { foreignDigit, fullWidthToAscii, QUOTE_IN_NUMBER, QUOTE_MARKS } from '../../core/text.js';
import type { BaseWritten, Measure } from './grammar.js';

export interface ParsedPeriod {
  /** ISO 8601: `2021`, `2019-05`, `2022-12-31`, `2016/2020`, `2019-05/2022`, `../2022`. */
  period: string;
  /** First day covered, `yyyy-MM-dd`; null for an open start. */
  start: string | null;
  /** Last day covered, `yyyy-MM-dd`. */
  end: string;
  /**
   * Its year comes from where it is written rather than from the text alone (全年, 年末, 1—11月, 上半年): in a
   * January work report's review of the year before, 全年 is that year, not the report's 今年. An explicit period
   * may then name another year, in the same shape.
   */
  contextual?: boolean;
  /**
   * "As of now" (目前, 截至目前): the state at the time of writing. For a count whose start the source does not say,
   * an explicit open start ending there (`../2022`) says the same, more exactly than the year.
   */
  asOfNow?: boolean;
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
const AS_OF_NOW_WORDS = ['截至目前', '目前'];
const LAST_YEAR_WORDS = ['去年', '上年'];
/** The Chinese numerals of a count of years (`三年来`, `未来五年`). */
export const CHINESE_DIGITS: Record<string, number> = {
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
/** Halves and quarters of a year, as months. */
const PARTS_OF_YEAR: Record<string, [number, number]> = {
  上半年: [1, 6],
  下半年: [7, 12],
  前三季度: [1, 9],
  一季度: [1, 3],
  二季度: [4, 6],
  三季度: [7, 9],
  四季度: [10, 12],
};

/** A point in time of year, month or day precision. */
interface Point {
  year: number;
  month?: number;
  day?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (p: Point) =>
  p.day ? `${p.year}-${pad(p.month!)}-${pad(p.day)}` : p.month ? `${p.year}-${pad(p.month)}` : String(p.year);
const lastDayOfMonth = (year: number, month: number) => endOfMonth(new Date(year, month - 1)).getDate();
const first = (p: Point) => `${p.year}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}`;
const last = (p: Point) => {
  if (p.day) return first(p);
  const month = p.month ?? 12;
  return `${p.year}-${pad(month)}-${pad(lastDayOfMonth(p.year, month))}`;
};

function range(from: Point, to: Point): ParsedPeriod {
  if (first(from) > first(to)) fail('PERIOD_REVERSED', { period: `${iso(from)}/${iso(to)}` });
  const same = iso(from) === iso(to);
  return { period: same ? iso(from) : `${iso(from)}/${iso(to)}`, start: first(from), end: last(to) };
}

const contextual = (p: ParsedPeriod): ParsedPeriod => ({ ...p, contextual: true });

function point(year: number, month?: number, day?: number): Point {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) fail('PERIOD_YEAR', { year });
  if (month !== undefined && (month < 1 || month > 12)) fail('PERIOD_MONTH', { month });
  if (day !== undefined && (day < 1 || day > lastDayOfMonth(year, month!)))
    fail('PERIOD_DAY', { date: `${year}-${pad(month!)}-${pad(day)}` });
  return day !== undefined ? { year, month: month!, day } : month !== undefined ? { year, month } : { year };
}

/** The last day of a month, or of a year, as an instant. */
const endOf = (year: number, month = 12) => point(year, month, lastDayOfMonth(year, month));

function count(n: string): number {
  const v = /^\d+$/.test(n) ? Number(n) : CHINESE_DIGITS[n];
  if (v === undefined || v < 1 || v > 50) fail('PERIOD_COUNT', { count: n });
  return v;
}

const plan = (name: string) => FIVE_YEAR_PLANS[name]!;
const PLAN = '(十[一二三四五]五)';
const N = '(\\d+|[一二两三四五六七八九十])';

/** The rules, in order: a pattern and what it reads. `ref` is the source's reference year. */
const RULES: ReadonlyArray<[RegExp, (m: RegExpExecArray, ref: number) => ParsedPeriod]> = [
  [new RegExp(`^${PLAN}(?:期间|时期)?$`), (m) => range(point(plan(m[1]!)), point(plan(m[1]!) + 4))],
  [new RegExp(`^${PLAN}(?:末|期末)$`), (m) => range(endOf(plan(m[1]!) + 4), endOf(plan(m[1]!) + 4))],
  [/^全年$/, (_, ref) => contextual(range(point(ref), point(ref)))],
  [/^(?:年末|年底|12月末|12月底)$/, (_, ref) => contextual(range(endOf(ref), endOf(ref)))],
  [/^(?:上年|去年)(?:末|底)$/, (_, ref) => range(endOf(ref - 1), endOf(ref - 1))],
  [/^(?:到|至)?(\d{4})年(?:末|底)$/, (m) => range(endOf(Number(m[1])), endOf(Number(m[1])))],
  [
    /^(?:到|至)?(\d{4})年(\d{1,2})月(?:末|底)$/,
    (m) => range(endOf(Number(m[1]), Number(m[2])), endOf(Number(m[1]), Number(m[2]))),
  ],
  [
    /^(?:到|至)?(\d{4})年(?:(\d{1,2})月份?)?$/,
    (m) => {
      const p = point(Number(m[1]), m[2] ? Number(m[2]) : undefined);
      return range(p, p);
    },
  ],
  [/^(\d{1,2})月(?:末|底)$/, (m, ref) => contextual(range(endOf(ref, Number(m[1])), endOf(ref, Number(m[1]))))],
  [/^(\d{1,2})月份?$/, (m, ref) => contextual(range(point(ref, Number(m[1])), point(ref, Number(m[1]))))],
  [
    /^(?:(\d{4})年)?(\d{1,2})[—–\-~～至到](\d{1,2})月份?$/,
    (m, ref) => {
      const year = m[1] ? Number(m[1]) : ref;
      const months = range(point(year, Number(m[2])), point(year, Number(m[3])));
      return m[1] ? months : contextual(months);
    },
  ],
  [
    /^(?:(\d{4})年)?(?:第)?(上半年|下半年|前三季度|一季度|二季度|三季度|四季度)$/,
    (m, ref) => {
      const year = m[1] ? Number(m[1]) : ref;
      const [from, to] = PARTS_OF_YEAR[m[2]!]!;
      const part = range(point(year, from), point(year, to));
      return m[1] ? part : contextual(part);
    },
  ],
  [
    /^自(\d{4})年(?:(\d{1,2})月)?(?:以来|起)?$/,
    (m, ref) => range(point(Number(m[1]), m[2] ? Number(m[2]) : undefined), point(ref)),
  ],
  [new RegExp(`^${N}年来$`), (m, ref) => range(point(ref - count(m[1]!)), point(ref))],
  [new RegExp(`^未来${N}年$`), (m, ref) => range(point(ref), point(ref + count(m[1]!) - 1))],
];

/**
 * Read a period as written; undefined where no rule reads its words (a figure then needs the explicit `period`
 * column). Throws for what a rule reads but refuses (a space inside, a month 13, a span reversed).
 */
function readPeriodText(written: string, referenceYear: number): ParsedPeriod | undefined {
  const ascii = fullWidthToAscii(written).trim();
  if (/\s/.test(ascii)) fail('PERIOD_SPACE', { written });
  if (foreignDigit(ascii) !== undefined || QUOTE_IN_NUMBER.test(ascii)) return undefined;
  let text = ascii.replace(QUOTE_MARKS, '');
  if (text === '') fail('PERIOD_EMPTY', {});
  point(referenceYear);
  if (NOW_WORDS.includes(text)) {
    const now = range(point(referenceYear), point(referenceYear));
    return AS_OF_NOW_WORDS.includes(text) ? { ...now, asOfNow: true } : now;
  }
  if (LAST_YEAR_WORDS.includes(text)) return range(point(referenceYear - 1), point(referenceYear - 1));
  if (text.startsWith('截至') && text !== '截至') text = text.slice(2); // as of: 截至2024年底, 截至“十三五”末
  for (const [pattern, read] of RULES) {
    const m = pattern.exec(text);
    if (m) return read(m, referenceYear);
  }
  return undefined;
}

/**
 * Read a period as written. `referenceYear` is the source's 今年. Throws a PeriodError for text that no rule
 * reads; such a figure needs the explicit `period` column.
 */
export function parsePeriodText(written: string, referenceYear: number): ParsedPeriod {
  return readPeriodText(written, referenceYear) ?? fail('PERIOD_UNKNOWN', { written });
}

const ISO_POINT = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function isoPoint(p: string, written: string): Point {
  const m = ISO_POINT.exec(p);
  if (!m) fail('PERIOD_ISO', { written, hint: '' });
  return point(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined);
}

/** Read an explicit ISO 8601 period: `2022`, `2019-05`, `2022-12-31`, `2016/2020`, `2019-05/2022`, `../2022`. */
export function parseIsoPeriod(written: string): ParsedPeriod {
  const trimmed = written.trim();
  const parts = trimmed.split('/');
  if (parts.length > 2) fail('PERIOD_ISO', { written, hint: '' });
  if (parts[0] === '..') {
    if (parts.length !== 2) fail('PERIOD_ISO', { written, hint: '' });
    const to = isoPoint(parts[1]!, written);
    return { period: `../${iso(to)}`, start: null, end: last(to) };
  }
  const from = isoPoint(parts[0]!, written);
  const to = parts[1] === undefined ? from : isoPoint(parts[1], written);
  const parsed = range(from, to);
  if (parts.length === 2 && parsed.period !== trimmed)
    fail('PERIOD_ISO', { written, hint: `; it names one period twice: write ${parsed.period}` });
  return parsed;
}

/** The period a text reads as, or undefined where no rule reads it (nor any rule refuses it). */
function readable(periodText: string, referenceYear: number): ParsedPeriod | undefined {
  try {
    return readPeriodText(periodText, referenceYear);
  } catch {
    return undefined;
  }
}

/** A period with its years taken out: the shape an explicit period must keep for a contextual text. */
const shape = (period: string) => period.replace(/\d{4}/g, 'YYYY');

/**
 * A figure's period: the explicit ISO `period` where given, otherwise the rules on `period_text`. An explicit
 * period stands in for a text the rules do not read (`现在`); where they do read it, the two must agree, so a
 * `period` never silently contradicts what the source writes (`去年` with `period` 2022 in a 2022 source). A
 * text whose year comes from its section (全年, 年末, 1—11月) may be given another year, in the same shape; "as of
 * now" (目前) may be given an open start ending in the year it reads (../2022), for a count whose start is unknown.
 */
export function resolvePeriod(periodText: string, explicit: string, referenceYear: number): ParsedPeriod {
  if (explicit.trim() === '') return parsePeriodText(periodText, referenceYear);
  const given = parseIsoPeriod(explicit);
  const read = periodText.trim() === '' ? undefined : readable(periodText, referenceYear);
  const sameShape = read?.contextual && shape(read.period) === shape(given.period);
  const openAsOfNow = read?.asOfNow && given.start === null && given.end === read.end;
  if (read && read.period !== given.period && !sameShape && !openAsOfNow)
    fail('PERIOD_CONFLICT', { written: periodText, read: read.period, period: given.period });
  return given;
}

/**
 * `resolvePeriod` for one run, remembering what it has read by (reference year, explicit, text): many figures
 * share a period (every 全年 of a source, every 2021年), so each is read once per run. A period that cannot be
 * read throws every time, as resolvePeriod does.
 */
export function periodResolver(): (
  periodText: string,
  explicit: string,
  referenceYear: number,
) => Readonly<ParsedPeriod> {
  // by year, then explicit period, then text: looked up without making a key of the three (the texts are the
  // figures' own strings, whose hashes are kept), and each period handed out frozen rather than copied
  const resolved = new Map<number, Map<string, Map<string, Readonly<ParsedPeriod>>>>();
  return (periodText, explicit, referenceYear) => {
    let byExplicit = resolved.get(referenceYear);
    if (!byExplicit) resolved.set(referenceYear, (byExplicit = new Map()));
    let byText = byExplicit.get(explicit);
    if (!byText) byExplicit.set(explicit, (byText = new Map()));
    let parsed = byText.get(periodText);
    if (!parsed) byText.set(periodText, (parsed = Object.freeze(resolvePeriod(periodText, explicit, referenceYear))));
    return parsed;
  };
}

// ---------------------------------------------------------------- base periods of changes

/** An ISO period a year earlier, part by part (2022 -> 2021, 2022-12-31 -> 2021-12-31, 2024-02-29 -> 2023-02-28). */
function yearEarlier(period: string): string {
  return period
    .split('/')
    .map((part) => {
      const p = isoPoint(part, period);
      const year = p.year - 1;
      if (p.day === undefined) return iso({ ...p, year });
      return iso(point(year, p.month, Math.min(p.day, lastDayOfMonth(year, p.month!))));
    })
    .join('/');
}

/**
 * The base period of a figure of change: the one its base_period column or its value_text names (they must
 * agree), else the same period a year earlier (比上年, 同比, 比上年末 for a year-end stock), else, for an average
 * per year, the year before the period. A level has none. The base must end before the period does.
 */
export function basePeriod(
  measure: Measure,
  written: BaseWritten | undefined,
  explicit: string,
  period: ParsedPeriod,
): string | null {
  if (measure === 'level') {
    if (explicit.trim() !== '') fail('PERIOD_BASE_ON_LEVEL', { base: explicit });
    return null;
  }
  const endYear = Number(period.end.slice(0, 4));
  let base: string;
  if (written) base = fromWritten(written, period, endYear);
  else if (explicit.trim() !== '') base = parseIsoPeriod(explicit).period;
  else if (measure.startsWith('annual_average') && period.start !== null)
    base = String(Number(period.start.slice(0, 4)) - 1);
  else if (period.start === null || period.start.slice(0, 4) !== period.end.slice(0, 4))
    fail('PERIOD_BASE_NEEDED', { period: period.period });
  else base = yearEarlier(period.period);
  if (written && explicit.trim() !== '' && parseIsoPeriod(explicit).period !== base)
    fail('PERIOD_BASE_CONFLICT', { base: explicit, written: base });
  const parsed = parseIsoPeriod(base);
  if (parsed.end >= period.end) fail('PERIOD_BASE_AFTER', { base, period: period.period });
  return base;
}

function fromWritten(written: BaseWritten, period: ParsedPeriod, endYear: number): string {
  switch (written.kind) {
    case 'previous':
      if (period.start === null) fail('PERIOD_BASE_NEEDED', { period: period.period });
      return yearEarlier(period.period);
    case 'previous-end':
      return iso(endOf(endYear - 1));
    case 'year':
      return iso(point(written.year));
    case 'year-end':
      return iso(endOf(written.year));
    case 'plan':
      return `${plan(written.plan)}/${plan(written.plan) + 4}`;
    case 'plan-end':
      return iso(endOf(plan(written.plan) + 4));
  }
}
