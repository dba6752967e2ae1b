/**
 * Numbers that are no figures, proposed for raw/dismissed.csv with the words that find them and a reason: a list
 * item's or a table's number, an age limit (`3岁以下`, `60周岁及以上`, `6—14岁`), a time of day, a rank (`第3名`),
 * a number inside a name (`“30条”`, `PM2.5`, `10号线`, `世界500强`, `7×24小时`), the base of a ratio or index
 * (`以女性为100`, `上年=100`), a count of a plan's own indicators (`27项主要指标`). A statistic is never proposed:
 * life expectancy in 岁, the parts of a structure ratio (`6.9:40.1:53.0`) and levels stay figures.
 */
import { asciiDigits, type NumberInText } from '../trace/numbers.js';

export interface DismissalGuess {
  /** The number with enough of its words to find it in the paragraph, at [start, end). */
  text: string;
  start: number;
  end: number;
  reason: string;
}

interface Around {
  paragraph: string;
  ascii: string;
  n: NumberInText;
  /** Up to 8 characters before the number and after it. */
  before: string;
  after: string;
  /** The paragraph's list marker (`（1）`, `1.`), '' when it is none. */
  marker: string;
}

const AGE_AFTER = /^(?:[—–\-~～至到]\d+)?周?岁/;
/** 岁 of a statistic: life expectancy or an average age, in the sentence before the number. */
const LIFE = /(?:寿命|年龄)[^。；]*$/;

type Rule = (a: Around) => DismissalGuess | undefined;

const take = (a: Around, from: number, to: number, reason: string): DismissalGuess => ({
  text: a.paragraph.slice(Math.max(0, from), to),
  start: Math.max(0, from),
  end: to,
  reason,
});

const RULES: Rule[] = [
  (a) => (a.n.start < a.marker.length ? take(a, a.n.start, a.n.end, 'a list item number') : undefined),
  (a) =>
    /(?:^|[：:。；;\s])$/.test(a.ascii.slice(0, a.n.start)) && /^[.．、](?!\d)/.test(a.after)
      ? take(a, a.n.start, a.n.end + 1, 'a list item number')
      : undefined,
  (a) => (/(?:附表|表|图)$/.test(a.before) ? take(a, a.n.start - 1, a.n.end, 'a table or figure number') : undefined),
  (a) =>
    /[【\[]$/.test(a.before) && /^[】\]]/.test(a.after)
      ? take(a, a.n.start - 1, a.n.end + 1, 'a footnote mark')
      : undefined,
  (a) => {
    const m = AGE_AFTER.exec(a.after);
    if (!m || LIFE.test(a.ascii.slice(0, a.n.start))) return undefined;
    const words = /^(?:[—–\-~～至到]\d+)?周?岁(?:及以上|以上|以下)?/.exec(a.after)![0];
    return take(a, a.n.start, a.n.end + words.length, 'an age limit, part of the name of the group counted');
  },
  (a) =>
    /^:\d\d/.test(a.after) && !/\./.test(a.n.text)
      ? take(a, a.n.start, a.n.end + 3, 'a time of day')
      : /(?:上午|下午|晚上|凌晨|早上|中午)$/.test(a.before) && /^[点时]/.test(a.after)
        ? take(a, a.n.start, a.n.end + 1, 'a time of day')
        : undefined,
  (a) => (/第$/.test(a.before) && /^[位名]/.test(a.after) ? take(a, a.n.start, a.n.end + 1, 'a rank') : undefined),
  (a) =>
    /前$/.test(a.before) && /^[位名强]/.test(a.after) ? take(a, a.n.start - 1, a.n.end + 1, 'a rank') : undefined,
  quoted,
  (a) =>
    /[A-Za-z]$/.test(a.before) || /^[A-Za-z]/.test(a.after)
      ? take(
          a,
          a.n.start - (/[A-Za-z]+$/.exec(a.before)?.[0].length ?? 0),
          a.n.end + (/^[A-Za-z]+级?/.exec(a.after)?.[0].length ?? 0),
          'a number inside a name',
        )
      : undefined,
  (a) =>
    /^号(?:线|楼|院)?/.test(a.after)
      ? take(a, a.n.start, a.n.end + /^号线?/.exec(a.after)![0].length, 'a number inside a name')
      : undefined,
  (a) =>
    /^强/.test(a.after)
      ? take(a, a.n.start - (/世界$/.test(a.before) ? 2 : 0), a.n.end + 1, 'a number inside a name')
      : undefined,
  (a) => (/[×xX*+＋]$/.test(a.before) || /^[×xX*+＋]\d/.test(a.after) ? formula(a) : undefined),
  (a) =>
    /(?:以\p{Script=Han}{1,4}为|[=＝])$/u.test(a.before) && a.n.text === '100'
      ? take(
          a,
          a.n.start - (/以\p{Script=Han}{1,4}为$|\p{Script=Han}{1,4}[=＝]$/u.exec(a.before)?.[0].length ?? 1),
          a.n.end,
          'the base of a ratio or index, not a figure',
        )
      : undefined,
  (a) =>
    /^项(?:主要|预期|约束性)?指标/.test(a.after)
      ? take(a, a.n.start, a.n.end + 1, "a count of the plan's own indicators")
      : undefined,
];

/**
 * A number inside a short quotation or book title that names something (`“30条”政策`, `“惠企300条”`, `“12345”热线`,
 * `《…（300条）》`): the quotation is a name unless a qualifier follows it (`“城镇新增就业2.42万人”以上` is a figure).
 */
function quoted(a: Around): DismissalGuess | undefined {
  const open = Math.max(a.paragraph.lastIndexOf('“', a.n.start), a.paragraph.lastIndexOf('《', a.n.start));
  if (open < 0 || a.n.start - open > 12) return undefined;
  const closer = a.paragraph[open] === '《' ? '》' : '”';
  const close = a.paragraph.indexOf(closer, a.n.end);
  if (close < 0 || close - a.n.end > 8 || /[“”《》，。；]/.test(a.paragraph.slice(open + 1, a.n.start)))
    return undefined;
  if (/^(?:以上|以下|以内|左右)/.test(a.paragraph.slice(close + 1))) return undefined;
  const inner = a.paragraph.slice(open + 1, close);
  if (closer === '”' && inner.length > 10) return undefined;
  return take(a, open + 1, close, 'a number inside a name');
}

/** `7×24小时`: the whole formula, its numbers with it. */
function formula(a: Around): DismissalGuess {
  const left = /[\d.]+[×xX*+＋]$/.exec(a.ascii.slice(0, a.n.start + 0).slice(-8))?.[0].length ?? 0;
  const right = /^(?:[×xX*+＋][\d.]+)*(?:小时|天)?/.exec(a.after)?.[0].length ?? 0;
  return take(a, a.n.start - left, a.n.end + right, 'a number inside a name or slogan');
}

/** Why number `n` of `paragraph` is no figure, with the words that find it; undefined for a figure. */
export function dismissalOf(paragraph: string, n: NumberInText, marker: string): DismissalGuess | undefined {
  const ascii = asciiDigits(paragraph);
  const around: Around = {
    paragraph,
    ascii,
    n,
    before: ascii.slice(Math.max(0, n.start - 8), n.start),
    after: ascii.slice(n.end, n.end + 8),
    marker,
  };
  for (const rule of RULES) {
    const found = rule(around);
    if (found) return found;
  }
  return undefined;
}

/** A count of years no figure takes as its period (`近5年`, `5年来`): a duration. */
export function durationOf(paragraph: string, n: NumberInText): DismissalGuess {
  const ascii = asciiDigits(paragraph);
  const before = /(?:未来|最近|近|过去)$/.exec(ascii.slice(Math.max(0, n.start - 2), n.start))?.[0] ?? '';
  const after = /^年(?:以)?来|^年/.exec(ascii.slice(n.end))?.[0] ?? '';
  const [start, end] = [n.start - before.length, n.end + after.length];
  return { text: paragraph.slice(start, end), start, end, reason: 'a duration, not a period of any figure' };
}
