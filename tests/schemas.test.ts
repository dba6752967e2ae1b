import { readFileSync } from 'node:fs';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { plainUri, uri } from '../pipeline/core/formats.cjs';
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
    const { readFileSync } = await import('node:fs');
    const { PRECOMPILED, readSchemaBytes, readSchemaFiles, stampOf } = await import('../pipeline/core/schemas.js');
    const module = createRequire(import.meta.url)(PRECOMPILED) as {
      validators: Record<string, (data: unknown) => boolean>;
    };
    const bytes = readSchemaBytes();
    expect(readFileSync(`${PRECOMPILED}.schemas`).equals(stampOf(bytes))).toBe(true);
    // an edit of one character, even one that keeps the length, or a schema renamed, is another stamp
    const edited = { ...bytes, raw_figures: Buffer.from(bytes.raw_figures!.toString().replace('"', "'")) };
    expect(stampOf(edited).equals(stampOf(bytes))).toBe(false);
    const { raw_areas, ...others } = bytes;
    expect(stampOf({ ...others, raw_area: raw_areas! }).equals(stampOf(bytes))).toBe(false);
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

describe('the uri format (core/formats.cts)', () => {
  const fullUri = fullFormats.uri as (text: string) => boolean;
  const chars = (set: string, maxLength = 12) => fc.string({ unit: fc.constantFrom(...set), maxLength });
  const unreserved = 'abcXYZ019-._~';
  const subDelims = "!$&'()*+,;=";
  // URIs in the plain form the shortcut accepts, built from RFC 3986's pieces
  const plain = fc
    .tuple(
      fc.constantFrom('http', 'https', 'ftp', 'a+b.c-d', 'S3'),
      chars(unreserved + subDelims),
      fc.option(chars('0123456789', 5)),
      fc.array(chars(unreserved + subDelims + ':@'), { maxLength: 4 }),
      fc.option(chars(unreserved + subDelims + ':@/?')),
      fc.option(chars(unreserved + subDelims + ':@/?')),
    )
    .map(
      ([scheme, host, port, segments, query, fragment]) =>
        `${scheme}://${host}${port === null ? '' : `:${port}`}${segments.map((s) => `/${s}`).join('')}` +
        `${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`,
    );

  test('every plain URI is a URI by the full RFC 3986 pattern, and the shortcut accepts it', () => {
    fc.assert(
      fc.property(plain, (text) => {
        expect(plainUri(text), text).toBe(true);
        expect(fullUri(text), text).toBe(true);
      }),
    );
  });

  test('on any text, the format judges as ajv-formats does: the shortcut never lets through what the full pattern refuses', () => {
    const anyText = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."ahz09:/?#[]@!$&'()*+,;=%-._~ \u00e9\u5e02") }),
      plain.map((t) => t.replace(/[a-z]/, (c) => (c === 'a' ? '%' : ' '))),
      fc.string(),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        expect(uri(text), text).toBe(fullUri(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('a URL with escapes, userinfo or an IP literal is still judged by the full pattern', () => {
    for (const good of [
      'https://user@example.org/',
      'http://[::1]:8080/x',
      'https://e.org/%E5%B7%B4',
      'urn:isbn:0451450523',
    ])
      expect([good, uri(good)]).toEqual([good, true]);
    for (const bad of ['https://e.org/a b', 'https://e.org/%zz', 'no scheme', 'https://例.中国/'])
      expect([bad, uri(bad)]).toEqual([bad, false]);
  });
});
