/**
 * serve: a small read-only HTTP server for dist/ on localhost (node:http only).
 *
 * - GET and HEAD only (405 otherwise); a directory serves its index.html (a path without its trailing
 *   slash is redirected to it, so the page's relative links work).
 * - Content types for what dist/ holds: text/csv; charset=utf-8, application/json, text/html, ...
 * - A strong ETag (the SHA-256 of the bytes); If-None-Match answers 304.
 * - Nothing outside dist/ is reachable: `..` and `.` segments (plain or percent-encoded), encoded slashes
 *   and backslashes, NUL, dot files (.staging/, lock files) are refused, and a symbolic link is followed
 *   only when its real path stays inside dist/.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Io } from '../core/io.js';
import { fail, pipelineError } from '../core/errors.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};
/** Files without an extension that dist/ holds. */
const NAMED_TYPES: Record<string, string> = { SHA256SUMS: 'text/plain; charset=utf-8' };

export function contentTypeOf(file: string): string {
  const base = path.basename(file);
  return NAMED_TYPES[base] ?? CONTENT_TYPES[path.extname(base).toLowerCase()] ?? 'application/octet-stream';
}

/** The page has no scripts; it may use its own inline styles and nothing else. */
const HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

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

const within = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

interface CachedHash {
  key: string;
  etag: string;
}

export interface DistServer {
  server: Server;
  /** http://host:port/ */
  url: string;
  close: () => Promise<void>;
}

/** A request handler for `dist`, whose real path is `root`. */
function handler(root: string) {
  const hashes = new Map<string, CachedHash>();

  async function etagOf(file: string, st: Stats, bytes: Buffer): Promise<string> {
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    const cached = hashes.get(file);
    if (cached?.key === key) return cached.etag;
    const etag = `"sha256-${createHash('sha256').update(bytes).digest('base64url')}"`;
    hashes.set(file, { key, etag });
    return etag;
  }

  async function resolve(segments: string[]): Promise<{ file: string; isDir: boolean }> {
    let real: string;
    try {
      real = await realpath(path.join(root, ...segments));
    } catch {
      throw new HttpError(404, 'not found');
    }
    if (!within(root, real)) throw new HttpError(403, 'outside the served folder');
    const st = await stat(real);
    return st.isDirectory() ? { file: path.join(real, 'index.html'), isDir: true } : { file: real, isDir: false };
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(405, 'read-only: GET and HEAD only\n', { Allow: 'GET, HEAD' });
        return;
      }
      const target = req.url ?? '/';
      const segments = requestSegments(target);
      const trailingSlash = target.split(/[?#]/, 1)[0]!.endsWith('/');
      const resolved = await resolve(segments);
      const isDir = resolved.isDir;
      let file = resolved.file;
      if (!isDir && trailingSlash) throw new HttpError(404, 'not found');
      if (isDir && !trailingSlash && segments.length > 0) {
        const location = '/' + segments.map(encodeURIComponent).join('/') + '/';
        send(301, `moved to ${location}\n`, { Location: location });
        return;
      }
      // index.html itself may be a link: check its real path too
      if (isDir) {
        try {
          file = await realpath(file);
        } catch {
          throw new HttpError(404, 'not found');
        }
        if (!within(root, file)) throw new HttpError(403, 'outside the served folder');
      }
      // open without following a link swapped in since the check, then read from the open file
      let handle;
      try {
        handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch {
        throw new HttpError(404, 'not found');
      }
      let bytes: Buffer;
      let st: Stats;
      try {
        st = await handle.stat();
        if (!st.isFile()) throw new HttpError(404, 'not found');
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
      const etag = await etagOf(file, st, bytes);
      const headers: Record<string, string> = {
        ETag: etag,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'none',
      };
      const type = contentTypeOf(file);
      if (type.startsWith('text/html')) headers['Content-Security-Policy'] = HTML_POLICY;
      if (matches(req.headers['if-none-match'], etag)) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(bytes.length) });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    } catch (err) {
      if (err instanceof HttpError) send(err.status, `${err.status} ${err.message}\n`);
      else send(500, '500 internal error\n');
    }
  };
}

/** If-None-Match: `*`, or a list of entity tags compared weakly (RFC 9110 13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(etag));
}

/** Serve `dist` on host:port (port 0 picks a free one). Resolves once it listens. */
export async function startServer(dist: string, port = 0, host = DEFAULT_HOST): Promise<DistServer> {
  let root: string;
  try {
    root = await realpath(dist);
  } catch {
    fail('ENV_DIST', { dist, reason: 'does not exist: publish a release first (make publish)' });
  }
  if (!(await stat(root)).isDirectory()) fail('ENV_DIST', { dist, reason: 'is not a folder' });
  const handle = handler(root);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? pipelineError('ENV_PORT_IN_USE', { port, host }) : err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
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

function portOf(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value) || Number(value) > 65535)
    fail('USAGE_PORT', { port: String(value) });
  return Number(value);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `serve [--dist DIR] [--port N] [--host ADDR]`: runs until SIGINT or SIGTERM. */
export async function runServeCommand(values: Record<string, unknown>, io: Io): Promise<number> {
  const dist = typeof values.dist === 'string' ? values.dist : 'dist';
  const host = typeof values.host === 'string' && values.host !== '' ? values.host : DEFAULT_HOST;
  const served = await startServer(dist, portOf(values.port), host);
  if (!LOOPBACK.has(host)) io.err(`warning: serving on ${host}, not only this machine (it is read-only)`);
  io.out(`serving ${dist} read-only at ${served.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.err(`${signal}: stopping`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await served.close();
  return 0;
}
