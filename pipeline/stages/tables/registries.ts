/** The registries as published: indicators, units, areas and sources, straight from raw/. */
import type { RawData } from '../validate/validate.js';
import { orNull } from './observations.js';
import type { AreaRow, IndicatorRow, SourceRow, UnitRow } from './rows.js';

export function indicatorRows(data: RawData): IndicatorRow[] {
  return [...data.indicators.values()].map((i) => ({
    indicator_id: i.indicator_id,
    domain: i.domain,
    label_zh: i.label_zh,
    label_en: i.label_en,
    unit: i.unit_id,
    minimum: orNull(i.minimum),
    maximum: orNull(i.maximum),
    direction: i.direction === '' ? null : i.direction,
    aliases: i.aliases.length ? i.aliases.join('|') : null,
    note: orNull(i.note),
  }));
}

export function unitRows(data: RawData): UnitRow[] {
  return [...data.units.values()].map((u) => ({
    unit_id: u.unit_id,
    label_zh: u.label_zh,
    label_en: u.label_en,
    dimension: u.dimension,
    measure_words: u.measure_words.join('|'),
    bare_number: u.bare_number,
    note: orNull(u.note),
  }));
}

export function areaRows(data: RawData): AreaRow[] {
  return [...data.areas.values()].map((a) => ({
    area_code: a.area_code,
    name_zh: a.name_zh,
    name_en: a.name_en,
    level: a.level,
    parent_code: orNull(a.parent_code),
  }));
}

export function sourceRows(data: RawData): SourceRow[] {
  return [...data.sources.values()].map((s) => ({
    source_id: s.source_id,
    title_zh: s.title_zh,
    title_en: s.title_en,
    series_zh: orNull(s.series_zh),
    authors: orNull(s.authors),
    published: s.published,
    reference_year: s.reference_year,
    area_code: s.area_code,
    sha256: s.sha256,
    license: orNull(s.license),
    url: orNull(s.url),
    note: orNull(s.note),
  }));
}
