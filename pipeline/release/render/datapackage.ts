/**
 * The Frictionless Data Package (v2) descriptor of a release: package metadata, and per resource its
 * path, format, mediatype, encoding, bytes, sha256 hash and Table Schema (derived from schemas/published).
 */
import { loadSchemas, PUBLISHED_TABLES } from '../../core/schemas.js';
import type { SourceRow } from '../../stages/tables/rows.js';
import type { DatasetMeta } from '../../stages/validate/records.js';
import type { FileInfo } from './files.js';
import { FORMATS, mediaTypeOfFormat, type FormatId } from './formats.js';
import { tableSchemaOf, type TableSchema } from './table-schema.js';

export { jsonSchemaOfTable, tableSchemaOf, tableSchemas } from './table-schema.js';
export type { TableSchema, TableSchemaField } from './table-schema.js';

export interface Resource {
  name: string;
  path: string;
  type: 'table';
  format: FormatId;
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
  homepage?: string;
  contributors?: { title: string; roles: string[]; path?: string }[];
  resources: Resource[];
  /** Everything raw/package.json says of the dataset, as published (its changes are PATCH releases). */
  'x-dataset'?: PublishedMeta;
}

/** The dataset's metadata as a release publishes it: raw/package.json without its `$schema`. */
export type PublishedMeta = Omit<DatasetMeta, never>;

export function publishedMeta(meta: DatasetMeta): PublishedMeta {
  const { $schema, ...rest } = meta as DatasetMeta & { $schema?: string };
  void $schema;
  return rest;
}

/** The package's `sources`: each source document's titles, and its URL where known. */
export const packageSources = (sources: SourceRow[]): DataPackage['sources'] =>
  sources.map((s) => ({
    title: `${s.title_zh} (${s.title_en})${s.series_zh ? `, ${s.series_zh}` : ''}`,
    ...(s.url ? { path: s.url } : {}),
  }));

/**
 * Every file of a release that holds tables, as resources, format by format (formats.ts): each table as CSV
 * (with foreign keys) and as JSON, and as a sheet of the workbook (one resource per sheet, its dialect naming
 * the sheet; the workbook has no text encoding).
 */
export function buildDataPackage(
  version: string,
  files: Map<string, FileInfo>,
  sources: SourceRow[],
  meta: DatasetMeta,
  rows: Record<string, number>,
): DataPackage {
  const { published } = loadSchemas();
  const resources: Resource[] = [];
  for (const format of FORMATS)
    for (const name of PUBLISHED_TABLES) {
      const schema = published[name];
      const path = format.path(name, meta.name);
      const content = files.get(path);
      if (content === undefined) throw new Error(`datapackage: ${path} is not among the release files`);
      resources.push({
        name: format.resourceName(name),
        path,
        type: 'table',
        format: format.id,
        mediatype: mediaTypeOfFormat(format),
        ...(format.encoding ? { encoding: format.encoding } : {}),
        bytes: content.bytes,
        hash: `sha256:${content.sha256}`,
        title: format.title(schema, name),
        ...(format.dialect ? { dialect: format.dialect(name, rows[name] ?? 0) } : {}),
        schema: tableSchemaOf(schema, format.foreignKeys),
      });
    }
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: meta.name,
    title: meta.title,
    description: meta.description,
    version,
    licenses: [meta.license],
    sources: packageSources(sources),
    keywords: meta.keywords,
    ...(meta.homepage ? { homepage: meta.homepage } : {}),
    contributors: [
      { title: meta.publisher.name, roles: ['publisher'], ...(meta.publisher.url ? { path: meta.publisher.url } : {}) },
    ],
    resources,
    'x-dataset': publishedMeta(meta),
  };
}
