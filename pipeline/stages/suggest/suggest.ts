/**
 * suggest: draft the curated rows of a source text nobody has curated yet, for a curator to check and keep: its
 * figure rows in the figures layout (with the domain each goes in), the numbers to dismiss (raw/dismissed.csv),
 * and the indicators to add where none of the registry fits (raw/indicators.csv). Every row says in `note` what
 * it inferred (a period from a heading, an indicator from similar words). Pure: text and registry in, rows out.
 */
import { paragraphsOf } from '../trace/texts.js';
import { readDocument } from './document.js';
import { draftParagraph, type Draft } from './draft.js';
import type { DraftContext } from './facts.js';
import { figureIds, idPlan, type IdInUse } from './ids.js';
import { Matcher, type KnownIndicator } from './indicator.js';
import { periodsIn } from './periods.js';
import { proposeIndicators, type KnownUnit, type ProposedIndicator } from './proposals.js';
import { figureColumns, inLayout } from './layout.js';
import { measureWordList } from './value.js';

/** The columns of raw/figures/<domain>.csv (tests hold them to schemas/raw/figures.schema.json). */
export type FigureColumn =
  | 'figure_id'
  | 'source_id'
  | 'paragraph'
  | 'indicator_id'
  | 'kind'
  | 'period_text'
  | 'period'
  | 'value_text'
  | 'area_code'
  | 'revises'
  | 'change_word'
  | 'base_period'
  | 'status'
  | 'note';
/** A figure row, with the domain (the file of raw/figures/) it goes in. */
export type DraftFigure = Record<FigureColumn, string> & { domain: string };
/** A row of raw/dismissed.csv to add. */
export type DraftDismissal = Record<'source_id' | 'paragraph' | 'text' | 'reason', string>;

export interface Suggestion {
  figures: DraftFigure[];
  dismissed: DraftDismissal[];
  indicators: ProposedIndicator[];
  /** The reference year the source was read with (its title's, unless given), and where it comes from. */
  referenceYear: number;
  referenceYearFrom: string;
}

export interface SuggestOptions {
  sourceId: string;
  indicators?: readonly KnownIndicator[];
  units?: readonly KnownUnit[];
  /** Measure words of the unit registry, read besides the common ones. */
  unitMeasureWords?: Iterable<string>;
  /** figure_ids in use already, with their sources: drafts take a prefix of their own. */
  existingIds?: Iterable<IdInUse>;
  /** The year the source calls 今年, where it is known (sources.csv); else read from its title. */
  referenceYear?: number;
  /**
   * When the source came out (`YYYY-MM-DD`, or `YYYY`, `YYYY-MM` as sources.csv may have it), where it is known
   * (sources.csv, --published). A news story whose title and date line write no year is of its year.
   */
  published?: string;
}

/** The units of the registry, with how many of its indicators use each. */
function unitsOf(options: SuggestOptions) {
  const usage = new Map<string, number>();
  for (const i of options.indicators ?? []) usage.set(i.unit_id ?? '', (usage.get(i.unit_id ?? '') ?? 0) + 1);
  return { units: options.units ?? [], usage };
}

/** Draft the figure rows, dismissals and new indicators of `text` (a source text). */
export function suggestDraft(text: string, options: SuggestOptions): Suggestion {
  const paragraphs = paragraphsOf(text);
  const doc = readDocument(paragraphs, options.referenceYear, options.published);
  const ctx: DraftContext = {
    doc,
    matcher: new Matcher(options.indicators ?? []),
    measureWords: measureWordList([
      ...(options.units ?? []).flatMap((u) => u.measureWords),
      ...(options.unitMeasureWords ?? []),
    ]),
    mentions: paragraphs.map(periodsIn),
  };
  const drafted = paragraphs.map((_, i) => (i < 2 ? { figures: [], dismissed: [] } : draftParagraph(ctx, i)));
  const drafts = drafted.flatMap((d) => d.figures);
  const plan = idPlan(options.sourceId, options.existingIds ?? []);
  const ids = figureIds(plan, drafts.length);
  const { proposals, idOf } = proposeIndicators(
    drafts,
    unitsOf(options),
    plan.prefix,
    (p) => doc.sections[p]?.heading ?? 0,
  );
  const domainOf = new Map(proposals.map((p) => [p.indicator_id ?? '', p.domain ?? 'draft']));
  return {
    figures: drafts.map((d, i) => figureRow(d, ids[i]!, options.sourceId, idOf.get(d), domainOf)),
    dismissed: drafted.flatMap((d) =>
      d.dismissed.map((x) => ({
        source_id: options.sourceId,
        paragraph: String(x.paragraph),
        text: x.text,
        reason: x.reason,
      })),
    ),
    indicators: proposals,
    referenceYear: doc.referenceYear,
    referenceYearFrom: doc.referenceYearFrom,
  };
}

function figureRow(
  d: Draft,
  id: string,
  sourceId: string,
  proposed: string | undefined,
  domainOf: Map<string, string>,
): DraftFigure {
  const indicatorId = d.indicator?.indicator_id ?? proposed ?? '';
  const notes = proposed
    ? [...d.notes, `no indicator of the registry fits "${d.name}": ${proposed} is proposed in indicators.csv`]
    : d.notes;
  const cells: Record<FigureColumn, string> = {
    figure_id: id,
    source_id: sourceId,
    paragraph: String(d.paragraph),
    indicator_id: indicatorId,
    kind: d.kind,
    period_text: d.periodText,
    period: d.period,
    value_text: d.valueText,
    area_code: '',
    revises: '',
    change_word: d.changeWord,
    base_period: d.basePeriod,
    status: d.status,
    note: notes.join('; '),
  };
  return {
    ...(inLayout(figureColumns(), cells) as Record<FigureColumn, string>),
    domain: d.indicator?.domain ?? domainOf.get(indicatorId) ?? 'draft',
  };
}
