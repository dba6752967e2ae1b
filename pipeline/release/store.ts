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
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { faultIo, faultPause, faultPoint } from '../core/faults.js';
import { fail } from '../core/errors.js';
import { atPath } from '../core/environment.js';
import { displayPath } from '../core/paths.js';
import { loadSchemas, type PublishedTableName } from '../core/schemas.js';
import type { Cell } from '../stages/tables/rows.js';
import type { Bump, Reason, ReleaseContent, Row } from './version.js';
import { sha256, type FileInfo } from './render/files.js';
import { listFiles, trustRelease } from './integrity.js';
import { formatOf } from './render/formats.js';
import { inside, StagedRelease, type ReleaseWriter } from './staged.js';
import { ThreadedRelease } from './writer-thread.js';

export { contentHash, listFiles } from './integrity.js';
export { inside, storedInZip, type ReleaseWriter } from './staged.js';

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
  const releases = (index as ReleasesIndex).releases;
  const backwards = releases.findIndex((r, i) => i > 0 && r.date < releases[i - 1]!.date);
  if (backwards > 0) {
    const [before, after] = [releases[backwards - 1]!, releases[backwards]!];
    invalid(
      `dates ${after.version} ${after.date}, before ${before.version} of ${before.date} (dates only move forward)`,
    );
  }
  return index as ReleasesIndex;
}

/**
 * What a dist/ without releases.json and without release folders holds besides staging folders: the page,
 * the DCAT catalog, latest/, anything else. Such a store was wiped (its top files still name releases) or is
 * not a store at all (`--dist raw`): a publish into it would issue 1.0.0 again, or mix releases into other files.
 */
export async function leftovers(dist: string): Promise<string[]> {
  if (!existsSync(dist)) return [];
  const entries = await readdir(dist);
  return entries.filter((name) => !isStagingName(name)).sort();
}

/**
 * releases.json for a publish, which must agree with the release folders: every release it lists must still
 * have its folder (a publish on top of a gap would list a release nobody can download), and every folder must
 * be listed (releases.json restored from an old backup would have the versions skip or collide). The caller
 * has recovered dist/, so no interrupted publish explains a difference.
 */
export async function readPublished(dist: string): Promise<ReleasesIndex | undefined> {
  const index = await readReleases(dist);
  if (!index) {
    const found = await leftovers(dist);
    if (found.length > 0)
      fail(
        'RELEASE_NOT_A_STORE',
        { dist: displayPath(dist), found: found.slice(0, 5).join(', ') },
        { file: displayPath(dist) },
      );
  }
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

/**
 * The tables and Table Schemas of a published release, for comparison: read only once the release is known
 * whole (integrity.ts trustRelease), and each file read checked again against its digest as it is parsed, so
 * what is compared is what was published.
 */
export async function loadReleaseContent(
  dist: string,
  version: string,
  expectedHash: string | undefined,
): Promise<ReleaseContent> {
  const dir = releaseDir(dist, version);
  const trusted = await trustRelease(dist, version, expectedHash);
  const tables: Record<string, Row[]> = {};
  for (const name of Object.keys(trusted.schemas)) {
    const relative = formatOf('json').path(name as PublishedTableName, '');
    const file = inside(dir, relative);
    const bytes = await readFile(file).catch(atPath(file));
    const expected = trusted.files.get(relative)?.sha256;
    if (sha256(bytes) !== expected)
      fail(
        'RELEASE_DAMAGED',
        { version, reason: 'it changed while it was read', copy: '', folder: displayPath(dir) },
        { file: displayPath(file) },
      );
    tables[name] = JSON.parse(bytes.toString('utf8')) as Record<string, Cell>[];
  }
  return { tables, schemas: trusted.schemas, ...(trusted.meta !== undefined ? { meta: trusted.meta } : {}) };
}

/** SHA256SUMS in the format `sha256sum -c` reads. */
export function renderChecksums(files: Map<string, FileInfo>): string {
  return [...files.keys()]
    .sort()
    .map((p) => `${files.get(p)!.sha256}  ${p}\n`)
    .join('');
}

// ---------------------------------------------------------------- writing

/** The files at the top of dist/ that each publish writes again: the catalog page and the DCAT catalog. */
export const TOP_FILES = ['index.html', 'catalog.jsonld'] as const;

/** A top file's content: a text, or its pieces in order (made as they are written, so never held whole). */
export type TopContent = string | Iterable<string>;

/** What a publish writes besides the release folder, once the release is staged. */
export interface StagedIndex {
  releases: ReleasesIndex;
  top: Record<(typeof TOP_FILES)[number], TopContent>;
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
async function stageFile(file: string, content: TopContent): Promise<void> {
  faultIo(file);
  await writeFile(file, content).catch(atPath(file)); // a write that fails (ENOSPC) names no path of its own
}

/** Remove a staging folder that will not be committed; a failure here is left for the next run's recover. */
async function discard(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Write a new release into dist/ atomically (see the module comment): `stage` writes the release's files
 * and returns the new releases.json and TOP_FILES. If it throws, nothing of it is left in dist/. With `threaded`,
 * the release's files are written on a thread of their own (writer-thread.ts) where the compiled build has one.
 */
export async function commitPublish(
  dist: string,
  version: string,
  stage: (release: ReleaseWriter) => Promise<StagedIndex>,
  { threaded = false }: { threaded?: boolean } = {},
): Promise<void> {
  const target = releaseDir(dist, version);
  if (existsSync(target)) fail('RELEASE_EXISTS', { version, dist });
  const staging = await newStaging(dist);
  const folders = [path.join(staging, version), path.join(staging, LATEST), staging] as const;
  const release: ReleaseWriter =
    threaded && ThreadedRelease.available() ? new ThreadedRelease(...folders) : new StagedRelease(...folders);
  try {
    const { releases, top } = await stage(release);
    await release.close();
    await stageFile(path.join(staging, RELEASES_FILE), JSON.stringify(releases, null, 2) + '\n');
    for (const name of TOP_FILES) await stageFile(path.join(staging, name), top[name]);
    await stageFile(path.join(staging, JOURNAL), JSON.stringify({ version, pid: process.pid }) + '\n');
  } catch (err) {
    await release.abandon();
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
  top?: Partial<Record<(typeof TOP_FILES)[number], TopContent>>;
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
 * The files of a published release with their sizes and digests, as the catalog page lists them: only once
 * the release is known whole (a damaged one throws RELEASE_DAMAGED, see integrity.ts).
 */
export async function releaseFiles(dist: string, entry: ReleaseEntry): Promise<Map<string, FileInfo>> {
  return (await trustRelease(dist, entry.version, entry.content_hash)).files;
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
