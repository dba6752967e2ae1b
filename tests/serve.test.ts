/**
 * serve: content types, ETag and 304, ranges, HEAD, read-only, nothing outside dist/ reachable (even while
 * folders are swapped for links), files streamed rather than read whole, a bounded number open at once.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open as openFile, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseRange } from '../pipeline/service/http-conditions.js';
import { requestSegments, startServer, type DistServer } from '../pipeline/service/serve.js';
import { EntityTags, HttpError } from '../pipeline/service/served-file.js';
import { cli, RAW, spawnCli, tempDir } from './helpers.js';

const SECRET = 'secret-outside-dist-7f3a';
let dir: string;
let dist: string;
let served: DistServer;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path is sent exactly as given, never normalized by a URL parser. */
function get(
  rawPath: string,
  options: { method?: string; headers?: Record<string, string>; server?: DistServer } = {},
): Promise<Reply> {
  const { port, hostname } = new URL((options.server ?? served).url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: hostname,
      port,
      path: rawPath,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await tempDir('serve-');
  dist = path.join(dir, 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  // things outside dist/ that must stay unreachable, and links pointing at them
  await writeFile(path.join(dir, 'secret.txt'), SECRET);
  await mkdir(path.join(dir, 'outside'));
  await writeFile(path.join(dir, 'outside', 'secret.txt'), SECRET);
  await symlink(path.join(dir, 'secret.txt'), path.join(dist, 'escape.txt'));
  await symlink(path.join(dir, 'outside'), path.join(dist, 'outside-dir'));
  await symlink('../secret.txt', path.join(dist, 'relative-escape.csv'));
  await mkdir(path.join(dist, 'linked-index'));
  await symlink(path.join(dir, 'secret.txt'), path.join(dist, 'linked-index', 'index.html'));
  // a link that stays inside dist/ is fine
  await symlink(path.join(dist, 'latest', 'units.csv'), path.join(dist, 'units-link.csv'));
  await mkdir(path.join(dist, '.staging'));
  await writeFile(path.join(dist, '.staging', 'journal.json'), '{}');
  // a link that stays inside dist/ but ends in a dot folder
  await symlink(path.join(dist, '.staging', 'journal.json'), path.join(dist, 'staging-link.json'));
  served = await startServer(dist, 0);
});

afterAll(async () => {
  await served?.close();
});

describe('serve: what it answers', () => {
  test('binds to 127.0.0.1 by default', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test.each([
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/latest/observations.csv', 'text/csv; charset=utf-8'],
    ['/1.0.0/progress.csv', 'text/csv; charset=utf-8'],
    ['/latest/banan-livelihood.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['/latest/observations.json', 'application/json'],
    ['/1.0.0/datapackage.json', 'application/json'],
    ['/releases.json', 'application/json'],
    ['/1.0.0/CHANGES.md', 'text/markdown; charset=utf-8'],
    ['/1.0.0/SHA256SUMS', 'text/plain; charset=utf-8'],
    ['/catalog.jsonld', 'application/ld+json'],
  ])('%s is %s, byte for byte', async (p, type) => {
    const r = await get(p);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    const file = p === '/' ? 'index.html' : p.slice(1);
    const bytes = await readFile(path.join(dist, file));
    expect(r.body.equals(bytes)).toBe(true);
    expect(r.headers['content-length']).toBe(String(bytes.length));
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test('the page is served with a policy that allows no scripts and nothing from elsewhere', async () => {
    const policy = (await get('/')).headers['content-security-policy'];
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/);
  });

  test('a strong ETag from the SHA-256 of the bytes; a matching If-None-Match answers 304', async () => {
    const first = await get('/latest/observations.csv');
    const etag = first.headers.etag as string;
    const digest = createHash('sha256').update(first.body).digest('base64url');
    expect(etag).toBe(`"sha256-${digest}"`);
    expect(etag.startsWith('W/')).toBe(false);

    const again = await get('/latest/observations.csv', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);

    const inList = await get('/latest/observations.csv', { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(inList.status).toBe(304);
    const star = await get('/latest/observations.csv', { headers: { 'If-None-Match': '*' } });
    expect(star.status).toBe(304);
    const stale = await get('/latest/observations.csv', { headers: { 'If-None-Match': '"sha256-stale"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(first.body)).toBe(true);
    // the same bytes have the same tag under another path; different bytes a different one
    expect((await get('/1.0.0/observations.csv')).headers.etag).toBe(etag);
    expect((await get('/latest/units.csv')).headers.etag).not.toBe(etag);
  });

  test('the ETag follows the file when it changes', async () => {
    const file = path.join(dist, 'changing.json');
    await writeFile(file, '[1]\n');
    const a = (await get('/changing.json')).headers.etag;
    await writeFile(file, '[1, 2]\n');
    const b = await get('/changing.json', { headers: { 'If-None-Match': a as string } });
    expect(b.status).toBe(200);
    expect(b.body.toString()).toBe('[1, 2]\n');
    expect(b.headers.etag).not.toBe(a);
  });

  test('HEAD: the headers of GET, no body', async () => {
    const g = await get('/latest/observations.json');
    const h = await get('/latest/observations.json', { method: 'HEAD' });
    expect(h.status).toBe(200);
    expect(h.body.length).toBe(0);
    for (const k of ['content-type', 'content-length', 'etag']) expect(h.headers[k]).toBe(g.headers[k]);
  });

  test.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s is refused: read-only (405)', async (method) => {
    const r = await get('/latest/observations.csv', { method });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  test('a folder without its slash is redirected, so relative links work; unknown paths are 404', async () => {
    const r = await get('/1.0.0');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/1.0.0/');
    expect((await get('/1.0.0/')).status).toBe(404); // no index.html there, and no listings
    expect((await get('/nothing.csv')).status).toBe(404);
    expect((await get('/latest/observations.csv/')).status).toBe(404);
    expect((await get('/units-link.csv')).status).toBe(200); // a link that stays inside dist/
  });
});

describe('serve: nothing outside dist/ is reachable', () => {
  test.each([
    '/../secret.txt',
    '/latest/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/latest/%2e%2e/%2e%2e/secret.txt',
    '/latest/..%2f..%2fsecret.txt',
    '/latest/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/latest/..\\..\\secret.txt',
    '/%252e%252e/secret.txt',
    '//../secret.txt',
    '/escape.txt',
    '/relative-escape.csv',
    '/outside-dir/secret.txt',
    '/outside-dir/',
    '/linked-index/',
    '/.staging/journal.json',
    '/staging-link.json',
    '/%2estaging/journal.json',
    '/latest/observations.csv%00.html',
    '/%zz',
    'http://127.0.0.1/../secret.txt',
  ])('%s is refused (400, 403 or 404)', async (p) => {
    const r = await get(p);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body.toString()).not.toContain(SECRET);
  });

  test('dot segments and encoded separators are refused before any file is looked at', () => {
    const status = (p: string) => {
      try {
        requestSegments(p);
        return 200;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(status('/%2e%2e/x')).toBe(403);
    expect(status('/a/..%2fb')).toBe(403);
    expect(status('/a/./b')).toBe(403);
    expect(status('/a%5cb')).toBe(403);
    expect(requestSegments('/latest//observations.csv?x=1#y')).toEqual(['latest', 'observations.csv']);
    expect(requestSegments('/%E5%B7%B4%E5%8D%97.csv')).toEqual(['巴南.csv']);
  });
});

describe('serve: the command', () => {
  test('`serve --dist DIR --port 0` prints its URL, serves, and stops on SIGTERM with status 0', async () => {
    const serve = spawnCli(['serve', '--dist', dist, '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      serve.child.stdout.on('data', () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(serve.out());
        if (m) resolve(m[1]!);
      });
      serve.child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${serve.err()}`)));
    });
    const r = await fetch(new URL('latest/progress.csv', url));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;
    expect(code, serve.err()).toBe(0);
  });

  test('a missing dist/ is an error of the environment (exit 4); a bad port a usage error (exit 2)', async () => {
    const missing = await cli('serve', '--dist', path.join(dir, 'no-such-dist'));
    expect(missing.code).toBe(4);
    expect(missing.err).toMatch(/no-such-dist does not exist/);
    expect(missing.err).not.toContain('usage:');
    const bad = await cli('serve', '--dist', dist, '--port', 'eighty');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--port');
  });

  test('a port in use is one line naming it (exit 4: the machine said no), without the usage text', async () => {
    const port = new URL(served.url).port;
    const r = await cli('serve', '--dist', dist, '--port', port);
    expect(r.code).toBe(4);
    expect(r.err).toBe(`error: port ${port} on 127.0.0.1 is in use; choose another with --port`);
  });

  test('a missing dist/, or one that is a file, is one line naming it (exit 4)', async () => {
    const missing = path.join(dir, 'no-such-dist');
    const r = await cli('serve', '--dist', missing);
    expect(r.code).toBe(4);
    expect(r.err).toBe(`error: ${missing} does not exist: publish a release first (make publish)`);
    const file = path.join(dir, 'secret.txt');
    const f = await cli('serve', '--dist', file);
    expect(f.code).toBe(4);
    expect(f.err).toBe(`error: ${file} is not a folder`);
  });
});

describe('serve: conditional and range requests', () => {
  const file = '/latest/observations.csv';
  let bytes: Buffer;
  let etag: string;
  beforeAll(async () => {
    bytes = await readFile(path.join(dist, file));
    etag = (await get(file)).headers.etag as string;
  });

  test('Last-Modified is sent; If-Modified-Since at or after it answers 304, before it 200', async () => {
    const first = await get(file);
    const lastModified = first.headers['last-modified'] as string;
    expect(Date.parse(lastModified)).toBe(Math.floor((await stat(path.join(dist, file))).mtimeMs / 1000) * 1000);
    const same = await get(file, { headers: { 'If-Modified-Since': lastModified } });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(file, { headers: { 'If-Modified-Since': earlier } })).status).toBe(200);
    expect((await get(file, { headers: { 'If-Modified-Since': 'not a date' } })).status).toBe(200);
    // If-None-Match decides when both are sent
    const both = { 'If-Modified-Since': lastModified, 'If-None-Match': '"sha256-stale"' };
    expect((await get(file, { headers: both })).status).toBe(200);
  });

  test.each([
    ['bytes=0-9', 0, 9],
    ['bytes=10-', 10, -1],
    ['bytes=-25', -25, -1],
    ['bytes=5-999999999', 5, -1],
  ])('Range %s answers 206 with those bytes', async (range, from, to) => {
    const r = await get(file, { headers: { Range: range } });
    expect(r.status).toBe(206);
    const start = from < 0 ? bytes.length + from : from;
    const end = to < 0 ? bytes.length - 1 : to;
    expect(r.body.equals(bytes.subarray(start, end + 1))).toBe(true);
    expect(r.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(r.headers['content-length']).toBe(String(end - start + 1));
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers.etag).toBe(etag);
  });

  test('a range past the end answers 416 with the size; several ranges or a malformed one, the whole file', async () => {
    const past = await get(file, { headers: { Range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect((await get(file, { headers: { Range: 'bytes=-0' } })).status).toBe(416);
    for (const range of ['bytes=0-1,5-6', 'bytes=9-2', 'lines=1-2', 'bytes=x-y']) {
      const r = await get(file, { headers: { Range: range } });
      expect(r.status, range).toBe(200);
      expect(r.body.equals(bytes)).toBe(true);
    }
  });

  test('If-Range: the range is sent only for the current tag or date; HEAD ignores Range', async () => {
    const lastModified = (await get(file, { method: 'HEAD' })).headers['last-modified'] as string;
    expect((await get(file, { headers: { Range: 'bytes=0-3', 'If-Range': etag } })).status).toBe(206);
    expect((await get(file, { headers: { Range: 'bytes=0-3', 'If-Range': lastModified } })).status).toBe(206);
    const stale = await get(file, { headers: { Range: 'bytes=0-3', 'If-Range': '"sha256-stale"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(bytes)).toBe(true);
    expect((await get(file, { headers: { Range: 'bytes=0-3', 'If-Range': `W/${etag}` } })).status).toBe(200);
    const head = await get(file, { method: 'HEAD', headers: { Range: 'bytes=0-3' } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));
  });

  test('parseRange: one range, inclusive, clipped to the file; edge cases', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-0', 10)).toEqual([0, 0]);
    expect(parseRange('bytes=-20', 10)).toEqual([0, 9]);
    expect(parseRange('bytes=9-', 10)).toEqual([9, 9]);
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-1', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-', 10)).toBeUndefined();
    expect(parseRange('bytes=3-2', 10)).toBeUndefined();
  });
});

/** A request whose response is left unread once its headers have come: the server's stream stalls. */
function stalled(server: DistServer, rawPath: string) {
  const { port, hostname } = new URL(server.url);
  return new Promise<{ res: IncomingMessage; stop: () => void }>((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, agent: false });
    req.on('response', (res) => {
      res.pause();
      res.on('error', () => {}); // cut off when stopped
      resolve({ res, stop: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Ask again until the answer is not 503 (the server frees a place once it sees a connection close). */
async function untilServed(server: DistServer, rawPath: string): Promise<Reply> {
  for (let i = 0; ; i++) {
    const r = await get(rawPath, { server });
    if (r.status !== 503 || i >= 200) return r;
    await sleep(50);
  }
}

describe('serve: large files and many clients', () => {
  const LARGE = 96 * 2 ** 20;
  let big: string;
  beforeAll(async () => {
    big = path.join(await tempDir('serve-big-'), 'dist');
    await mkdir(big);
    const handle = await openFile(path.join(big, 'large.csv'), 'w');
    const chunk = Buffer.alloc(2 ** 20, 'a,1\n');
    for (let i = 0; i < LARGE / chunk.length; i++) await handle.write(chunk);
    await handle.close();
    await writeFile(path.join(big, 'small.csv'), 'a,1\n');
  });

  test('a large file is streamed from the open file, never held whole in memory', async () => {
    const server = await startServer(big, 0);
    try {
      const before = process.memoryUsage().arrayBuffers;
      const client = await stalled(server, '/large.csv');
      expect(client.res.statusCode).toBe(200);
      expect(client.res.headers['content-length']).toBe(String(LARGE));
      await sleep(200); // let the server fill what the connection will buffer
      const held = process.memoryUsage().arrayBuffers - before;
      expect(held, `${(held / 2 ** 20).toFixed(1)} MB held`).toBeLessThan(LARGE / 3);
      client.stop();
    } finally {
      await server.close();
    }
  });

  test('at most maxOpen files are open at once: the next request is 503 with Retry-After', async () => {
    const server = await startServer(big, 0, undefined, { maxOpen: 2 });
    try {
      const a = await stalled(server, '/large.csv');
      const b = await stalled(server, '/large.csv');
      const busy = await get('/small.csv', { server });
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect((await get('/small.csv', { server, method: 'POST' })).status).toBe(405); // refused before a place
      a.stop();
      const next = await untilServed(server, '/small.csv');
      expect(next.status).toBe(200);
      expect(next.body.toString()).toBe('a,1\n');
      b.stop();
    } finally {
      await server.close();
    }
  });

  test('a client that reads nothing is disconnected after idleMs, and its place freed', async () => {
    const server = await startServer(big, 0, undefined, { maxOpen: 1, idleMs: 1000 });
    try {
      const a = await stalled(server, '/large.csv');
      expect((await get('/small.csv', { server })).status).toBe(503);
      // a, still reading nothing, is never told: only the server gives up on it
      expect((await untilServed(server, '/small.csv')).status).toBe(200);
      a.stop();
    } finally {
      await server.close();
    }
  });

  test('by default, 30 clients downloading at once are all served', async () => {
    const server = await startServer(big, 0);
    try {
      const clients = await Promise.all(Array.from({ length: 30 }, () => stalled(server, '/large.csv')));
      expect(clients.map((c) => c.res.statusCode)).toEqual(clients.map(() => 200));
      for (const c of clients) c.stop();
    } finally {
      await server.close();
    }
  });

  test('a tag is never given to bytes that changed while they were hashed', async () => {
    const handle = await openFile(path.join(big, 'small.csv'), 'r');
    try {
      const stats = await handle.stat();
      const changed = { handle, stats: Object.assign(Object.create(stats), { size: stats.size + 1 }), path: '' };
      await expect(new EntityTags().of(changed)).rejects.toBeInstanceOf(HttpError);
      await expect(new EntityTags().of(changed)).rejects.toMatchObject({ status: 503 });
    } finally {
      await handle.close();
    }
  });
});

describe('serve: only regular files inside dist/, checked on the open file', () => {
  test('a FIFO is refused at once and blocks nothing, even more of them than the thread pool has', async () => {
    await mkdir(path.join(dist, 'fifo-dir'));
    execFileSync('mkfifo', [path.join(dist, 'pipe.csv'), path.join(dist, 'fifo-dir', 'index.html')]);
    const answers = Promise.all([
      ...Array.from({ length: 6 }, () => get('/pipe.csv')),
      get('/fifo-dir/'),
      get('/latest/units.csv'),
    ]);
    const timeout = sleep(10_000).then(() => 'no answer within 10 s');
    const replies = await Promise.race([answers, timeout]);
    expect(replies).not.toBe('no answer within 10 s');
    const statuses = (replies as Reply[]).map((r) => r.status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 403, 200]);
  });

  test('where /proc is missing, the path resolved again after the open must lead to the same file', async () => {
    const log: string[] = [];
    const locate = async () => undefined;
    const server = await startServer(dist, 0, undefined, { locate, log: (line) => log.push(line) });
    expect(log).toEqual([expect.stringMatching(/^warning: this system cannot name an open file/)]);
    try {
      for (const p of ['/escape.txt', '/relative-escape.csv', '/outside-dir/secret.txt', '/linked-index/']) {
        const r = await get(p, { server });
        expect([403, 404], p).toContain(r.status);
        expect(r.body.toString()).not.toContain(SECRET);
      }
      expect((await get('/units-link.csv', { server })).status).toBe(200);
      expect((await get('/latest/units.csv', { server })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test('race: a folder swapped for a link to outside while requests run never serves what is outside', async () => {
    const root = await tempDir('serve-race-');
    const raceDist = path.join(root, 'dist');
    await mkdir(path.join(raceDist, 'sub'), { recursive: true });
    await writeFile(path.join(raceDist, 'sub', 'a.txt'), 'public\n');
    await mkdir(path.join(root, 'outside'));
    await writeFile(path.join(root, 'outside', 'a.txt'), SECRET);
    const log: string[] = [];
    const server = await startServer(raceDist, 0, undefined, { log: (line) => log.push(line) });
    expect(log, 'opened files are checked by their name in /proc/self/fd (Linux)').toEqual([]);
    // another process, so that the swaps run truly alongside the server's file system calls
    const swapper = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs');
       const [sub, stash, outside, ms] = process.argv.slice(1);
       for (const end = Date.now() + Number(ms); Date.now() < end; ) {
         fs.renameSync(sub, stash);
         fs.symlinkSync(outside, sub);
         fs.unlinkSync(sub);
         fs.renameSync(stash, sub);
       }`,
      path.join(raceDist, 'sub'),
      path.join(raceDist, 'stash'),
      path.join(root, 'outside'),
      '3000',
    ]);
    const swapped = new Promise<number | null>((resolve) => swapper.on('exit', resolve));
    let running = true;
    void swapped.then(() => (running = false));
    const counts = new Map<number, number>();
    let leaked = 0;
    const client = async () => {
      while (running) {
        const r = await get('/sub/a.txt', { server });
        counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        if (r.body.toString().includes(SECRET)) leaked++;
      }
    };
    try {
      await Promise.all(Array.from({ length: 16 }, client));
      expect(await swapped).toBe(0);
    } finally {
      await server.close();
    }
    const summary = JSON.stringify(Object.fromEntries(counts));
    expect(leaked, summary).toBe(0);
    expect(counts.get(200) ?? 0, summary).toBeGreaterThan(0); // served while the folder was real
    expect(counts.get(403) ?? 0, summary).toBeGreaterThan(0); // refused while it was a link
  });
});
