/**
 * The typed records of raw/, mapped from CSV rows by their schema: each column of the table's JSON Schema
 * becomes a field holding the trimmed cell ('' when empty), and the few columns that are not text are read
 * here (numbers, lists, exact decimals).
 */
import { canonical } from '../../core/decimal.js';
import type { RawSchema } from '../../core/schemas.js';
import type { RawRow } from '../extract/csv.js';
import type { Kind } from '../normalize/values.js';

/** Where a record was read: the file and the line its row starts on. */
export interface Located {
  file: string;
  line: number;
}

export interface Source extends Located {
  source_id: string;
  title_zh: string;
  title_en: string;
  series_zh: string;
  authors: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY: it orders sources for revisions. */
  published: string;
  reference_year: number;
  area_code: string;
  sha256: string;
  license: string;
  url: string;
  note: string;
}

export interface Area extends Located {
  area_code: string;
  name_zh: string;
  name_en: string;
  level: 'province' | 'prefecture' | 'county';
  parent_code: string;
  note: string;
}

export interface Unit extends Located {
  unit_id: string;
  label_zh: string;
  label_en: string;
  dimension: 'count' | 'currency' | 'share' | 'rate' | 'duration' | 'ratio' | 'physical';
  measure_words: string[];
  /** Whether the unit reads a number written with no measure word (a share in a structure ratio, an index). */
  bare_number: boolean;
  note: string;
}

export interface Indicator extends Located {
  indicator_id: string;
  domain: string;
  label_zh: string;
  label_en: string;
  unit_id: string;
  /** Exact decimals in their shortest form (`100.0` and `0100` are `100`), '' where there is no bound. */
  minimum: string;
  maximum: string;
  /** 'lower' where a smaller value is better; '' otherwise. */
  direction: '' | 'higher' | 'lower';
  /** Other names reports write for it (suggest matches them). */
  aliases: string[];
  note: string;
}

export interface Figure extends Located {
  figure_id: string;
  /** From the file name: figures/<domain>.csv. */
  domain: string;
  source_id: string;
  paragraph: number;
  indicator_id: string;
  kind: Kind;
  period_text: string;
  period: string;
  value_text: string;
  /** The figure's own area, '' where it is its source's. */
  area_code: string;
  /** The figure_id of an earlier mention of the same fact this one corrects, or ''. */
  revises: string;
  /** The word of change written apart from the number (下降, 增速), or ''. */
  change_word: string;
  /** An explicit base period of a change, or ''. */
  base_period: string;
  /** '' (final), 'preliminary' or 'estimated', as the curator gives it. */
  status: '' | 'preliminary' | 'estimated';
  note: string;
}

/** A number of a source text that is not a figure, with the reason (raw/dismissed.csv). */
export interface Dismissal extends Located {
  source_id: string;
  paragraph: number;
  text: string;
  reason: string;
}

/** One domain: its figures file is figures/<id>.csv. */
export interface Domain {
  id: string;
  label_zh: string;
  label_en: string;
}

/** raw/package.json: everything about the dataset that is not a figure (schemas/raw/package.schema.json). */
export interface DatasetMeta {
  name: string;
  title: string;
  title_zh: string;
  description: string;
  description_zh: string;
  keywords: string[];
  license: { name: string; path: string; title: string };
  /** Who publishes the dataset (schema.org and DCAT publisher). */
  publisher: { name: string; url?: string };
  /** The base URL where dist/ is served; every published URL is made absolute from it. */
  homepage?: string;
  /** Words a curator gives a release, at the top of its CHANGES.md. */
  release_notes?: { version: string; text: string }[];
  /** In the order the catalog page shows them. */
  domains: Domain[];
  page: { progress_note: string; source_note: string };
}

export const cell = (row: RawRow, column: string) => (row.cells[column] ?? '').trim();

/** An exact decimal in its shortest form, so equal bounds read as equal whatever zeros they carry. */
const decimal = (s: string) => (s === '' ? '' : canonical(s));

/** The columns that are not text, and how each is read (the schema has already checked its form). */
const READERS: Record<string, (s: string) => unknown> = {
  reference_year: Number,
  paragraph: Number,
  measure_words: (s) => (s === '' ? [] : s.split('|')),
  bare_number: (s) => s === 'true',
  aliases: (s) => (s === '' ? [] : s.split('|')),
  minimum: decimal,
  maximum: decimal,
};

/** A record of `schema`'s columns from `row`, with `extra` fields (a figure's domain). */
export function recordOf<T extends Located>(
  row: RawRow,
  file: string,
  schema: RawSchema,
  extra: Record<string, unknown> = {},
): T {
  const record: Record<string, unknown> = { file, line: row.line, ...extra };
  for (const column of Object.keys(schema.properties)) {
    const text = cell(row, column);
    const read = READERS[column];
    record[column] = read ? read(text) : text;
  }
  return record as T;
}
