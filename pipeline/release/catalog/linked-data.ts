/**
 * The dataset described for machines, from the same inputs as the page: schema.org `Dataset` JSON-LD in
 * index.html (for search engines), and a DCAT-AP style catalog, dist/catalog.jsonld (for data portals that
 * harvest DCAT, such as CKAN's DCAT extension).
 *
 * Both list every file of the newest release as a distribution, at its version's folder (which never
 * changes, unlike latest/), by an absolute URL made from the homepage raw/package.json gives (where dist/ is
 * served); without one, by a URL relative to dist/ (index.html and catalog.jsonld sit side by side there), and
 * the page says a portal will need the homepage. Nothing in them varies between builds of the same releases.
 */
import type { AreaRow, PublishedTables, SourceRow } from '../../stages/tables/rows.js';
import type { DatasetMeta } from '../../stages/validate/records.js';
import type { FileInfo } from '../render/files.js';
import type { ReleasesIndex } from '../store.js';
import { citationText, urlOf } from '../render/citation.js';
import { describeFile, mediaTypeOf, sortFiles } from './files.js';

/** What the descriptions are made from (the page's input). */
export interface LinkedDataInput {
  index: ReleasesIndex;
  latestFiles: Map<string, FileInfo>;
  tables: PublishedTables;
  meta: DatasetMeta;
}

/** The scheme of the area codes. */
export const AREA_SCHEME = 'GB/T 2260';

interface ReleaseFile {
  path: string;
  url: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  description: string;
}

/** Every file of the newest release, in the page's order, with where it is and what it is. */
export function releaseFiles({ index, latestFiles, meta }: LinkedDataInput): ReleaseFile[] {
  const version = index.releases.at(-1)?.version ?? 'latest';
  return sortFiles(latestFiles.keys(), meta.name).map((p) => {
    const content = latestFiles.get(p)!;
    return {
      path: p,
      url: urlOf(meta, `${version}/${p}`),
      mediaType: mediaTypeOf(p),
      bytes: content.bytes,
      sha256: content.sha256,
      description: describeFile(p, meta.name),
    };
  });
}

/** The ISO 8601 interval from the earliest start to the latest end of the observations' periods. */
export function temporalCoverage(tables: PublishedTables): { start: string; end: string } | undefined {
  let start: string | undefined;
  let end: string | undefined;
  for (const o of tables.observations) {
    // an open start (../2022) says nothing of where the coverage begins
    if (o.period_start !== null && (start === undefined || o.period_start < start)) start = o.period_start;
    if (end === undefined || o.period_end > end) end = o.period_end;
  }
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

/** The areas the observations describe, by code. */
export function coveredAreas(tables: PublishedTables): AreaRow[] {
  const codes = new Set(tables.observations.map((o) => o.area_code));
  return tables.areas.filter((a) => codes.has(a.area_code)).sort((a, b) => (a.area_code < b.area_code ? -1 : 1));
}

function place(area: AreaRow, areas: AreaRow[]): Record<string, unknown> {
  const parent = areas.find((a) => a.area_code === area.parent_code);
  return {
    '@type': 'AdministrativeArea',
    name: area.name_en,
    alternateName: area.name_zh,
    identifier: { '@type': 'PropertyValue', propertyID: AREA_SCHEME, value: area.area_code },
    ...(parent ? { containedInPlace: place(parent, areas) } : {}),
  };
}

const basedOn = (s: SourceRow) => ({
  '@type': 'CreativeWork',
  name: s.title_zh,
  alternateName: s.title_en,
  datePublished: s.published,
  ...(s.authors ? { author: s.authors.split('|').map((name) => ({ '@type': 'Person', name })) } : {}),
  ...(s.url ? { url: s.url } : {}),
});

/** The schema.org Dataset of the newest release. */
export function schemaOrgDataset(input: LinkedDataInput): Record<string, unknown> {
  const { index, tables, meta } = input;
  const coverage = temporalCoverage(tables);
  const publisher = {
    '@type': 'Organization',
    name: meta.publisher.name,
    ...(meta.publisher.url ? { url: meta.publisher.url } : {}),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: meta.title,
    alternateName: meta.title_zh,
    description: meta.description,
    identifier: meta.name,
    ...(meta.homepage ? { url: urlOf(meta, 'index.html') } : {}),
    citation: citationText({
      meta,
      version: index.releases.at(-1)?.version ?? '',
      date: index.releases.at(-1)?.date ?? '',
      contentHash: index.releases.at(-1)?.content_hash ?? '',
    }),
    inLanguage: ['en', 'zh-CN'],
    version: index.releases.at(-1)?.version,
    datePublished: index.releases[0]?.date,
    dateModified: index.releases.at(-1)?.date,
    license: meta.license.path,
    isAccessibleForFree: true,
    publisher,
    keywords: meta.keywords,
    spatialCoverage: coveredAreas(tables).map((a) => place(a, tables.areas)),
    ...(coverage ? { temporalCoverage: `${coverage.start}/${coverage.end}` } : {}),
    isBasedOn: tables.sources.map(basedOn),
    distribution: releaseFiles(input).map((f) => ({
      '@type': 'DataDownload',
      name: f.path,
      description: f.description,
      contentUrl: f.url,
      encodingFormat: f.mediaType,
      contentSize: `${f.bytes} B`,
      sha256: f.sha256,
    })),
  };
}

/** JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` escaped, so no text can end it. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------- DCAT

/** `.jsonld` is the extension IANA registers for application/ld+json: harvesters and `serve` go by it. */
export const DCAT_FILE = 'catalog.jsonld';

const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  adms: 'http://www.w3.org/ns/adms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const IANA_MEDIA_TYPES = 'http://www.iana.org/assignments/media-types/';

const texts = (en: string, zh: string) => [
  { '@value': en, '@language': 'en' },
  { '@value': zh, '@language': 'zh-CN' },
];
const date = (d: string | undefined) => (d ? { '@value': d, '@type': 'xsd:date' } : undefined);

function location(area: AreaRow): Record<string, unknown> {
  return {
    '@type': 'dct:Location',
    'dct:identifier': area.area_code,
    'adms:identifier': {
      '@type': 'adms:Identifier',
      'skos:notation': area.area_code,
      'adms:schemaAgency': AREA_SCHEME,
    },
    'skos:prefLabel': texts(area.name_en, area.name_zh),
  };
}

function distribution(f: ReleaseFile, license: string): Record<string, unknown> {
  return {
    '@type': 'dcat:Distribution',
    'dct:title': f.path,
    'dct:description': f.description,
    'dcat:accessURL': { '@id': f.url },
    'dcat:downloadURL': { '@id': f.url },
    'dcat:mediaType': { '@id': `${IANA_MEDIA_TYPES}${f.mediaType}` },
    'dcat:byteSize': { '@value': String(f.bytes), '@type': 'xsd:nonNegativeInteger' },
    'spdx:checksum': {
      '@type': 'spdx:Checksum',
      'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
      'spdx:checksumValue': { '@value': f.sha256, '@type': 'xsd:hexBinary' },
    },
    'dct:license': { '@id': license },
  };
}

/** The DCAT catalog: one dcat:Catalog holding one dcat:Dataset, with a distribution per file of the newest release. */
export function dcatCatalog(input: LinkedDataInput): Record<string, unknown> {
  const { index, tables, meta } = input;
  const newest = index.releases.at(-1);
  const coverage = temporalCoverage(tables);
  const publisher = {
    '@type': 'foaf:Agent',
    'foaf:name': meta.publisher.name,
    ...(meta.publisher.url ? { 'foaf:homepage': { '@id': meta.publisher.url } } : {}),
  };
  const license = { '@id': meta.license.path };
  const dataset = {
    '@id': urlOf(meta, `${DCAT_FILE}#dataset`),
    '@type': 'dcat:Dataset',
    'dct:identifier': meta.name,
    'dct:title': texts(meta.title, meta.title_zh),
    'dct:description': texts(meta.description, meta.description_zh),
    'dcat:keyword': meta.keywords,
    'dct:license': license,
    'dct:publisher': publisher,
    'dct:spatial': coveredAreas(tables).map(location),
    ...(coverage
      ? {
          'dct:temporal': {
            '@type': 'dct:PeriodOfTime',
            'dcat:startDate': date(coverage.start),
            'dcat:endDate': date(coverage.end),
          },
        }
      : {}),
    'owl:versionInfo': newest?.version,
    'adms:versionNotes': newest?.summary,
    'dct:issued': date(index.releases[0]?.date),
    'dct:modified': date(newest?.date),
    'dcat:landingPage': { '@id': urlOf(meta, 'index.html') },
    'dct:source': tables.sources.map((s) => ({
      'dct:title': texts(s.title_en, s.title_zh),
      'dct:issued': s.published,
    })),
    'dcat:distribution': releaseFiles(input).map((f) => distribution(f, meta.license.path)),
  };
  return {
    '@context': DCAT_CONTEXT,
    '@id': urlOf(meta, DCAT_FILE),
    '@type': 'dcat:Catalog',
    'dct:title': texts(meta.title, meta.title_zh),
    'dct:description': texts(meta.description, meta.description_zh),
    'dct:publisher': publisher,
    'dct:license': license,
    'dct:modified': date(newest?.date),
    'foaf:homepage': { '@id': urlOf(meta, 'index.html') },
    'dcat:dataset': [dataset],
  };
}

export const renderDcat = (input: LinkedDataInput) => JSON.stringify(dcatCatalog(input), null, 2) + '\n';
