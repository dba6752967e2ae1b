/**
 * The stages in order: extract -> validate -> normalize -> check -> tables, then every published table
 * checked against its JSON Schema. Returns the tables, or every problem found; writes nothing.
 */
import { limitPerFile, ProblemsError, SchemaError, type Problem } from './errors.js';
import { loadRawTables } from './extract.js';
import { checkMentions } from './check.js';
import { normalizeFigures } from './normalize.js';
import { toJsonRecords } from './output.js';
import { loadSchemas, PUBLISHED_TABLES } from './schemas.js';
import { buildTables, type PublishedTables } from './tables.js';
import { validateRaw } from './validate.js';

export interface BuildResult {
  tables: PublishedTables | undefined;
  /** Errors and warnings together; `tables` is undefined when any is an error. */
  problems: Problem[];
}

export const errorsIn = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');

/** Every published table against its schema: a bug in the pipeline, not in raw/, if this fails. */
export function checkPublishedSchemas(tables: PublishedTables): Problem[] {
  const { validatePublished } = loadSchemas();
  const problems: Problem[] = [];
  for (const name of PUBLISHED_TABLES) {
    const validate = validatePublished[name];
    if (!validate(toJsonRecords(tables, name)))
      for (const e of validate.errors?.slice(0, 20) ?? [])
        problems.push(
          new SchemaError('SCHEMA_PUBLISHED', `${name}.json${e.instancePath}: ${e.message}`, {
            file: `schemas/published/${name}.schema.json`,
          }).toProblem(),
        );
  }
  return problems;
}

export async function buildFromRaw(rawDir: string): Promise<BuildResult> {
  const loaded = await loadRawTables(rawDir);
  const validated = validateRaw(loaded.tables);
  const normalized = normalizeFigures(validated.data);
  // extract and validate cap their problems per file; normalize and check are capped here
  const problems = [
    ...loaded.problems,
    ...validated.problems,
    ...limitPerFile([...normalized.problems, ...checkMentions(normalized.mentions, validated.data)]),
  ];
  if (errorsIn(problems).length > 0) return { tables: undefined, problems };
  const tables = buildTables(normalized.mentions, validated.data);
  problems.push(...checkPublishedSchemas(tables));
  return { tables: errorsIn(problems).length > 0 ? undefined : tables, problems };
}

/** Build, or throw every problem at once. */
export async function buildOrThrow(rawDir: string): Promise<{ tables: PublishedTables; warnings: Problem[] }> {
  const { tables, problems } = await buildFromRaw(rawDir);
  if (!tables) throw new ProblemsError(problems);
  return { tables, warnings: problems };
}
