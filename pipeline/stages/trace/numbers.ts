/**
 * Every number written in digits in a paragraph of a source text, with its offsets and whether it is part
 * of a period.
 *
 * A number is a run of ASCII or full-width digits, with an optional decimal part (`19.26`, `22.0`), an
 * optional fraction (`1/2`) and an optional percent or per-mille sign (`98%`, `3‰`). Full-width forms
 * (`１９．２６％`) are read like ASCII ones; offsets and text are the paragraph's own. Not read: signs,
 * thousands separators (`12,345` is two numbers) and Chinese numerals (`十三五` holds no digit).
 *
 * A number is part of a period when it is a whole number and
 * - a year: 1900 to 2099 followed by 年 or 学年 (`2021年`, `到2025年`, `2021年度`), or the first year of a
 *   range ending in 年 (`2016—2020年`, `2016-2020年`, `2016至2020年`);
 * - a month: 1 to 12 followed by 月 (`2019年5月`, `5月份`), or the first month of a range (`1—11月`); not
 *   `6月龄`, an age in months;
 * - a day: 1 to 31 followed by 日 or 号 right after a month (`5月20日`);
 * - a quarter: 1 to 4 followed by 季度 (`第1季度`, `1—3季度`);
 * A count of years (`未来5年`, `近3年`, `过去5年`, `最近3年`, `3年来`, `3年以来`) is a span: a duration, part of a
 * period only where a figure of its paragraph has that period as its period_text (account.ts); otherwise it is
 * dismissed, as a duration. Anything else is not a period, even with a time word after it (`用5年时间`, `5个月`,
 * `下午4点`): it is a figure or it is dismissed.
 */

export interface NumberInText {
  /** As written, e.g. `19.26`, `1/2`, `98%`, `２０２１`. */
  text: string;
  /** Offsets in the paragraph, [start, end). */
  start: number;
  end: number;
  /** Part of a date-like period: a year, a month, a day, a quarter. */
  period: boolean;
  /** A count of years (`3年来`, `未来5年`): part of a period only where a figure's period_text claims it. */
  span: boolean;
}

const FULL_WIDTH = /[０-９．／％]/g;

/** The text with full-width digits, `．`, `／` and `％` made ASCII; every offset stays the same. */
export function asciiDigits(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const NUMBER = /\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)?[%‰]?/g;
/** A dash or word between the two ends of a range. */
const RANGE = '(?:[—–\\-~～至到]\\d+)?';
const YEAR_AFTER = new RegExp(`^${RANGE}学?年`);
const MONTH_AFTER = new RegExp(`^${RANGE}月(?!龄)`);
const QUARTER_AFTER = new RegExp(`^${RANGE}季度`);
const DAY_AFTER = /^[日号]/;
const SPAN_BEFORE = /(?:未来|最近|近|过去)$/;
const SPAN_AFTER = /^年(?:以)?来/;

/** Whether the whole number `n` at [start, end) of `ascii` is part of a date-like period (see the module comment). */
function isPeriodPart(ascii: string, n: string, start: number, end: number): boolean {
  if (!/^\d+$/.test(n)) return false;
  const value = Number(n);
  const before = ascii.slice(Math.max(0, start - 2), start);
  const after = ascii.slice(end, end + 8);
  if (n.length === 4 && value >= 1900 && value <= 2099 && YEAR_AFTER.test(after)) return true;
  if (value >= 1 && value <= 12 && MONTH_AFTER.test(after)) return true;
  if (value >= 1 && value <= 31 && before.endsWith('月') && DAY_AFTER.test(after)) return true;
  if (value >= 1 && value <= 4 && QUARTER_AFTER.test(after)) return true;
  return false;
}

/** Whether the whole number at [start, end) counts the years of a span (see the module comment). */
function isSpan(ascii: string, n: string, start: number, end: number): boolean {
  if (!/^\d+$/.test(n)) return false;
  const before = ascii.slice(Math.max(0, start - 2), start);
  const after = ascii.slice(end, end + 8);
  return after.startsWith('年') && (SPAN_BEFORE.test(before) || SPAN_AFTER.test(after));
}

/** Every number written in digits in `paragraph`, in order. */
export function numbersIn(paragraph: string): NumberInText[] {
  const ascii = asciiDigits(paragraph);
  const found: NumberInText[] = [];
  for (const m of ascii.matchAll(NUMBER)) {
    const start = m.index;
    const end = start + m[0].length;
    const period = isPeriodPart(ascii, m[0], start, end);
    found.push({
      text: paragraph.slice(start, end),
      start,
      end,
      period,
      span: !period && isSpan(ascii, m[0], start, end),
    });
  }
  return found;
}
