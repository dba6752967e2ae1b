/**
 * Numbers that look like something a curator dismisses rather than curates (raw/dismissed.csv): an age
 * limit, a time of day, a rank or ordinal, a numbered class or item, a code inside a name. suggest keeps
 * them as rows and says why in the note; the curator decides.
 */
import { asciiDigits } from '../trace/numbers.js';

interface Lookalike {
  what: string;
  /** Tested on the text just before the number (up to 6 characters) and just after its value. */
  test: (before: string, after: string, value: string) => boolean;
}

const LOOKALIKES: Lookalike[] = [
  { what: 'an age (岁)', test: (_b, _a, value) => /\d(?:\.\d+)?(?:[—–\-~～至到]\d+)?周?岁/.test(value) },
  {
    what: 'a time of day',
    test: (before, after, value) =>
      /(?:上午|下午|晚上|凌晨|早上|中午|傍晚)$/.test(before) || /^[:：]\d\d/.test(after) || /\d点半?$/.test(value),
  },
  { what: 'an ordinal or rank (第N)', test: (before) => /第$/.test(before) },
  { what: 'a rank (前N名)', test: (before, _a, value) => /前$/.test(before) && /名$/.test(value) },
  {
    what: 'a numbered class, grade or item',
    test: (_b, after, value) => /^[)）]?[班号]|^年级/.test(after) || /[班号]$/.test(value),
  },
  {
    what: 'a number in parentheses, as in a name or a list',
    test: (before, after) => /[(（]$/.test(before) && /^[)）]/.test(after),
  },
  {
    what: 'a code or name with letters (5G, PM2.5)',
    test: (before, after) => /[A-Za-z]$/.test(before) || /^[A-Za-z]/.test(after),
  },
  { what: 'a formula inside a name (1+N)', test: (before, after) => /[+＋]$/.test(before) || /^[+＋]/.test(after) },
  { what: 'a level or grade (N级)', test: (_b, _a, value) => /级$/.test(value) },
];

/**
 * Why the value at [start, end) of `paragraph` looks like a dismissal rather than a figure, or '' when it
 * does not. `listMarker` is the paragraph's list marker, e.g. `2.`, whose number is the item's number.
 */
export function lookalikeOf(paragraph: string, start: number, end: number, listMarker = ''): string {
  if (start < listMarker.length) return 'the number of a list item';
  const ascii = asciiDigits(paragraph);
  const before = ascii.slice(Math.max(0, start - 6), start);
  const after = ascii.slice(end, end + 6);
  const found = LOOKALIKES.find((l) => l.test(before, after, ascii.slice(start, end)));
  return found ? found.what : '';
}
