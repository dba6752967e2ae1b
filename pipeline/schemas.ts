/**
 * JSON Schemas of every raw and published table (schemas/), compiled once with ajv.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The project root: the nearest folder above this module that holds package.json (works from build/ too). */
export const PROJECT_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();
export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schemas');

export const RAW_TABLES = ['sources', 'units', 'indicators', 'figures'] as const;
export type RawTableName = (typeof RAW_TABLES)[number];
export const PUBLISHED_TABLES = ['observations', 'indicators', 'units', 'sources', 'progress'] as const;
export type PublishedTableName = (typeof PUBLISHED_TABLES)[number];

export interface PropertySchema {
  type: string | string[];
  title?: string;
  'x-title-zh'?: string;
  description?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

/** A published table's schema: an array of records, columns in property order. */
export interface PublishedSchema {
  $id: string;
  title: string;
  description: string;
  'x-primary-key': string[];
  'x-foreign-keys': { fields: string[]; reference: { resource: string; fields: string[] } }[];
  items: { required: string[]; properties: Record<string, PropertySchema> };
}

export interface RawSchema {
  required: string[];
  properties: Record<string, PropertySchema & { examples?: unknown[]; 'x-invalid-examples'?: unknown[] }>;
}

/** Annotation keywords our schemas carry besides the standard ones. */
const ANNOTATIONS = ['x-title-zh', 'x-invalid-examples', 'x-primary-key', 'x-foreign-keys'];

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

function readJson<T = object>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export interface SchemaSet {
  raw: Record<RawTableName, RawSchema>;
  published: Record<PublishedTableName, PublishedSchema>;
  validateRaw: Record<RawTableName, ValidateFunction>;
  validatePublished: Record<PublishedTableName, ValidateFunction>;
  /** dist/releases.json */
  validateReleases: ValidateFunction;
  /** datapackage.json of a release */
  validateDataPackage: ValidateFunction;
}

let cached: SchemaSet | undefined;

/** Load and compile every schema in schemas/ (once per process). */
export function loadSchemas(): SchemaSet {
  if (cached) return cached;
  const ajv = createAjv();
  const raw = {} as SchemaSet['raw'];
  const validateRaw = {} as SchemaSet['validateRaw'];
  for (const name of RAW_TABLES) {
    raw[name] = readJson<RawSchema>(path.join(SCHEMA_DIR, 'raw', `${name}.schema.json`));
    validateRaw[name] = ajv.compile(raw[name]);
  }
  const published = {} as SchemaSet['published'];
  const validatePublished = {} as SchemaSet['validatePublished'];
  for (const name of PUBLISHED_TABLES) {
    published[name] = readJson<PublishedSchema>(path.join(SCHEMA_DIR, 'published', `${name}.schema.json`));
    validatePublished[name] = ajv.compile(published[name]);
  }
  const validateReleases = ajv.compile(readJson(path.join(SCHEMA_DIR, 'published', 'releases.schema.json')));
  const validateDataPackage = ajv.compile(readJson(path.join(SCHEMA_DIR, 'published', 'datapackage.schema.json')));
  cached = { raw, published, validateRaw, validatePublished, validateReleases, validateDataPackage };
  return cached;
}

/** Every schema file, for the CI check that they all compile and their examples hold. */
export function listSchemaFiles(): string[] {
  return ['raw', 'published'].flatMap((dir) =>
    readdirSync(path.join(SCHEMA_DIR, dir))
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => path.join(SCHEMA_DIR, dir, f)),
  );
}

/** Column names of a published table, in order. */
export function columnsOf(schema: PublishedSchema): string[] {
  return Object.keys(schema.items.properties);
}
