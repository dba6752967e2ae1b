/**
 * The one orchestrator. `build` runs the stages in order (extract -> validate -> normalize -> check ->
 * tables) and returns the published tables or every problem found; it writes nothing. `publishFromRaw`
 * takes the lock, puts dist/ back in order after any interrupted run, builds, and hands the tables to the
 * release stage.
 */
import { appendAll } from './core/group.js';
import { errorsIn, limitPerFile, ProblemsError, type Problem } from './core/errors.js';
import { SILENT, type Progress } from './core/progress.js';
import { compareText } from './core/text.js';
import type { PublishOutcome } from './release/publish.js';
import { tablesSchemaProblems } from './release/render/output.js';
import { factsOf, mentionChecker, type Facts } from './stages/check/mentions.js';
import { lazyTables } from './stages/tables/compact.js';
import { loadRawTables } from './stages/extract/load.js';
import { normalizeFigures } from './stages/normalize/normalize.js';
import { readTexts } from './stages/trace/texts.js';
import { traceAll } from './stages/trace/trace.js';
import type { PublishedTables } from './stages/tables/rows.js';
import { buildTables, keyProblems } from './stages/tables/registry.js';
import { noFigures, validateRaw, type DatasetMeta, type RawData } from './stages/validate/validate.js';

export interface BuildResult {
  tables: PublishedTables | undefined;
  /** The sources whose text was not there to trace them: a new release needs --untraced. */
  untraced: Untraced[];
  /** The dataset's metadata (raw/package.json); set whenever `tables` is. */
  meta: DatasetMeta | undefined;
  /** Errors and warnings together; `tables` is undefined when any is an error. */
  problems: Problem[];
}

/** A source whose text was not there to trace it. */
export interface Untraced {
  source_id: string;
  sha256: string;
}

export interface BuildOptions {
  /**
   * Check every published table against its JSON Schema (default true). The release stage turns it off
   * because it checks each chunk of records as it renders the JSON files, before its commit point.
   */
  checkPublished?: boolean;
  /**
   * Trace every source against its text in this folder (`<source_id>.txt`), both ways (stages/trace/).
   * Undefined: nothing is traced, and every source is listed as untraced.
   */
  textsDir?: string | undefined;
  /** Told where the run is (a line on a terminal: core/progress.ts). */
  progress?: Progress;
}

/** Every published table against its schema: a bug in the pipeline, not in raw/, if this fails. */
export function checkPublishedSchemas(tables: PublishedTables): Problem[] {
  return tablesSchemaProblems(tables);
}

/** Extract and validate: the raw tables are dropped when this returns, only typed records are kept. */
async function readRaw(rawDir: string, progress: Progress): Promise<{ data: RawData; problems: Problem[] }> {
  const loaded = await loadRawTables(rawDir, progress);
  progress.stage('validating raw/');
  const validated = validateRaw(loaded.tables);
  return { data: validated.data, problems: [...loaded.problems, ...validated.problems] };
}

/** Trace the figures of every source whose text is in `textsDir`; the others are untraced. */
async function trace(
  data: RawData,
  textsDir: string | undefined,
): Promise<{ untraced: Untraced[]; problems: Problem[] }> {
  const texts = await readTexts(textsDir, data.sources.values());
  const problems = [...texts.problems, ...limitPerFile(traceAll(texts.texts, data))];
  const untraced = texts.missing.map((s) => ({ source_id: s.source_id, sha256: s.sha256 }));
  return { untraced: untraced.sort((a, b) => compareText(a.source_id, b.source_id)), problems };
}

/** Validate, trace, normalize, check and build the tables; the mentions are dropped when this returns. */
async function readTables(rawDir: string, textsDir: string | undefined, progress: Progress): Promise<BuildResult> {
  const { data, problems } = await readRaw(rawDir, progress);
  if (textsDir !== undefined) progress.stage('tracing the figures to their source texts');
  const traced = await trace(data, textsDir);
  appendAll(problems, traced.problems);
  const untraced = traced.untraced;
  const checked = normalizeAndCheck(data, progress);
  data.figures = noFigures(); // every field of a figure lives on in its mention (the facts hold them)
  appendAll(problems, checked.problems);
  if (errorsIn(problems).length > 0 || !data.meta) return { tables: undefined, meta: undefined, untraced, problems };
  progress.stage('building the tables');
  const tables = lazyTables(buildTables(checked.facts, data)); // lets go of the facts once it can
  const broken = keyProblems(tables); // a bug in the pipeline, if any
  if (broken.length > 0) return { tables: undefined, meta: undefined, untraced, problems: appendAll(problems, broken) };
  return { tables, meta: data.meta, untraced, problems };
}

/**
 * Normalize and check: each mention is checked as it is made, and kept as numbers (normalize/store.ts); then the
 * mentions are grouped into facts. Only the facts are kept (they hold the mentions).
 */
function normalizeAndCheck(data: RawData, progress: Progress): { facts: Facts; problems: Problem[] } {
  const mentionProblems: Problem[] = [];
  const normalized = normalizeFigures(data, mentionChecker(data, mentionProblems), progress);
  progress.stage('checking the facts');
  const checked = factsOf(normalized.mentions);
  // extract and validate cap their problems per file; normalize and check are capped here
  const problems = limitPerFile([...normalized.problems, ...mentionProblems, ...checked.problems]);
  return { facts: checked.facts, problems };
}

/**
 * Each stage's input is unreachable once the next stage has read it, so a large raw/ never has its raw
 * rows, figures, mentions and published tables in memory all at once.
 */
export async function buildFromRaw(rawDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const progress = options.progress ?? SILENT;
  const built = await readTables(rawDir, options.textsDir, progress);
  if (!built.tables || options.checkPublished === false) return built;
  progress.stage('checking the tables against their schemas');
  appendAll(built.problems, checkPublishedSchemas(built.tables));
  return errorsIn(built.problems).length > 0 ? { ...built, tables: undefined } : built;
}

/** Build, or throw every problem at once. */
export async function buildOrThrow(
  rawDir: string,
  options: BuildOptions = {},
): Promise<{ tables: PublishedTables; meta: DatasetMeta; untraced: Untraced[]; warnings: Problem[] }> {
  const { tables, meta, untraced, problems } = await buildFromRaw(rawDir, options);
  if (!tables || !meta) throw new ProblemsError(problems);
  return { tables, meta, untraced, warnings: problems };
}

export interface PublishRunOptions {
  rawDir: string;
  distDir: string;
  /** Seconds to wait for another run's lock (0: give up at once). */
  waitSeconds?: number;
  /** What the lock says is running, e.g. `publish` or `schedule --once`. */
  command?: string;
  /** Told when a stale lock is taken over. */
  onWarning?: (message: string) => void;
  /** Told at once what recovering dist/ did (an interrupted publish finished or discarded), whatever follows. */
  onRecovered?: (message: string) => void;
  /** Release date; defaults to SOURCE_DATE_EPOCH, then today (UTC). */
  date?: string;
  /** The folder of source texts to trace (see BuildOptions.textsDir). */
  textsDir?: string | undefined;
  /** Make a new release even where a source's text was not there to trace it; releases.json records it. */
  allowUntraced?: boolean;
  /** Allow a MAJOR release (`publish --allow-major`); the scheduler never does. */
  allowMajor?: boolean;
  /** Told where the run is (a line on a terminal: core/progress.ts). */
  progress?: Progress;
}

/**
 * Publish raw/ into dist/ under the lock. dist/ is put back in order first (an interrupted publish is
 * finished or discarded) whatever raw/ holds; a run that fails after that leaves dist/ as it found it.
 */
export async function publishFromRaw(options: PublishRunOptions): Promise<PublishOutcome> {
  const { rawDir, distDir } = options;
  const lock = {
    command: options.command ?? 'publish',
    waitSeconds: options.waitSeconds ?? 0,
    onWarning: options.onWarning,
  };
  // the release modules (the page, the workbook, the zip …) are loaded by publish only, not by validate or trace
  const [{ withLock }, { recover }, { releaseTables }] = await Promise.all([
    import('./release/lock.js'),
    import('./release/store.js'),
    import('./release/publish.js'),
  ]);
  return withLock(distDir, lock, async () => {
    const recovered = await recover(distDir);
    if (recovered) options.onRecovered?.(recovered);
    try {
      // the published tables are checked against their schemas as they are rendered, not in a pass of their own
      const progress = options.progress ?? SILENT;
      const built = await buildOrThrow(rawDir, { checkPublished: false, textsDir: options.textsDir, progress });
      const { tables, meta, warnings } = built;
      const untraced = { sources: built.untraced, allowed: options.allowUntraced ?? false };
      const outcome = await releaseTables(tables, meta, warnings, {
        untraced,
        distDir,
        allowMajor: options.allowMajor ?? false,
        progress,
        ...(options.date ? { date: options.date } : {}),
      });
      return recovered ? { ...outcome, recovered } : outcome;
    } catch (err) {
      if (!(err instanceof ProblemsError)) await recover(distDir).catch(() => undefined);
      throw err;
    }
  });
}
