/**
 * How to cite a release: CITATION.cff (Citation File Format 1.2.0, which GitHub, Zenodo and reference managers
 * read) and the same in words for the page and the workbook. Both name the dataset, its version and date, its
 * publisher, its licence and, where raw/package.json gives a homepage, the absolute URL of the version's folder.
 */
import type { DatasetMeta } from '../../stages/validate/records.js';

/** The citation file of every release. */
export const CITATION_FILE = 'CITATION.cff';

/** The one-file download of a release: named after the package, so latest/ keeps a stable URL. */
export const zipPath = (packageName: string): string => `${packageName}.zip`;

/** An absolute URL under the homepage where there is one; otherwise the path as it is (relative to dist/). */
export function urlOf(meta: Pick<DatasetMeta, 'homepage'>, relative: string): string {
  return meta.homepage ? `${meta.homepage.replace(/\/+$/, '')}/${relative}` : relative;
}

/** A YAML scalar that is always read back as the same text: a JSON string is a valid double-quoted YAML scalar. */
const yaml = (text: string) => JSON.stringify(text);

export interface CitationInput {
  meta: DatasetMeta;
  version: string;
  date: string;
  contentHash: string;
}

/** CITATION.cff of a release. */
export function renderCitationCff({ meta, version, date, contentHash }: CitationInput): string {
  const lines = [
    'cff-version: 1.2.0',
    `message: ${yaml('If you use these data, please cite this version of the dataset, not latest/.')}`,
    'type: dataset',
    `title: ${yaml(meta.title)}`,
    `version: ${yaml(version)}`,
    `date-released: ${yaml(date)}`,
    'authors:',
    `  - name: ${yaml(meta.publisher.name)}`,
    ...(meta.publisher.url ? [`    website: ${yaml(meta.publisher.url)}`] : []),
    `license: ${yaml(meta.license.name)}`,
    ...(meta.homepage ? [`url: ${yaml(urlOf(meta, `${version}/`))}`] : []),
    `abstract: ${yaml(meta.description)}`,
    'keywords:',
    ...meta.keywords.map((k) => `  - ${yaml(k)}`),
    'identifiers:',
    '  - type: other',
    `    value: ${yaml(contentHash)}`,
    `    description: ${yaml("SHA-256 over the tables, their schemas and the dataset's metadata: equal hashes, equal data")}`,
  ];
  return lines.join('\n') + '\n';
}

/** The citation in words (the page's and the workbook's). */
export function citationText({ meta, version, date, contentHash }: CitationInput): string {
  const where = meta.homepage ? ` ${urlOf(meta, `${version}/`)}.` : '';
  return `${meta.publisher.name}. ${meta.title}, version ${version} (${date}). Content hash ${contentHash}. Licence ${meta.license.name}.${where}`;
}
