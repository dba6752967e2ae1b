/**
 * JSON Schemas of every raw and published table (schemas/), compiled with ajv.
 *
 * Compiling them is a large part of starting the CLI. So `make build` also compiles them ahead of
 * time into standalone validators (build/schemas/validators.cjs, see compile-schemas.ts), stamped with a
 * hash of the schema files; they are used when the stamp matches, and ajv compiles at run time otherwise.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020 as Ajv2020Type, ValidateFunction } from 'ajv/dist/2020.js';
import { uri } from './formats.cjs';
import { PROJECT_ROOT } from './paths.js';
import { RAW_TABLES, type RawTableName } from './raw-tables.js';
import { PUBLISHED_TABLES, type PublishedTableName } from './tables.generated.js';

const require = createRequire(import.meta.url);

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schemas');

export { RAW_TABLES, type RawTableName } from './raw-tables.js';
export { PUBLISHED_TABLES, type PublishedTableName } from './tables.generated.js';

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
  properties: Record<
    string,
    PropertySchema & { examples?: unknown[]; 'x-invalid-examples'?: unknown[]; 'x-expected'?: string }
  >;
}

/** Annotation keywords our schemas carry besides the standard ones. */
const ANNOTATIONS = [
  'x-title-zh',
  'x-invalid-examples',
  'x-expected',
  'x-primary-key',
  'x-foreign-keys',
  'x-row-type',
  'x-table-order',
];

/** An ajv instance for our schemas; `source` keeps the generated code for standalone validators. */
export function createAjv(options: { source?: boolean } = {}): Ajv2020Type {
  // required on demand: loading ajv costs time that a start with precompiled validators saves
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const { _ } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    // the precompiled validators (build/schemas/) find the formats in build/pipeline/core/formats.cjs
    ...(options.source ? { code: { source: true, formats: _`require("../pipeline/core/formats.cjs").formats` } } : {}),
  });
  addFormats(ajv);
  ajv.addFormat('uri', uri);
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

export interface SchemaSet {
  raw: Record<RawTableName, RawSchema>;
  published: Record<PublishedTableName, PublishedSchema>;
  validateRaw: Record<RawTableName, ValidateFunction>;
  validatePublished: Record<PublishedTableName, ValidateFunction>;
  /** raw/package.json */
  validatePackage: ValidateFunction;
  /** dist/releases.json */
  validateReleases: ValidateFunction;
  /** datapackage.json of a release */
  validateDataPackage: ValidateFunction;
}

/** Every schema file's bytes by a short name (`raw_figures`, `published_observations`), as read from schemas/. */
export function readSchemaBytes(): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const file of listSchemaFiles())
    out[`${path.basename(path.dirname(file))}_${path.basename(file, '.schema.json')}`] = readFileSync(file);
  return out;
}

const textsOf = (bytes: Record<string, Buffer>) =>
  Object.fromEntries(Object.entries(bytes).map(([name, b]) => [name, b.toString('utf8')]));

/** Every schema file's text by a short name, as read from schemas/. */
export const readSchemaTexts = (): Record<string, string> => textsOf(readSchemaBytes());

const parsed = (texts: Record<string, string>) =>
  Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, JSON.parse(text) as { $id: string }]));

/** Every schema by a short name, as parsed from schemas/. */
export const readSchemaFiles = (): Record<string, { $id: string }> => parsed(readSchemaTexts());

/**
 * The short names and references of the validators of a table's columns, one per property of its records:
 * `published_observations.value` for `<$id>#/items/properties/value`, `raw_figures.kind` for
 * `<$id>#/properties/kind` (a raw schema is of one row, a published one of an array of them).
 */
export function columnRefs(short: string, schema: { $id: string }): [string, string][] {
  const table = schema as unknown as { items?: { properties: object }; properties?: object };
  const [properties, pointer] = table.items
    ? [table.items.properties, '#/items/properties/']
    : [table.properties ?? {}, '#/properties/'];
  return Object.keys(properties).map((column) => [
    `${short}.${column}`,
    `${schema.$id}${pointer}${column.replaceAll('~', '~0').replaceAll('/', '~1')}`,
  ]);
}

export const PRECOMPILED = path.join(PROJECT_ROOT, 'build', 'schemas', 'validators.cjs');
/**
 * The validators of each column on its own (columnValidators), in a file of their own: only a long table needs
 * them, and loading them with the others cost every command about 9 ms at start-up.
 */
export const PRECOMPILED_COLUMNS = path.join(PROJECT_ROOT, 'build', 'schemas', 'column-validators.cjs');

/**
 * Precompiled validators by short name from `file`, if they were made from the schemas as they are now: the bytes of
 * the schema files they were made from are beside them (`<file>.schemas`, stampOf), compared whole. Kept out of the
 * module, because its V8 code cache held them too, a third larger, and every short command was about 8 ms slower
 * (docs/performance.md); compared as bytes, because hashing them in JavaScript at start-up costs about 3 ms.
 */
function precompiled(file: string, bytes: Record<string, Buffer>): Record<string, ValidateFunction> | undefined {
  if (!existsSync(file) || !existsSync(`${file}.schemas`)) return undefined;
  if (!readFileSync(`${file}.schemas`).equals(stampOf(bytes))) return undefined;
  return (require(file) as PrecompiledModule).validators;
}

/** What compile-schemas.ts writes beside the validators (`<file>.schemas`): each schema's name and bytes, in turn. */
export const stampOf = (bytes: Record<string, Buffer>): Buffer =>
  Buffer.concat(Object.entries(bytes).flatMap(([name, b]) => [Buffer.from(`\n${name} ${b.length}\n`), b]));

/** What compile-schemas.ts writes: the validators. */
export interface PrecompiledModule {
  validators: Record<string, ValidateFunction>;
}

/** A validator by short name: precompiled where `ready` has it, else compiled by ajv from its reference. */
function validatorsFrom(
  ready: Record<string, ValidateFunction> | undefined,
  schemas: Record<string, { $id: string }>,
): (name: string, ref?: string) => ValidateFunction {
  let ajv: Ajv2020Type | undefined;
  return (name, ref = schemas[name]!.$id) => {
    const found = ready?.[name];
    if (found) return found;
    if (!ajv) {
      ajv = createAjv();
      for (const schema of Object.values(schemas)) ajv.addSchema(schema);
    }
    return ajv.getSchema(ref)!;
  };
}

let files: { bytes: Record<string, Buffer>; schemas: Record<string, { $id: string }> } | undefined;

/** The schema files, read and parsed once per process (the validators and the column validators both need them). */
function schemaFiles(): NonNullable<typeof files> {
  if (files) return files;
  const bytes = readSchemaBytes();
  return (files = { bytes, schemas: parsed(textsOf(bytes)) });
}

let cached: SchemaSet | undefined;

/** Load every schema in schemas/ and its validator (once per process). */
export function loadSchemas(): SchemaSet {
  if (cached) return cached;
  const { bytes, schemas } = schemaFiles();
  const validator = validatorsFrom(precompiled(PRECOMPILED, bytes), schemas);
  const raw = {} as SchemaSet['raw'];
  const validateRaw = {} as SchemaSet['validateRaw'];
  for (const { name } of RAW_TABLES) {
    raw[name] = schemas[`raw_${name}`] as unknown as RawSchema;
    validateRaw[name] = validator(`raw_${name}`);
  }
  const published = {} as SchemaSet['published'];
  const validatePublished = {} as SchemaSet['validatePublished'];
  for (const name of PUBLISHED_TABLES) {
    published[name] = schemas[`published_${name}`] as unknown as PublishedSchema;
    validatePublished[name] = validator(`published_${name}`);
  }
  cached = {
    raw,
    published,
    validateRaw,
    validatePublished,
    validatePackage: validator('raw_package'),
    validateReleases: validator('published_releases'),
    validateDataPackage: validator('published_datapackage'),
  };
  return cached;
}

/** Each column of each table against its own property schema. */
export interface ColumnValidators {
  /** A raw table's columns by name (validate/schema-check.ts QuickCheck). */
  raw: Record<RawTableName, Map<string, ValidateFunction>>;
  /** A published table's columns, in column order (release/render/output.ts tableHolds). */
  published: Record<PublishedTableName, ValidateFunction[]>;
}

let cachedColumns: ColumnValidators | undefined;

/** The validators of every column on its own, loaded the first time a long table asks for them. */
export function columnValidators(): ColumnValidators {
  if (cachedColumns) return cachedColumns;
  const { bytes, schemas } = schemaFiles();
  const validator = validatorsFrom(precompiled(PRECOMPILED_COLUMNS, bytes), schemas);
  const raw = {} as ColumnValidators['raw'];
  for (const { name } of RAW_TABLES)
    raw[name] = new Map(
      columnRefs(`raw_${name}`, schemas[`raw_${name}`]!).map(([short, ref]) => [
        short.slice(short.indexOf('.') + 1),
        validator(short, ref),
      ]),
    );
  const published = {} as ColumnValidators['published'];
  for (const name of PUBLISHED_TABLES)
    published[name] = columnRefs(`published_${name}`, schemas[`published_${name}`]!).map(([short, ref]) =>
      validator(short, ref),
    );
  return (cachedColumns = { raw, published });
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
