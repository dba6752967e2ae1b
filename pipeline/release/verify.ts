/**
 * verify: every release against its SHA256SUMS, every JSON file against its schema, releases.json
 * against the folders present, latest/ against the newest release, and index.html present. Reads only.
 * Each problem says how to repair it: what the next publish rebuilds (latest/, index.html, an interrupted
 * publish), and what must be restored from version control or a backup (releases.json, a release).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../core/paths.js';
import { fail, PipelineError, problem, type Problem } from '../core/errors.js';
import { appendAll } from '../core/group.js';
import { checkRelease, reporter, type Report } from './integrity.js';
import {
  interruptedRuns,
  LATEST,
  leftovers,
  listReleaseDirs,
  readReleases,
  type Interrupted,
  type ReleasesIndex,
} from './store.js';

/** Check one release folder (integrity.ts, with each JSON table against its Table Schema); its content hash when whole. */
async function verifyRelease(dir: string, problems: Problem[], expectedHash?: string): Promise<string | undefined> {
  const checked = await checkRelease(dir, { tables: true, expectedHash });
  appendAll(problems, checked.problems);
  return checked.problems.length === 0 ? checked.hash : undefined;
}

/** releases.json, or why it cannot be read; a missing one explained by an interrupted first publish is no error. */
async function readIndex(
  dist: string,
  folders: string[],
  interrupted: Interrupted[],
  problems: Problem[],
): Promise<{ index: ReleasesIndex | undefined; broken: boolean }> {
  try {
    return { index: await readReleases(dist), broken: false };
  } catch (err) {
    if (!(err instanceof PipelineError)) throw err;
    const pending = new Set(interrupted.filter((r) => r.committed).map((r) => r.version));
    if (err.code === 'RELEASE_INDEX_MISSING' && folders.every((v) => pending.has(v)))
      return { index: undefined, broken: false };
    problems.push(err.problem); // the message publish gives too: what is wrong, and how to restore it
    return { index: undefined, broken: true };
  }
}

/** releases.json against the release folders present, each way. */
function checkListing(
  dist: string,
  index: ReleasesIndex | undefined,
  folders: string[],
  interrupted: Interrupted[],
  report: Report,
) {
  const listed = index?.releases.map((r) => r.version) ?? [];
  const pending = new Set(interrupted.filter((r) => r.committed).map((r) => r.version));
  for (const v of folders)
    if (!listed.includes(v)) {
      const hint = pending.has(v)
        ? 'an interrupted publish left it, and the next publish finishes it'
        : 'restore releases.json from version control or a backup, or remove the folder if it was never published';
      report('VERIFY_UNLISTED_RELEASE', { version: v, hint }, path.join(dist, v));
    }
  for (const v of listed)
    if (!folders.includes(v))
      report('VERIFY_MISSING_RELEASE', { version: v, folder: displayPath(path.join(dist, v)) }, path.join(dist, v));
}

/** latest/ against the newest release (whose state `newestWhole` says); index.html present. */
async function checkLatest(
  dist: string,
  newest: string | undefined,
  newestWhole: boolean,
  problems: Problem[],
  checked: string[],
) {
  const report = reporter(problems);
  const latest = path.join(dist, LATEST);
  // the next publish rebuilds latest/ and the page only from a newest release that is whole
  const rebuilds = newestWhole
    ? 'the next publish rebuilds it'
    : `restore release ${newest ?? ''} first (see above): nothing is rebuilt from a damaged release`;
  if (!existsSync(latest)) {
    if (newest) report('VERIFY_NO_LATEST', { rebuilds }, latest);
  } else {
    await verifyRelease(latest, problems);
    if (newest) {
      const a = await readFile(path.join(latest, 'SHA256SUMS'), 'utf8').catch(() => '');
      const b = await readFile(path.join(dist, newest, 'SHA256SUMS'), 'utf8').catch(() => '');
      if (a !== b) report('VERIFY_LATEST_STALE', { version: newest, rebuilds }, latest);
    }
    checked.push(LATEST);
  }
  if (!existsSync(path.join(dist, 'index.html')))
    report('VERIFY_NO_INDEX_HTML', { rebuilds }, path.join(dist, 'index.html'));
}

export async function verifyDist(dist: string): Promise<{ problems: Problem[]; checked: string[] }> {
  const problems: Problem[] = [];
  const report = reporter(problems);
  const found = await stat(dist).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err; // a file on the way (ENOTDIR), no permission: ENV_IO
  });
  if (!found) {
    report('VERIFY_NO_DIST', {}, dist);
    return { problems, checked: [] };
  }
  if (!found.isDirectory()) fail('ENV_IO', { path: dist, cause: 'a file where a folder is needed' });
  const interrupted = await interruptedRuns(dist);
  // a warning, not an error: nothing in a staging folder is published, and the next publish finishes or discards it
  for (const run of interrupted)
    problems.push(problem('VERIFY_INTERRUPTED', {}, { file: displayPath(run.folder) }, 'warning'));
  const folders = await listReleaseDirs(dist);
  const { index, broken } = await readIndex(dist, folders, interrupted, problems);
  if (!broken && !index && folders.length === 0 && !interrupted.some((r) => r.committed)) {
    // nothing to verify is not a store that verified: an empty folder, a wiped store, or not a store at all
    const left = await leftovers(dist);
    report('VERIFY_NO_RELEASES', { found: left.length ? left.slice(0, 5).join(', ') : 'nothing' }, dist);
    return { problems, checked: [] };
  }
  if (!broken) checkListing(dist, index, folders, interrupted, report);
  const checked: string[] = [];
  // with releases.json unreadable, every folder is still checked against its own checksums
  const entries = broken ? folders.map((version) => ({ version, content_hash: undefined })) : (index?.releases ?? []);
  const newest = broken ? undefined : index?.releases.at(-1)?.version;
  let newestWhole = false;
  for (const entry of entries) {
    const dir = path.join(dist, entry.version);
    if (!existsSync(dir)) continue;
    const before = problems.length;
    await verifyRelease(dir, problems, entry.content_hash);
    if (entry.version === newest) newestWhole = problems.length === before;
    checked.push(entry.version);
  }
  if (newest || folders.length > 0) await checkLatest(dist, newest, newestWhole, problems, checked);
  return { problems, checked };
}
