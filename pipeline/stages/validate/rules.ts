/**
 * The rules across rows and tables that a JSON Schema cannot express, as lists the engine runs in order.
 * A record that breaks one is left out of what later stages see; its dependants are then left out quietly
 * (an indicator with an unknown unit takes its figures with it, reported once).
 */
import { compare } from '../normalize/values.js';
import { Suggestions } from './did-you-mean.js';
import { rule, type Rule } from './engine.js';
import type { DatasetMeta, Figure, Indicator, Unit } from './records.js';
import type { CheckedTable } from './schema-check.js';

/** What the rules look things up in. */
export interface RuleContext {
  /** The domains of package.json; undefined when it could not be read (reported already). */
  domains: Set<string> | undefined;
  sources: Map<string, unknown>;
  units: Map<string, Unit>;
  indicators: Map<string, Indicator>;
  /** Which tables' rows were reported already (their ids are not reported again as unknown). */
  checked: { sources: CheckedTable; units: CheckedTable; indicators: CheckedTable };
  /** Indicators left out by a rule: their figures are left out without a second report. */
  brokenIndicators: Set<string>;
  suggest: { sources: Suggestions; units: Suggestions; indicators: Suggestions; domains: Suggestions };
}

export function ruleContext(
  meta: DatasetMeta | undefined,
  maps: Pick<RuleContext, 'sources' | 'units' | 'indicators'>,
  checked: RuleContext['checked'],
): RuleContext {
  const domains = meta && new Set(meta.domains.map((d) => d.id));
  return {
    domains,
    ...maps,
    checked,
    brokenIndicators: new Set(),
    suggest: {
      sources: new Suggestions(() => maps.sources.keys()),
      units: new Suggestions(() => maps.units.keys()),
      indicators: new Suggestions(() => maps.indicators.keys()),
      domains: new Suggestions(() => domains ?? []),
    },
  };
}

export const UNIT_RULES: Rule<Unit, RuleContext>[] = [
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
    (f, c) => c.checked.sources.reported(f.source_id),
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
];
