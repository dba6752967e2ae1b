/**
 * The release stage: compare the built tables with the newest release, and write a new release only if
 * the data or its schema changed. The version moves by the rules in version.ts; the reason is recorded.
 * The caller (run.ts) holds the lock and has put dist/ in order.
 */
import { fail, type Problem } from '../core/errors.js';
import { jsonChunks, toCsvChunks, toJsonRecords } from './render/output.js';
import { PUBLISHED_TABLES, type PublishedTableName } from '../core/schemas.js';
import type { PublishedTables } from '../stages/tables/rows.js';
import { renderTopFiles } from './catalog/page.js';
import { renderChangesFile, summaryLine } from './render/changes.js';
import {
  compareContent,
  highestBump,
  nextVersion,
  summarizeReasons,
  type ReleaseContent,
  type Row,
} from './version.js';
import type { DatasetMeta } from '../stages/validate/records.js';
import { buildDataPackage, packageSources, tableSchemas, type FileContent } from './render/datapackage.js';
import { renderWorkbook, workbookPath, type WorkbookMeta } from './render/workbook.js';
import {
  commitPublish,
  contentHash,
  loadReleaseContent,
  readReleases,
  releaseDir,
  renderChecksums,
  type ReleaseEntry,
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
}

export type PublishOutcome =
  | { outcome: 'published'; version: string; entry: ReleaseEntry; warnings: Problem[]; recovered?: string }
  | { outcome: 'up-to-date'; version: string; warnings: Problem[]; recovered?: string };

/** YYYY-MM-DD from SOURCE_DATE_EPOCH (seconds) where set, otherwise today, in UTC. */
export function releaseDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}"`);
    return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  }
  return new Date().toISOString().slice(0, 10);
}

/** The CSV files of every table, rendered once: the content hash is taken over them before anything is written. */
function renderCsv(tables: PublishedTables): Map<PublishedTableName, Buffer[]> {
  return new Map(PUBLISHED_TABLES.map((name) => [name, toCsvChunks(tables, name)]));
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

export function contentOf(tables: PublishedTables): ReleaseContent {
  const records: Record<string, Row[]> = {};
  for (const name of PUBLISHED_TABLES) records[name] = toJsonRecords(tables, name);
  return { tables: records, schemas: tableSchemas() };
}

export async function releaseTables(
  tables: PublishedTables,
  meta: DatasetMeta,
  warnings: Problem[],
  options: ReleaseOptions,
): Promise<PublishOutcome> {
  const dist = options.distDir;
  const index = (await readReleases(dist)) ?? { package: meta.name, releases: [] };
  const previous = index.releases.at(-1);

  const csv = renderCsv(tables);
  const schemas = tableSchemas();
  const hash = contentHash(new Map([...csv].map(([name, chunks]) => [`${name}.csv`, chunks])), schemas);
  const upToDate = (): PublishOutcome => ({
    outcome: 'up-to-date',
    version: previous!.version,
    warnings,
  });
  if (previous && previous.content_hash === hash) return upToDate();

  const changes = previous
    ? compareContent(await loadReleaseContent(releaseDir(dist, previous.version)), contentOf(tables))
    : [];
  const bump = highestBump(changes);
  // the bytes differ but no row, field or constraint does (e.g. a change in how numbers are printed)
  if (previous && !bump) return upToDate();

  const missing = options.untraced?.sources ?? [];
  if (missing.length > 0 && !options.untraced?.allowed)
    fail('RELEASE_UNTRACED', { sources: missing.map((s) => `${s.source_id} (SHA-256 ${s.sha256})`).join(', ') });
  const untraced = missing.map((s) => s.source_id);
  const version = nextVersion(previous?.version, bump ?? 'major');
  const rows = Object.fromEntries(PUBLISHED_TABLES.map((t) => [t, tables[t].length]));
  const entry: ReleaseEntry = {
    version,
    date: options.date ?? releaseDate(),
    content_hash: hash,
    rows,
    bump: previous ? bump! : 'initial',
    ...(previous ? { previous: previous.version } : {}),
    summary: previous ? summaryLine(bump, changes, previous.version) : `First release.`,
    reasons: summarizeReasons(changes),
    ...(untraced.length > 0 ? { untraced } : {}),
  };
  const releases = { package: index.package, releases: [...index.releases, entry] };
  await commitPublish(dist, version, async (release) => {
    // each file is written as it is rendered, and the CSV chunks are let go once written
    for (const name of PUBLISHED_TABLES) {
      const chunks = csv.get(name)!;
      await release.write(`${name}.csv`, chunks);
      csv.delete(name);
    }
    for (const name of PUBLISHED_TABLES) await release.write(`${name}.json`, jsonChunks(tables, name));
    await release.write(workbookPath(meta.name), await renderWorkbook(tables, workbookMeta(entry, tables, meta)));
    const files = release.files;
    await release.write(
      'datapackage.json',
      JSON.stringify(buildDataPackage(version, files, tables.sources, meta), null, 2) + '\n',
    );
    await release.write('CHANGES.md', renderChangesFile(version, previous?.version, bump, changes, rows));
    await release.write('SHA256SUMS', renderChecksums(files));
    return { releases, top: renderTopFiles({ index: releases, latestFiles: files, tables, meta }) };
  });
  return { outcome: 'published', version, entry, warnings };
}
