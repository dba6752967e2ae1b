// Generated from schemas/published/*.schema.json by `make types` (pipeline/core/row-types.ts); do not edit.
// A `number` column is held as its exact decimal text; files write it as a JSON number.

/** Observations: one row per fact (area, indicator, kind, period) */
export interface ObservationRow {
  /** Observation id */
  observation_id: string;
  /** Indicator id */
  indicator_id: string;
  /** Domain */
  domain: string;
  /** Indicator label (Chinese) */
  label_zh: string;
  /** Indicator label (English) */
  label_en: string;
  /** Area code */
  area_code: string;
  /** Area (Chinese) */
  area_zh: string;
  /** Area (English) */
  area_en: string;
  /** Kind */
  kind: 'actual' | 'target';
  /** Period */
  period: string;
  /** Period start */
  period_start: string | null;
  /** Period end */
  period_end: string;
  /** Measure */
  measure:
    | 'level'
    | 'change_percent'
    | 'change_absolute'
    | 'change_points'
    | 'annual_average_change_percent'
    | 'annual_average_change_absolute';
  /** Base period */
  base_period: string | null;
  /** Comparator */
  comparator: 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'approx';
  /** Value */
  value: string;
  /** Unit */
  unit: string;
  /** Observation status */
  observation_status: 'preliminary' | 'estimated' | null;
  /** Value as written */
  value_as_written: string;
  /** Period as written */
  period_as_written: string | null;
  /** Source id */
  source_id: string;
  /** Source paragraphs */
  source_paragraphs: string;
  /** Note */
  note: string | null;
}

/** Mentions: every figure as each source states it */
export interface MentionRow {
  /** Figure id */
  figure_id: string;
  /** Observation id */
  observation_id: string;
  /** Source id */
  source_id: string;
  /** Paragraph */
  paragraph: number;
  /** Value as written */
  value_as_written: string;
  /** Period as written */
  period_as_written: string | null;
  /** Observation status */
  observation_status: 'preliminary' | 'estimated' | null;
  /** Standing */
  standing: boolean;
  /** Revised by */
  revised_by: string | null;
  /** Note */
  note: string | null;
}

/** Progress: each target with the actual of the same area and indicator that says most about it */
export interface ProgressRow {
  /** Target observation id */
  target_observation_id: string;
  /** Indicator id */
  indicator_id: string;
  /** Area code */
  area_code: string;
  /** Indicator label (Chinese) */
  label_zh: string;
  /** Indicator label (English) */
  label_en: string;
  /** Unit */
  unit: string;
  /** Direction */
  direction: 'higher' | 'lower' | null;
  /** Target period */
  target_period: string;
  /** Measure */
  measure:
    | 'level'
    | 'change_percent'
    | 'change_absolute'
    | 'change_points'
    | 'annual_average_change_percent'
    | 'annual_average_change_absolute';
  /** Base period */
  base_period: string | null;
  /** Target comparator */
  comparator: 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'approx';
  /** Target value */
  target_value: string;
  /** Actual observation id */
  actual_observation_id: string | null;
  /** Actual period */
  actual_period: string | null;
  /** Actual value */
  actual_value: string | null;
  /** Actual comparator */
  actual_comparator: 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'approx' | null;
  /** Status of the actual */
  actual_observation_status: 'preliminary' | 'estimated' | null;
  /** Source of the actual */
  actual_source_id: string | null;
  /** Gap */
  gap: string | null;
  /** Met */
  met: boolean | null;
  /** Status */
  status: 'met' | 'not_met' | 'ahead' | 'behind' | 'undecided' | 'baseline' | 'no_actual';
}

/** Indicators: the catalogue of what is measured */
export interface IndicatorRow {
  /** Indicator id */
  indicator_id: string;
  /** Domain */
  domain: string;
  /** Label (Chinese) */
  label_zh: string;
  /** Label (English) */
  label_en: string;
  /** Unit */
  unit: string;
  /** Minimum */
  minimum: string | null;
  /** Maximum */
  maximum: string | null;
  /** Better direction */
  direction: 'higher' | 'lower' | null;
  /** Other names */
  aliases: string | null;
  /** Note */
  note: string | null;
}

/** Units: the unit registry */
export interface UnitRow {
  /** Unit id */
  unit_id: string;
  /** Label (Chinese) */
  label_zh: string;
  /** Label (English) */
  label_en: string;
  /** Dimension */
  dimension: 'count' | 'currency' | 'share' | 'rate' | 'duration' | 'ratio' | 'physical';
  /** Measure words */
  measure_words: string;
  /** Reads bare numbers */
  bare_number: boolean;
  /** Note */
  note: string | null;
}

/** Areas: the administrative areas the figures describe (GB/T 2260) */
export interface AreaRow {
  /** Area code */
  area_code: string;
  /** Name (Chinese) */
  name_zh: string;
  /** Name (English) */
  name_en: string;
  /** Level */
  level: 'province' | 'prefecture' | 'county';
  /** Parent area code */
  parent_code: string | null;
}

/** Sources: the documents the figures come from */
export interface SourceRow {
  /** Source id */
  source_id: string;
  /** Title (Chinese) */
  title_zh: string;
  /** Title (English) */
  title_en: string;
  /** Series (Chinese) */
  series_zh: string | null;
  /** Authors */
  authors: string | null;
  /** Published */
  published: string;
  /** Reference year */
  reference_year: number;
  /** Area code */
  area_code: string;
  /** SHA-256 of the source text */
  sha256: string;
  /** Licence of the source */
  license: string | null;
  /** URL */
  url: string | null;
  /** Note */
  note: string | null;
}

/** The published tables, in the order of every release (datapackage.json, the content hash, the workbook). */
export const PUBLISHED_TABLES = [
  'observations',
  'mentions',
  'progress',
  'indicators',
  'units',
  'areas',
  'sources',
] as const;
export type PublishedTableName = (typeof PUBLISHED_TABLES)[number];

/** Every published table, by name, with its rows. */
export interface PublishedTables {
  observations: ObservationRow[];
  mentions: MentionRow[];
  progress: ProgressRow[];
  indicators: IndicatorRow[];
  units: UnitRow[];
  areas: AreaRow[];
  sources: SourceRow[];
}
