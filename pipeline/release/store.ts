/**
 * dist/ on disk: reading releases, and writing a new one atomically.
 *
 * A publish writes everything into a staging folder of its own, dist/.staging-<pid>-<random>/, first (the
 * release folder, the new releases.json, the new latest/ as hard links to the release's files, the TOP_FILES
 * (index.html, catalog.jsonld), and last a journal naming the version), then commits by renaming the release folder into place: that
 * rename is the commit point. The remaining renames (releases.json, latest/, TOP_FILES) follow; if the
 * process dies between them, the next run finds the staging folder and finishes them (roll forward). If it
 * dies before the commit point, the next run deletes the staging folder (roll back). Published release
 * folders are never written after their rename, which is what makes sharing their files with latest/ safe.
 *
 * Staging folders are written only under the lock (lock.ts), so those a run finds once it holds the lock
 * were left by runs that have ended: `recover` finishes or discards each of them. A repair (latest/ or a
 * missing top file rebuilt from the newest release) goes through a staging folder the same way, with no commit
 * point of its own: it is finished once its journal is written, and is done again by the next run if not.
 *
 * releases.json is the record of what was published: when it is missing while release folders exist, or
 * unreadable, or names a folder that is gone, nothing is published (the versions would start again, or
 * skip) and the message says to restore it.
 */
import { existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { faultIo, faultPause, faultPoint } from '../core/faults.js';
import { fail } from '../core/errors.js';
import { atPath } from '../core/environment.js';
import { displayPath } from '../core/paths.js';
import { loadSchemas, PUBLISHED_TABLES } from '../core/schemas.js';
import type { Cell } from '../stages/tables/rows.js';
import type { Bump, Reason, ReleaseContent, Row } from './version.js';
import type { DataPackage, TableSchema } from './render/datapackage.js';
import { sha256, Utf8Chunks, type FileInfo, type RenderedFile } from './render/files.js';

export const VERSION_PATTERN = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
/** Staging folders are named `.staging-<pid>-<random>`; `.staging` alone was the name before each run had its own. */
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

/** Whether a name in dist/ is a staging folder's. */
export const isStagingName = (name: string) => name === STAGING || name.startsWith(`${STAGING}-`);

/**
 * releases.json, or undefined when nothing is published yet. Missing while release folders exist, empty, not
 * JSON or not matching its schema: a DataError naming the file and saying to restore it.
 */
export async function readReleases(dist: string): Promise<ReleasesIndex | undefined> {
  const real = path.join(dist, RELEASES_FILE);
  const file = displayPath(real);
  const invalid = (reason: string) => fail('RELEASE_INDEX_INVALID', { file, reason }, { file });
  let text: string;
  try {
    text = await readFile(real, 'utf8').catch(atPath(real));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // a folder, no permission: ENV_IO
    const versions = await listReleaseDirs(dist);
    if (versions.length === 0) return undefined;
    fail('RELEASE_INDEX_MISSING', { file, dist: displayPath(dist), versions: versions.join(', ') }, { file });
  }
  if (text.trim() === '') invalid('is empty');
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch (err) {
    invalid(`is not JSON (${(err as Error).message})`);
  }
  const validate = loadSchemas().validateReleases;
  if (!validate(index)) {
    const first = validate.errors?.[0];
    invalid(`does not match schemas/published/releases.schema.json (${first?.instancePath || '/'} ${first?.message})`);
  }
  const versions = (index as ReleasesIndex).releases.map((r) => r.version);
  const disorder = versions.findIndex((v, i) => i > 0 && byVersion(versions[i - 1]!, v) >= 0);
  if (disorder > 0) invalid(`lists ${versions[disorder]} after ${versions[disorder - 1]} (oldest first, each once)`);
  return index as ReleasesIndex;
}

/**
 * releases.json for a publish, which must agree with the release folders: every release it lists must still
 * have its folder (a publish on top of a gap would list a release nobody can download), and every folder must
 * be listed (releases.json restored from an old backup would have the versions skip or collide). The caller
 * has recovered dist/, so no interrupted publish explains a difference.
 */
export async function readPublished(dist: string): Promise<ReleasesIndex | undefined> {
  const index = await readReleases(dist);
  const listed = new Set(index?.releases.map((r) => r.version));
  for (const version of listed) {
    const folder = releaseDir(dist, version);
    if (!existsSync(folder))
      fail('RELEASE_FOLDER_MISSING', { version, folder: displayPath(folder) }, { file: displayPath(folder) });
  }
  const file = displayPath(path.join(dist, RELEASES_FILE));
  for (const version of await listReleaseDirs(dist))
    if (!listed.has(version))
      fail('RELEASE_FOLDER_UNLISTED', { version, file }, { file: displayPath(path.join(dist, version)) });
  return index;
}

/** Version folders present in dist/, in version order. */
export async function listReleaseDirs(dist: string): Promise<string[]> {
  if (!existsSync(dist)) return [];
  const entries = await readdir(dist, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && VERSION_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort(byVersion);
}

function byVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  return pa[0]! - pb[0]! || pa[1]! - pb[1]! || pa[2]! - pb[2]!;
}

/** Every file under `dir`, as paths relative to it with `/`, sorted. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** A file of a published release is missing or unreadable: say which, and how to restore it. */
function damaged(file: string, reason: string): never {
  const shown = displayPath(file);
  fail('RELEASE_DAMAGED', { file: shown, reason }, { file: shown });
}

/** JSON of a file of a published release; a missing or unreadable one is RELEASE_DAMAGED, naming it. */
async function readReleaseJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8').catch(atPath(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    damaged(file, 'missing');
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    damaged(file, `not JSON (${(err as Error).message})`);
  }
}

/** The tables and Table Schemas of a published release, for comparison. */
export async function loadReleaseContent(dir: string): Promise<ReleaseContent> {
  const pkgFile = path.join(dir, 'datapackage.json');
  const pkg = await readReleaseJson<DataPackage>(pkgFile);
  if (!Array.isArray(pkg?.resources)) damaged(pkgFile, 'without its list of resources');
  const tables: Record<string, Row[]> = {};
  const schemas: Record<string, TableSchema> = {};
  for (const r of pkg.resources) {
    if (r.format !== 'csv' || r.path !== `${r.name}.csv`) continue; // the JSON and spreadsheet copies hold the same rows
    schemas[r.name] = r.schema;
    tables[r.name] = await readReleaseJson<Record<string, Cell>[]>(inside(dir, `${r.name}.json`));
  }
  return { tables, schemas };
}

/** SHA256SUMS in the format `sha256sum -c` reads. */
export function renderChecksums(files: Map<string, FileInfo>): string {
  return [...files.keys()]
    .sort()
    .map((p) => `${files.get(p)!.sha256}  ${p}\n`)
    .join('');
}

/**
 * The content hash: SHA-256 over the CSV tables and their schemas, in the order `tables` lists them (a
 * release's own: the order of its datapackage.json). Two builds with the same hash hold the same data, so
 * publishing the second would change nothing.
 */
export function contentHash(
  tables: readonly string[],
  files: Map<string, FileInfo>,
  schemas: Record<string, TableSchema>,
): string {
  const parts = tables.map(
    (t) => `${t}\n${files.get(`${t}.csv`)?.sha256 ?? sha256('')}\n${sha256(JSON.stringify(schemas[t] ?? null))}`,
  );
  return `sha256:${sha256(parts.join('\n'))}`;
}

// ---------------------------------------------------------------- writing

/** What a file may be written from: text or bytes, a file rendered before (a CSV), or pieces made as it is written (a large JSON). */
export type Writable = string | Uint8Array | RenderedFile | Iterable<Uint8Array | string>;

const isRendered = (content: Writable): content is RenderedFile =>
  typeof content === 'object' && 'chunks' in content && 'sha256' in content;

/**
 * A release being written into its staging folder: each file goes to the release folder as it is rendered,
 * and `latest/` gets a hard link to it (a copy where the file system has no hard links). Only the size
 * and digest of each file are kept, so a large release is never held in memory whole.
 */
export class StagedRelease {
  /** Every file written so far, by path in the release. */
  readonly files = new Map<string, FileInfo>();

  constructor(
    private readonly releaseDir: string,
    private readonly latestDir: string,
  ) {}

  async write(relative: string, content: Writable): Promise<void> {
    const file = inside(this.releaseDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    faultIo(file);
    const handle = await open(file, 'w');
    const put = (chunk: Uint8Array) => handle.write(chunk).catch(atPath(file)); // ENOSPC names no path of its own
    try {
      if (isRendered(content)) {
        for (const chunk of content.chunks) await put(chunk); // its size and digest are known already
        this.files.set(relative, { bytes: content.bytes, sha256: content.sha256 });
      } else {
        const out = new Utf8Chunks();
        const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
        for (const piece of pieces) {
          out.add(piece);
          for (const chunk of out.take()) await put(chunk);
        }
        const { chunks, bytes, sha256: digest } = out.finish();
        for (const chunk of chunks) await put(chunk);
        this.files.set(relative, { bytes, sha256: digest });
      }
    } finally {
      await handle.close();
    }
    const copy = inside(this.latestDir, relative);
    await mkdir(path.dirname(copy), { recursive: true });
    // release files are never written again, so latest/ may share them
    await link(file, copy).catch(() => copyFile(file, copy).catch(atPath(copy)));
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

/** What a staging folder's journal says: the version a publish commits, or that it is a repair. */
interface Journal {
  version?: string;
  repair?: boolean;
  pid?: number;
}

const JOURNAL = 'journal.json';

/** A new staging folder of this run's own in dist/ (created with dist/ if need be). */
async function newStaging(dist: string): Promise<string> {
  await mkdir(dist, { recursive: true });
  const staging = path.join(dist, `${STAGING}-${process.pid}-${randomBytes(4).toString('hex')}`);
  faultIo(staging, 'mkdir');
  await mkdir(staging);
  return staging;
}

/** Write a file of a staging folder (fault injection included: PIPELINE_FAULT=ENOSPC-at:<name>). */
async function stageFile(file: string, content: string): Promise<void> {
  faultIo(file);
  await writeFile(file, content).catch(atPath(file)); // a write that fails (ENOSPC) names no path of its own
}

/** Remove a staging folder that will not be committed; a failure here is left for the next run's recover. */
async function discard(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true }).catch(() => undefined);
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
  const staging = await newStaging(dist);
  try {
    const { releases, top } = await stage(new StagedRelease(path.join(staging, version), path.join(staging, LATEST)));
    await stageFile(path.join(staging, RELEASES_FILE), JSON.stringify(releases, null, 2) + '\n');
    for (const name of TOP_FILES) await stageFile(path.join(staging, name), top[name]);
    await stageFile(path.join(staging, JOURNAL), JSON.stringify({ version, pid: process.pid }) + '\n');
  } catch (err) {
    await discard(staging); // a failed run leaves dist/ as it was
    throw err;
  }
  faultPoint('staged');
  await faultPause();
  await rename(path.join(staging, version), target); // the commit point
  faultPoint('committed-release');
  await finishPublish(dist, staging);
}

/** What a repair rebuilds: latest/ from the release `latest`, and the top files that are missing. */
export interface Repair {
  latest?: string;
  top?: Partial<Record<(typeof TOP_FILES)[number], string>>;
}

/** Rebuild latest/ and top files as `repair` says, through a staging folder (see the module comment). */
export async function commitRepair(dist: string, repair: Repair): Promise<void> {
  const staging = await newStaging(dist);
  try {
    if (repair.latest) await linkTree(releaseDir(dist, repair.latest), path.join(staging, LATEST));
    for (const [name, content] of Object.entries(repair.top ?? {})) await stageFile(path.join(staging, name), content);
    await stageFile(path.join(staging, JOURNAL), JSON.stringify({ repair: true, pid: process.pid }) + '\n');
  } catch (err) {
    await discard(staging);
    throw err;
  }
  await finishPublish(dist, staging);
}

/** Hard-link (or copy) every file of `from` into `to`. */
async function linkTree(from: string, to: string): Promise<void> {
  for (const relative of await listFiles(from)) {
    const file = path.join(from, relative);
    const copy = path.join(to, relative);
    await mkdir(path.dirname(copy), { recursive: true });
    faultIo(copy, 'link');
    await link(file, copy).catch(() => copyFile(file, copy).catch(atPath(copy)));
  }
}

/**
 * Whether dist/latest/ holds the files of release `version`: the same names, each the same file (a hard link)
 * or of the same size, and the same SHA256SUMS. Cheap enough for every run (no file is read but SHA256SUMS);
 * a changed byte that keeps the size is for verify to find.
 */
export async function latestMatches(dist: string, version: string): Promise<boolean> {
  const release = releaseDir(dist, version);
  const latest = path.join(dist, LATEST);
  const files = await listFiles(release);
  const present = await listFiles(latest).catch(() => undefined); // missing, or not a folder
  if (!present || present.join('\n') !== files.join('\n')) return false;
  for (const relative of files) {
    const [a, b] = await Promise.all([stat(path.join(release, relative)), stat(path.join(latest, relative))]);
    if (!(a.ino === b.ino && a.dev === b.dev) && a.size !== b.size) return false;
  }
  const sums = (dir: string) => readFile(path.join(dir, 'SHA256SUMS')).catch(() => Buffer.alloc(0));
  const [x, y] = await Promise.all([sums(release), sums(latest)]);
  return x.equals(y);
}

/**
 * The files of a published release with their sizes and digests, as the catalog page lists them: the
 * digests from its SHA256SUMS, the sizes from the files.
 */
export async function releaseFiles(dir: string): Promise<Map<string, FileInfo>> {
  const sumsFile = path.join(dir, 'SHA256SUMS');
  const sums = await readFile(sumsFile).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') damaged(sumsFile, 'missing');
    return atPath(sumsFile)(err);
  });
  const files = new Map<string, FileInfo>();
  for (const line of sums.toString('utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line) ?? damaged(sumsFile, `it has an unreadable line: ${line}`);
    const file = inside(dir, m[2]!);
    const size = await stat(file).then(
      (st) => st.size,
      () => damaged(file, 'listed in SHA256SUMS but missing'),
    );
    files.set(m[2]!, { bytes: size, sha256: m[1]! });
  }
  files.set('SHA256SUMS', { bytes: sums.length, sha256: sha256(sums) });
  return files;
}

/**
 * The steps after the commit point (or of a repair); each is done only if still pending, so running it twice
 * is safe.
 */
async function finishPublish(dist: string, staging: string): Promise<void> {
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

/** The staging folders in dist/, sorted by name. */
async function stagingFolders(dist: string): Promise<string[]> {
  if (!existsSync(dist)) return [];
  const entries = await readdir(dist, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && isStagingName(e.name))
    .map((e) => path.join(dist, e.name))
    .sort();
}

async function readJournal(staging: string): Promise<Journal | undefined> {
  try {
    const journal = JSON.parse(await readFile(path.join(staging, JOURNAL), 'utf8')) as Journal | null;
    return typeof journal === 'object' && journal !== null ? journal : undefined;
  } catch {
    return undefined; // not written yet: the run died before its commit point
  }
}

/** A staging folder left by a run, and what became of its publish. */
export interface Interrupted {
  folder: string;
  /** The version it was publishing, where its journal says. */
  version: string | undefined;
  /** Passed its commit point (or a repair whose journal is written): the next run finishes it. */
  committed: boolean;
}

/** The staging folders in dist/ and what each holds: for verify, and for recover. */
export async function interruptedRuns(dist: string): Promise<Interrupted[]> {
  const runs: Interrupted[] = [];
  for (const folder of await stagingFolders(dist)) {
    const journal = await readJournal(folder);
    const version =
      typeof journal?.version === 'string' && VERSION_PATTERN.test(journal.version) ? journal.version : undefined;
    const committed = version
      ? existsSync(path.join(dist, version)) && !existsSync(path.join(folder, version))
      : journal?.repair === true;
    runs.push({ folder, version, committed });
  }
  return runs;
}

/**
 * Bring dist/ back to a whole state after runs that died: finish each publish that passed its commit point
 * (and each repair that was ready), discard the others. The caller holds the lock, so every staging folder
 * is of a run that has ended. Returns what it did, for the log; undefined when there was nothing to do.
 */
export async function recover(dist: string): Promise<string | undefined> {
  if (existsSync(dist) && !(await stat(dist)).isDirectory())
    fail('ENV_IO', { path: dist, cause: 'a file where a folder is needed' });
  const done: string[] = [];
  for (const run of await interruptedRuns(dist)) {
    if (run.committed) {
      await finishPublish(dist, run.folder);
      done.push(run.version ? `finished the interrupted publish of ${run.version}` : 'finished an interrupted repair');
    } else {
      await rm(run.folder, { recursive: true, force: true });
      done.push(
        `discarded an interrupted publish${run.version ? ` of ${run.version}` : ''} that had not been committed`,
      );
    }
  }
  return done.length ? done.join('; ') : undefined;
}
