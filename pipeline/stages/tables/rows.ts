/**
 * The rows of every published table, as the pipeline holds them: exact decimals as strings, missing as
 * null. Their columns, in order, are the JSON Schemas in schemas/published/.
 */
import type { Comparator, Kind } from '../normalize/values.js';

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
  published: string;
  reference_year: number;
  area_code: string;
  sha256: string;
  license: string | null;
  url: string | null;
  note: string | null;
}

export interface AreaRow {
  area_code: string;
  name_zh: string;
  name_en: string;
  level: 'province' | 'prefecture' | 'county';
  parent_code: string | null;
}

export interface MentionRow {
  figure_id: string;
  observation_id: string;
  source_id: string;
  paragraph: number;
  value_as_written: string;
  period_as_written: string | null;
  standing: boolean;
  revised_by: string | null;
  note: string | null;
}

export const PROGRESS_STATUSES = ['met', 'not_met', 'ahead', 'behind', 'undecided', 'baseline', 'no_actual'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export interface ProgressRow {
  target_observation_id: string;
  indicator_id: string;
  area_code: string;
  label_zh: string;
  label_en: string;
  unit: string;
  direction: 'higher' | 'lower' | null;
  target_period: string;
  comparator: Comparator;
  target_value: string;
  actual_observation_id: string | null;
  actual_period: string | null;
  actual_value: string | null;
  actual_comparator: Comparator | null;
  actual_source_id: string | null;
  gap: string | null;
  /** Only for met and not_met; null otherwise. */
  met: boolean | null;
  status: ProgressStatus;
}

export interface PublishedTables {
  observations: ObservationRow[];
  mentions: MentionRow[];
  progress: ProgressRow[];
  indicators: IndicatorRow[];
  units: UnitRow[];
  areas: AreaRow[];
  sources: SourceRow[];
}
