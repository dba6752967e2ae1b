/** The files of a release as the catalog describes them: what each is, and their order on the page. */
import { loadSchemas, PUBLISHED_TABLES } from '../../core/schemas.js';
import { compareText } from '../../core/text.js';
import { CITATION_FILE, zipPath } from '../render/citation.js';
import { FORMATS, tableFileOf } from '../render/formats.js';

export { mediaTypeOf } from '../../core/media.js';

/** The files of a release that are not tables, and what each is. */
const OTHER_FILES: Record<string, string> = {
  'datapackage.json': 'Frictionless Data Package: every file, its bytes, SHA-256 and Table Schema',
  'CHANGES.md': 'What changed in this release, and why the version moved: corrections first',
  [CITATION_FILE]: 'How to cite this version (Citation File Format)',
  SHA256SUMS: 'Checksums of every file (sha256sum -c SHA256SUMS)',
};

/** What a release file is, for the files table and the catalog's distributions. */
export function describeFile(p: string, packageName: string): string {
  const found = tableFileOf(p, packageName, PUBLISHED_TABLES);
  if (found) return found.format.describe(found.table ? loadSchemas().published[found.table].title : '');
  if (p === zipPath(packageName)) return 'The whole release in one zip file (all but SHA256SUMS, which lists it)';
  return OTHER_FILES[p] ?? '';
}

/** Tables first, format by format (CSV, then JSON, then the workbook), then the other files; by name within each. */
export function sortFiles(paths: Iterable<string>, packageName: string): string[] {
  const rank = (p: string) => {
    const found = tableFileOf(p, packageName, PUBLISHED_TABLES);
    return found ? FORMATS.indexOf(found.format) : FORMATS.length;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Whether a file is a table's JSON copy (folded on the page: the CSV files hold the same rows). */
export function isJsonTable(p: string, packageName: string): boolean {
  return tableFileOf(p, packageName, PUBLISHED_TABLES)?.format.id === 'json';
}
