/**
 * The rules across rows and tables that a JSON Schema cannot express, as lists the engine runs in order.
 * A record that breaks one is left out of what later stages see; its dependants are then left out quietly
 * (an indicator with an unknown unit takes its figures with it, reported once).
 */
import { compare } from '../../core/decimal.js';
import { Suggestions } from './did-you-mean.js';
import { rule, type Rule } from './engine.js';
import type { Area, DatasetMeta, Dismissal, Figure, Indicator, Source, Unit } from './records.js';
import type { CheckedTable } from './schema-check.js';

/** What the rules look things up in. */
export interface RuleContext {
  /** The domains of package.json; undefined when it could not be read (reported already). */
  domains: Set<string> | undefined;
  sources: Map<string, Source>;
  areas: Map<string, Area>;
  units: Map<string, Unit>;
  indicators: Map<string, Indicator>;
  /** Every figure_id, for `revises`. */
  figureIds: { has(id: string): boolean } & Iterable<string>;
  /** Which tables' rows were reported already (their ids are not reported again as unknown). */
  checked: Record<'sources' | 'areas' | 'units' | 'indicators' | 'figures', CheckedTable>;
  /** Indicators left out by a rule: their figures are left out without a second report. */
  brokenIndicators: Set<string>;
  /** Sources left out by a rule: their figures and dismissals are left out without a second report. */
  brokenSources: Set<string>;
  suggest: Record<'sources' | 'areas' | 'units' | 'indicators' | 'domains' | 'figures', Suggestions>;
}

export function ruleContext(
  meta: DatasetMeta | undefined,
  maps: Pick<RuleContext, 'sources' | 'areas' | 'units' | 'indicators' | 'figureIds'>,
  checked: RuleContext['checked'],
): RuleContext {
  const domains = meta && new Set(meta.domains.map((d) => d.id));
  return {
    domains,
    ...maps,
    checked,
    brokenIndicators: new Set(),
    brokenSources: new Set(),
    suggest: {
      sources: new Suggestions(() => maps.sources.keys()),
      areas: new Suggestions(() => maps.areas.keys()),
      figures: new Suggestions(() => maps.figureIds),
      units: new Suggestions(() => maps.units.keys()),
      indicators: new Suggestions(() => maps.indicators.keys()),
      domains: new Suggestions(() => domains ?? []),
    },
  };
}

/** An area code that areas.csv defines (quiet when its row was reported already). */
const knownArea = <R>(
  column: string,
  code: (r: R) => string,
  code_: 'RULE_UNKNOWN_AREA' | 'RULE_UNKNOWN_PARENT_AREA' = 'RULE_UNKNOWN_AREA',
) =>
  rule<R, RuleContext, typeof code_>(
    code_,
    column,
    (r, c) => code(r) === '' || c.areas.has(code(r)),
    (r, c) => ({ id: code(r), suggestion: c.suggest.areas.for(code(r)) }),
    (r, c) => c.checked.areas.reported(code(r)),
  );

/** Levels of areas, highest first: an area's parent is of a higher level. */
const LEVEL_RANK = { province: 0, prefecture: 1, county: 2 } as const;

export const AREA_RULES: Rule<Area, RuleContext>[] = [
  knownArea<Area>('parent_code', (a) => a.parent_code, 'RULE_UNKNOWN_PARENT_AREA'),
  rule(
    'RULE_AREA_LEVEL',
    'parent_code',
    (a, c) => {
      const parent = c.areas.get(a.parent_code);
      return !parent || LEVEL_RANK[parent.level] < LEVEL_RANK[a.level];
    },
    (a, c) => {
      const parent = c.areas.get(a.parent_code)!;
      return { level: a.level, code: a.area_code, parent_level: parent.level, parent: parent.area_code };
    },
  ),
];

/** Whether YYYY-MM-DD (or YYYY-MM, YYYY, which the schema checked) is a day of the calendar. */
export function isCalendarDate(date: string): boolean {
  if (date.length !== 10) return true;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(date);
}

export const SOURCE_RULES: Rule<Source, RuleContext>[] = [
  knownArea<Source>('area_code', (s) => s.area_code),
  rule(
    'RULE_BAD_DATE',
    'published',
    (s) => isCalendarDate(s.published),
    (s) => ({ date: s.published }),
  ),
];

export const UNIT_RULES: Rule<Unit, RuleContext>[] = [
  rule(
    'RULE_NO_MEASURE_WORDS',
    'measure_words',
    (u) => u.measure_words.length > 0 || u.bare_number,
    () => ({}),
  ),
  rule(
    'RULE_DUPLICATE_MEASURE_WORD',
    'measure_words',
    (u) => new Set(u.measure_words).size === u.measure_words.length,
    (u) => ({ words: u.measure_words.join('|') }),
  ),
];

export const INDICATOR_RULES: Rule<Indicator, RuleContext>[] = [
  rule(
    'RULE_UNKNOWN_DOMAIN',
    'domain',
    (i, c) => c.domains?.has(i.domain) ?? false,
    (i, c) => ({ id: i.domain, suggestion: c.suggest.domains.for(i.domain) }),
    (_, c) => c.domains === undefined,
  ),
  rule(
    'RULE_UNKNOWN_UNIT',
    'unit_id',
    (i, c) => c.units.has(i.unit_id),
    (i, c) => ({ id: i.unit_id, suggestion: c.suggest.units.for(i.unit_id) }),
    (i, c) => c.checked.units.reported(i.unit_id),
  ),
  rule(
    'RULE_BOUNDS_REVERSED',
    'maximum',
    (i) => i.minimum === '' || i.maximum === '' || compare(i.minimum, i.maximum) <= 0,
    (i) => ({ minimum: i.minimum, maximum: i.maximum }),
  ),
];

export const FIGURE_RULES: Rule<Figure, RuleContext>[] = [
  rule(
    'RULE_UNKNOWN_SOURCE',
    'source_id',
    (f, c) => c.sources.has(f.source_id),
    (f, c) => ({ id: f.source_id, suggestion: c.suggest.sources.for(f.source_id) }),
    (f, c) => c.brokenSources.has(f.source_id) || c.checked.sources.reported(f.source_id),
  ),
  rule(
    'RULE_UNKNOWN_INDICATOR',
    'indicator_id',
    (f, c) => c.indicators.has(f.indicator_id),
    (f, c) => ({ id: f.indicator_id, suggestion: c.suggest.indicators.for(f.indicator_id) }),
    (f, c) => c.brokenIndicators.has(f.indicator_id) || c.checked.indicators.reported(f.indicator_id),
  ),
  rule(
    'RULE_WRONG_DOMAIN',
    'indicator_id',
    (f, c) => c.indicators.get(f.indicator_id)!.domain === f.domain,
    (f, c) => ({ indicator: f.indicator_id, domain: c.indicators.get(f.indicator_id)!.domain }),
  ),
  rule(
    'RULE_NO_PERIOD',
    'period_text',
    (f) => f.period_text !== '' || f.period !== '',
    () => ({}),
  ),
  knownArea<Figure>('area_code', (f) => f.area_code),
  rule(
    'RULE_UNKNOWN_FIGURE',
    'revises',
    (f, c) => f.revises === '' || c.figureIds.has(f.revises),
    (f, c) => ({ id: f.revises, suggestion: c.suggest.figures.for(f.revises) }),
    (f, c) => c.checked.figures.reported(f.revises),
  ),
];

export const DISMISSAL_RULES: Rule<Dismissal, RuleContext>[] = [
  rule(
    'RULE_UNKNOWN_SOURCE',
    'source_id',
    (d, c) => c.sources.has(d.source_id),
    (d, c) => ({ id: d.source_id, suggestion: c.suggest.sources.for(d.source_id) }),
    (d, c) => c.brokenSources.has(d.source_id) || c.checked.sources.reported(d.source_id),
  ),
];
