/**
 * verify: every release against its SHA256SUMS, every JSON file against its schema, releases.json
 * against the folders present, and latest/ against the newest release. Reads only.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../core/paths.js';
import { problem, type ErrorCode, type ParamsOf, type Problem } from '../core/errors.js';
import { loadSchemas, PUBLISHED_TABLES, type PublishedTableName } from '../core/schemas.js';
import type { DataPackage, TableSchema } from './render/datapackage.js';
import { sha256 } from './render/datapackage.js';
import { contentHash, LATEST, listReleaseDirs, readReleases, RELEASES_FILE, STAGING } from './store.js';

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Check one release folder; returns its content hash when its files are whole. */
async function verifyRelease(dir: string, problems: Problem[]): Promise<string | undefined> {
  const fail = <C extends ErrorCode>(code: C, params: ParamsOf<C>, file = dir) =>
    problems.push(problem(code, params, { file: displayPath(file) }));
  const sumsFile = path.join(dir, 'SHA256SUMS');
  if (!existsSync(sumsFile)) {
    fail('VERIFY_NO_CHECKSUMS', {}, sumsFile);
    return undefined;
  }
  const listed = new Map<string, string>();
  for (const line of (await readFile(sumsFile, 'utf8')).split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}([A-Za-z0-9._/-]+)$/.exec(line);
    if (!m || m[2]!.includes('..')) fail('VERIFY_BAD_CHECKSUM_LINE', { line }, sumsFile);
    else listed.set(m[2]!, m[1]!);
  }
  const present = (await listFiles(dir)).filter((f) => f !== 'SHA256SUMS');
  const contents = new Map<string, Buffer>();
  let whole = true;
  for (const f of present) if (!listed.has(f)) fail('VERIFY_UNLISTED_FILE', { path: f }, path.join(dir, f));
  for (const [f, expected] of listed) {
    const file = path.join(dir, f);
    if (!existsSync(file)) {
      whole = false;
      fail('VERIFY_MISSING_FILE', {}, file);
      continue;
    }
    const bytes = await readFile(file);
    contents.set(f, bytes);
    if (sha256(bytes) !== expected) {
      whole = false;
      fail('VERIFY_CHECKSUM', { found: sha256(bytes), expected }, file);
    }
  }
  const { validatePublished, validateDataPackage } = loadSchemas();
  const json = (f: string) => JSON.parse(contents.get(f)!.toString('utf8')) as unknown;
  for (const t of PUBLISHED_TABLES) {
    if (!contents.has(`${t}.json`)) continue;
    const validate = validatePublished[t as PublishedTableName];
    if (!validate(json(`${t}.json`)))
      fail(
        'VERIFY_SCHEMA',
        {
          schema: `${t}.schema.json`,
          reason: `${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`,
        },
        path.join(dir, `${t}.json`),
      );
  }
  if (!contents.has('datapackage.json')) {
    fail('VERIFY_NO_DATAPACKAGE', {});
    return undefined;
  }
  const pkg = json('datapackage.json') as DataPackage;
  if (!validateDataPackage(pkg)) {
    fail(
      'VERIFY_SCHEMA',
      {
        schema: 'datapackage.schema.json',
        reason: `${validateDataPackage.errors?.[0]?.instancePath} ${validateDataPackage.errors?.[0]?.message}`,
      },
      path.join(dir, 'datapackage.json'),
    );
    return undefined;
  }
  if (pkg.version !== path.basename(dir) && path.basename(dir) !== LATEST)
    fail('VERIFY_VERSION', { version: pkg.version, folder: path.basename(dir) }, path.join(dir, 'datapackage.json'));
  const schemas: Record<string, TableSchema> = {};
  const files = new Map<string, Buffer>(); // the bytes already read and hashed: contentHash reuses their digests
  for (const r of pkg.resources) {
    const bytes = contents.get(r.path);
    if (!bytes) {
      fail('VERIFY_RESOURCE_MISSING', { name: r.name, path: r.path }, path.join(dir, 'datapackage.json'));
      continue;
    }
    if (bytes.length !== r.bytes || `sha256:${sha256(bytes)}` !== r.hash)
      fail('VERIFY_RESOURCE_HASH', { name: r.name }, path.join(dir, r.path));
    if (r.format === 'csv' && r.path === `${r.name}.csv`) {
      schemas[r.name] = r.schema;
      files.set(r.path, bytes);
    }
  }
  return whole ? contentHash(files, schemas) : undefined;
}

export async function verifyDist(dist: string): Promise<{ problems: Problem[]; checked: string[] }> {
  const problems: Problem[] = [];
  const fail = <C extends ErrorCode>(code: C, params: ParamsOf<C>, file: string) =>
    problems.push(problem(code, params, { file: displayPath(file) }));
  if (!existsSync(dist)) {
    fail('VERIFY_NO_DIST', {}, dist);
    return { problems, checked: [] };
  }
  if (existsSync(path.join(dist, STAGING)))
    // a warning, not an error: nothing under .staging/ is published, and the next publish finishes or discards it
    problems.push(problem('VERIFY_INTERRUPTED', {}, { file: displayPath(path.join(dist, STAGING)) }, 'warning'));
  let index;
  try {
    index = await readReleases(dist);
  } catch (err) {
    fail('VERIFY_INDEX', { reason: (err as Error).message }, path.join(dist, RELEASES_FILE));
  }
  const folders = await listReleaseDirs(dist);
  const listed = index?.releases.map((r) => r.version) ?? [];
  for (const v of folders) if (!listed.includes(v)) fail('VERIFY_UNLISTED_RELEASE', { version: v }, path.join(dist, v));
  for (const v of listed)
    if (!folders.includes(v))
      fail('VERIFY_MISSING_RELEASE', { version: v, folder: displayPath(path.join(dist, v)) }, path.join(dist, v));
  const checked: string[] = [];
  for (const entry of index?.releases ?? []) {
    const dir = path.join(dist, entry.version);
    if (!existsSync(dir)) continue;
    const hash = await verifyRelease(dir, problems);
    if (hash && hash !== entry.content_hash)
      fail('VERIFY_CONTENT_HASH', { found: hash, expected: entry.content_hash }, dir);
    checked.push(entry.version);
  }
  const newest = index?.releases.at(-1);
  if (newest) {
    const latest = path.join(dist, LATEST);
    if (!existsSync(latest)) fail('VERIFY_NO_LATEST', {}, latest);
    else {
      await verifyRelease(latest, problems);
      const a = await readFile(path.join(latest, 'SHA256SUMS'), 'utf8').catch(() => '');
      const b = await readFile(path.join(dist, newest.version, 'SHA256SUMS'), 'utf8').catch(() => '');
      if (a !== b) fail('VERIFY_LATEST_STALE', { version: newest.version }, latest);
      checked.push(LATEST);
    }
  }
  return { problems, checked };
}
