/**
 * Conditional and range requests (RFC 9110 13 and 14), as much of them as a static file server needs:
 * If-None-Match and If-Modified-Since for 304, one byte range for 206 or 416, and If-Range.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** If-None-Match: `*`, or a list of entity tags compared weakly (RFC 9110 13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(etag));
}

/**
 * Whether a GET or HEAD is answered 304: If-None-Match when present; otherwise If-Modified-Since, when it
 * is a date no earlier than the file's modification time (to the second, as Last-Modified shows it).
 */
export function notModified(headers: IncomingHttpHeaders, etag: string, mtimeMs: number): boolean {
  if (headers['if-none-match'] !== undefined) return noneMatch(headers['if-none-match'], etag);
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/**
 * If-Range: the range applies only while the representation is the one the client has. An entity tag must
 * match strongly; a date must equal Last-Modified exactly.
 */
export function ifRangeHolds(header: string | string[] | undefined, etag: string, lastModified: string): boolean {
  if (header === undefined) return true;
  if (typeof header !== 'string') return false; // sent twice: not the one representation it names
  const value = header.trim();
  return value.startsWith('"') || value.startsWith('W/') ? value === etag : value === lastModified;
}

/** The first and last byte (inclusive) of a satisfiable range. */
export type ByteRange = readonly [start: number, end: number];

/**
 * One `bytes=` range of a file of `size` bytes: its first and last byte, `'unsatisfiable'` (416), or
 * undefined when there is no Range, it is malformed or it asks for several ranges; the whole file is then
 * sent, as RFC 9110 14.2 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, Math.min(last, size - 1)];
}
