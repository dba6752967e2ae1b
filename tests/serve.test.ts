/**
 * serve: content types, ETag and 304, HEAD, read-only, and nothing outside dist/ reachable.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requestSegments, startServer, type DistServer } from '../pipeline/service/serve.js';
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
function get(rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const { port, hostname } = new URL(served.url);
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
  const r = await cli('publish', '--raw', RAW, '--dist', dist);
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

  test('a missing dist/ or a bad port is a usage error (exit 2)', async () => {
    expect((await cli('serve', '--dist', path.join(dir, 'no-such-dist'))).code).toBe(2);
    const bad = await cli('serve', '--dist', dist, '--port', 'eighty');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--port');
  });

  test('a port in use is a usage error naming it', async () => {
    const port = new URL(served.url).port;
    const r = await cli('serve', '--dist', dist, '--port', port);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`port ${port}`);
  });
});
