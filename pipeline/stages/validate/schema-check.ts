/**
 * One raw table against its JSON Schema (schemas/raw/): the header names the table's columns, every cell
 * passes the checks of cells.ts, and every row passes ajv. Returns the rows that passed, and which ids other
 * tables may name without being told the id is unknown (those of rows already reported).
 */
import { appendAll } from '../../core/group.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { problem, type Location, type Problem } from '../../core/errors.js';
import { columnValidators, loadSchemas, type RawSchema, type RawTableName } from '../../core/schemas.js';
import { rowOf, type RawRow, type RawTable } from '../extract/csv.js';
import { cellProblems, plainCell } from './cells.js';
import { cell } from './records.js';

export interface CheckedTable {
  rows: RawRow[];
  /** True for an id whose row was reported already, or for any id when the table was not read whole. */
  reported: (id: string) => boolean;
}

const UNREADABLE: CheckedTable = { rows: [], reported: () => true };

/** The header's problems: not a header at all, a required column missing, a column the table has not. */
function headerProblems(table: RawTable, schema: RawSchema): Problem[] {
  const known = Object.keys(schema.properties);
  const at = { file: table.file, line: 1 };
  if (!table.header.some((column) => known.includes(column)))
    return [problem('SCHEMA_NO_HEADER', { expected: known.join(',') }, at)];
  return [
    ...schema.required
      .filter((column) => !table.header.includes(column))
      .map((column) => problem('SCHEMA_MISSING_COLUMN', { column }, { ...at, column })),
    ...table.header
      .filter((column) => column !== '' && !known.includes(column))
      .map((column) => problem('SCHEMA_UNKNOWN_COLUMN', { column, expected: known.join(', ') }, { ...at, column })),
  ];
}

/** A year range written with a dash (`2016-2020`) where a slash is meant. */
function periodHint(value: string): string {
  const m = /^(\d{4})\s*[-–—~～至到]\s*(\d{4})$/.exec(value);
  return m ? `; did you mean ${m[1]}/${m[2]}?` : '';
}

/** One ajv error as a problem, in words: the schema's `x-expected` and examples, not its pattern. */
function ajvProblem(e: ErrorObject, present: Record<string, string>, schema: RawSchema, at: Location): Problem {
  const column =
    e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.replace(/^\//, '') || undefined;
  const where = { ...at, column };
  const value = column ? (present[column] ?? '') : '';
  const property = column ? schema.properties[column] : undefined;
  switch (e.keyword) {
    case 'required':
      return problem('SCHEMA_REQUIRED', {}, where);
    case 'pattern': {
      const examples = (property?.examples ?? []).map((x) => JSON.stringify(x)).join(', ');
      const expected =
        (property?.['x-expected'] ?? 'of the expected form') + (column === 'period' ? periodHint(value) : '');
      return problem('SCHEMA_PATTERN', { value, expected, examples }, where);
    }
    case 'enum':
      return problem('SCHEMA_ENUM', { value, allowed: (e.params.allowedValues as unknown[]).join(', ') }, where);
    case 'maxLength':
      return problem('SCHEMA_MAXLENGTH', { value, limit: Number(e.params.limit) }, where);
    case 'minLength':
      return problem('SCHEMA_MINLENGTH', {}, where);
    case 'format':
      return problem('SCHEMA_FORMAT', { value, format: String(e.params.format) }, where);
    default:
      return problem('SCHEMA_OTHER', { value, reason: e.message ?? e.keyword }, where);
  }
}

/** The problems of one row: its cells, then the schema (the full check; TableChecker tries QuickCheck first). */
export function rowProblems(row: RawRow, file: string, name: RawTableName): Problem[] {
  const { raw, validateRaw } = loadSchemas();
  const at = { file, line: row.line };
  const problems: Problem[] = [];
  const present: Record<string, string> = {};
  for (const [column, text] of Object.entries(row.cells)) {
    const found = cellProblems(column, text, at);
    if (found.length) appendAll(problems, found);
    if (text.trim() !== '') present[column] = text;
  }
  const validate = validateRaw[name];
  if (!validate(present)) for (const e of validate.errors ?? []) problems.push(ajvProblem(e, present, raw[name], at));
  return problems;
}

/** Texts remembered per column as passing its property schema: a column of ids, all distinct, stops adding here. */
const REMEMBERED = 4096;
/**
 * Rows of a table checked the full way before the quick check begins: it pays for itself only on long files, and a
 * small raw/ then never loads the column validators (schemas.ts columnValidators).
 */
const QUICK_AFTER = 1000;

/**
 * The quick check of a row: every cell plain (cells.ts) and, where it is not empty, passing its column's own
 * property schema, and every required column there. A raw table's schema checks each property on its own (an object
 * of its properties, no other, no rule that ties one to another: tests/schemas.test.ts), so a row that passes this
 * passes rowProblems with nothing to say, without the object of its cells made for ajv; any other row is checked
 * the full way, so its problems are worded as they always were. A column's passing texts are remembered (the same
 * kind, unit or period in row after row is checked once), up to REMEMBERED of them.
 */
class QuickCheck {
  private readonly columns: {
    name: string;
    validate: ValidateFunction;
    required: boolean;
    passed: Set<string> | undefined;
  }[];
  /** False where a column of the header has no property of its own (a nameless one): every row the full way. */
  private readonly usable: boolean;

  constructor(name: RawTableName, header: readonly string[]) {
    const validators = columnValidators().raw[name];
    const required = new Set(loadSchemas().raw[name].required);
    this.usable = header.every((column) => validators.has(column));
    this.columns = header.map((column) => ({
      name: column,
      validate: validators.get(column)!,
      required: required.has(column),
      passed: new Set<string>() as Set<string> | undefined,
    }));
  }

  /** Whether a row passes, given as its cells in the header's order (as the plain reader reads them). */
  passes(cells: readonly (string | undefined)[]): boolean {
    if (!this.usable) return false;
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const text = cells[i] ?? '';
      const passed = column.passed;
      if (passed !== undefined && passed.has(text)) continue; // plain, not empty, and passed before
      if (!plainCell(text)) return false;
      if (text === '') {
        if (column.required) return false;
        continue;
      }
      if (!column.validate(text)) return false;
      if (passed === undefined) continue;
      if (passed.size < REMEMBERED) passed.add(text);
      else column.passed = undefined; // a column of (nearly) all distinct texts: looking them up costs more than it saves
    }
    return true;
  }
}

/**
 * One table checked a row at a time (a figures file is read a row at a time, never held whole): first its header,
 * then each row; `checked` says which rows' ids were reported. Problems go to the list given, in order.
 */
export class TableChecker {
  private readonly failed = new Set<string>();
  private columns: string[] = [];
  private rows = 0;
  private quick: QuickCheck | undefined;
  /** Whether the header was usable: rows are checked only then. */
  usable = false;

  constructor(
    private readonly name: RawTableName,
    private readonly idColumn: string,
    private readonly file: string,
    /** Rows checked the full way before the quick check begins (QUICK_AFTER; a test may lower it). */
    private readonly quickAfter = QUICK_AFTER,
  ) {}

  /** Check the header (empty: the file could not be read, as extract reported); whether rows can be checked. */
  header(header: string[], problems: Problem[]): boolean {
    if (header.length === 0) return (this.usable = false); // extract already reported why
    const found = headerProblems({ file: this.file, header, rows: [] }, loadSchemas().raw[this.name]);
    appendAll(problems, found);
    this.columns = header;
    return (this.usable = found.length === 0);
  }

  /** Check a row; whether it passed. */
  row(row: RawRow, problems: Problem[]): boolean {
    const quick = this.quickCheck();
    if (quick?.passes(this.columns.map((column) => row.cells[column]))) return true;
    return this.fully(row, problems);
  }

  /**
   * Check a row given as its cells in the header's order (a figures file read by the plain reader): as `row` does,
   * the RawRow made (by `rowOf`) only where the quick check does not pass it.
   */
  record(cells: readonly string[], line: number, problems: Problem[]): boolean {
    const quick = this.quickCheck();
    if (quick?.passes(cells)) return true;
    return this.fully(rowOf(this.columns, cells, line), problems);
  }

  /** The quick check, once QUICK_AFTER rows have been checked the full way (counting this one). */
  private quickCheck(): QuickCheck | undefined {
    if (this.rows++ === this.quickAfter && this.usable) this.quick = new QuickCheck(this.name, this.columns);
    return this.quick;
  }

  private fully(row: RawRow, problems: Problem[]): boolean {
    const found = rowProblems(row, this.file, this.name);
    if (found.length === 0) return true;
    appendAll(problems, found);
    this.failed.add(cell(row, this.idColumn));
    return false;
  }

  /** Which ids other tables may name without being told they are unknown; every id where rows may be missing. */
  checked(incomplete: boolean): CheckedTable {
    if (!this.usable) return UNREADABLE;
    const failed = this.failed;
    return { rows: [], reported: incomplete ? () => true : (id) => failed.has(id) };
  }
}

/** Check one table (see the module comment); its problems are added to `problems`. */
export function checkTable(table: RawTable, name: RawTableName, idColumn: string, problems: Problem[]): CheckedTable {
  const checker = new TableChecker(name, idColumn, table.file);
  if (!checker.header(table.header, problems)) return UNREADABLE;
  const passed: RawRow[] = [];
  for (const row of table.rows) if (checker.row(row, problems)) passed.push(row);
  return { ...checker.checked(table.incomplete === true), rows: passed };
}
