/**
 * The release stage: compare the built tables with the newest release, and write a new release only if
 * the data or its schema changed. The version moves by the rules in version.ts; the reason is recorded.
 * A MAJOR release (rows removed, a field changed incompatibly) is made only when the caller allows it
 * (`publish --allow-major`): a figures file emptied or deleted by mistake must not withdraw published data
 * unattended. When the data is up to date, latest/ and index.html are rebuilt from the newest release if
 * they are missing or do not match it. The caller (run.ts) holds the lock and has put dist/ in order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fail, type Problem } from '../core/errors.js';
import { SILENT, type Progress } from '../core/progress.js';
import { digestOf, type FileInfo } from './render/files.js';
import { toJsonRecords } from './render/output.js';
import { FORMATS, PRIMARY } from './render/formats.js';
import { PUBLISHED_TABLES, type PublishedTableName } from '../core/schemas.js';
import type { PublishedTables } from '../stages/tables/rows.js';
import { onlyReadFrom, rowCount, tablesToRead } from '../stages/tables/compact.js';
import { areasAhead, renderTopFiles } from './catalog/page.js';
import { renderChangesFile, summaryLine } from './render/changes.js';
import {
  compareContent,
  highestBump,
  nextVersion,
  summarizeReasons,
  type Bump,
  type Change,
  type ReleaseContent,
  type Row,
} from './version.js';
import type { DatasetMeta } from '../stages/validate/records.js';
import { CITATION_FILE, renderCitationCff, zipPath } from './render/citation.js';
import { buildDataPackage, packageSources, publishedMeta, tableSchemas } from './render/datapackage.js';
import type { WorkbookMeta } from './render/workbook.js';
import { entryMethods } from './render/zip.js';
import { threadRows } from './writer-thread.js';
import {
  commitPublish,
  commitRepair,
  releaseDir,
  storedInZip,
  contentHash,
  LATEST,
  latestMatches,
  loadReleaseContent,
  readPublished,
  releaseFiles,
  renderChecksums,
  type ReleaseEntry,
  type ReleasesIndex,
  type ReleaseWriter,
  type Repair,
  type StagedIndex,
  TOP_FILES,
} from './store.js';

export interface ReleaseOptions {
  distDir: string;
  /**
   * Sources whose text was not traced, and whether a new release may be made anyway (publish --untraced);
   * such a release records them in releases.json.
   */
  untraced?: { sources: { source_id: string; sha256: string }[]; allowed: boolean };
  /** Release date; defaults to SOURCE_DATE_EPOCH, then today (UTC). */
  date?: string;
  /** Allow a MAJOR release (`publish --allow-major`); without it one is refused (RELEASE_NEEDS_APPROVAL). */
  allowMajor?: boolean;
  /** Told where the run is (a line on a terminal: core/progress.ts). */
  progress?: Progress;
}

/** The flag that allows a MAJOR release, as the refusal names it. */
export const ALLOW_MAJOR_FLAG = '--allow-major';

export type PublishOutcome =
  | { outcome: 'published'; version: string; entry: ReleaseEntry; warnings: Problem[]; recovered?: string }
  | {
      outcome: 'up-to-date';
      version: string;
      warnings: Problem[];
      recovered?: string;
      /** What was rebuilt from the newest release (latest/, index.html), if anything was missing. */
      repaired?: string[];
    };

/** The earliest release date: a zip file (the workbook, the release's zip) records no earlier time. */
export const EARLIEST_RELEASE_DATE = '1980-01-01';

/** YYYY-MM-DD from SOURCE_DATE_EPOCH (seconds) where set, otherwise today, in UTC; from 1980 on. */
export function releaseDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,11}$/.test(epoch)) fail('USAGE_SOURCE_DATE_EPOCH', { value: epoch, date: '' });
    const date = new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
    if (date < EARLIEST_RELEASE_DATE || date > '9999-12-31') fail('USAGE_SOURCE_DATE_EPOCH', { value: epoch, date });
    return date;
  }
  const today = new Date().toISOString().slice(0, 10);
  if (today < EARLIEST_RELEASE_DATE) fail('USAGE_SOURCE_DATE_EPOCH', { value: '(unset: the clock)', date: today });
  return today;
}

/** The date of a new release: never before the newest release's (dates only move forward). */
function nextDate(previous: ReleaseEntry | undefined, given: string | undefined): string {
  const date = given ?? releaseDate();
  if (previous && date < previous.date)
    fail('RELEASE_DATE_BACKWARDS', { date, previous: previous.version, previous_date: previous.date });
  return date;
}

/** The primary format's renderer: a file per table. */
function primaryRender(): (tables: PublishedTables, name: PublishedTableName) => Iterable<string> {
  const render = PRIMARY.render;
  if (!('each' in render)) throw new Error('the primary format renders a file per table');
  return render.each;
}

/**
 * The size and digest of the primary format's files (CSV) of every table, by path, rendered without being kept:
 * the content hash is taken over them, to see whether anything changed since the newest release.
 */
function primaryDigests(tables: PublishedTables, packageName: string): Map<string, FileInfo> {
  const render = primaryRender();
  return new Map(PUBLISHED_TABLES.map((name) => [PRIMARY.path(name, packageName), digestOf(render(tables, name))]));
}

/** What the workbook's README sheet says of a release: the package metadata, the version and its date. */
function workbookMeta(entry: ReleaseEntry, tables: PublishedTables, meta: DatasetMeta): WorkbookMeta {
  const { name, title, description, keywords, license } = meta;
  const { version, date, content_hash } = entry;
  return {
    name,
    title,
    description,
    keywords,
    license,
    version,
    date,
    contentHash: content_hash,
    sources: packageSources(tables.sources),
  };
}

export function contentOf(tables: PublishedTables, meta?: DatasetMeta): ReleaseContent {
  const records: Record<string, Row[]> = {};
  for (const name of PUBLISHED_TABLES) records[name] = toJsonRecords(tables, name);
  return { tables: records, schemas: tableSchemas(), ...(meta ? { meta: publishedMeta(meta) } : {}) };
}

/** What each MAJOR rule does, in words, for the refusal. */
const MAJOR_WORDS: Record<string, [singular: string, plural: string]> = {
  'row-removed': ['row removed from', 'rows removed from'],
  'row-renamed': ['row given a new id in', 'rows given a new id in'],
  'resource-removed': ['table removed:', 'tables removed:'],
  'field-removed': ['field removed or renamed in', 'fields removed or renamed in'],
  'field-added': ['field added to', 'fields added to'],
  'fields-reordered': ['reordering of the fields of', 'reorderings of the fields of'],
  'field-retyped': ['field retyped in', 'fields retyped in'],
  'constraint-tightened': ['constraint tightened in', 'constraints tightened in'],
  'constraint-changed': ['pattern changed in', 'patterns changed in'],
  'primary-key-changed': ['primary key changed in', 'primary keys changed in'],
  'foreign-keys-changed': ['change to the foreign keys of', 'changes to the foreign keys of'],
};

/** Why a release would be MAJOR: what is removed or changed incompatibly, counted, and the first instance. */
export function majorChanges(changes: Change[]): { changes: string; example: string } {
  const order = (table: string) => (PUBLISHED_TABLES as readonly string[]).indexOf(table);
  const major = changes.filter((c) => c.bump === 'major').sort((a, b) => order(a.table) - order(b.table));
  const reasons = summarizeReasons(major).sort((a, b) => order(a.table) - order(b.table));
  const counted = reasons.map((r) => {
    const [one, many] = MAJOR_WORDS[r.rule] ?? [`${r.rule} in`, `${r.rule} in`];
    return `${r.count} ${r.count === 1 ? one : many} ${r.table}`;
  });
  // a message stays readable: the first few kinds of change, and how many more (the changelog lists them all)
  const shownKinds = counted.length > MAJOR_KINDS_SHOWN ? counted.slice(0, MAJOR_KINDS_SHOWN - 1) : counted;
  const rest = counted.length - shownKinds.length;
  const more = rest > 0 ? [`and ${rest} more kinds of change`] : [];
  return { changes: [...shownKinds, ...more].join(', '), example: major[0]?.detail ?? '' };
}

/** How many kinds of incompatible change a refusal names before it counts the rest. */
const MAJOR_KINDS_SHOWN = 5;

/** Refuse a MAJOR release unless it is allowed (see the module comment). */
function approve(bump: Bump | undefined, changes: Change[], previous: string, allowed: boolean): void {
  if (bump !== 'major' || allowed) return;
  fail('RELEASE_NEEDS_APPROVAL', {
    version: nextVersion(previous, 'major'),
    previous,
    ...majorChanges(changes),
    flag: ALLOW_MAJOR_FLAG,
  });
}

/**
 * When the data is up to date: rebuild latest/ and the top files (index.html, catalog.jsonld) from the newest
 * release where they are missing or latest/ does not match it. Returns what was rebuilt.
 */
async function repair(
  dist: string,
  index: ReleasesIndex,
  tables: PublishedTables,
  meta: DatasetMeta,
): Promise<string[]> {
  const entry = index.releases.at(-1)!;
  const newest = entry.version;
  const latestMissing = !(await latestMatches(dist, newest));
  const topMissing = TOP_FILES.filter((name) => !existsSync(path.join(dist, name)));
  if (!latestMissing && topMissing.length === 0) return [];
  // checked first: a damaged release is never copied into latest/ nor listed on the page (RELEASE_DAMAGED)
  const latestFiles = await releaseFiles(dist, entry);
  const top = topMissing.length
    ? renderTopFiles({ index, latestFiles, tables: tablesToRead(tables), meta })
    : undefined;
  const todo: Repair = {
    ...(latestMissing ? { latest: newest } : {}),
    ...(top ? { top: Object.fromEntries(topMissing.map((name) => [name, top[name]])) } : {}),
  };
  await commitRepair(dist, todo);
  return [
    ...(todo.latest ? [`${LATEST}/ rebuilt from ${newest}`] : []),
    ...topMissing.map((name) => `${name} rebuilt`),
  ];
}

export async function releaseTables(
  tables: PublishedTables,
  meta: DatasetMeta,
  warnings: Problem[],
  options: ReleaseOptions,
): Promise<PublishOutcome> {
  const dist = options.distDir;
  const index = (await readPublished(dist)) ?? { package: meta.name, releases: [] };
  const previous = index.releases.at(-1);

  const progress = options.progress ?? SILENT;
  const hashOf = (primaryFiles: Map<string, FileInfo>) =>
    contentHash(PUBLISHED_TABLES, primaryFiles, tableSchemas(), publishedMeta(meta));
  const upToDate = async (): Promise<PublishOutcome> => {
    const repaired = await repair(dist, index, tables, meta);
    return { outcome: 'up-to-date', version: previous!.version, warnings, ...(repaired.length ? { repaired } : {}) };
  };
  // Whether anything changed since the newest release: the CSV files are rendered to their digests only, and
  // rendered again into the release if one is made. A first release skips this: its CSV files are written
  // once, and the content hash is taken from what was written.
  let hash: string | undefined;
  if (previous) {
    progress.stage('comparing the tables with the newest release');
    hash = hashOf(primaryDigests(tables, meta.name));
    if (previous.content_hash === hash) return upToDate();
  }

  if (previous) progress.stage(`comparing with ${previous.version}`);
  const changes = previous
    ? compareContent(await loadReleaseContent(dist, previous.version, previous.content_hash), contentOf(tables, meta))
    : [];
  const bump = highestBump(changes);
  // the bytes differ but no row, field or constraint does (e.g. a change in how numbers are printed)
  if (previous && !bump) return upToDate();
  if (previous) approve(bump, changes, previous.version, options.allowMajor ?? false);

  const missing = options.untraced?.sources ?? [];
  if (missing.length > 0 && !options.untraced?.allowed)
    fail('RELEASE_UNTRACED', { sources: missing.map((s) => `${s.source_id} (SHA-256 ${s.sha256})`).join(', ') });
  const untraced = missing.map((s) => s.source_id);
  const version = nextVersion(previous?.version, bump ?? 'major');
  const rows = Object.fromEntries(PUBLISHED_TABLES.map((t) => [t, rowCount(tables, t)]));
  const date = nextDate(previous, options.date);
  const entryOf = (content_hash: string): ReleaseEntry => ({
    version,
    date,
    content_hash,
    rows,
    bump: previous ? bump! : 'initial',
    ...(previous ? { previous: previous.version } : {}),
    summary: previous ? summaryLine(bump, changes, previous.version) : `First release.`,
    reasons: summarizeReasons(changes),
    ...(untraced.length > 0 ? { untraced } : {}),
  });
  const input = { tables, meta, index, entryOf, hashOf, hash, changes, bump, previous: previous?.version, progress };
  const entry = await writeRelease(dist, version, date, input);
  return { outcome: 'published', version, entry, warnings };
}

interface ReleaseInput {
  tables: PublishedTables;
  meta: DatasetMeta;
  index: ReleasesIndex;
  /** The release's entry in releases.json, given its content hash. */
  entryOf: (contentHash: string) => ReleaseEntry;
  /** The content hash over the primary format's files. */
  hashOf: (primaryFiles: Map<string, FileInfo>) => string;
  /** The content hash, where it was taken before the release (to compare it with the newest one). */
  hash: string | undefined;
  changes: Change[];
  bump: Bump | undefined;
  previous: string | undefined;
  progress: Progress;
}

/**
 * What this release's zip holds otherwise than the previous release's, for CHANGES.md: a file the zip now stores as
 * it is (storedInZip) where the previous zip deflated it. Unzipped, such a file is the same bytes either way.
 */
export async function packagingNotes(
  dist: string,
  previous: string | undefined,
  packageName: string,
): Promise<string[]> {
  if (!previous) return [];
  const zip = zipPath(packageName);
  const methods = await entryMethods(path.join(releaseDir(dist, previous), zip));
  const restored = [...(methods ?? [])].filter(([name, method]) => method === 8 && storedInZip(name)).map(([n]) => n);
  if (restored.length === 0) return [];
  return [
    `${zip} stores ${restored.join(', ')} as it is, where the zip of ${previous} compressed it again: a workbook is ` +
      'a zip of its own, and compressing it again saved about 3 % of its size for as much time as the rest of the ' +
      "zip took. Only the zip is laid out otherwise; the files in it are this release's files, byte for byte.",
  ];
}

/** Whether a release of these tables is written on a thread of its own (writer-thread.ts): a large one. */
const threaded = (tables: PublishedTables): boolean =>
  PUBLISHED_TABLES.reduce((n, t) => n + rowCount(tables, t), 0) >= threadRows();

/** Render and write the release's files, then commit it (store.ts commitPublish); returns its entry. */
async function writeRelease(dist: string, version: string, date: string, input: ReleaseInput): Promise<ReleaseEntry> {
  const { tables, meta, index, changes, bump, previous, progress } = input;
  const onThread = threaded(tables);
  let entry: ReleaseEntry | undefined;
  const stage = async (release: ReleaseWriter): Promise<StagedIndex> => {
    // the whole release in one file (all but itself and SHA256SUMS, which lists it), each file compressed into it
    // as it is written
    release.zipAlong(zipPath(meta.name), date);
    // each file is written as it is rendered; the CSV files first, for the content hash
    const render = primaryRender();
    for (const name of PUBLISHED_TABLES) {
      const file = PRIMARY.path(name, meta.name);
      progress.stage(`writing ${file}`);
      await release.write(file, render(tables, name));
    }
    // the release's entry, once the CSV files are written (their sizes and digests known): first needed by the
    // workbook, so that the files before it are written meanwhile where a thread writes them
    const entryNow = async (): Promise<ReleaseEntry> => {
      if (entry) return entry;
      await release.settled();
      const primary = new Map<string, FileInfo>();
      for (const file of PUBLISHED_TABLES.map((name) => PRIMARY.path(name, meta.name)))
        primary.set(file, release.files.get(file)!);
      const hash = input.hashOf(primary);
      if (input.hash !== undefined && input.hash !== hash)
        throw new Error('publish: the CSV files changed between two renderings');
      return (entry = input.entryOf(hash));
    };
    for (const format of FORMATS) {
      if (format === PRIMARY) continue;
      const render = format.render;
      if ('whole' in render) {
        const file = format.path(PUBLISHED_TABLES[0], meta.name);
        const bookMeta = workbookMeta(await entryNow(), tables, meta);
        progress.stage(`writing ${file}`);
        await release.write(file, render.whole(tables, bookMeta, { scratch: release.scratchDir }));
      } else
        for (const name of PUBLISHED_TABLES) {
          progress.stage(`writing ${format.path(name, meta.name)}`);
          await release.write(format.path(name, meta.name), render.each(tables, name));
        }
    }
    onlyReadFrom(tables); // every table file is written
    entry = await entryNow();
    await release.settled(); // every file written so far is in release.files
    const files = release.files;
    const rows = entry.rows;
    await release.write(
      'datapackage.json',
      JSON.stringify(buildDataPackage(version, files, tables.sources, meta, rows), null, 2) + '\n',
    );
    const notes = meta.release_notes?.find((n) => n.version === version)?.text;
    const packaging = await packagingNotes(dist, previous, meta.name);
    await release.write('CHANGES.md', renderChangesFile(version, previous, bump, changes, rows, notes, packaging));
    const citation = { meta, version, date: entry.date, contentHash: entry.content_hash };
    await release.write(CITATION_FILE, renderCitationCff(citation));
    progress.stage(`writing ${zipPath(meta.name)}`);
    const zipped = release.writeZip();
    void zipped.catch(() => undefined); // awaited below, where a failure is raised; never left unhandled meanwhile
    // the page's sections of areas, the most of its making, are made while a thread writes the zip (they name no file)
    const page = { tables: tablesToRead(tables), meta };
    const ahead = onThread ? areasAhead(page) : undefined;
    await zipped;
    await release.write('SHA256SUMS', renderChecksums(files));
    await release.settled();
    progress.stage('writing the catalog page');
    const releases = { package: index.package, releases: [...index.releases, entry] };
    const top = renderTopFiles({ index: releases, latestFiles: files, ...page }, ahead);
    return { releases, top };
  };
  await commitPublish(dist, version, stage, { threaded: onThread });
  return entry!;
}
