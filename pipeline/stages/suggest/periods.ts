/**
 * Period expressions in a paragraph, as a curator would copy them into period_text: `“十三五”期间`,
 * `到2025年`, `自2019年5月`, `2021年`, `1—11月`, `未来5年`, `3年来`, `去年`, `截至目前`, `全年`, `年末`.
 * Words of comparison are not periods: `比上年增长` names the base of a change, not the figure's period.
 */
import { DataError } from '../../core/errors.js';
import { parsePeriodText } from '../normalize/periods.js';
import { asciiDigits } from '../trace/numbers.js';

export interface PeriodMention {
  text: string;
  start: number;
  end: number;
  /** A period that looks ahead: `到2025年`, `未来5年`, `明年`. */
  ahead: boolean;
}

const DASH = '[—–\\-~～至到]';
/** Not inside a longer number. */
const LEAD = '(?<![\\d.])';
const PERIOD = new RegExp(
  [
    '[“"]?十[一二三四五六七八九]五[”"]?(?:期间|时期|以来|末)?',
    `(?:截至|截止|到|至|自|从)?${LEAD}\\d{4}(?:${DASH}\\d{4})?年(?:\\d{1,2}月(?:\\d{1,2}日)?)?(?:底|末|初|前|以来|起|度)?`,
    `(?:截至|截止|到|至|自|从)?${LEAD}\\d{1,2}(?:${DASH}\\d{1,2})?月(?:\\d{1,2}日)?(?:底|末|初|份)?(?!龄)`,
    `第?${LEAD}[1-4](?:${DASH}[1-4])?季度`,
    '(?:未来|最近|近|过去)\\d+年(?:来|以来|间)?',
    `${LEAD}\\d+年(?:以)?来`,
    '截至目前|截至当前|目前|现在|去年|今年|明年|前年|全年|上半年|下半年',
    '(?<![上比较与同])(?:年末|年底|年初)',
  ].join('|'),
  'g',
);
const AHEAD = /^(?:到|至)\d|^未来|^明年/;

/** Every period expression of `paragraph`, in order. */
export function periodsIn(paragraph: string): PeriodMention[] {
  const ascii = asciiDigits(paragraph);
  return [...ascii.matchAll(PERIOD)].map((m) => ({
    text: paragraph.slice(m.index, m.index + m[0].length),
    start: m.index,
    end: m.index + m[0].length,
    ahead: AHEAD.test(m[0]),
  }));
}

/**
 * Whether the period rules of normalize/periods.ts read `text`. The reference year is unknown here; a late
 * one is assumed, so that no period starting in the past reads as reversed.
 */
export function periodRulesRead(text: string): boolean {
  try {
    parsePeriodText(text, 2100);
    return true;
  } catch (err) {
    if (err instanceof DataError && err.code === 'PERIOD_UNKNOWN') return false;
    return true;
  }
}
