/**
 * The stages in order: extract -> validate -> normalize -> check -> tables, then every published table
 * checked against its JSON Schema. Returns the tables, or every problem found; writes nothing.
 */
import { limitPerFile, ProblemsError, type Problem } from './errors.js';
import { loadRawTables } from './extract.js';
import { checkMentions } from './check.js';
import { normalizeFigures } from './normalize.js';
import { publishedSchemaProblems, toJsonRecords } from './output.js';
import { PUBLISHED_TABLES } from './schemas.js';
import { buildTables, type PublishedTables } from './tables.js';
import { validateRaw, type RawData } from './validate.js';

export interface BuildResult {
  tables: PublishedTables | undefined;
  /** Errors and warnings together; `tables` is undefined when any is an error. */
  problems: Problem[];
}

export interface BuildOptions {
  /**
   * Check every published table against its JSON Schema (default true). publish turns it off because it
   * checks each chunk of records as it renders the JSON files, before its commit point.
   */
  checkPublished?: boolean;
}

export const errorsIn = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');

/** Every published table against its schema: a bug in the pipeline, not in raw/, if this fails. */
export function checkPublishedSchemas(tables: PublishedTables): Problem[] {
  return PUBLISHED_TABLES.flatMap((name) => publishedSchemaProblems(name, toJsonRecords(tables, name)));
}

/** Extract and validate: the raw tables are dropped when this returns, only typed records are kept. */
async function readRaw(rawDir: string): Promise<{ data: RawData; problems: Problem[] }> {
  const loaded = await loadRawTables(rawDir);
  const validated = validateRaw(loaded.tables);
  return { data: validated.data, problems: [...loaded.problems, ...validated.problems] };
}

/** Normalize, check and build the tables; the mentions are dropped when this returns. */
async function readTables(rawDir: string): Promise<BuildResult> {
  const { data, problems } = await readRaw(rawDir);
  const normalized = normalizeFigures(data);
  data.figures = []; // every field of a figure lives on in its mention
  // extract and validate cap their problems per file; normalize and check are capped here
  problems.push(...limitPerFile([...normalized.problems, ...checkMentions(normalized.mentions, data)]));
  if (errorsIn(problems).length > 0) return { tables: undefined, problems };
  return { tables: buildTables(normalized.mentions, data), problems };
}

/**
 * Each stage's input is unreachable once the next stage has read it, so a large raw/ never has its raw
 * rows, figures, mentions and published tables in memory all at once.
 */
export async function buildFromRaw(rawDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { tables, problems } = await readTables(rawDir);
  if (!tables || options.checkPublished === false) return { tables, problems };
  problems.push(...checkPublishedSchemas(tables));
  return { tables: errorsIn(problems).length > 0 ? undefined : tables, problems };
}

/** Build, or throw every problem at once. */
export async function buildOrThrow(
  rawDir: string,
  options: BuildOptions = {},
): Promise<{ tables: PublishedTables; warnings: Problem[] }> {
  const { tables, problems } = await buildFromRaw(rawDir, options);
  if (!tables) throw new ProblemsError(problems);
  return { tables, warnings: problems };
}
