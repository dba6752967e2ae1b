/**
 * Whether a release folder is whole: the one check that `verify` reports and that every reader of dist/
 * runs first. A release is whole when every file its SHA256SUMS lists is there with that digest, no other
 * file is, its datapackage.json declares each resource with the bytes and hash it has, and the content hash
 * over its CSV tables and their Table Schemas is the one releases.json records.
 *
 * `trustRelease` is what the store calls before it uses a release for anything (copies it to latest/,
 * compares it for a version bump or a changelog, lists its files on the page): a damaged release throws,
 * naming every damaged file and how to restore it, so it is never copied, compared against or reissued.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atPath } from '../core/environment.js';
import { appendAll } from '../core/group.js';
import { problem, ProblemsError, type ErrorCode, type ParamsOf, type Problem } from '../core/errors.js';
import { displayPath } from '../core/paths.js';
import { compareText } from '../core/text.js';
import { createAjv, loadSchemas } from '../core/schemas.js';
import type { PublishedTableName } from '../core/schemas.js';
import type { DataPackage } from './render/datapackage.js';
import { PRIMARY } from './render/formats.js';
import { jsonSchemaOfTable, type TableSchema } from './render/table-schema.js';
import { sha256, type FileInfo } from './render/files.js';

export const CHECKSUMS = 'SHA256SUMS';

/** Records a problem about a file (shown as the curator would type its path). */
export type Report = <C extends ErrorCode>(code: C, params: ParamsOf<C>, file: string) => void;

export const reporter =
  (problems: Problem[]): Report =>
  (code, params, file) =>
    problems.push(problem(code, params, { file: displayPath(file) }));

/** A path a SHA256SUMS line may name: relative, `/`-separated, no `..`, no control characters. */
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0-\x1f\\]+$/;
const CHECKSUM_LINE = /^([0-9a-f]{64}) {2}(.+)$/;

/** The lines of a SHA256SUMS file: path -> digest, and the lines that are not `<sha256>  <path>`. */
export function parseChecksums(text: string): { listed: Map<string, string>; bad: string[] } {
  const listed = new Map<string, string>();
  const bad: string[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const m = CHECKSUM_LINE.exec(line);
    if (!m || !SAFE_PATH.test(m[2]!) || listed.has(m[2]!)) bad.push(line);
    else listed.set(m[2]!, m[1]!);
  }
  return { listed, bad };
}

/** SHA-256 and size of a file, read a chunk at a time (a release may hold files of hundreds of megabytes). */
export async function digestFile(file: string): Promise<FileInfo> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (err) {
    return atPath(file)(err);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Every file under `dir`, as paths relative to it with `/`, sorted. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) appendAll(out, await listFiles(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
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
  meta?: unknown,
): string {
  const parts = tables.map(
    (t) => `${t}\n${files.get(`${t}.csv`)?.sha256 ?? sha256('')}\n${sha256(JSON.stringify(schemas[t] ?? null))}`,
  );
  // the dataset's metadata (datapackage.json x-dataset) counts since 3.0.0: a new title is a new release
  if (meta !== undefined) parts.push(`x-dataset\n${sha256(canonicalJson(meta))}`);
  return `sha256:${sha256(parts.join('\n'))}`;
}

/** JSON with every object's keys sorted: the same data gives the same text, whatever order it was written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)))
      : v,
  );
}

/** What the check of one release found. */
export interface ReleaseCheck {
  /** Every problem, each naming its file. */
  problems: Problem[];
  /** The files SHA256SUMS lists that are there, with SHA256SUMS itself: what the page lists (when no problem). */
  files: Map<string, FileInfo>;
  /** The content hash over its CSV tables and their Table Schemas, when its datapackage.json is readable. */
  hash: string | undefined;
  /** The Table Schemas its datapackage.json gives its tables. */
  schemas: Record<string, TableSchema>;
  /** The dataset's metadata as the release published it (datapackage.json x-dataset; none before 3.0.0). */
  meta: unknown;
}

/** SHA256SUMS of a release folder, or undefined (reported) when it is missing or has unreadable lines. */
async function readChecksums(dir: string, report: Report) {
  const file = path.join(dir, CHECKSUMS);
  if (!existsSync(file)) {
    report('VERIFY_NO_CHECKSUMS', {}, file);
    return undefined;
  }
  const bytes = await readFile(file).catch(atPath(file));
  const { listed, bad } = parseChecksums(bytes.toString('utf8'));
  for (const line of bad) report('VERIFY_BAD_CHECKSUM_LINE', { line }, file);
  return { listed, info: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
}

/**
 * Every listed file against its digest, and no file unlisted; the listed files that are there, with their
 * sizes and digests as they are (a changed file is reported, and still checked against its schema below, so
 * verify says all that is wrong with it).
 */
async function checkFiles(dir: string, listed: Map<string, string>, report: Report): Promise<Map<string, FileInfo>> {
  const present = (await listFiles(dir)).filter((f) => f !== CHECKSUMS);
  for (const f of present) if (!listed.has(f)) report('VERIFY_UNLISTED_FILE', { path: f }, path.join(dir, f));
  const found = new Map<string, FileInfo>();
  for (const [f, expected] of listed) {
    const file = path.join(dir, f);
    if (!existsSync(file)) {
      report('VERIFY_MISSING_FILE', {}, file);
      continue;
    }
    const info = await digestFile(file);
    if (info.sha256 !== expected) report('VERIFY_CHECKSUM', { found: info.sha256, expected }, file);
    found.set(f, info);
  }
  return found;
}

const schemaOf = (name: string) =>
  name === 'datapackage.json' ? 'datapackage.schema.json' : name.replace(/\.json$/, '.schema.json');

/** JSON of a whole file of the release, or a VERIFY_SCHEMA problem when it does not parse. */
async function readJson(dir: string, name: string, report: Report): Promise<{ value: unknown } | undefined> {
  const file = path.join(dir, name);
  const text = await readFile(file, 'utf8').catch(atPath(file));
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    report('VERIFY_SCHEMA', { schema: schemaOf(name), reason: `not JSON (${(err as Error).message})` }, file);
    return undefined;
  }
}

/** datapackage.json against its schema, its version and its resources; the content hash and Table Schemas. */
async function checkDataPackage(
  dir: string,
  whole: Map<string, FileInfo>,
  listed: Map<string, string>,
  report: Report,
) {
  const pkgFile = path.join(dir, 'datapackage.json');
  if (!whole.has('datapackage.json')) {
    report('VERIFY_NO_DATAPACKAGE', {}, dir);
    return undefined;
  }
  const json = await readJson(dir, 'datapackage.json', report);
  if (!json) return undefined;
  const { validateDataPackage } = loadSchemas();
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
  const folder = path.basename(dir);
  if (pkg.version !== folder && folder !== 'latest')
    report('VERIFY_VERSION', { version: pkg.version, folder }, pkgFile);
  const schemas: Record<string, TableSchema> = {};
  const tables = new Map<string, FileInfo>(); // the CSV tables, for the content hash
  for (const r of pkg.resources) {
    const info = whole.get(r.path);
    if (!listed.has(r.path)) {
      report('VERIFY_RESOURCE_MISSING', { name: r.name, path: r.path }, pkgFile);
      continue;
    }
    if (!info) continue; // reported as missing
    if (info.bytes !== r.bytes || `sha256:${info.sha256}` !== r.hash)
      report('VERIFY_RESOURCE_HASH', { name: r.name }, path.join(dir, r.path));
    if (r.format === PRIMARY.id && r.path === PRIMARY.path(r.name as PublishedTableName, pkg.name)) {
      schemas[r.name] = r.schema;
      tables.set(r.path, info);
    }
  }
  return {
    hash: contentHash(Object.keys(schemas), tables, schemas, pkg['x-dataset']),
    schemas,
    meta: pkg['x-dataset'],
  };
}

/**
 * Each table's JSON file against the Table Schema the release's own datapackage.json gives it: a release is
 * checked against the schema it was published with, not against the code's current one.
 */
async function checkTables(
  dir: string,
  whole: Map<string, FileInfo>,
  schemas: Record<string, TableSchema>,
  report: Report,
) {
  const ajv = createAjv();
  for (const [t, schema] of Object.entries(schemas)) {
    const name = `${t}.json`;
    if (!whole.has(name)) continue;
    const json = await readJson(dir, name, report);
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
 * Check one release folder (see the module comment). `expectedHash` is the content hash releases.json records
 * for it; `tables` also checks each table's JSON file against its Table Schema (verify does, a publish does not
 * need to: a release whose bytes are the ones published passed that check when it was made).
 */
export async function checkRelease(
  dir: string,
  options: { expectedHash?: string | undefined; tables?: boolean } = {},
): Promise<ReleaseCheck> {
  const problems: Problem[] = [];
  const report = reporter(problems);
  const sums = await readChecksums(dir, report);
  if (!sums) return { problems, files: new Map(), hash: undefined, schemas: {}, meta: undefined };
  const files = await checkFiles(dir, sums.listed, report);
  const pkg = await checkDataPackage(dir, files, sums.listed, report);
  if (pkg && options.tables) await checkTables(dir, files, pkg.schemas, report);
  const whole = problems.length === 0;
  if (whole && pkg && options.expectedHash !== undefined && pkg.hash !== options.expectedHash)
    report('VERIFY_CONTENT_HASH', { found: pkg.hash, expected: options.expectedHash }, dir);
  files.set(CHECKSUMS, sums.info);
  return { problems, files, hash: pkg?.hash, schemas: pkg?.schemas ?? {}, meta: pkg?.meta };
}

/** Where an intact copy of a damaged file of a release may be had: latest/, if it holds that file whole. */
async function intactCopy(dist: string, relative: string, expected: string | undefined) {
  const copy = path.join(dist, 'latest', relative);
  if (!expected || !existsSync(copy)) return undefined;
  const latestSums = await readFile(path.join(dist, 'latest', CHECKSUMS), 'utf8').catch(() => '');
  const { listed } = parseChecksums(latestSums);
  if (listed.get(relative) !== expected) return undefined; // latest/ is another release
  const info = await digestFile(copy).catch(() => undefined);
  return info?.sha256 === expected ? `${displayPath(copy)} (an intact copy)` : undefined;
}

/**
 * The files of release `version` (as `checkRelease` lists them), after checking it is whole; a damaged release
 * throws every damaged file as RELEASE_DAMAGED, with how to restore it, and nothing of it is used.
 */
export async function trustRelease(
  dist: string,
  version: string,
  expectedHash: string | undefined,
): Promise<ReleaseCheck> {
  const dir = path.join(dist, version);
  const checked = await checkRelease(dir, { expectedHash });
  if (checked.problems.length === 0) return checked;
  const sums = await readFile(path.join(dir, CHECKSUMS), 'utf8').catch(() => '');
  const { listed } = parseChecksums(sums);
  const damage: Problem[] = [];
  for (const p of checked.problems) {
    const file = p.file ?? displayPath(dir);
    const relative = path.relative(path.resolve(dir), path.resolve(file)).split(path.sep).join('/');
    const copy =
      relative && !relative.startsWith('..') ? await intactCopy(dist, relative, listed.get(relative)) : undefined;
    damage.push(
      problem(
        'RELEASE_DAMAGED',
        {
          version,
          reason: p.message,
          copy: copy ?? '',
          folder: displayPath(dir),
        },
        { file },
      ),
    );
  }
  throw new ProblemsError(damage);
}
