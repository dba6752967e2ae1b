/** raw/package.json against its schema: the dataset's metadata, or its problems (the column is the JSON path). */
import { problem, type Problem } from '../../core/errors.js';
import { loadSchemas } from '../../core/schemas.js';
import type { RawJson } from '../extract/load.js';
import type { DatasetMeta } from './records.js';

export function checkPackage(json: RawJson | undefined, problems: Problem[]): DatasetMeta | undefined {
  if (!json) return undefined; // extract reported why
  const validate = loadSchemas().validatePackage;
  if (validate(json.value)) return json.value as DatasetMeta;
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
