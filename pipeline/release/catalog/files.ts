/** The files of a release as the catalog describes them: what each is, its media type, and their order. */
import { loadSchemas, PUBLISHED_TABLES, type PublishedTableName } from '../../core/schemas.js';
import { XLSX_MEDIATYPE } from '../render/datapackage.js';

/** What a release file is, for the files table and the catalog's distributions. */
export function describeFile(p: string): string {
  const { published } = loadSchemas();
  const m = /^([a-z]+)\.(csv|json)$/.exec(p);
  if (m && (PUBLISHED_TABLES as readonly string[]).includes(m[1]!)) {
    const title = published[m[1] as PublishedTableName].title;
    return `${title}. ${m[2] === 'csv' ? 'CSV, UTF-8 without BOM' : 'JSON, an array of records'}`;
  }
  if (p.endsWith('.xlsx'))
    return 'Workbook for Excel, WPS and LibreOffice: a README sheet, then a sheet per table (表格软件版)';
  if (p === 'datapackage.json') return 'Frictionless Data Package: every file, its bytes, SHA-256 and Table Schema';
  if (p === 'CHANGES.md') return 'What changed in this release, and why the version moved';
  if (p === 'SHA256SUMS') return 'Checksums of every file (sha256sum -c SHA256SUMS)';
  return '';
}

/** The IANA media type of a release file (without parameters). */
export function mediaTypeOf(p: string): string {
  if (p.endsWith('.csv')) return 'text/csv';
  if (p.endsWith('.json')) return 'application/json';
  if (p.endsWith('.xlsx')) return XLSX_MEDIATYPE;
  if (p.endsWith('.md')) return 'text/markdown';
  return 'text/plain'; // SHA256SUMS
}

/** Tables first (CSV, then JSON), then the workbook, then the metadata; by name within each. */
function fileOrder(p: string): string {
  if (p.endsWith('.xlsx')) return `2 ${p}`;
  if (/\.csv$/.test(p)) return `0 ${p}`;
  if (/^[a-z]+\.json$/.test(p) && p !== 'datapackage.json') return `1 ${p}`;
  return `3 ${p}`;
}

export const sortFiles = (paths: Iterable<string>) =>
  [...paths].sort((a, b) => (fileOrder(a) < fileOrder(b) ? -1 : fileOrder(a) > fileOrder(b) ? 1 : 0));
