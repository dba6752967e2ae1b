/**
 * The TypeScript types of the published rows, generated from their JSON Schemas (schemas/published/), so a
 * column is declared once: in its table's schema. `make types` writes pipeline/core/tables.generated.ts
 * from here, and tests/structure.test.ts checks that file is current.
 *
 * How a column's JSON type becomes a TypeScript type: `string` (an `enum`: the union of its values), `integer`
 * a number, `boolean`, and `number` a string: the pipeline keeps exact decimals as their text (`1926000000`,
 * `96.16`) and writes them as JSON numbers only when it renders a file. A type that allows null adds `| null`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.js';
import { listSchemaFiles, type PropertySchema, type PublishedSchema } from './schemas.js';

export const ROW_TYPES_FILE = path.join(PROJECT_ROOT, 'pipeline', 'core', 'tables.generated.ts');

/** A published table's schema file as the generator reads it: its row type's name and its order among tables. */
interface TableSchemaFile extends PublishedSchema {
  'x-row-type': string;
  'x-table-order': number;
}

/** The published tables' schemas, in their order (`x-table-order`): the order of every release's files. */
export function publishedSchemaFiles(): [name: string, schema: TableSchemaFile][] {
  return listSchemaFiles()
    .filter((f) => path.basename(path.dirname(f)) === 'published')
    .map((f): [string, TableSchemaFile] => [
      path.basename(f, '.schema.json'),
      JSON.parse(readFileSync(f, 'utf8')) as TableSchemaFile,
    ])
    .filter(([, s]) => typeof s['x-row-type'] === 'string')
    .sort((a, b) => a[1]['x-table-order'] - b[1]['x-table-order']);
}

function tsType(p: PropertySchema): string {
  const types = Array.isArray(p.type) ? p.type : [p.type];
  const nullable = types.includes('null');
  const base = types.find((t) => t !== 'null') ?? 'string';
  let t: string;
  if (p.enum)
    t = p.enum
      .filter((v) => v !== null)
      .map((v) => JSON.stringify(v))
      .join(' | ');
  else if (base === 'integer') t = 'number';
  else if (base === 'boolean') t = 'boolean';
  else t = 'string'; // string, and number kept as its exact decimal text
  return nullable ? `${t} | null` : t;
}

const comment = (text: string | undefined, indent: string) =>
  text ? `${indent}/** ${text.replace(/\*\//g, '* /').replace(/\s+/g, ' ')} */\n` : '';

/** The generated module's text. */
export function renderRowTypes(): string {
  const tables = publishedSchemaFiles();
  const out: string[] = [
    '// Generated from schemas/published/*.schema.json by `make types` (pipeline/core/row-types.ts); do not edit.',
    '// A `number` column is held as its exact decimal text; files write it as a JSON number.',
    '',
  ];
  for (const [, schema] of tables) {
    out.push(comment(schema.title, '').trimEnd(), `export interface ${schema['x-row-type']} {`);
    for (const [column, p] of Object.entries(schema.items.properties))
      out.push(`${comment(p.title, '  ')}  ${column}: ${tsType(p)};`);
    out.push('}', '');
  }
  out.push(
    '/** The published tables, in the order of every release (datapackage.json, the content hash, the workbook). */',
    `export const PUBLISHED_TABLES = [${tables.map(([n]) => `'${n}'`).join(', ')}] as const;`,
    'export type PublishedTableName = (typeof PUBLISHED_TABLES)[number];',
    '',
    '/** Every published table, by name, with its rows. */',
    'export interface PublishedTables {',
    ...tables.map(([n, s]) => `  ${n}: ${s['x-row-type']}[];`),
    '}',
    '',
  );
  return out.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

/** The generated module as it is committed: formatted as the repository's prettier configuration says. */
export async function formattedRowTypes(): Promise<string> {
  // prettier is a development dependency: loaded only where the types are generated or checked
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(ROW_TYPES_FILE)) ?? {};
  return prettier.format(renderRowTypes(), { ...config, filepath: ROW_TYPES_FILE });
}
