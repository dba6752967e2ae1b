/**
 * Frictionless Table Schemas of the published tables, derived from their JSON Schemas (schemas/published/): the
 * schema a release declares for each table in datapackage.json, and back from it the JSON Schema its JSON file is
 * checked against by verify (a release is checked against its own declaration, not the code's schemas of today).
 */
import {
  loadSchemas,
  PUBLISHED_TABLES,
  type PropertySchema,
  type PublishedSchema,
  type PublishedTableName,
} from '../../core/schemas.js';

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
