import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { atPath } from '../../core/environment.js';
import { errorsIn, fail, PipelineError } from '../../core/errors.js';
import { EXIT, type Io } from '../../core/io.js';
import { describeNotReadable, INPUT_LIMITS, readInput } from '../../core/read.js';
import { csvField } from '../../release/render/output.js';
import { decodeText } from '../../stages/extract/decode.js';
import { loadRawTables } from '../../stages/extract/load.js';
import type { KnownIndicator } from '../../stages/suggest/indicator.js';
import { dismissedColumns, figureColumns, indicatorColumns } from '../../stages/suggest/layout.js';
import { suggestDraft, type SuggestOptions, type Suggestion } from '../../stages/suggest/suggest.js';
import { isCalendarDate } from '../../stages/validate/rules.js';
import { validateRaw } from '../../stages/validate/validate.js';
import type { CommandRun } from '../options.js';

const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A day written YYYY-MM-DD that the calendar has (not 2026-02-30). */
const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDate(text);

/** What suggest uses of raw/: indicators with their units, the figure ids in use, the source's reference year. */
async function knownFromRaw(rawDir: string, sourceId: string, io: Io): Promise<Omit<SuggestOptions, 'sourceId'>> {
  const loaded = await loadRawTables(rawDir);
  const { data, problems } = validateRaw(loaded.tables);
  const errors = errorsIn([...loaded.problems, ...problems]).length;
  if (errors) io.err(`suggest: ${rawDir} has ${errors} error(s) (see validate); using the rows that are valid`);
  const indicators: KnownIndicator[] = [...data.indicators.values()].map((i) => ({
    indicator_id: i.indicator_id,
    domain: i.domain,
    label_zh: i.label_zh,
    aliases: i.aliases,
    unit_id: i.unit_id,
    measureWords: data.units.get(i.unit_id)?.measure_words ?? [],
    bareNumber: data.units.get(i.unit_id)?.bare_number ?? false,
  }));
  const units = [...data.units.values()].map((u) => ({
    unit_id: u.unit_id,
    dimension: u.dimension,
    measureWords: u.measure_words,
    bareNumber: u.bare_number,
  }));
  const existingIds = data.figures.map((f) => ({ figure_id: f.figure_id, source_id: f.source_id }));
  const listed = data.sources.get(sourceId);
  return {
    indicators,
    units,
    existingIds,
    referenceYear: listed?.reference_year,
    ...(listed?.published ? { published: listed.published } : {}),
  };
}

const csv = (columns: readonly string[], rows: readonly Record<string, string>[]) =>
  [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))]
    .map((cells) => cells.map(csvField).join(','))
    .join('\n') + '\n';

/** DIR/figures/<domain>.csv, DIR/dismissed.csv and DIR/indicators.csv, in the layouts of raw/. */
async function writeDrafts(dir: string, s: Suggestion): Promise<string[]> {
  const files = new Map<string, string>();
  const domains = [...new Set(s.figures.map((f) => f.domain))].sort();
  for (const d of domains)
    files.set(
      path.join(dir, 'figures', `${d}.csv`),
      csv(
        figureColumns(),
        s.figures.filter((f) => f.domain === d),
      ),
    );
  files.set(path.join(dir, 'dismissed.csv'), csv(dismissedColumns(), s.dismissed));
  files.set(path.join(dir, 'indicators.csv'), csv(indicatorColumns(), s.indicators));
  await mkdir(path.join(dir, 'figures'), { recursive: true }).catch(atPath(dir));
  for (const [file, text] of files) await writeFile(file, text).catch(atPath(file));
  return [...files.keys()];
}

async function readSource(file: string): Promise<string> {
  const input = await readInput(file, INPUT_LIMITS.text);
  if (!('bytes' in input)) fail('USAGE_FILE', { file, reason: describeNotReadable(input) });
  return decodeText(input.bytes, file).text;
}

export const run: CommandRun = async (values, _, io) => {
  const sourceId = values['source-id'];
  if (!values.source || !sourceId)
    fail('USAGE_MISSING_OPTION', { command: 'suggest', option: '--source FILE and --source-id ID' });
  if (!SOURCE_ID.test(sourceId)) fail('USAGE_SOURCE_ID', { id: sourceId });
  const published = values.published;
  if (published !== undefined && !isDay(published)) fail('USAGE_DATE', { date: published });
  if (
    values.out &&
    (existsSync(path.join(values.out, 'sources.csv')) || path.resolve(values.out) === path.resolve(values.raw!))
  ) {
    io.err(`error: ${values.out} is a raw/ folder: suggest writes drafts beside it, never into it; give another --out`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = await readSource(values.source);
  } catch (err) {
    if (!(err instanceof PipelineError) || err.problem.code === 'USAGE_FILE') throw err;
    io.err(`error: ${values.source}: ${err.message}`);
    return EXIT.invalid;
  }
  const known = await knownFromRaw(values.raw!, sourceId, io);
  const s = suggestDraft(text, { sourceId, ...known, ...(published ? { published } : {}) });
  const written = values.out ? await writeDrafts(values.out, s) : [];
  if (!values.out) io.out(csv(['domain', ...figureColumns()], s.figures).trimEnd());
  const noted = s.figures.filter((r) => r.note !== '').length;
  io.err(
    `suggest: ${s.figures.length} figure rows (${noted} with a note), ${s.dismissed.length} dismissals and ` +
      `${s.indicators.length} new indicators drafted from ${values.source} (reference year ${s.referenceYear}); check every row`,
  );
  if (s.referenceYearFrom === 'published')
    io.err(
      `suggest: no title or date line of ${values.source} says its year: a news story is read as of the year it ` +
        `came out, ${s.referenceYear} (--published); ` +
        `if the text is of another year, give --published or list the source in sources.csv with its reference_year`,
    );
  if (s.referenceYearFrom === 'none')
    io.err(
      `suggest: ${values.source} writes no year: its periods are read as of ${s.referenceYear}; list the source in ` +
        `sources.csv with its reference_year and run suggest again`,
    );
  // a news story often writes its own year nowhere: the latest year it writes may be of an earlier figure
  if (s.referenceYearFrom === 'text')
    io.err(
      `suggest: no title or date line of ${values.source} says its year: its periods are read as of ` +
        `${s.referenceYear}, the latest year it writes; if the text is of a later year, give --published (the day ` +
        `it came out) or list the source in sources.csv with its reference_year, and run suggest again`,
    );
  for (const file of written) io.err(`  wrote ${file}`);
  return EXIT.ok;
};
