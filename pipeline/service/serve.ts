/**
 * serve: a small read-only HTTP server for dist/ on localhost (node:http only).
 *
 * - GET and HEAD only (405 otherwise); a directory serves its index.html (a path without its trailing
 *   slash is redirected to it, so the page's relative links work).
 * - Content types for what dist/ holds: text/csv; charset=utf-8, application/json, text/html, ...
 * - Files are streamed from the open descriptor, never read whole: memory does not grow with file size.
 * - A strong ETag (the SHA-256 of the bytes, computed once per version of a file); If-None-Match and
 *   If-Modified-Since answer 304; one byte range answers 206 (or 416), guarded by If-Range.
 * - At most `maxOpen` files are open for requests at once (MAX_OPEN); beyond that, 503 with Retry-After.
 *   A client that reads nothing for `idleMs` is disconnected, so it cannot hold its place for ever.
 * - Nothing outside dist/ is reachable: `..` and `.` segments (plain or percent-encoded), encoded slashes
 *   and backslashes, NUL, dot files (.staging/, lock files) are refused; a symbolic link is followed only
 *   when the file opened is inside dist/, checked on the open descriptor (served-file.ts); anything but
 *   a regular file (a FIFO, a device) is refused without blocking.
 *
 * Why not a library such as `send`: it checks a path and then opens the path again, follows links, and
 * opens a FIFO in blocking mode; the guarantees above are about the descriptor, so the few lines of Range
 * and conditional GET are written here (http-conditions.ts) on top of it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readFile, realpath, stat } from 'node:fs/promises';
import { contentTypeOf } from '../core/media.js';
import { fail, pipelineError, type PipelineError } from '../core/errors.js';
import { ifRangeHolds, notModified, parseRange } from './http-conditions.js';
import { EntityTags, HttpError, openInside, probeLocate, type Locate, type OpenedFile } from './served-file.js';

export { HttpError } from './served-file.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** Files open for requests at once; the next request is answered 503. */
export const MAX_OPEN = 32;
/** Seconds a client refused with 503 is asked to wait. */
export const RETRY_AFTER_SECONDS = 1;
/** A connection that moves no byte for this long is closed, and its file with it. */
export const IDLE_MS = 60_000;

export { contentTypeOf } from '../core/media.js';

/** The page has no scripts; it may use its own inline styles and nothing else. */
const HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/**
 * The decoded path segments of a request target, or an HttpError. Works on the raw target, before any
 * URL normalization, so that `/a/../b` and `/%2e%2e/x` are refused rather than quietly resolved.
 */
export function requestSegments(target: string): string[] {
  if (!target.startsWith('/')) throw new HttpError(400, 'the request target must be a path');
  const rawPath = target.split(/[?#]/, 1)[0]!;
  if (rawPath.length > 2048) throw new HttpError(414, 'path too long');
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    if (/%(?:2f|5c|00)/i.test(raw)) throw new HttpError(403, 'encoded slash, backslash or NUL in the path');
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'malformed percent-encoding');
    }
    if (seg === '..' || seg === '.') throw new HttpError(403, 'dot segments are not served');
    if (/[\\/\0]/.test(seg)) throw new HttpError(403, 'slash, backslash or NUL in a path segment');
    if (seg.startsWith('.')) throw new HttpError(404, 'not found'); // .staging/, lock and other dot files
    if (seg !== '') segments.push(seg);
  }
  return segments;
}

export interface DistServer {
  server: Server;
  /** http://host:port/ */
  url: string;
  close: () => Promise<void>;
}

export interface ServeOptions {
  /** Files open for requests at once (MAX_OPEN). */
  maxOpen?: number;
  /** Close a connection idle this long, in milliseconds (IDLE_MS). */
  idleMs?: number;
  /** Where an unexpected error is reported, one line each. */
  log?: (line: string) => void;
  /** How an open descriptor's real path is found (served-file.ts); for tests of the fallback. */
  locate?: Locate;
}

interface Context {
  root: string;
  tags: EntityTags;
  /** From probeLocate: undefined where opened files can only be checked by their path. */
  locate: Locate | undefined;
}

/** A short plain-text answer: a refusal, a redirect, 503. */
function reply(req: IncomingMessage, res: ServerResponse, status: number, body: string, headers = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The file a request target names, open, or a redirect (undefined, already answered). A folder serves its
 * index.html; a folder asked for without its slash is redirected to it.
 */
async function openTarget(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<OpenedFile | undefined> {
  const target = req.url ?? '/';
  const segments = requestSegments(target);
  const trailingSlash = target.split(/[?#]/, 1)[0]!.endsWith('/');
  const opened = await openLatestAware(ctx, segments);
  if (opened.stats.isFile()) {
    if (!trailingSlash) return opened;
    await opened.handle.close();
    throw new HttpError(404, 'not found');
  }
  await opened.handle.close();
  if (!trailingSlash && segments.length > 0) {
    const location = '/' + segments.map(encodeURIComponent).join('/') + '/';
    reply(req, res, 301, `moved to ${location}\n`, { Location: location });
    return undefined;
  }
  const index = await openInside(ctx.root, [...segments, 'index.html'], ctx.locate);
  if (index.stats.isFile()) return index;
  await index.handle.close();
  throw new HttpError(404, 'not found');
}

/** The newest version releases.json lists, read afresh (a publish may just have added one); undefined if none. */
async function newestVersion(root: string): Promise<string | undefined> {
  try {
    const index = JSON.parse(await readFile(path.join(root, 'releases.json'), 'utf8')) as {
      releases?: { version?: unknown }[];
    };
    const version = index.releases?.at(-1)?.version;
    return typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `openInside`, except that a file of latest/ that is not there is looked for in the newest release's own
 * folder: a publish replaces latest/ by two renames (the old one out, the new one in), and a request that
 * falls between them would otherwise get a 404 for a file that exists, byte for byte, in that folder.
 */
async function openLatestAware(ctx: Context, segments: string[]): Promise<OpenedFile> {
  try {
    return await openInside(ctx.root, segments, ctx.locate);
  } catch (err) {
    const missing = err instanceof HttpError && (err.status === 404 || err.status === 403);
    if (!missing || segments[0] !== 'latest') throw err;
    const newest = await newestVersion(ctx.root);
    if (!newest) throw err;
    return openInside(ctx.root, [newest, ...segments.slice(1)], ctx.locate);
  }
}

/** Answer with an open file: 304, 416, 206 or 200, the body streamed from the descriptor. Closes it. */
async function sendFile(req: IncomingMessage, res: ServerResponse, file: OpenedFile, ctx: Context): Promise<void> {
  let streaming = false;
  try {
    const etag = await ctx.tags.of(file);
    const { size, mtime, mtimeMs } = file.stats;
    const lastModified = mtime.toUTCString();
    const headers: Record<string, string> = {
      ETag: etag,
      'Last-Modified': lastModified,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Accept-Ranges': 'bytes',
    };
    const type = contentTypeOf(file.path);
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = HTML_POLICY;
    if (notModified(req.headers, etag, mtimeMs)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const ranged = req.method === 'GET' && ifRangeHolds(req.headers['if-range'], etag, lastModified);
    const range = ranged ? parseRange(req.headers.range, size) : undefined;
    if (range === 'unsatisfiable') {
      reply(req, res, 416, '416 range not satisfiable\n', { ...headers, 'Content-Range': `bytes */${size}` });
      return;
    }
    const [start, end] = range ?? [0, size - 1];
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(end - start + 1),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    streaming = true; // the stream closes the descriptor, however it ends
    await pipeline(file.handle.createReadStream({ start, end, autoClose: true }), res).catch(() => {
      // the client went away or the read failed: the response is cut short, nothing more to say
    });
  } finally {
    if (!streaming) await file.handle.close();
  }
}

/** What an error becomes: its status when it is a refusal, otherwise a 500 and one line in the log. */
function failRequest(req: IncomingMessage, res: ServerResponse, err: unknown, log: (line: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    const retry = err.status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
    reply(req, res, err.status, `${err.status} ${err.message}\n`, retry);
    return;
  }
  // quoted: a request target is never printed raw to a terminal
  log(`error: ${req.method} ${JSON.stringify(req.url)}: ${err instanceof Error ? err.message : String(err)}`);
  reply(req, res, 500, '500 internal error\n');
}

/** A request handler for `dist`, whose real path is `root`. */
function handler(root: string, locate: Locate | undefined, options: ServeOptions) {
  const ctx: Context = { root, tags: new EntityTags(), locate };
  const maxOpen = options.maxOpen ?? MAX_OPEN;
  const log = options.log ?? (() => {});
  let open = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(req, res, 405, 'read-only: GET and HEAD only\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (open >= maxOpen) {
      failRequest(req, res, new HttpError(503, 'busy: too many files being served; try again'), log);
      return;
    }
    open++;
    try {
      const file = await openTarget(req, res, ctx);
      if (file) await sendFile(req, res, file, ctx);
    } catch (err) {
      failRequest(req, res, err, log);
    } finally {
      open--;
    }
  };
}

/** The real path of `dist`, which must be a folder; an EnvironmentError otherwise. */
async function rootOf(dist: string): Promise<string> {
  let root: string;
  try {
    root = await realpath(dist);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail('ENV_DIST', { dist, reason: 'does not exist: publish a release first (make publish)' });
    fail('ENV_DIST', { dist, reason: `cannot be read (${code ?? String(err)})` });
  }
  if (!(await stat(root)).isDirectory()) fail('ENV_DIST', { dist, reason: 'is not a folder' });
  return root;
}

/** Why a server could not listen, as one line for the person who chose the port and host. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): PipelineError {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return pipelineError('ENV_PORT_IN_USE', { port, host });
    case 'EACCES':
      return pipelineError('ENV_LISTEN', { where, reason: 'not allowed; choose a port above 1023 with --port' });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return pipelineError('ENV_LISTEN', {
        where,
        reason: `${host} is not an address of this machine; choose another with --host`,
      });
    default:
      return pipelineError('ENV_LISTEN', { where, reason: err.code ?? err.message });
  }
}

/** Serve `dist` on host:port (port 0 picks a free one). Resolves once it listens. */
export async function startServer(
  dist: string,
  port = 0,
  host = DEFAULT_HOST,
  options: ServeOptions = {},
): Promise<DistServer> {
  const root = await rootOf(dist);
  const locate = await probeLocate(root, options.locate);
  if (!locate)
    options.log?.(
      `warning: this system cannot name an open file (no /proc/self/fd); a folder of ${dist} swapped for a ` +
        'link while serving could expose a file outside it: serve only a folder no one else can write to',
    );
  const handle = handler(root, locate, options);
  const server = createServer((req, res) => void handle(req, res));
  server.setTimeout(options.idleMs ?? IDLE_MS); // an idle socket is destroyed, its stream and file with it
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      server.on('error', (err) => options.log?.(`error: ${err.message}`));
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shown}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Hosts that reach only this machine. */
export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
