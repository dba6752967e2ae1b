/** raw/package.json against its schema: the dataset's metadata, or its problems (the column is the JSON path). */
import { problem, type Problem } from '../../core/errors.js';
import { appendAll } from '../../core/group.js';
import { loadSchemas } from '../../core/schemas.js';
import { escapeChar, INVISIBLE } from '../../core/text.js';
import type { RawJson } from '../extract/load.js';
import type { DatasetMeta } from './records.js';

/** Every string of a JSON value with its JSON path (`/page/source_note`, `/keywords/3`). */
function* stringsOf(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [at || '/', value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsOf(value[i], `${at}/${i}`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      yield* stringsOf(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** The invisible characters of package.json's texts (a line break is allowed, as in a cell of a note). */
function invisibleProblems(json: RawJson): Problem[] {
  const problems: Problem[] = [];
  for (const [at, text] of stringsOf(json.value)) {
    const chars = [...text];
    const i = chars.findIndex((c) => c !== '\n' && INVISIBLE.test(c));
    if (i >= 0)
      problems.push(
        problem(
          'PACKAGE_INVISIBLE_CHARACTER',
          { text, char: escapeChar(chars[i]!), position: i + 1 },
          { file: json.file, column: at },
        ),
      );
  }
  return problems;
}

export function checkPackage(json: RawJson | undefined, problems: Problem[]): DatasetMeta | undefined {
  if (!json) return undefined; // extract reported why
  const invisible = invisibleProblems(json);
  appendAll(problems, invisible);
  const validate = loadSchemas().validatePackage;
  if (validate(json.value)) return invisible.length ? undefined : (json.value as DatasetMeta);
  for (const e of validate.errors ?? [])
    problems.push(
      problem(
        'PACKAGE_SCHEMA',
        {
          reason: `${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`,
        },
        { file: json.file, column: e.instancePath || '/' },
      ),
    );
  return undefined;
}
