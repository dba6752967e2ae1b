/**
 * Build the published tables from checked mentions: observations (mentions of one fact merged),
 * indicators, units, sources and progress. Rows come out sorted by their primary key, so the same
 * inputs always give the same bytes.
 */
import type { Mention } from './normalize.js';
import { buildProgress, type ProgressRow } from './progress.js';
import type { PublishedTableName } from './schemas.js';
import type { RawData } from './validate.js';
import type { Comparator, Kind } from './values.js';

/** A published cell: text, an exact decimal (kept as its string), a boolean, or missing. */
export type Cell = string | number | boolean | null;

export interface ObservationRow {
  observation_id: string;
  indicator_id: string;
  domain: string;
  label_zh: string;
  label_en: string;
  area_code: string;
  area_zh: string;
  area_en: string;
  kind: Kind;
  period: string;
  period_start: string;
  period_end: string;
  comparator: Comparator;
  /** Exact decimal string. */
  value: string;
  unit: string;
  value_as_written: string;
  period_as_written: string | null;
  source_id: string;
  source_paragraphs: string;
  note: string | null;
}

export interface IndicatorRow {
  indicator_id: string;
  domain: string;
  label_zh: string;
  label_en: string;
  unit: string;
  minimum: string | null;
  maximum: string | null;
  direction: 'higher' | 'lower' | null;
  note: string | null;
}

export interface UnitRow {
  unit_id: string;
  label_zh: string;
  label_en: string;
  dimension: string;
  measure_words: string;
  note: string | null;
}

export interface SourceRow {
  source_id: string;
  title_zh: string;
  title_en: string;
  series_zh: string | null;
  authors: string | null;
  reference_year: number;
  area_code: string;
  area_zh: string;
  area_en: string;
  sha256: string;
  license: string | null;
  url: string | null;
  note: string | null;
}

export interface PublishedTables {
  observations: ObservationRow[];
  indicators: IndicatorRow[];
  units: UnitRow[];
  sources: SourceRow[];
  progress: ProgressRow[];
}

/** Which columns hold exact decimals (strings in memory, numbers in JSON). */
export const DECIMAL_COLUMNS: Record<PublishedTableName, string[]> = {
  observations: ['value'],
  indicators: ['minimum', 'maximum'],
  units: [],
  sources: [],
  progress: ['target_value', 'actual_value', 'gap'],
};

const orNull = (s: string) => (s === '' ? null : s);
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
const distinct = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

function mergeMentions(group: Mention[], data: RawData): ObservationRow {
  const ms = [...group].sort((a, b) => a.paragraph - b.paragraph || a.line - b.line);
  const m = ms[0]!;
  const indicator = data.indicators.get(m.indicator_id)!;
  const source = data.sources.get(m.source_id)!;
  return {
    observation_id: m.observation_id,
    indicator_id: m.indicator_id,
    domain: indicator.domain,
    label_zh: indicator.label_zh,
    label_en: indicator.label_en,
    area_code: source.area_code,
    area_zh: source.area_zh,
    area_en: source.area_en,
    kind: m.kind,
    period: m.period,
    period_start: m.start,
    period_end: m.end,
    comparator: m.comparator,
    value: m.value,
    unit: indicator.unit_id,
    value_as_written: distinct(ms.map((x) => x.value_text)).join('|'),
    period_as_written: orNull(distinct(ms.map((x) => x.period_text)).join('|')),
    source_id: distinct(ms.map((x) => x.source_id)).join('|'),
    source_paragraphs: distinct(ms.map((x) => String(x.paragraph))).join('|'),
    note: orNull(distinct(ms.map((x) => x.note)).join('; ')),
  };
}

export function buildTables(mentions: Mention[], data: RawData): PublishedTables {
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) {
    const group = groups.get(m.observation_id);
    if (group) group.push(m);
    else groups.set(m.observation_id, [m]);
  }
  const observations = [...groups.values()].map((g) => mergeMentions(g, data)).sort(byKey((o) => o.observation_id));

  const indicators = [...data.indicators.values()]
    .map((i): IndicatorRow => ({
      indicator_id: i.indicator_id,
      domain: i.domain,
      label_zh: i.label_zh,
      label_en: i.label_en,
      unit: i.unit_id,
      minimum: orNull(i.minimum),
      maximum: orNull(i.maximum),
      direction: i.direction === '' ? null : i.direction,
      note: orNull(i.note),
    }))
    .sort(byKey((i) => i.indicator_id));
  const units = [...data.units.values()]
    .map((u): UnitRow => ({
      unit_id: u.unit_id,
      label_zh: u.label_zh,
      label_en: u.label_en,
      dimension: u.dimension,
      measure_words: u.measure_words.join('|'),
      note: orNull(u.note),
    }))
    .sort(byKey((u) => u.unit_id));
  const sources = [...data.sources.values()]
    .map((s): SourceRow => ({
      source_id: s.source_id,
      title_zh: s.title_zh,
      title_en: s.title_en,
      series_zh: orNull(s.series_zh),
      authors: orNull(s.authors),
      reference_year: s.reference_year,
      area_code: s.area_code,
      area_zh: s.area_zh,
      area_en: s.area_en,
      sha256: s.sha256,
      license: orNull(s.license),
      url: orNull(s.url),
      note: orNull(s.note),
    }))
    .sort(byKey((s) => s.source_id));
  return { observations, indicators, units, sources, progress: buildProgress(observations, indicators) };
}
