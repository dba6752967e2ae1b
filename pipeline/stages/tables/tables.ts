/**
 * Build the published tables from checked mentions: observations (mentions of one fact merged),
 * indicators, units, sources and progress. Rows come out sorted by their primary key, so the same
 * inputs always give the same bytes.
 */
import type { PublishedTableName } from '../../core/schemas.js';
import type { Mention } from '../normalize/normalize.js';
import type { RawData } from '../validate/validate.js';
import { buildProgress } from './progress.js';
import type { IndicatorRow, ObservationRow, PublishedTables, SourceRow, UnitRow } from './rows.js';

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
