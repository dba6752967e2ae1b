/**
 * Which numbers of a paragraph are accounted for: part of a date-like period (numbers.ts), inside a curated
 * figure's value_text or period_text, or inside a dismissal's text (raw/dismissed.csv). Pure; the paragraph
 * comes without `**`.
 *
 * A figure's value_text claims the numbers inside one occurrence of it in the paragraph; an occurrence must
 * hold whole numbers (`1家` is not found inside `21家`). Several figures with the same value_text claim
 * successive occurrences, and longer texts claim first, so `达100%` and `100%` in one paragraph each get
 * their own. One written number may back several figures of different indicators where the paragraph lists
 * their subjects before it with 均 or 都 (`小学、初中入学率均达到100%`, `均稳定在95%以上`): figures find no free
 * occurrence may then share that one. A figure's period_text claims the numbers of every occurrence of it (a
 * count of years, `未来5年`, is a period only so). A dismissal claims likewise, but only numbers nothing else
 * accounts for: a dismissal that claims no such number is stale (its text is gone, or what it dismissed is now a
 * figure or a period).
 */
import { pushTo } from '../../core/group.js';
import { compareText } from '../../core/text.js';
import { numbersIn, type NumberInText } from './numbers.js';

/** A curated figure of the paragraph, as raw/figures/*.csv holds it. */
export interface CuratedFigure {
  value_text: string;
  /** Its period as written (empty where the paragraph writes none). */
  period_text?: string;
  /** Its indicator: figures sharing one written number must be of different indicators. */
  indicator_id?: string;
  id: string;
  file: string;
  line: number;
}

/** A row of raw/dismissed.csv for the paragraph. */
export interface Dismissal {
  text: string;
  reason: string;
  file: string;
  line: number;
}

export interface Accounting<F extends CuratedFigure = CuratedFigure, D extends Dismissal = Dismissal> {
  /** Numbers that are neither a period, a figure nor dismissed. */
  unaccounted: { text: string; start: number }[];
  /** Dismissals that claim no number. */
  stale: D[];
  /** Figures whose value_text has no free occurrence in the paragraph. */
  missing: F[];
}

const longestFirst = <T>(items: readonly T[], text: (t: T) => string): T[] =>
  [...items].sort((a, b) => text(b).length - text(a).length);

/** Indexes of the numbers inside [start, end), or undefined when the span cuts a number or holds none. */
function numbersWithin(numbers: NumberInText[], start: number, end: number): number[] | undefined {
  let lo = 0;
  let hi = numbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (numbers[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const inside: number[] = [];
  for (let i = lo; i < numbers.length && numbers[i]!.start < end; i++) {
    if (numbers[i]!.start < start || numbers[i]!.end > end) return undefined;
    inside.push(i);
  }
  return inside.length > 0 ? inside : undefined;
}

/** Every occurrence of `text` in `paragraph` that holds whole numbers: its start and the numbers inside. */
function* occurrences(paragraph: string, numbers: NumberInText[], text: string): Generator<[number, number[]]> {
  if (text === '') return;
  for (let at = paragraph.indexOf(text); at >= 0; at = paragraph.indexOf(text, at + 1)) {
    const inside = numbersWithin(numbers, at, at + text.length);
    if (inside) yield [at, inside];
  }
}

/** 均 or 都 before an occurrence, in its clause (`均达到`, `均稳定在`, `都为`): the number backs every subject listed. */
const LISTED_BEFORE = /[均都][\p{Script=Han}]{0,6}$/u;
const listedBefore = (paragraph: string, at: number) => LISTED_BEFORE.test(paragraph.slice(Math.max(0, at - 8), at));

/** The claims on one paragraph's numbers, kept apart by who made them. */
class Claims {
  readonly byValue: boolean[];
  readonly byOther: boolean[];
  /** Occurrences claimed by a value_text, by start: the indicators they back. */
  private readonly shared = new Map<string, Set<string>>();

  constructor(
    private readonly paragraph: string,
    private readonly numbers: NumberInText[],
  ) {
    this.byValue = numbers.map(() => false);
    this.byOther = numbers.map(() => false);
  }

  /** A figure's value_text: a free occurrence, or one listed with 均 that backs only other indicators. */
  value(f: CuratedFigure): boolean {
    const indicator = f.indicator_id ?? f.id;
    for (const [at, inside] of occurrences(this.paragraph, this.numbers, f.value_text)) {
      if (!inside.every((i) => !this.byValue[i])) continue;
      for (const i of inside) this.byValue[i] = true;
      this.shared.set(`${at}:${f.value_text}`, new Set([indicator]));
      return true;
    }
    for (const [at, inside] of occurrences(this.paragraph, this.numbers, f.value_text)) {
      const backs = this.shared.get(`${at}:${f.value_text}`);
      if (!backs || backs.has(indicator) || !listedBefore(this.paragraph, at) || !inside.every((i) => this.byValue[i]))
        continue;
      backs.add(indicator);
      return true;
    }
    return false;
  }

  /** A period_text: every occurrence of it. */
  period(text: string): void {
    for (const [, inside] of occurrences(this.paragraph, this.numbers, text))
      for (const i of inside) this.byOther[i] = true;
  }

  /** Free: claimed by nothing, and not part of a date-like period. */
  free(i: number): boolean {
    return !this.byValue[i] && !this.byOther[i] && !this.numbers[i]!.period;
  }

  /** A dismissal: the first occurrence holding a free number. */
  dismissal(text: string): boolean {
    for (const [, inside] of occurrences(this.paragraph, this.numbers, text)) {
      if (!inside.some((i) => this.free(i))) continue;
      for (const i of inside) this.byOther[i] = true;
      return true;
    }
    return false;
  }
}

/** Account for every number of one paragraph. */
export function accountFor<F extends CuratedFigure, D extends Dismissal>(
  paragraph: string,
  figures: readonly F[],
  dismissals: readonly D[],
): Accounting<F, D> {
  const numbers = numbersIn(paragraph);
  const claims = new Claims(paragraph, numbers);
  for (const text of new Set(figures.map((f) => f.period_text ?? ''))) claims.period(text);
  const missing = longestFirst(figures, (f) => f.value_text).filter((f) => !claims.value(f));
  const stale = longestFirst(dismissals, (d) => d.text).filter((d) => !claims.dismissal(d.text));
  const unaccounted = numbers.filter((_, i) => claims.free(i)).map((n) => ({ text: n.text, start: n.start }));
  const inFileOrder = <T extends { file: string; line: number }>(list: T[]) =>
    list.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { unaccounted, stale: inFileOrder(stale), missing: inFileOrder(missing) };
}

/** A figure or dismissal with the paragraph it names. */
type InParagraph<T> = T & { paragraph: number };

/** The accounting of one paragraph that has something to report. */
export interface ParagraphAccounting<F extends CuratedFigure, D extends Dismissal> extends Accounting<F, D> {
  paragraph: number;
}

function byParagraph<T extends { paragraph: number }>(items: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of items) pushTo(out, x.paragraph, x);
  return out;
}

/**
 * Account for a whole text, `paragraphs` 1-based (index 0 unused, as trace's paragraphsOf gives them), and
 * return the paragraphs with something to report. Figures and dismissals naming a paragraph past the end
 * are missing and stale.
 */
export function accountForText<F extends CuratedFigure, D extends Dismissal>(
  paragraphs: readonly string[],
  figures: readonly InParagraph<F>[],
  dismissals: readonly InParagraph<D>[],
): ParagraphAccounting<InParagraph<F>, InParagraph<D>>[] {
  const figuresOf = byParagraph(figures);
  const dismissalsOf = byParagraph(dismissals);
  const numbers = new Set([...figuresOf.keys(), ...dismissalsOf.keys()]);
  for (let p = 1; p < paragraphs.length; p++) numbers.add(p);
  const out: ParagraphAccounting<InParagraph<F>, InParagraph<D>>[] = [];
  for (const p of [...numbers].sort((a, b) => a - b)) {
    const text = p >= 1 && p < paragraphs.length ? paragraphs[p]! : '';
    const accounting = accountFor(text, figuresOf.get(p) ?? [], dismissalsOf.get(p) ?? []);
    const { unaccounted, stale, missing } = accounting;
    if (unaccounted.length || stale.length || missing.length) out.push({ paragraph: p, ...accounting });
  }
  return out;
}
