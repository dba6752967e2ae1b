/**
 * What the catalog page says in words beside a value: its period (an instant, an open start), the base of a
 * change, how final it is (preliminary, estimated), and its comparator in the source's own word, read back
 * from the figure as written (value_as_written) by the same grammar that read it (达到, 不低于, 余, 近, 约 …).
 */
import { COMPARATOR_EN, MIRRORED, withSymbol, type Comparator } from '../../core/comparators.js';
import type { ObservationRow, UnitRow } from '../../stages/tables/rows.js';
import { INFIXES, PREFIXES, SUFFIXES } from '../../stages/normalize/grammar.js';
import { parseValue } from '../../stages/normalize/values.js';
import { formatDecimal, formatValue, isPercentLike } from './charts.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface Words {
  en: string;
  zh: string;
}

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** One ISO 8601 date of a period (a year, a month, a day) in words: a year-end stock is "end of 2023". */
function pointWords(p: string): Words {
  const [y, m, d] = p.split('-').map(Number) as [number, number?, number?];
  if (m === undefined) return { en: String(y), zh: `${y}年` };
  if (d === undefined) return { en: `${MONTHS[m - 1]} ${y}`, zh: `${y}年${m}月` };
  if (m === 12 && d === 31) return { en: `end of ${y}`, zh: `${y}年末` };
  if (d === lastDayOfMonth(y, m)) return { en: `end of ${MONTHS[m - 1]} ${y}`, zh: `${y}年${m}月末` };
  return { en: `${d} ${MONTHS[m - 1]} ${y}`, zh: `${y}年${m}月${d}日` };
}

/** An interval: `2016–2020`, `January–November 2023`, `May 2019 – 2021`. */
function intervalWords(start: string, end: string): Words {
  const [a, b] = [start.split('-'), end.split('-')];
  if (a.length === 1 && b.length === 1) return { en: `${start}–${end}`, zh: `${start}—${end}年` };
  if (a.length === 2 && b.length === 2 && a[0] === b[0])
    return {
      en: `${MONTHS[Number(a[1]) - 1]}–${MONTHS[Number(b[1]) - 1]} ${a[0]}`,
      zh: `${a[0]}年${Number(a[1])}—${Number(b[1])}月`,
    };
  const [s, e] = [pointWords(start), pointWords(end)];
  return { en: `${s.en} – ${e.en}`, zh: `${s.zh}至${e.zh}` };
}

/**
 * A published period in words a reader understands: `2023-12-31` is "end of 2023" (年末), `../2022` is "as of
 * 2022, start not stated" (截至2022年，起点未说明), `2016/2020` is "2016–2020".
 */
export function periodWords(period: string): Words {
  if (period.startsWith('../')) {
    const end = pointWords(period.slice(3));
    return { en: `as of ${end.en}, start not stated`, zh: `截至${end.zh}（起点未说明）` };
  }
  const [start, end] = period.split('/');
  return end === undefined ? pointWords(start!) : intervalWords(start!, end);
}

/** The base of a change in words: "on 2022", "on the end of 2022", "on 2016–2020". */
export function baseWords(base: string): Words {
  const w = periodWords(base);
  return { en: `on ${w.en.startsWith('end of') ? 'the ' : ''}${w.en}`, zh: `比${w.zh}` };
}

/** How final a value is, beside it: preliminary (初步核算), estimated (预计); nothing for a final figure. */
export function statusWords(status: ObservationRow['observation_status']): Words | undefined {
  if (status === 'preliminary') return { en: 'preliminary', zh: '初步核算' };
  if (status === 'estimated') return { en: 'estimated', zh: '预计' };
  return undefined;
}

const BEFORE = new Set(PREFIXES.map(([w]) => w));
const AFTER = new Set([...INFIXES, ...SUFFIXES].map(([w]) => w));
const DECLINE = /下降|减少|降低|回落|下滑|缩小|缩短|下跌|放缓|收窄|降幅/;

/** The qualifiers of a figure as written, in the source's words: `达到`, `控制在…以内`, `余`; '' where none. */
export function qualifierWords(written: string, kind: ObservationRow['kind']): { words: string; decline: boolean } {
  const first = written.split('|')[0]!;
  let qualifiers: string[];
  let decline = false;
  try {
    const parsed = parseValue(first, kind);
    qualifiers = parsed.qualifiers;
    decline = DECLINE.test(parsed.changeWord);
  } catch {
    return { words: '', decline: DECLINE.test(first) }; // a figure whose change word stands apart from it
  }
  const before = qualifiers.filter((q) => BEFORE.has(q)).join('');
  const after = qualifiers.filter((q) => AFTER.has(q) && !BEFORE.has(q)).join('');
  return { words: before && after ? `${before}…${after}` : before + after, decline };
}

/** The English of a comparator as the source's word means it: 近 is a little under, 约 and 左右 about. */
function meaningOf(comparator: Comparator, words: string): string {
  if (comparator !== 'approx') return COMPARATOR_EN[comparator];
  if (words.includes('近')) return 'a little under';
  return /约|左右/.test(words) ? 'about' : COMPARATOR_EN.approx;
}

/**
 * A comparator in words, quoting the source: `(达到, at least)`, `(近, a little under)`, `(控制在…以内, at most)`;
 * a decline turned round says what it bounds: `(以上, a fall of at least 3%)`. '' for an exact value.
 */
export function comparatorWords(
  comparator: Comparator,
  written: string,
  kind: ObservationRow['kind'],
  magnitude = '',
): string {
  if (comparator === 'eq') return '';
  const { words, decline } = qualifierWords(written, kind);
  const meaning =
    decline && comparator !== 'approx'
      ? `a fall of ${COMPARATOR_EN[MIRRORED[comparator]]}${magnitude ? ` ${magnitude}` : ''}`
      : meaningOf(comparator, words);
  return words ? `(${words}, ${meaning})` : `(${meaning})`;
}

/** A value as the page shows it, with what is needed to say it in words. */
export interface ValueOf {
  value: string;
  comparator: Comparator;
  measure: ObservationRow['measure'];
  base_period: string | null;
  /** The figure as the source writes it (value_as_written), for the comparator's own word. */
  written: string;
  kind: ObservationRow['kind'];
  status: ObservationRow['observation_status'];
}

/** The value part of an observation or of one side of a progress row. */
export const valueOf = (o: ObservationRow): ValueOf => ({
  value: o.value,
  comparator: o.comparator,
  measure: o.measure,
  base_period: o.base_period,
  written: o.value_as_written,
  kind: o.kind,
  status: o.observation_status,
});

export const isChange = (measure: ObservationRow['measure']) => measure !== 'level';

/** A change, signed, in its measure: `+5.8%`, `−0.2 percentage points`, `+9,100 人`, `+6.5% a year on average`. */
export function changeNumber(v: Pick<ValueOf, 'value' | 'comparator' | 'measure'>, unit: UnitRow | undefined): string {
  const n = withSymbol(v.comparator, formatDecimal(v.value, true));
  const perYear = v.measure.startsWith('annual_average') ? ' a year on average' : '';
  if (v.measure.endsWith('change_percent')) return `${n}%${perYear}`;
  if (v.measure === 'change_points') return `${n} ${unit?.label_en ?? 'points'}`;
  return `${n}${unit ? (isPercentLike(unit) ? '%' : ` ${unit.label_zh}`) : ''}${perYear}`;
}

/** The number alone, with its comparator and unit: a level as `≥ 24,200 人`, a change as `+5.8% on 2022`. */
export function numberWords(v: ValueOf, unit: UnitRow | undefined): string {
  if (!isChange(v.measure)) return formatValue(v.value, v.comparator, unit);
  return `${changeNumber(v, unit)}${v.base_period ? ` ${baseWords(v.base_period).en}` : ''}`;
}

/**
 * A value in full: the number, the comparator in the source's word and its meaning, and how final it is:
 * `≥ 90% (达到, at least)`, `≈ 90% (近, a little under)`, `+5.8% on 2022 · preliminary 初步核算`.
 */
export function valueWords(v: ValueOf, unit: UnitRow | undefined): string {
  const magnitude = isChange(v.measure)
    ? changeNumber({ ...v, comparator: 'eq', value: v.value.replace(/^-/, '') }, unit).replace(/^\+/, '')
    : '';
  const words = comparatorWords(v.comparator, v.written, v.kind, magnitude);
  const status = statusWords(v.status);
  return [numberWords(v, unit), words].filter(Boolean).join(' ') + (status ? ` · ${status.en} ${status.zh}` : '');
}
