/**
 * Stage 1, extract: the files of a raw/ folder -> decoded, parsed tables that remember their line numbers.
 * Reading from disk happens here, at the edge; decode.ts and csv.ts are pure.
 */
import { appendAll } from '../../core/group.js';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError, problem, type Problem } from '../../core/errors.js';
import { displayPath } from '../../core/paths.js';
import { SILENT, type Progress } from '../../core/progress.js';
import { rawTable, SINGLE_FILE_TABLES } from '../../core/raw-tables.js';
import { describeNotReadable, INPUT_LIMITS, readInput } from '../../core/read.js';
import { parseCsv, type RawTable } from './csv.js';
import { decodeText } from './decode.js';

/** The raw tables of a `raw/` folder, as read from disk. */
export interface RawTables {
  sources: RawTable;
  areas: RawTable;
  units: RawTable;
  indicators: RawTable;
  dismissed: RawTable;
  /** One file per `figures/<domain>.csv`, keyed by domain: read whole, parsed a row at a time by validate. */
  figures: Map<string, FiguresFile>;
  /** raw/package.json as parsed (checked against its schema by validate), or undefined if unreadable. */
  package: RawJson | undefined;
}

/**
 * A figures file as read from disk, not yet decoded or parsed: a national series has millions of figures, which
 * validate parses a row at a time (validate/figures.ts) rather than holding every row of every file at once.
 */
export interface FiguresFile {
  /** The path curators know it by. */
  file: string;
  /** Its bytes; undefined where it could not be read (load reported why). */
  bytes: Uint8Array | undefined;
}

/** A JSON file of raw/ as parsed, with the path curators know it by. */
export interface RawJson {
  file: string;
  value: unknown;
}

/** A figures file: `<domain>.csv`, the domain in lowercase letters, digits and `_`. */
const FIGURES_FILE = /^([a-z][a-z0-9_]*)\.csv$/;

const unread = (file: string): RawTable => ({ file, header: [], rows: [], incomplete: true });

/** Decode and parse one file's bytes; problems instead of exceptions. */
export function extractTable(bytes: Uint8Array, file: string): { table: RawTable; problems: Problem[] } {
  try {
    const { text, warnings } = decodeText(bytes, file);
    const parsed = parseCsv(text, file);
    return { table: parsed.table, problems: [...warnings, ...parsed.problems] };
  } catch (err) {
    if (err instanceof PipelineError) return { table: unread(file), problems: [err.problem] };
    throw err;
  }
}

/** The bytes of a file of raw/ (a regular file of bounded size), or the problem that it cannot be read. */
async function readRawFile(file: string): Promise<{ bytes: Buffer } | { problem: Problem }> {
  const input = await readInput(file, INPUT_LIMITS.raw);
  if ('bytes' in input) return input;
  const what = input.why === 'missing' ? 'file not found' : describeNotReadable(input);
  return { problem: problem('FILE_MISSING', { what }, { file: displayPath(file) }) };
}

async function readTable(file: string): Promise<{ table: RawTable; problems: Problem[] }> {
  const read = await readRawFile(file);
  if ('problem' in read) return { table: unread(displayPath(file)), problems: [read.problem] };
  return extractTable(read.bytes, displayPath(file));
}

/** Whether a symbolic link points at a folder (a link that points nowhere is read, and reported, as a file). */
function pointsAtFolder(link: string): boolean {
  try {
    return statSync(link).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The figures files of `dir`, by domain. Anything else in the folder is an error: a renamed or backup copy
 * (`care.CSV`, `care.csv.bak`) must not silently take its figures out of the release.
 */
function figureFiles(dir: string, problems: Problem[]): Map<string, string> {
  const files = new Map<string, string>();
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }); // as files are read: see core/read.ts
  } catch {
    const what = 'folder not found: figures are kept in figures/<domain>.csv';
    problems.push(problem('FILE_MISSING', { what }, { file: displayPath(dir) }));
    return files;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, e.name);
    const shown = displayPath(file);
    // a symbolic link is followed, as for every other file of raw/; what it points at is read like any file
    const isFile = e.isFile() || (e.isSymbolicLink() && !pointsAtFolder(file));
    const m = FIGURES_FILE.exec(e.name);
    if (m && isFile) files.set(m[1]!, file);
    else if (isFile && e.name.endsWith('.csv')) problems.push(problem('RULE_FILE_NAME', {}, { file: shown }));
    else problems.push(problem('FILE_NOT_CSV', {}, { file: shown }));
  }
  return files;
}

/** The line of a character offset in `text`. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Read and parse a JSON file of raw/ (decoded like the CSV files); problems instead of exceptions. */
async function readJson(file: string, problems: Problem[]): Promise<RawJson | undefined> {
  const shown = displayPath(file);
  const read = await readRawFile(file);
  if ('problem' in read) {
    problems.push(read.problem);
    return undefined;
  }
  let text: string;
  try {
    const decoded = decodeText(read.bytes, shown);
    appendAll(problems, decoded.warnings);
    text = decoded.text;
  } catch (err) {
    if (err instanceof PipelineError) problems.push(err.problem);
    else throw err;
    return undefined;
  }
  try {
    return { file: shown, value: JSON.parse(text) };
  } catch (err) {
    const reason = (err as Error).message;
    const at = /position (\d+)/.exec(reason);
    problems.push(
      problem('PACKAGE_NOT_JSON', { reason }, { file: shown, line: at ? lineAt(text, Number(at[1])) : undefined }),
    );
    return undefined;
  }
}

/** Load inputs: read and parse every table of `rawDir`. */
export async function loadRawTables(
  rawDir: string,
  progress: Progress = SILENT,
): Promise<{ tables: RawTables; problems: Problem[] }> {
  const problems: Problem[] = [];
  const read = async (file: string) => {
    progress.stage(`reading ${displayPath(file)}`);
    const r = await readTable(file);
    appendAll(problems, r.problems);
    return r.table;
  };
  const single = {} as Record<(typeof SINGLE_FILE_TABLES)[number]['name'], RawTable>;
  for (const t of SINGLE_FILE_TABLES) single[t.name] = await read(path.join(rawDir, t.file));
  const figures = new Map<string, FiguresFile>();
  for (const [domain, file] of figureFiles(path.join(rawDir, rawTable('figures').folder), problems)) {
    progress.stage(`reading ${displayPath(file)}`);
    const bytes = await readRawFile(file);
    if ('problem' in bytes) problems.push(bytes.problem);
    figures.set(domain, { file: displayPath(file), bytes: 'bytes' in bytes ? bytes.bytes : undefined });
  }
  const pkg = await readJson(path.join(rawDir, 'package.json'), problems);
  return { tables: { ...single, figures, package: pkg }, problems };
}
