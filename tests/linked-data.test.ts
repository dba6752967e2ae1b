/**
 * The dataset described for machines: the schema.org Dataset JSON-LD in index.html and the DCAT catalog
 * dist/catalog.jsonld, as `publish` writes them. Both parse, carry the fields search engines and DCAT
 * harvesters read, and list every file of the newest release with its size and SHA-256; the DCAT file also
 * reads as RDF (the jsonld library, in safe mode, so a term that maps to nothing fails the test).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import jsonld from 'jsonld';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { contentTypeOf } from '../pipeline/service/serve.js';
import { cli, copyRaw, RAW, readJson, tempDir } from './helpers.js';

interface RawPackage {
  title: string;
  title_zh: string;
  description: string;
  description_zh: string;
  keywords: string[];
  license: { path: string };
  publisher: { name: string; url?: string };
}
const PACKAGE = JSON.parse(readFileSync(path.join(RAW, 'package.json'), 'utf8')) as RawPackage;

/** Parsed JSON-LD, read field by field. */
type Json = Record<string, any>;

let dist: string;
let version: string;
let releaseFiles: Map<string, Buffer>;
let observations: { area_code: string; period_start: string; period_end: string }[];

async function filesOf(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory())
      for (const [k, v] of await filesOf(path.join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(prefix + e.name, await readFile(path.join(dir, e.name)));
  }
  return out;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The page's JSON-LD block, parsed. */
function pageDataset(html: string): Json {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([^]*?)<\/script>/g)];
  expect(blocks.length).toBe(1);
  return JSON.parse(blocks[0]![1]!) as Json;
}

async function load(d: string) {
  const releases = await readJson<{ releases: { version: string; date: string }[] }>(path.join(d, 'releases.json'));
  version = releases.releases.at(-1)!.version;
  releaseFiles = await filesOf(path.join(d, version));
  observations = await readJson(path.join(d, version, 'observations.json'));
}

beforeAll(async () => {
  dist = path.join(await tempDir('linked-data-'), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  await load(dist);
});

const span = () => ({
  start: observations.map((o) => o.period_start).sort()[0]!,
  end: observations
    .map((o) => o.period_end)
    .sort()
    .at(-1)!,
});

describe('index.html: a schema.org Dataset', () => {
  test('names the dataset, its version, licence, publisher, areas, periods and keywords', async () => {
    const ld = pageDataset(await readFile(path.join(dist, 'index.html'), 'utf8'));
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('Dataset');
    expect(ld.name).toBe(PACKAGE.title);
    expect(ld.alternateName).toBe(PACKAGE.title_zh);
    expect(ld.description).toBe(PACKAGE.description);
    expect(ld.version).toBe(version);
    expect(ld.license).toBe(PACKAGE.license.path);
    expect(ld.publisher).toMatchObject({ '@type': 'Organization', name: PACKAGE.publisher.name });
    expect(ld.keywords).toEqual(PACKAGE.keywords);
    const codes = [...new Set(observations.map((o) => o.area_code))].sort();
    expect(ld.spatialCoverage.map((p: Json) => p.identifier)).toEqual(
      codes.map((value) => ({ '@type': 'PropertyValue', propertyID: 'GB/T 2260', value })),
    );
    const { start, end } = span();
    expect(ld.temporalCoverage).toBe(`${start}/${end}`);
    expect(ld.temporalCoverage).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
  });

  test('a DataDownload for every file of the newest release: its URL, media type, size and SHA-256', async () => {
    const ld = pageDataset(await readFile(path.join(dist, 'index.html'), 'utf8'));
    const downloads = ld.distribution as Json[];
    expect(downloads.map((d) => d.name).sort()).toEqual([...releaseFiles.keys()].sort());
    for (const d of downloads) {
      const bytes = releaseFiles.get(d.name)!;
      expect(d['@type']).toBe('DataDownload');
      expect(d.contentUrl).toBe(`${version}/${d.name}`);
      expect(existsSync(path.join(dist, d.contentUrl))).toBe(true); // relative to the page, which sits in dist/
      expect(d.encodingFormat).toBe(contentTypeOf(d.name).split(';')[0]); // what serve sends it as
      expect(d.contentSize).toBe(`${bytes.length} B`);
      expect(d.sha256).toBe(sha256(bytes));
    }
  });

  test('is JSON-LD: it expands, in safe mode, with every property kept', async () => {
    const ld = pageDataset(await readFile(path.join(dist, 'index.html'), 'utf8'));
    // no network here: schema.org's context stands in as its vocabulary, which is what it maps terms to
    const documentLoader = async (url: string) => {
      if (!/^https?:\/\/schema\.org\/?$/.test(url)) throw new Error(`unexpected context ${url}`);
      return { contextUrl: undefined, documentUrl: url, document: { '@context': { '@vocab': 'https://schema.org/' } } };
    };
    const expanded = (await jsonld.expand(ld, { documentLoader, safe: true } as jsonld.Options.Expand)) as Json[];
    expect(expanded[0]!['@type']).toEqual(['https://schema.org/Dataset']);
    expect(expanded[0]!['https://schema.org/distribution']).toHaveLength(releaseFiles.size);
  });
});

/** The DCAT catalog as RDF, read as a harvester would from its URL (which relative URLs resolve against). */
const BASE = 'https://data.example.org/dist/catalog.jsonld';
const DCAT = 'http://www.w3.org/ns/dcat#';

async function quads(doc: Json): Promise<string[]> {
  const options = { base: BASE, format: 'application/n-quads', safe: true } as jsonld.Options.ToRdf;
  const nq = (await jsonld.toRDF(doc, options)) as unknown as string;
  return nq.trim().split('\n');
}

describe('dist/catalog.jsonld: a DCAT catalog', () => {
  test('one dcat:Catalog holding one dcat:Dataset with titles and descriptions in English and Chinese', async () => {
    const cat = await readJson<Json>(path.join(dist, 'catalog.jsonld'));
    expect(cat['@type']).toBe('dcat:Catalog');
    expect(cat['@context'].dcat).toBe(DCAT);
    expect(cat['dcat:dataset']).toHaveLength(1);
    const ds = cat['dcat:dataset'][0] as Json;
    expect(ds['@type']).toBe('dcat:Dataset');
    expect(ds['dct:title']).toEqual([
      { '@value': PACKAGE.title, '@language': 'en' },
      { '@value': PACKAGE.title_zh, '@language': 'zh-CN' },
    ]);
    expect(ds['dct:description']).toEqual([
      { '@value': PACKAGE.description, '@language': 'en' },
      { '@value': PACKAGE.description_zh, '@language': 'zh-CN' },
    ]);
    expect(ds['dct:license']).toEqual({ '@id': PACKAGE.license.path });
    expect(ds['dct:publisher']['foaf:name']).toBe(PACKAGE.publisher.name);
    expect(ds['dcat:keyword']).toEqual(PACKAGE.keywords);
    expect(ds['owl:versionInfo']).toBe(version);
    const codes = [...new Set(observations.map((o) => o.area_code))].sort();
    expect(ds['dct:spatial'].map((l: Json) => l['dct:identifier'])).toEqual(codes);
    const { start, end } = span();
    expect(ds['dct:temporal']).toEqual({
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': { '@value': start, '@type': 'xsd:date' },
      'dcat:endDate': { '@value': end, '@type': 'xsd:date' },
    });
  });

  test('a dcat:Distribution per file of the newest release, with its URL, media type, byte size and SHA-256', async () => {
    const ds = (await readJson<Json>(path.join(dist, 'catalog.jsonld')))['dcat:dataset'][0] as Json;
    const distributions = ds['dcat:distribution'] as Json[];
    expect(distributions.map((d) => d['dct:title']).sort()).toEqual([...releaseFiles.keys()].sort());
    for (const d of distributions) {
      const file = d['dct:title'] as string;
      const bytes = releaseFiles.get(file)!;
      expect(d['dcat:downloadURL']).toEqual({ '@id': `${version}/${file}` });
      expect(d['dcat:accessURL']).toEqual({ '@id': `${version}/${file}` });
      expect(d['dcat:mediaType']).toEqual({
        '@id': `http://www.iana.org/assignments/media-types/${contentTypeOf(file).split(';')[0]}`,
      });
      expect(d['dcat:byteSize']).toEqual({ '@value': String(bytes.length), '@type': 'xsd:nonNegativeInteger' });
      expect(d['spdx:checksum']).toEqual({
        '@type': 'spdx:Checksum',
        'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
        'spdx:checksumValue': { '@value': sha256(bytes), '@type': 'xsd:hexBinary' },
      });
    }
  });

  test('reads as RDF: full DCAT IRIs, download URLs resolved against the catalog URL, sizes and digests typed', async () => {
    const lines = await quads(await readJson<Json>(path.join(dist, 'catalog.jsonld')));
    const type = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
    expect(lines.filter((l) => l.endsWith(`${type} <${DCAT}Catalog> .`))).toEqual([
      `<${BASE}> ${type} <${DCAT}Catalog> .`,
    ]);
    expect(lines.filter((l) => l.endsWith(`${type} <${DCAT}Distribution> .`))).toHaveLength(releaseFiles.size);
    const base = BASE.slice(0, BASE.lastIndexOf('/') + 1);
    for (const [file, bytes] of releaseFiles) {
      expect(
        lines.some((l) => l.includes(`<${DCAT}downloadURL> <${base}${version}/${file}> .`)),
        file,
      ).toBe(true);
      expect(lines.some((l) => l.includes(`"${sha256(bytes)}"^^<http://www.w3.org/2001/XMLSchema#hexBinary>`))).toBe(
        true,
      );
      expect(
        lines.some((l) => l.includes(`<${DCAT}byteSize> "${bytes.length}"^^<http://www.w3.org/2001/XMLSchema#`)),
      ).toBe(true);
    }
  });

  test('the RDF check would catch a term that maps to nothing (safe mode drops nothing silently)', async () => {
    const cat = await readJson<Json>(path.join(dist, 'catalog.jsonld'));
    await expect(quads({ ...cat, byteSize: 1 })).rejects.toThrow();
  });
});

describe('both are written again at each publish', () => {
  test('a second release: the page and the catalog list its files, and the other release is left alone', async () => {
    const d = path.join(await tempDir('linked-data-2-'), 'dist');
    const raw = await copyRaw();
    expect((await cli('publish', '--raw', raw, '--dist', d, '--untraced')).code).toBe(0);
    const before = await readFile(path.join(d, 'catalog.jsonld'), 'utf8');
    const file = path.join(raw, 'units.csv');
    const rows = parse(await readFile(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    rows[0]!.note = `${rows[0]!.note} (corrected in a test)`;
    await writeFile(file, stringify(rows, { header: true, columns: Object.keys(rows[0]!) }));
    const second = await cli('publish', '--raw', raw, '--dist', d, '--untraced');
    expect(second.code, second.err).toBe(0);
    await load(d);
    expect(version).toBe('1.0.1');
    const cat = await readJson<Json>(path.join(d, 'catalog.jsonld'));
    expect(JSON.stringify(cat)).not.toBe(JSON.stringify(JSON.parse(before)));
    const ds = cat['dcat:dataset'][0] as Json;
    expect(ds['owl:versionInfo']).toBe('1.0.1');
    for (const dist of ds['dcat:distribution'] as Json[]) {
      expect(dist['dcat:downloadURL']['@id']).toMatch(/^1\.0\.1\//);
      expect(dist['dcat:byteSize']['@value']).toBe(String(releaseFiles.get(dist['dct:title'])!.length));
    }
    const page = pageDataset(await readFile(path.join(d, 'index.html'), 'utf8'));
    expect(page.version).toBe('1.0.1');
    expect(page.datePublished <= page.dateModified).toBe(true);
    expect((page.distribution as Json[]).every((x) => x.contentUrl.startsWith('1.0.1/'))).toBe(true);
    // the first release is still there, untouched, and recorded as the first
    expect(existsSync(path.join(d, '1.0.0', 'datapackage.json'))).toBe(true);
    expect(ds['dct:issued']['@value']).toBe(page.datePublished);
  });
});
