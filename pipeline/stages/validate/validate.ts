/**
 * Stage 2, validate: every raw table against its JSON Schema (schemas/raw/), then the rules a schema
 * cannot express: no spreadsheet formulas, unique ids, every reference resolves.
 * Pure: raw tables in, typed records and problems out.
 */
import type { ErrorObject } from 'ajv';
import { RuleError, SchemaError, limitPerFile, type Problem } from '../../core/errors.js';
import type { RawRow, RawTable, RawTables } from '../extract/extract.js';
import { loadSchemas, type RawTableName } from '../../core/schemas.js';
import type { Kind } from '../normalize/values.js';

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
  /** 'lower' where a smaller value is better; '' otherwise. */
  direction: '' | 'higher' | 'lower';
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
 * full-width forms. Refused in every column, so no published CSV can carry one. extract turns every CR
 * into LF, so a line break at the start counts as the CR it was; and since cells are published trimmed,
 * the start is also looked for behind leading spaces (`  =1+1` publishes as `=1+1`).
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

/** The character that makes a cell a formula, or undefined. */
function formulaStart(cell: string): string | undefined {
  if (FORMULA_START.test(cell)) return cell[0];
  const trimmed = cell.trim();
  return FORMULA_START.test(trimmed) ? trimmed[0] : undefined;
}

/** Ids that stand for themselves must not be padded: ` edu-001` is not `edu-001`. */
const hasOuterSpace = (s: string) => s !== s.trim();

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

/**
 * The rows of a table that passed, and which ids a reference may name without being reported as unknown:
 * those of rows already reported, or any id at all when the table could not be read whole.
 */
interface Checked {
  rows: RawRow[];
  reported: (id: string) => boolean;
}

/** Check one table's header and rows against its schema; return the rows that passed. */
function checkTable(table: RawTable, schemaName: RawTableName, problems: Problem[]): Checked {
  const unreadable: Checked = { rows: [], reported: () => true };
  if (table.header.length === 0) return unreadable; // extract already reported why
  const { raw, validateRaw } = loadSchemas();
  const schema = raw[schemaName];
  const known = Object.keys(schema.properties);
  const push = (p: Problem) => problems.push(p);
  if (!table.header.some((column) => known.includes(column))) {
    push(
      new SchemaError(
        'SCHEMA_NO_HEADER',
        `line 1 is not a header row (was it deleted?); expected the column names ${known.join(',')}`,
        { file: table.file, line: 1 },
      ).toProblem(),
    );
    return unreadable;
  }
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
  if (!headerOk) return unreadable;
  const valid: RawRow[] = [];
  for (const row of table.rows) {
    let ok = true;
    const present: Record<string, string> = {};
    for (const [column, cell] of Object.entries(row.cells)) {
      const formula = formulaStart(cell);
      if (formula !== undefined) {
        ok = false;
        push(
          new RuleError(
            'RULE_FORMULA',
            `${JSON.stringify(cell.slice(0, 20))} begins with ${JSON.stringify(formula)}${formula === cell[0] ? '' : ' after spaces'}, which a spreadsheet would run as a formula; rewrite the cell`,
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
        const examples = e.keyword === 'pattern' && column ? schema.properties[column]?.examples : undefined;
        const hint = examples?.length ? `, e.g. ${examples.map((x) => JSON.stringify(x)).join(', ')}` : '';
        push(
          new SchemaError(
            `SCHEMA_${e.keyword.toUpperCase()}`,
            (value === undefined ? ajvMessage(e) : `"${value}" ${ajvMessage(e)}`) + hint,
            { file: table.file, line: row.line, column },
          ).toProblem(),
        );
      }
    }
    if (ok) valid.push(row);
  }
  const passed = new Set(valid);
  const idColumn = `${schemaName === 'figures' ? 'figure' : schemaName.slice(0, -1)}_id`;
  const failed = new Set(table.rows.filter((r) => !passed.has(r)).map((r) => cell(r, idColumn)));
  return { rows: valid, reported: table.incomplete ? () => true : (id) => failed.has(id) };
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

/** Edit distance (Levenshtein) between two ids. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** `; did you mean "medical_consortia"?` when a known id is a few typing mistakes away. */
function didYouMean(id: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(id.length / 5)) + 1;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

/**
 * Report a broken rule unless `quiet` (its cause was reported already); return whether it held. A message
 * that costs something to write (a "did you mean") is passed as a function and written only when needed.
 */
function reference(
  ok: boolean,
  code: string,
  message: string | (() => string),
  at: Located,
  column: string,
  problems: Problem[],
  quiet = false,
): boolean {
  if (!ok && !quiet)
    problems.push(
      new RuleError(code, typeof message === 'string' ? message : message(), {
        file: at.file,
        line: at.line,
        column,
      }).toProblem(),
    );
  return ok;
}

const cell = (row: RawRow, column: string) => (row.cells[column] ?? '').trim();

/** Validate the raw tables; records that pass are returned typed. */
export function validateRaw(tables: RawTables): { data: RawData; problems: Problem[] } {
  const problems: Problem[] = [];

  const sourcesChecked = checkTable(tables.sources, 'sources', problems);
  const unitsChecked = checkTable(tables.units, 'units', problems);
  const indicatorsChecked = checkTable(tables.indicators, 'indicators', problems);
  const sources = sourcesChecked.rows.map((row): Source => ({
    file: tables.sources.file,
    line: row.line,
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
  const units = unitsChecked.rows.map((row): Unit => ({
    file: tables.units.file,
    line: row.line,
    unit_id: cell(row, 'unit_id'),
    label_zh: cell(row, 'label_zh'),
    label_en: cell(row, 'label_en'),
    dimension: cell(row, 'dimension') as Unit['dimension'],
    measure_words: cell(row, 'measure_words').split('|'),
    note: cell(row, 'note'),
  }));
  const indicators = indicatorsChecked.rows.map((row): Indicator => ({
    file: tables.indicators.file,
    line: row.line,
    indicator_id: cell(row, 'indicator_id'),
    domain: cell(row, 'domain'),
    label_zh: cell(row, 'label_zh'),
    label_en: cell(row, 'label_en'),
    unit_id: cell(row, 'unit_id'),
    minimum: cell(row, 'minimum'),
    maximum: cell(row, 'maximum'),
    direction: cell(row, 'direction') as Indicator['direction'],
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
    for (const row of checkTable(table, 'figures', problems).rows) {
      // every property written out, no spread: an object literal that starts with a spread gets its other
      // properties added one at a time, several times slower over 100 000 rows
      figures.push({
        file: table.file,
        line: row.line,
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
  // An indicator that breaks a rule is left out, and so are its figures, without a second report.
  const brokenIndicators = new Set<string>();
  for (const ind of [...data.indicators.values()]) {
    const unitOk = reference(
      data.units.has(ind.unit_id),
      'RULE_UNKNOWN_UNIT',
      () => `unknown unit "${ind.unit_id}" (not in units.csv)${didYouMean(ind.unit_id, data.units.keys())}`,
      ind,
      'unit_id',
      problems,
      unitsChecked.reported(ind.unit_id),
    );
    const boundsOk =
      ind.minimum === '' ||
      ind.maximum === '' ||
      reference(
        Number(ind.minimum) <= Number(ind.maximum),
        'RULE_BOUNDS_REVERSED',
        `minimum ${ind.minimum} is above maximum ${ind.maximum}`,
        ind,
        'maximum',
        problems,
      );
    if (!unitOk || !boundsOk) {
      data.indicators.delete(ind.indicator_id);
      brokenIndicators.add(ind.indicator_id);
    }
  }
  for (const fig of figures) {
    const indicator = data.indicators.get(fig.indicator_id);
    const ok =
      reference(
        data.sources.has(fig.source_id),
        'RULE_UNKNOWN_SOURCE',
        () => `unknown source "${fig.source_id}" (not in sources.csv)${didYouMean(fig.source_id, data.sources.keys())}`,
        fig,
        'source_id',
        problems,
        sourcesChecked.reported(fig.source_id),
      ) &&
      reference(
        !!indicator,
        'RULE_UNKNOWN_INDICATOR',
        () =>
          `unknown indicator "${fig.indicator_id}" (not in indicators.csv)${didYouMean(fig.indicator_id, data.indicators.keys())}`,
        fig,
        'indicator_id',
        problems,
        brokenIndicators.has(fig.indicator_id) || indicatorsChecked.reported(fig.indicator_id),
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
  return { data, problems: limitPerFile(problems) };
}
