/**
 * The Frictionless Data Package (v2) descriptor of a release: package metadata, and per resource its
 * path, format, mediatype, encoding, bytes, sha256 hash and Table Schema (derived from schemas/published).
 */
import {
  loadSchemas,
  PUBLISHED_TABLES,
  type PropertySchema,
  type PublishedSchema,
  type PublishedTableName,
} from '../../core/schemas.js';
import type { SourceRow } from '../../stages/tables/rows.js';
import type { DatasetMeta } from '../../stages/validate/records.js';
import type { FileInfo } from './files.js';

export interface TableSchemaField {
  name: string;
  type: string;
  format?: string;
  title?: string;
  description?: string;
  'x-title-zh'?: string;
  constraints?: Record<string, unknown>;
}

export interface TableSchema {
  fields: TableSchemaField[];
  missingValues: string[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

export interface Resource {
  name: string;
  path: string;
  type: 'table';
  format: 'csv' | 'json' | 'xlsx';
  mediatype: string;
  encoding?: 'utf-8';
  bytes: number;
  hash: string;
  title?: string;
  description?: string;
  dialect?: Record<string, unknown>;
  schema: TableSchema;
}

export interface DataPackage {
  $schema: string;
  name: string;
  title: string;
  description: string;
  version: string;
  licenses: { name: string; path: string; title: string }[];
  sources: { title: string; path?: string }[];
  keywords: string[];
  resources: Resource[];
}

function tableType(p: PropertySchema): { type: string; format?: string } {
  const t = (Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type) ?? 'string';
  if (t === 'string' && p.format === 'date') return { type: 'date' };
  return { type: t };
}

/** JSON Schema of a published table -> Frictionless Table Schema. */
export function tableSchemaOf(schema: PublishedSchema, withForeignKeys = true): TableSchema {
  const required = new Set(schema.items.required);
  const fields = Object.entries(schema.items.properties).map(([name, p]): TableSchemaField => {
    const nullable = Array.isArray(p.type) && p.type.includes('null');
    const constraints: Record<string, unknown> = {};
    if (required.has(name) && !nullable) constraints.required = true;
    if (p.enum) constraints.enum = p.enum.filter((v) => v !== null);
    if (p.pattern) constraints.pattern = p.pattern;
    if (p.minimum !== undefined) constraints.minimum = p.minimum;
    if (p.maximum !== undefined) constraints.maximum = p.maximum;
    if (p.minLength !== undefined) constraints.minLength = p.minLength;
    if (schema['x-primary-key'].length === 1 && schema['x-primary-key'][0] === name) constraints.unique = true;
    return {
      name,
      ...tableType(p),
      ...(p.title ? { title: p.title } : {}),
      ...(p.description ? { description: p.description } : {}),
      ...(p['x-title-zh'] ? { 'x-title-zh': p['x-title-zh'] } : {}),
      ...(Object.keys(constraints).length ? { constraints } : {}),
    };
  });
  return {
    fields,
    missingValues: [''],
    primaryKey: schema['x-primary-key'],
    ...(withForeignKeys && schema['x-foreign-keys'].length ? { foreignKeys: schema['x-foreign-keys'] } : {}),
  };
}

/** A JSON Schema for the JSON file of a table, from its Table Schema: what a release's own datapackage.json says. */
export function jsonSchemaOfTable(table: TableSchema): object {
  const properties: Record<string, object> = {};
  for (const f of table.fields) {
    const c = f.constraints ?? {};
    const type = f.type === 'date' ? 'string' : f.type;
    const nullable = c.required !== true;
    properties[f.name] = {
      type: nullable ? [type, 'null'] : type,
      ...(f.type === 'date' ? { format: 'date' } : {}),
      ...(Array.isArray(c.enum) ? { enum: nullable ? [...c.enum, null] : c.enum } : {}),
      ...(typeof c.pattern === 'string' ? { pattern: c.pattern } : {}),
      ...(typeof c.minimum === 'number' ? { minimum: c.minimum } : {}),
      ...(typeof c.maximum === 'number' ? { maximum: c.maximum } : {}),
      ...(typeof c.minLength === 'number' ? { minLength: c.minLength } : {}),
    };
  }
  const names = table.fields.map((f) => f.name);
  return { type: 'array', items: { type: 'object', additionalProperties: false, required: names, properties } };
}

/** Table Schemas of every published table, by table name. */
export function tableSchemas(): Record<PublishedTableName, TableSchema> {
  const { published } = loadSchemas();
  return Object.fromEntries(PUBLISHED_TABLES.map((n) => [n, tableSchemaOf(published[n])])) as Record<
    PublishedTableName,
    TableSchema
  >;
}

/** The package's `sources`: each source document's titles, and its URL where known. */
export const packageSources = (sources: SourceRow[]): DataPackage['sources'] =>
  sources.map((s) => ({
    title: `${s.title_zh} (${s.title_en})${s.series_zh ? `, ${s.series_zh}` : ''}`,
    ...(s.url ? { path: s.url } : {}),
  }));

export const XLSX_MEDIATYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Every file of a release as a resource: each table as CSV (with foreign keys) and as JSON, and as a sheet of
 * the workbook (one resource per sheet, its dialect naming the sheet; the workbook has no text encoding).
 */
export function buildDataPackage(
  version: string,
  files: Map<string, FileInfo>,
  sources: SourceRow[],
  meta: DatasetMeta,
): DataPackage {
  const { published } = loadSchemas();
  const resources: Resource[] = [];
  const describe = (p: string) => {
    const content = files.get(p);
    if (content === undefined) throw new Error(`datapackage: ${p} is not among the release files`);
    return { bytes: content.bytes, hash: `sha256:${content.sha256}` };
  };
  for (const name of PUBLISHED_TABLES) {
    const schema = published[name];
    resources.push({
      name,
      path: `${name}.csv`,
      type: 'table',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      ...describe(`${name}.csv`),
      title: schema.title,
      dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
      schema: tableSchemaOf(schema),
    });
  }
  for (const name of PUBLISHED_TABLES) {
    resources.push({
      name: `${name}-json`,
      path: `${name}.json`,
      type: 'table',
      format: 'json',
      mediatype: 'application/json',
      encoding: 'utf-8',
      ...describe(`${name}.json`),
      title: `${published[name].title} (JSON)`,
      schema: tableSchemaOf(published[name], false),
    });
  }
  const workbook = [...files.keys()].find((p) => p.endsWith('.xlsx'));
  if (workbook)
    for (const name of PUBLISHED_TABLES)
      resources.push({
        name: `${name}-xlsx`,
        path: workbook,
        type: 'table',
        format: 'xlsx',
        mediatype: XLSX_MEDIATYPE,
        ...describe(workbook),
        title: `${published[name].title} (sheet ${name} of the workbook)`,
        dialect: { header: true, sheetName: name },
        schema: tableSchemaOf(published[name], false),
      });
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: meta.name,
    title: meta.title,
    description: meta.description,
    version,
    licenses: [meta.license],
    sources: packageSources(sources),
    keywords: meta.keywords,
    resources,
  };
}
