/**
 * verify: every release against its SHA256SUMS, every JSON file against its schema, releases.json
 * against the folders present, latest/ against the newest release, and index.html present. Reads only.
 * Each problem says how to repair it: what the next publish rebuilds (latest/, index.html, an interrupted
 * publish), and what must be restored from version control or a backup (releases.json, a release).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { atPath } from '../core/environment.js';
import { displayPath } from '../core/paths.js';
import { fail, PipelineError, problem, type ErrorCode, type ParamsOf, type Problem } from '../core/errors.js';
import { createAjv, loadSchemas } from '../core/schemas.js';
import { jsonSchemaOfTable, type DataPackage, type TableSchema } from './render/datapackage.js';
import { sha256, type FileInfo } from './render/files.js';
import {
  contentHash,
  interruptedRuns,
  LATEST,
  listFiles,
  listReleaseDirs,
  readReleases,
  RELEASES_FILE,
  type Interrupted,
  type ReleasesIndex,
} from './store.js';

/** Records a problem about a file (shown as the curator would type its path). */
type Report = <C extends ErrorCode>(code: C, params: ParamsOf<C>, file: string) => void;

const reporter =
  (problems: Problem[]): Report =>
  (code, params, file) =>
    problems.push(problem(code, params, { file: displayPath(file) }));

/** SHA256SUMS of a release folder: path -> digest; undefined when it is missing. */
async function readChecksums(dir: string, report: Report): Promise<Map<string, string> | undefined> {
  const sumsFile = path.join(dir, 'SHA256SUMS');
  if (!existsSync(sumsFile)) {
    report('VERIFY_NO_CHECKSUMS', {}, sumsFile);
    return undefined;
  }
  const listed = new Map<string, string>();
  for (const line of (await readFile(sumsFile, 'utf8').catch(atPath(sumsFile))).split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}([A-Za-z0-9._/-]+)$/.exec(line);
    if (!m || m[2]!.includes('..')) report('VERIFY_BAD_CHECKSUM_LINE', { line }, sumsFile);
    else listed.set(m[2]!, m[1]!);
  }
  return listed;
}

/** Every listed file against its digest, and no file unlisted; the bytes read, and whether all were whole. */
async function checkFiles(dir: string, listed: Map<string, string>, report: Report) {
  const present = (await listFiles(dir)).filter((f) => f !== 'SHA256SUMS');
  for (const f of present) if (!listed.has(f)) report('VERIFY_UNLISTED_FILE', { path: f }, path.join(dir, f));
  const contents = new Map<string, Buffer>();
  let whole = true;
  for (const [f, expected] of listed) {
    const file = path.join(dir, f);
    if (!existsSync(file)) {
      whole = false;
      report('VERIFY_MISSING_FILE', {}, file);
      continue;
    }
    const bytes = await readFile(file).catch(atPath(file));
    contents.set(f, bytes);
    if (sha256(bytes) !== expected) {
      whole = false;
      report('VERIFY_CHECKSUM', { found: sha256(bytes), expected }, file);
    }
  }
  return { contents, whole };
}

/** JSON of a file read, or a VERIFY_SCHEMA problem when it does not parse. */
function parsed(dir: string, name: string, bytes: Buffer, report: Report): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (err) {
    report(
      'VERIFY_SCHEMA',
      { schema: schemaOf(name), reason: `not JSON (${(err as Error).message})` },
      path.join(dir, name),
    );
    return undefined;
  }
}

const schemaOf = (name: string) =>
  name === 'datapackage.json' ? 'datapackage.schema.json' : name.replace(/\.json$/, '.schema.json');

/**
 * Each table's JSON file against the Table Schema the release's own datapackage.json gives it: a release is
 * checked against the schema it was published with, not against the code's current one.
 */
function checkTables(dir: string, contents: Map<string, Buffer>, schemas: Record<string, TableSchema>, report: Report) {
  const ajv = createAjv();
  for (const [t, schema] of Object.entries(schemas)) {
    const name = `${t}.json`;
    const bytes = contents.get(name);
    const json = bytes && parsed(dir, name, bytes, report);
    if (!json) continue;
    const validate = ajv.compile(jsonSchemaOfTable(schema));
    if (!validate(json.value))
      report(
        'VERIFY_SCHEMA',
        {
          schema: `the Table Schema of ${t} in datapackage.json`,
          reason: `${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`,
        },
        path.join(dir, name),
      );
  }
}

/**
 * datapackage.json against its schema, its version and its resources; the release's content hash and the Table
 * Schemas of its tables.
 */
function checkDataPackage(
  dir: string,
  contents: Map<string, Buffer>,
  report: Report,
): { hash: string; schemas: Record<string, TableSchema> } | undefined {
  const pkgFile = path.join(dir, 'datapackage.json');
  const bytes = contents.get('datapackage.json');
  if (!bytes) {
    report('VERIFY_NO_DATAPACKAGE', {}, dir);
    return undefined;
  }
  const json = parsed(dir, 'datapackage.json', bytes, report);
  const { validateDataPackage } = loadSchemas();
  if (!json) return undefined;
  if (!validateDataPackage(json.value)) {
    const first = validateDataPackage.errors?.[0];
    report(
      'VERIFY_SCHEMA',
      { schema: 'datapackage.schema.json', reason: `${first?.instancePath} ${first?.message}` },
      pkgFile,
    );
    return undefined;
  }
  const pkg = json.value as DataPackage;
  if (pkg.version !== path.basename(dir) && path.basename(dir) !== LATEST)
    report('VERIFY_VERSION', { version: pkg.version, folder: path.basename(dir) }, pkgFile);
  const schemas: Record<string, TableSchema> = {};
  const files = new Map<string, FileInfo>(); // the CSV tables, for the content hash
  for (const r of pkg.resources) {
    const data = contents.get(r.path);
    if (!data) {
      report('VERIFY_RESOURCE_MISSING', { name: r.name, path: r.path }, pkgFile);
      continue;
    }
    const info = { bytes: data.length, sha256: sha256(data) };
    if (info.bytes !== r.bytes || `sha256:${info.sha256}` !== r.hash)
      report('VERIFY_RESOURCE_HASH', { name: r.name }, path.join(dir, r.path));
    if (r.format === 'csv' && r.path === `${r.name}.csv`) {
      schemas[r.name] = r.schema;
      files.set(r.path, info);
    }
  }
  return { hash: contentHash(Object.keys(schemas), files, schemas), schemas };
}

/** Check one release folder; returns its content hash when its files are whole. */
async function verifyRelease(dir: string, problems: Problem[]): Promise<string | undefined> {
  const report = reporter(problems);
  const listed = await readChecksums(dir, report);
  if (!listed) return undefined;
  const { contents, whole } = await checkFiles(dir, listed, report);
  const pkg = checkDataPackage(dir, contents, report);
  if (pkg) checkTables(dir, contents, pkg.schemas, report);
  return whole ? pkg?.hash : undefined;
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

/** latest/ against the newest release; index.html present. */
async function checkLatest(dist: string, newest: string | undefined, problems: Problem[], checked: string[]) {
  const report = reporter(problems);
  const latest = path.join(dist, LATEST);
  if (!existsSync(latest)) {
    if (newest) report('VERIFY_NO_LATEST', {}, latest);
  } else {
    await verifyRelease(latest, problems);
    if (newest) {
      const a = await readFile(path.join(latest, 'SHA256SUMS'), 'utf8').catch(() => '');
      const b = await readFile(path.join(dist, newest, 'SHA256SUMS'), 'utf8').catch(() => '');
      if (a !== b) report('VERIFY_LATEST_STALE', { version: newest }, latest);
    }
    checked.push(LATEST);
  }
  if (!existsSync(path.join(dist, 'index.html'))) report('VERIFY_NO_INDEX_HTML', {}, path.join(dist, 'index.html'));
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
  if (!broken) checkListing(dist, index, folders, interrupted, report);
  const checked: string[] = [];
  // with releases.json unreadable, every folder is still checked against its own checksums
  const entries = broken ? folders.map((version) => ({ version, content_hash: undefined })) : (index?.releases ?? []);
  for (const entry of entries) {
    const dir = path.join(dist, entry.version);
    if (!existsSync(dir)) continue;
    const hash = await verifyRelease(dir, problems);
    if (hash && entry.content_hash && hash !== entry.content_hash)
      report('VERIFY_CONTENT_HASH', { found: hash, expected: entry.content_hash }, dir);
    checked.push(entry.version);
  }
  const newest = broken ? undefined : index?.releases.at(-1)?.version;
  if (newest || folders.length > 0) await checkLatest(dist, newest, problems, checked);
  return { problems, checked };
}
