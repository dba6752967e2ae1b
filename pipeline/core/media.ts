/**
 * Media types of the files dist/ holds, by extension, said once for every reader: datapackage.json's
 * `mediatype`, the page's and DCAT's distributions, and `serve`'s Content-Type (which adds a charset to text).
 */
import path from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.cff': 'application/x-yaml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

/** Files without an extension that dist/ holds. */
const BY_NAME: Record<string, string> = { SHA256SUMS: 'text/plain' };

/** The IANA media type of a file, without parameters; `application/octet-stream` for one dist/ never holds. */
export function mediaTypeOf(file: string): string {
  const base = path.basename(file);
  return BY_NAME[base] ?? BY_EXTENSION[path.extname(base).toLowerCase()] ?? 'application/octet-stream';
}

/** The Content-Type to send a file with: text in UTF-8 says so. */
export function contentTypeOf(file: string): string {
  const type = mediaTypeOf(file);
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}
