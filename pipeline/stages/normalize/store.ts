/**
 * The mentions of a build, kept as numbers: for each mention, the figure it was read from (an index into the
 * FigureStore, which holds what the curator wrote) and what normalize read from it, each text a number in the
 * build's pool (core/pool.ts) and each word of a closed list (a measure, a comparator, a status) a byte. A
 * million mentions take about 50 MB so, where a Mention object each took several hundred.
 *
 * What the later stages need of a mention as an object (the mentions of a fact stated several times, whose
 * revisions are settled: check/facts.ts) is made from here when asked for.
 */
import { u32Column, u8Column } from '../../core/columns.js';
import { COMPARATORS, type Comparator } from '../../core/comparators.js';
import { NONE, type StringPool } from '../../core/pool.js';
import type { FigureStore } from '../validate/figures.js';
import type { RawData } from '../validate/validate.js';
import { MEASURES, type Measure } from './grammar.js';
import type { Figure } from '../validate/records.js';
import type { ParsedPeriod } from './periods.js';
import type { ParsedValue } from './values.js';

/** One mention of a figure, with its value, period and base read and its area and status settled. */
export interface Mention extends Omit<Figure, 'period' | 'base_period' | 'status'>, ParsedValue, ParsedPeriod {
  observation_id: string;
  /** The base period of a change (ISO), or null for a level. */
  base_period: string | null;
  /** '' (final), 'preliminary' or 'estimated': the column, or estimated where value_text says 预计. */
  status: '' | 'preliminary' | 'estimated';
  /** When its source was published (sources.csv), for revisions. */
  published: string;
  /**
   * The unit its value is published in: its indicator's for a level or an absolute change, `percent` for a change
   * in percent, and the unit of the points word (个百分点: percentage_point) for a change in points; '' where
   * units.csv has none (the check stage reports it).
   */
  unit: string;
}

/** How many texts idOfFew remembers at most. */
const FEW = 1 << 16;

/** The statuses of a mention, by the byte that stands for each. */
export const STATUSES = ['', 'preliminary', 'estimated'] as const;

/** What the check stage reads of a mention whose fact is stated more than once (see check/facts.ts). */
export type FactMention = Pick<
  Mention,
  | 'file'
  | 'line'
  | 'figure_id'
  | 'source_id'
  | 'paragraph'
  | 'value_text'
  | 'period_text'
  | 'revises'
  | 'note'
  | 'observation_id'
  | 'published'
  | 'value'
  | 'comparator'
  | 'status'
>;

/** The columns of a figure that a mention reads as the curator wrote them (`written`). */
const WRITTEN = [
  'figure_id',
  'source_id',
  'paragraph',
  'value_text',
  'period_text',
  'revises',
  'note',
  'indicator_id',
  'kind',
] as const;
type WrittenColumn = (typeof WRITTEN)[number];

export class MentionStore {
  private count = 0;
  private readonly figureOf = u32Column();
  private readonly cols = {
    area: u32Column(),
    period: u32Column(),
    start: u32Column(),
    end: u32Column(),
    base: u32Column(),
    value: u32Column(),
    unit: u32Column(),
    observation: u32Column(),
    measure: u8Column(),
    comparator: u8Column(),
    status: u8Column(),
  };
  private readonly measures = new Map<string, number>(MEASURES.map((m, i) => [m, i]));
  private readonly comparators = new Map<string, number>(COMPARATORS.map((c, i) => [c, i]));
  /** The pool numbers of texts of few distinct values (idOfFew). */
  private readonly few = new Map<string | null, number>();
  readonly pool: StringPool;
  /** Column indices into the figure store. */
  private readonly at: Record<WrittenColumn, number>;

  constructor(
    readonly figures: FigureStore,
    private readonly data: Pick<RawData, 'sources'>,
  ) {
    this.pool = figures.pool;
    this.at = Object.fromEntries(WRITTEN.map((column) => [column, figures.column(column)])) as MentionStore['at'];
  }

  get length(): number {
    return this.count;
  }

  /** Keep a mention read from figure `figure` of the store. */
  add(figure: number, m: Mention): void {
    const i = this.count++;
    const pool = this.pool;
    const cols = this.cols;
    this.figureOf.set(i, figure);
    cols.area.set(i, this.idOfFew(m.area_code));
    cols.period.set(i, this.idOfFew(m.period));
    cols.start.set(i, this.idOfFew(m.start));
    cols.end.set(i, this.idOfFew(m.end));
    cols.base.set(i, this.idOfFew(m.base_period));
    cols.value.set(i, pool.id(m.value));
    cols.unit.set(i, this.idOfFew(m.unit));
    cols.observation.set(i, pool.id(m.observation_id));
    cols.measure.set(i, this.measures.get(m.measure)!);
    cols.comparator.set(i, this.comparators.get(m.comparator)!);
    cols.status.set(i, STATUSES.indexOf(m.status));
  }

  /**
   * The pool number of a text of a column with few distinct texts (areas, periods, units), remembered: mention after
   * mention hands the same strings (periods are read once and shared), which a Map finds by the hash V8 keeps in
   * each string, where the pool would hash every text again.
   */
  private idOfFew(text: string | null): number {
    let id = this.few.get(text);
    if (id === undefined) {
      if (this.few.size >= FEW) this.few.clear(); // not few after all: remembered afresh, never without bound
      this.few.set(text, (id = this.pool.id(text)));
    }
    return id;
  }

  /** The figure (its index in the figure store) a mention was read from. */
  figure(i: number): number {
    return this.figureOf.values[i]!;
  }

  /** The pool number of a text the figure of mention `i` holds. */
  written(i: number, column: WrittenColumn): number {
    return this.figures.id(this.figureOf.values[i]!, this.at[column]);
  }

  /** The pool numbers of what normalize read (NONE for a start or base that is null). */
  area = (i: number) => this.cols.area.values[i]!;
  period = (i: number) => this.cols.period.values[i]!;
  start = (i: number) => this.cols.start.values[i]!;
  end = (i: number) => this.cols.end.values[i]!;
  base = (i: number) => this.cols.base.values[i]!;
  value = (i: number) => this.cols.value.values[i]!;
  unit = (i: number) => this.cols.unit.values[i]!;
  observation = (i: number) => this.cols.observation.values[i]!;
  measure = (i: number): Measure => MEASURES[this.cols.measure.values[i]!]!;
  comparator = (i: number): Comparator => COMPARATORS[this.cols.comparator.values[i]!]!;
  status = (i: number) => STATUSES[this.cols.status.values[i]!]!;

  /** A mention as the check stage reads it (see FactMention). */
  factMention(i: number): FactMention {
    const texts = this.pool.texts;
    const figure = this.figures.get(this.figureOf.values[i]!);
    return {
      file: figure.file,
      line: figure.line,
      figure_id: figure.figure_id,
      source_id: figure.source_id,
      paragraph: figure.paragraph,
      value_text: figure.value_text,
      period_text: figure.period_text,
      revises: figure.revises,
      note: figure.note,
      observation_id: texts[this.observation(i)]!,
      published: this.data.sources.get(figure.source_id)!.published,
      value: texts[this.value(i)]!,
      comparator: this.comparator(i),
      status: this.status(i),
    };
  }
}

export { NONE };
