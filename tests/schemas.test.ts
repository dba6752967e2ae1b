import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createAjv, listSchemaFiles } from '../pipeline/core/schemas.js';

interface Node {
  examples?: unknown[];
  'x-invalid-examples'?: unknown[];
  properties?: Record<string, Node>;
  items?: Node;
}

/** Every property schema that carries examples, with its path. */
function withExamples(node: Node, at: string, out: [string, Node][] = []): [string, Node][] {
  if (node.examples || node['x-invalid-examples']) out.push([at, node]);
  for (const [k, child] of Object.entries(node.properties ?? {})) withExamples(child, `${at}.${k}`, out);
  if (node.items) withExamples(node.items, `${at}[]`, out);
  return out;
}

describe.each(listSchemaFiles().map((f) => [f.split('/schemas/')[1]!, f]))('%s', (_name, file) => {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Node & { $schema: string };

  test('is draft 2020-12 and compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => createAjv().compile(schema)).not.toThrow();
  });

  // only schemas that carry examples get this test (the published table schemas carry few)
  const cases = withExamples(schema, '$');
  if (cases.length > 0)
    test('its examples hold and its invalid examples fail', () => {
      const ajv = createAjv();
      for (const [at, node] of cases) {
        const { examples, 'x-invalid-examples': bad, ...rest } = node;
        const validate = ajv.compile({ ...rest, properties: undefined, items: undefined });
        for (const good of examples ?? [])
          expect(validate(good), `${at}: ${JSON.stringify(good)} should pass`).toBe(true);
        for (const b of bad ?? []) expect(validate(b), `${at}: ${JSON.stringify(b)} should fail`).toBe(false);
      }
    });
});

describe('precompiled validators (make build)', () => {
  test('are stamped with the schemas they were made from, and judge as ajv does at run time', async () => {
    const { createRequire } = await import('node:module');
    const { PRECOMPILED, schemaFingerprint, readSchemaFiles } = await import('../pipeline/core/schemas.js');
    const module = createRequire(import.meta.url)(PRECOMPILED) as {
      fingerprint: string;
      validators: Record<string, (data: unknown) => boolean>;
    };
    expect(module.fingerprint).toBe(schemaFingerprint());
    const compiled = createAjv().compile(readSchemaFiles().raw_figures!);
    const row = {
      figure_id: 'edu-001',
      source_id: 'a',
      paragraph: '7',
      indicator_id: 'x',
      kind: 'actual',
      value_text: '17所',
    };
    for (const data of [row, { ...row, kind: 'goal' }, { ...row, paragraph: '0' }, {}]) {
      expect(module.validators.raw_figures!(data)).toBe(compiled(data));
    }
  });
});

describe('published table schemas', () => {
  // release/render/output.ts checks a published table one distinct value of a column at a time, which is the
  // same as checking its records only while a record's schema is this: an object of its properties, each
  // required, no other, and no rule that ties one property to another
  const STANDALONE_RECORD = new Set(['type', 'properties', 'required', 'additionalProperties']);
  const tables = listSchemaFiles().filter((f) => {
    const s = JSON.parse(readFileSync(f, 'utf8')) as { type?: string; items?: unknown };
    return f.includes('/published/') && s.type === 'array';
  });

  test.each(tables.map((f) => [f.split('/schemas/')[1]!, f]))(
    '%s checks each property of a record on its own',
    (_n, file) => {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
        items: Record<string, unknown> & { properties: Record<string, Record<string, unknown>>; required: string[] };
      };
      const arrayRules = Object.keys(schema).filter((k) => !k.startsWith('x-') && !k.startsWith('$'));
      expect(arrayRules.sort()).toEqual(['description', 'items', 'title', 'type']);
      expect(Object.keys(schema.items).sort()).toEqual([...STANDALONE_RECORD].sort());
      expect(schema.items.additionalProperties).toBe(false);
      expect([...schema.items.required].sort()).toEqual(Object.keys(schema.items.properties).sort());
      for (const property of Object.values(schema.items.properties))
        expect(
          Object.keys(property).filter((k) => ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if'].includes(k)),
        ).toEqual([]);
    },
  );
});
