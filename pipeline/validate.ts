/**
 * Stage 2, validate: every raw table against its JSON Schema (schemas/raw/), then the rules a schema
 * cannot express: no spreadsheet formulas, unique ids, every reference resolves.
 * Pure: raw tables in, typed records and problems out.
 */
import type { ErrorObject } from 'ajv';
import { RuleError, SchemaError, type Problem } from './errors.js';
import type { RawRow, RawTable, RawTables } from './extract.js';
import { loadSchemas, type RawTableName } from './schemas.js';
import type { Kind } from './values.js';

interface Located {
  file: string;
  line: number;
}

export interface Source extends Located {
  source_id: string;
  title_zh: string;
  title_en: string;
  series_zh: string;
  authors: string;
  reference_year: number;
  area_code: string;
  area_zh: string;
  area_en: string;
  sha256: string;
  license: string;
  url: string;
  note: string;
}

export interface Unit extends Located {
  unit_id: string;
  label_zh: string;
  label_en: string;
  dimension: 'count' | 'currency' | 'share' | 'rate' | 'duration';
  measure_words: string[];
  note: string;
}

export interface Indicator extends Located {
  indicator_id: string;
  domain: string;
  label_zh: string;
  label_en: string;
  unit_id: string;
  /** Exact decimal strings, '' where there is no bound. */
  minimum: string;
  maximum: string;
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
  note: string;
}

export interface RawData {
  sources: Map<string, Source>;
  units: Map<string, Unit>;
  indicators: Map<string, Indicator>;
  figures: Figure[];
}

/**
 * A cell a spreadsheet would run as a formula (CWE-1236): = + - @ tab or CR at the start, or their
 * full-width forms. Refused in every column, so no published CSV can carry one.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** Ids that stand for themselves must not be padded: ` edu-001` is not `edu-001`. */
const hasOuterSpace = (s: string) => s !== s.trim();

const MAX_PROBLEMS_PER_TABLE = 200;

function ajvMessage(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `required value is missing`;
    case 'pattern':
      return `does not match the expected form ${e.params.pattern}`;
    case 'enum':
      return `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'maxLength':
      return `is longer than ${e.params.limit} characters`;
    case 'minLength':
      return `must not be empty`;
    case 'format':
      return `is not a valid ${e.params.format}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Check one table's header and rows against its schema; return the rows that passed. */
function checkTable(table: RawTable, schemaName: RawTableName, problems: Problem[]): RawRow[] {
  if (table.header.length === 0) return []; // extract already reported why
  const { raw, validateRaw } = loadSchemas();
  const schema = raw[schemaName];
  const known = Object.keys(schema.properties);
  const push = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS_PER_TABLE) problems.push(p);
  };
  let headerOk = true;
  for (const column of schema.required) {
    if (!table.header.includes(column)) {
      headerOk = false;
      push(
        new SchemaError('SCHEMA_MISSING_COLUMN', `required column "${column}" is missing from the header`, {
          file: table.file,
          line: 1,
          column,
        }).toProblem(),
      );
    }
  }
  for (const column of table.header) {
    if (column !== '' && !known.includes(column)) {
      headerOk = false;
      push(
        new SchemaError('SCHEMA_UNKNOWN_COLUMN', `unknown column "${column}"; expected: ${known.join(', ')}`, {
          file: table.file,
          line: 1,
          column,
        }).toProblem(),
      );
    }
  }
  if (!headerOk) return [];
  const valid: RawRow[] = [];
  for (const row of table.rows) {
    let ok = true;
    const present: Record<string, string> = {};
    for (const [column, cell] of Object.entries(row.cells)) {
      if (FORMULA_START.test(cell)) {
        ok = false;
        push(
          new RuleError(
            'RULE_FORMULA',
            `"${cell.slice(0, 20)}" begins with ${JSON.stringify(cell[0])}, which a spreadsheet would run as a formula; rewrite the cell`,
            { file: table.file, line: row.line, column },
          ).toProblem(),
        );
      }
      if (column.endsWith('_id') && hasOuterSpace(cell)) {
        ok = false;
        push(
          new RuleError('RULE_ID_SPACE', `id "${cell}" has spaces around it`, {
            file: table.file,
            line: row.line,
            column,
          }).toProblem(),
        );
      }
      if (cell.trim() !== '') present[column] = cell;
    }
    const validate = validateRaw[schemaName];
    if (!validate(present)) {
      ok = false;
      for (const e of validate.errors ?? []) {
        const column =
          e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.replace(/^\//, '') || undefined;
        const value = column ? present[column] : undefined;
        push(
          new SchemaError(
            `SCHEMA_${e.keyword.toUpperCase()}`,
            value === undefined ? ajvMessage(e) : `"${value}" ${ajvMessage(e)}`,
            { file: table.file, line: row.line, column },
          ).toProblem(),
        );
      }
    }
    if (ok) valid.push(row);
  }
  return valid;
}

/** Report the second and later rows that repeat an id, naming the first. */
function uniqueBy<T extends Located>(
  items: T[],
  key: (t: T) => string,
  column: string,
  problems: Problem[],
): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const id = key(item);
    const first = map.get(id);
    if (first) {
      problems.push(
        new RuleError('RULE_DUPLICATE_ID', `duplicate ${column} "${id}" (first at ${first.file}:${first.line})`, {
          file: item.file,
          line: item.line,
          column,
        }).toProblem(),
      );
    } else {
      map.set(id, item);
    }
  }
  return map;
}

function reference(
  ok: boolean,
  code: string,
  message: string,
  at: Located,
  column: string,
  problems: Problem[],
): boolean {
  if (!ok) problems.push(new RuleError(code, message, { file: at.file, line: at.line, column }).toProblem());
  return ok;
}

const cell = (row: RawRow, column: string) => (row.cells[column] ?? '').trim();

/** Validate the raw tables; records that pass are returned typed. */
export function validateRaw(tables: RawTables): { data: RawData; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (table: RawTable, row: RawRow) => ({ file: table.file, line: row.line });

  const sources = checkTable(tables.sources, 'sources', problems).map((row): Source => ({
    ...at(tables.sources, row),
    source_id: cell(row, 'source_id'),
    title_zh: cell(row, 'title_zh'),
    title_en: cell(row, 'title_en'),
    series_zh: cell(row, 'series_zh'),
    authors: cell(row, 'authors'),
    reference_year: Number(cell(row, 'reference_year')),
    area_code: cell(row, 'area_code'),
    area_zh: cell(row, 'area_zh'),
    area_en: cell(row, 'area_en'),
    sha256: cell(row, 'sha256'),
    license: cell(row, 'license'),
    url: cell(row, 'url'),
    note: cell(row, 'note'),
  }));
  const units = checkTable(tables.units, 'units', problems).map((row): Unit => ({
    ...at(tables.units, row),
    unit_id: cell(row, 'unit_id'),
    label_zh: cell(row, 'label_zh'),
    label_en: cell(row, 'label_en'),
    dimension: cell(row, 'dimension') as Unit['dimension'],
    measure_words: cell(row, 'measure_words').split('|'),
    note: cell(row, 'note'),
  }));
  const indicators = checkTable(tables.indicators, 'indicators', problems).map((row): Indicator => ({
    ...at(tables.indicators, row),
    indicator_id: cell(row, 'indicator_id'),
    domain: cell(row, 'domain'),
    label_zh: cell(row, 'label_zh'),
    label_en: cell(row, 'label_en'),
    unit_id: cell(row, 'unit_id'),
    minimum: cell(row, 'minimum'),
    maximum: cell(row, 'maximum'),
    note: cell(row, 'note'),
  }));
  const figures: Figure[] = [];
  for (const [domain, table] of tables.figures) {
    if (!/^[a-z][a-z0-9_]*$/.test(domain)) {
      problems.push(
        new RuleError('RULE_FILE_NAME', `figure files are named figures/<domain>.csv with a lowercase domain`, {
          file: table.file,
        }).toProblem(),
      );
      continue;
    }
    for (const row of checkTable(table, 'figures', problems)) {
      figures.push({
        ...at(table, row),
        domain,
        figure_id: cell(row, 'figure_id'),
        source_id: cell(row, 'source_id'),
        paragraph: Number(cell(row, 'paragraph')),
        indicator_id: cell(row, 'indicator_id'),
        kind: cell(row, 'kind') as Kind,
        period_text: cell(row, 'period_text'),
        period: cell(row, 'period'),
        value_text: cell(row, 'value_text'),
        note: cell(row, 'note'),
      });
    }
  }

  const data: RawData = {
    sources: uniqueBy(sources, (s) => s.source_id, 'source_id', problems),
    units: uniqueBy(units, (u) => u.unit_id, 'unit_id', problems),
    indicators: uniqueBy(indicators, (i) => i.indicator_id, 'indicator_id', problems),
    figures: [],
  };
  uniqueBy(figures, (f) => f.figure_id, 'figure_id', problems);

  for (const unit of data.units.values()) {
    const words = unit.measure_words;
    reference(
      new Set(words).size === words.length,
      'RULE_DUPLICATE_MEASURE_WORD',
      `measure word listed twice in "${words.join('|')}"`,
      unit,
      'measure_words',
      problems,
    );
  }
  for (const ind of data.indicators.values()) {
    const unit = data.units.get(ind.unit_id);
    reference(
      !!unit,
      'RULE_UNKNOWN_UNIT',
      `unknown unit "${ind.unit_id}" (not in units.csv)`,
      ind,
      'unit_id',
      problems,
    );
    if (ind.minimum !== '' && ind.maximum !== '')
      reference(
        Number(ind.minimum) <= Number(ind.maximum),
        'RULE_BOUNDS_REVERSED',
        `minimum ${ind.minimum} is above maximum ${ind.maximum}`,
        ind,
        'maximum',
        problems,
      );
  }
  for (const fig of figures) {
    const indicator = data.indicators.get(fig.indicator_id);
    const ok =
      reference(
        data.sources.has(fig.source_id),
        'RULE_UNKNOWN_SOURCE',
        `unknown source "${fig.source_id}" (not in sources.csv)`,
        fig,
        'source_id',
        problems,
      ) &&
      reference(
        !!indicator,
        'RULE_UNKNOWN_INDICATOR',
        `unknown indicator "${fig.indicator_id}" (not in indicators.csv)`,
        fig,
        'indicator_id',
        problems,
      ) &&
      reference(
        indicator!.domain === fig.domain,
        'RULE_WRONG_DOMAIN',
        `indicator "${fig.indicator_id}" belongs to domain ${indicator!.domain}; move the row to figures/${indicator!.domain}.csv`,
        fig,
        'indicator_id',
        problems,
      ) &&
      reference(
        fig.period_text !== '' || fig.period !== '',
        'RULE_NO_PERIOD',
        `no period: write period_text as the article gives it, or an explicit ISO period`,
        fig,
        'period_text',
        problems,
      );
    if (ok) data.figures.push(fig);
  }
  return { data, problems };
}
