/**
 * dist/ on disk: reading releases, and writing a new one atomically.
 *
 * A publish writes everything into dist/.staging/ first (the release folder, the new releases.json, the
 * new latest/ as hard links to the release's files, and the TOP_FILES), then commits by renaming the release
 * folder into place: that rename is the commit point. The remaining renames (releases.json, latest/,
 * TOP_FILES) follow; if the process dies between them, the next run finds .staging/ and finishes them (roll
 * forward). If it dies before the commit point, the next run deletes .staging/ (roll back). Published
 * release folders are never written after their rename, which is what makes sharing their files with
 * latest/ safe.
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { faultPoint } from '../core/faults.js';
import { fail } from '../core/errors.js';
import { loadSchemas, PUBLISHED_TABLES } from '../core/schemas.js';
import type { Cell } from '../stages/tables/rows.js';
import type { Bump, Reason, ReleaseContent, Row } from './version.js';
import { sha256, WrittenFile, type DataPackage, type FileContent, type TableSchema } from './render/datapackage.js';

export const VERSION_PATTERN = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
export const STAGING = '.staging';
export const RELEASES_FILE = 'releases.json';
export const LATEST = 'latest';

export interface ReleaseEntry {
  version: string;
  date: string;
  content_hash: string;
  rows: Record<string, number>;
  bump: Bump | 'initial';
  previous?: string;
  summary: string;
  reasons: Reason[];
  /** Sources whose text was not traced when this release was made (publish --untraced). */
  untraced?: string[];
}

export interface ReleasesIndex {
  package: string;
  releases: ReleaseEntry[];
}

/** A path inside a release folder for `version`, refusing anything that could leave dist/. */
export function releaseDir(dist: string, version: string): string {
  if (!VERSION_PATTERN.test(version)) fail('RELEASE_BAD_VERSION', { version });
  return path.join(dist, version);
}

/** Join a relative file path under `dir`, refusing absolute paths and `..`. */
export function inside(dir: string, relative: string): string {
  const full = path.resolve(dir, relative);
  if (path.isAbsolute(relative) || !full.startsWith(path.resolve(dir) + path.sep))
    fail('RELEASE_PATH_ESCAPE', { path: relative, dir });
  return full;
}

export async function readReleases(dist: string): Promise<ReleasesIndex | undefined> {
  const file = path.join(dist, RELEASES_FILE);
  if (!existsSync(file)) return undefined;
  const index = JSON.parse(await readFile(file, 'utf8')) as ReleasesIndex;
  const validate = loadSchemas().validateReleases;
  if (!validate(index))
    fail(
      'RELEASE_INDEX_INVALID',
      {
        file,
        reason: `does not match schemas/published/releases.schema.json: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`,
      },
      { file },
    );
  return index;
}

/** Version folders present in dist/, sorted. */
export async function listReleaseDirs(dist: string): Promise<string[]> {
  if (!existsSync(dist)) return [];
  const entries = await readdir(dist, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && VERSION_PATTERN.test(e.name)).map((e) => e.name);
}

/** The tables and Table Schemas of a published release, for comparison. */
export async function loadReleaseContent(dir: string): Promise<ReleaseContent> {
  const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8')) as DataPackage;
  const tables: Record<string, Row[]> = {};
  const schemas: Record<string, TableSchema> = {};
  for (const r of pkg.resources) {
    if (r.format !== 'csv' || r.path !== `${r.name}.csv`) continue; // the JSON and spreadsheet copies hold the same rows
    schemas[r.name] = r.schema;
    tables[r.name] = JSON.parse(await readFile(inside(dir, `${r.name}.json`), 'utf8')) as Record<string, Cell>[];
  }
  return { tables, schemas };
}

/** SHA256SUMS in the format `sha256sum -c` reads. */
export function renderChecksums(files: Map<string, FileContent>): string {
  return [...files.keys()]
    .sort()
    .map((p) => `${sha256(files.get(p)!)}  ${p}\n`)
    .join('');
}

/**
 * The content hash: SHA-256 over the CSV tables and their schemas. Two builds with the same hash hold the
 * same data, so publishing the second would change nothing.
 */
export function contentHash(files: Map<string, FileContent>, schemas: Record<string, TableSchema>): string {
  const parts = PUBLISHED_TABLES.map(
    (t) => `${t}\n${sha256(files.get(`${t}.csv`) ?? '')}\n${sha256(JSON.stringify(schemas[t] ?? null))}`,
  );
  return `sha256:${sha256(parts.join('\n'))}`;
}

/**
 * PIPELINE_TEST_DELAY_MS=<ms> (tests only): a publish pauses that long once everything is staged, before
 * its commit point, so a test can signal a run that is in progress or race a second one against it.
 */
async function testDelay(): Promise<void> {
  const ms = Number(process.env.PIPELINE_TEST_DELAY_MS ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- writing

/** What a file may be written from: its content, or chunks rendered as they are written (a large JSON). */
export type Writable = Exclude<FileContent, WrittenFile> | Iterable<Uint8Array | string>;

/**
 * Where text is encoded to UTF-8 on its way to a file: one buffer, reused for every piece, because a new
 * Buffer for each piece of a large JSON file cost more than encoding it (README, Performance).
 */
let scratch = Buffer.allocUnsafe(0);

function encoded(text: string): Buffer {
  if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafe(Math.max(text.length * 3, 4 << 20));
  return scratch.subarray(0, scratch.write(text, 'utf8'));
}

function* chunksOf(content: Writable): Iterable<Uint8Array | string> {
  if (typeof content === 'string' || content instanceof Uint8Array) yield content;
  else yield* content;
}

/**
 * A release being written into dist/.staging/: each file goes to the release folder as it is rendered,
 * and `latest/` gets a hard link to it (a copy where the file system has no hard links). Only the size
 * and digest of each file are kept, so a large release is never held in memory whole.
 */
export class StagedRelease {
  /** Every file written so far, by path in the release. */
  readonly files = new Map<string, WrittenFile>();

  constructor(
    private readonly releaseDir: string,
    private readonly latestDir: string,
  ) {}

  async write(relative: string, content: Writable): Promise<void> {
    const file = inside(this.releaseDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    // a digest computed before (the content hash hashed the CSV chunks) is not computed again
    const known = Array.isArray(content) || content instanceof Uint8Array ? sha256(content as FileContent) : undefined;
    const hash = known === undefined ? createHash('sha256') : undefined;
    let bytes = 0;
    const handle = await open(file, 'w');
    try {
      for (const piece of chunksOf(content)) {
        const chunk = typeof piece === 'string' ? encoded(piece) : piece; // written before the next is encoded
        hash?.update(chunk);
        bytes += chunk.byteLength;
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    this.files.set(relative, new WrittenFile(bytes, known ?? hash!.digest('hex')));
    const copy = inside(this.latestDir, relative);
    await mkdir(path.dirname(copy), { recursive: true });
    await link(file, copy).catch(() => copyFile(file, copy)); // release files are never written again
    if (this.files.size === 2) faultPoint('staging-partial');
  }
}

/** The files at the top of dist/ that each publish writes again: the catalog page and the DCAT catalog. */
export const TOP_FILES = ['index.html', 'catalog.jsonld'] as const;

/** What a publish writes besides the release folder, once the release is staged. */
export interface StagedIndex {
  releases: ReleasesIndex;
  top: Record<(typeof TOP_FILES)[number], string>;
}

/**
 * Write a new release into dist/ atomically (see the module comment): `stage` writes the release's files
 * and returns the new releases.json and TOP_FILES. If it throws, nothing of it is left in dist/.
 */
export async function commitPublish(
  dist: string,
  version: string,
  stage: (release: StagedRelease) => Promise<StagedIndex>,
): Promise<void> {
  const target = releaseDir(dist, version);
  if (existsSync(target)) fail('RELEASE_EXISTS', { version, dist });
  await mkdir(dist, { recursive: true });
  const staging = path.join(dist, STAGING);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    const { releases, top } = await stage(new StagedRelease(path.join(staging, version), path.join(staging, LATEST)));
    await writeFile(path.join(staging, RELEASES_FILE), JSON.stringify(releases, null, 2) + '\n');
    for (const name of TOP_FILES) await writeFile(path.join(staging, name), top[name]);
    await writeFile(path.join(staging, 'journal.json'), JSON.stringify({ version }) + '\n');
  } catch (err) {
    await rm(staging, { recursive: true, force: true }); // a failed run leaves dist/ as it was
    throw err;
  }
  faultPoint('staged');
  await testDelay();
  await rename(path.join(staging, version), target); // the commit point
  faultPoint('committed-release');
  await finishPublish(dist);
}

/** The steps after the commit point; each is done only if still pending, so running it twice is safe. */
async function finishPublish(dist: string): Promise<void> {
  const staging = path.join(dist, STAGING);
  const pending = (name: string) => existsSync(path.join(staging, name));
  if (pending(RELEASES_FILE)) await rename(path.join(staging, RELEASES_FILE), path.join(dist, RELEASES_FILE));
  faultPoint('committed-index');
  if (pending(LATEST)) {
    if (existsSync(path.join(dist, LATEST))) await rename(path.join(dist, LATEST), path.join(staging, 'latest.old'));
    faultPoint('swapped-latest-old');
    await rename(path.join(staging, LATEST), path.join(dist, LATEST));
    faultPoint('swapped-latest');
  }
  for (const name of TOP_FILES) if (pending(name)) await rename(path.join(staging, name), path.join(dist, name));
  await rm(staging, { recursive: true, force: true });
}

/**
 * Bring dist/ back to a whole state after a run that died: finish a publish that passed its commit point,
 * discard one that did not. Returns what it did, for the log; undefined when there was nothing to do.
 */
export async function recover(dist: string): Promise<string | undefined> {
  const staging = path.join(dist, STAGING);
  if (!existsSync(staging)) return undefined;
  let version: string | undefined;
  try {
    version = (JSON.parse(await readFile(path.join(staging, 'journal.json'), 'utf8')) as { version: string }).version;
  } catch {
    version = undefined;
  }
  if (
    version &&
    VERSION_PATTERN.test(version) &&
    existsSync(path.join(dist, version)) &&
    !existsSync(path.join(staging, version))
  ) {
    await finishPublish(dist);
    return `finished the interrupted publish of ${version}`;
  }
  await rm(staging, { recursive: true, force: true });
  return `discarded an interrupted publish${version ? ` of ${version}` : ''} that had not been committed`;
}
