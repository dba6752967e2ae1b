/**
 * Period expressions in a paragraph, as a curator would copy them into period_text: `“十三五”期间`, `到2025年`,
 * `自2019年5月`, `2021年`, `1—11月`, `12月末`, `未来5年`, `3年来`, `去年`, `截至目前`, `全年`, `年末`, `上半年`, and the
 * review periods no rule reads (`一年来`, `过去五年`). Each says whether it is a base of comparison rather than a
 * period (`比2018年`, `较上年末`, `比“十三五”末`), the period of a starting level only (`从2020年的79.1岁`, `由上年的`),
 * or a count of years (a span: `3年来`, `未来5年`). A period that names a year (`“十五五”开局之年`) is none.
 */
import { DataError } from '../../core/errors.js';
import { CHINESE_DIGITS, parsePeriodText } from '../normalize/periods.js';
import { asciiDigits } from '../trace/numbers.js';

export interface PeriodMention {
  /** As written, without a leading 从/由 (`2020年` of `从2020年的`). */
  text: string;
  start: number;
  end: number;
  /** A base of comparison (比2018年, 较上年末), not the period of any figure. */
  base: boolean;
  /** From 从/由 … 的, or any period followed by 的 and a number: the period of the number right after it only. */
  from: boolean;
  /** A count of years written in digits (3年来, 近5年, 未来5年). */
  span: boolean;
  /** A review period no rule reads, written in words: 一年来, 过去一年, 过去五年, 五年来, 五年间. */
  words: number | undefined;
}

const DASH = '[—–\\-~～至到]';
/** Not inside a longer number. */
const LEAD = '(?<![\\d.])';
const PLAN =
  '(?:截至)?[“"]?十[一二三四五六七八九]五[”"]?(?:期间|时期|以来|期末|末|前[一二三四]年)?(?!规划|计划|纲要|[”"])';
const PERIOD = new RegExp(
  [
    PLAN,
    `(?:截至|截止|到|至|自|从|由)?${LEAD}\\d{4}年${LEAD}\\d{1,2}${DASH}\\d{1,2}月份?`,
    `(?:截至|截止|到|至|自|从|由)?${LEAD}\\d{4}(?:${DASH}\\d{4})?年(?:\\d{1,2}月(?:\\d{1,2}日)?)?(?:底|末|初|以来|起|度)?(?:上半年|下半年|前三季度|[一二三四]季度)?`,
    `(?:截至|截止|到|至|自|从)?${LEAD}\\d{1,2}(?:${DASH}\\d{1,2})?月(?:\\d{1,2}日)?(?:底|末|初|份)?(?!龄)`,
    `第?${LEAD}[1-4](?:${DASH}[1-4])?季度`,
    '(?:未来|最近|近|过去)\\d+年(?:来|以来|间)?',
    `${LEAD}\\d+年(?:以)?来`,
    '(?:过去的?|这|近|未来|今后)[一二三四五六七八九十两]年|[一二三四五六七八九十两]年(?:(?:以)?来|间)',
    '(?:今年|去年)?前\\d{1,2}个月',
    '截至目前|截至当前|目前|现在|今年以来|今年|明年|前年|全年|上半年|下半年|前三季度|[一二三四]季度',
    '(?:上年|去年)(?:末|底)?',
    '(?<![上去比较与同])(?:年末|年底|年初)',
  ].join('|'),
  'g',
);
const BASE_BEFORE = /(?:比|较|与|同|相比)$/;

/** Every period expression of `paragraph`, in order. */
export function periodsIn(paragraph: string): PeriodMention[] {
  const ascii = asciiDigits(paragraph);
  // 全年目标任务, 年度计划: the period names a target or plan, not the period of a figure
  // …开局之年, 收官之年: the period names the year (今年是“十五五”开局之年), it is not the period of the figures after
  const named = (m: RegExpExecArray) =>
    /^(?:的)?(?:目标|任务|计划|预算)|^的?[^，,。；;：:\d]{0,4}之年/.test(paragraph.slice(m.index + m[0].length));
  return [...ascii.matchAll(PERIOD)]
    .filter((m) => !named(m))
    .map((m) => {
      // 从2020年的573.8亿元, and 增加到2025年的812.4亿元: the period of the number right after it only
      const after = paragraph.slice(m.index + m[0].length);
      const from =
        ((/^[从由]/.test(m[0]) || /[从由]$/.test(paragraph.slice(0, m.index))) && after.startsWith('的')) ||
        /^的\d/.test(asciiDigits(after.slice(0, 2)));
      const skip = /^[从由]/.test(m[0]) ? 1 : 0;
      const text = paragraph.slice(m.index + skip, m.index + m[0].length);
      const count = /[一二三四五六七八九十两]年/.exec(text);
      return {
        text,
        start: m.index + skip,
        end: m.index + m[0].length,
        base:
          BASE_BEFORE.test(paragraph.slice(Math.max(0, m.index - 2), m.index)) ||
          /^(?:同期)?[=＝]/.test(paragraph.slice(m.index + m[0].length)),
        from,
        // a count of years is of one to three digits: `2023年以来` is a start, not 2023 years
        span: /(?<!\d)\d{1,3}年(?:来|以来|间)?$/.test(text) && /未来|最近|近|过去|来/.test(text),
        // 未来五年, 今后五年 look ahead: no review period
        words: count && !/^(?:未来|今后)/.test(text) ? CHINESE_DIGITS[count[0][0]!] : undefined,
      };
    });
}

/** Whether the period rules of normalize/periods.ts read `text` (with any reference year). */
export function periodRulesRead(text: string): boolean {
  try {
    parsePeriodText(text, 2100);
    return true;
  } catch (err) {
    if (err instanceof DataError && err.code === 'PERIOD_UNKNOWN') return false;
    return true;
  }
}
