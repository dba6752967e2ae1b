import { errorsIn, fail, PipelineError } from '../../core/errors.js';
import { EXIT, type Io } from '../../core/io.js';
import { describeNotReadable, INPUT_LIMITS, readInput } from '../../core/read.js';
import { csvField } from '../../release/render/output.js';
import { decodeText } from '../../stages/extract/decode.js';
import { loadRawTables } from '../../stages/extract/load.js';
import type { KnownIndicator } from '../../stages/suggest/indicator.js';
import { DRAFT_COLUMNS, suggestFigures, type SuggestOptions } from '../../stages/suggest/suggest.js';
import { validateRaw } from '../../stages/validate/validate.js';
import type { Command } from '../options.js';

const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What suggest uses of raw/: indicators with their units' measure words, and the figure ids in use. */
async function knownFromRaw(rawDir: string, io: Io): Promise<Omit<SuggestOptions, 'sourceId'>> {
  const loaded = await loadRawTables(rawDir);
  const { data, problems } = validateRaw(loaded.tables);
  const errors = errorsIn([...loaded.problems, ...problems]).length;
  if (errors) io.err(`suggest: ${rawDir} has ${errors} error(s) (see validate); using the rows that are valid`);
  const indicators: KnownIndicator[] = [...data.indicators.values()].map((i) => ({
    indicator_id: i.indicator_id,
    domain: i.domain,
    label_zh: i.label_zh,
    measureWords: data.units.get(i.unit_id)?.measure_words ?? [],
  }));
  return {
    indicators,
    unitMeasureWords: [...data.units.values()].flatMap((u) => u.measure_words),
    existingIds: data.figures.map((f) => f.figure_id),
  };
}

export const suggest: Command = {
  name: 'suggest',
  usage: 'suggest   --source FILE --source-id ID [--raw DIR]',
  summary: 'draft figure rows for a new source text, as CSV on stdout',
  options: ['source', 'source-id', 'raw'],
  async run(values, _, io) {
    const sourceId = values['source-id'];
    if (!values.source || !sourceId)
      fail('USAGE_MISSING_OPTION', { command: 'suggest', option: '--source FILE and --source-id ID' });
    if (!SOURCE_ID.test(sourceId)) fail('USAGE_SOURCE_ID', { id: sourceId });
    const input = await readInput(values.source, INPUT_LIMITS.text);
    if (!('bytes' in input)) fail('USAGE_FILE', { file: values.source, reason: describeNotReadable(input) });
    const bytes = input.bytes;
    let text: string;
    try {
      text = decodeText(bytes, values.source).text;
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      io.err(`error: ${values.source}: ${err.message}`);
      return EXIT.invalid;
    }
    const rows = suggestFigures(text, { sourceId, ...(await knownFromRaw(values.raw!, io)) });
    io.out(DRAFT_COLUMNS.join(','));
    for (const row of rows) io.out(DRAFT_COLUMNS.map((c) => csvField(row[c])).join(','));
    const noted = rows.filter((r) => r.note !== '').length;
    io.err(`suggest: ${rows.length} draft rows from ${values.source}, ${noted} with a note; check every row`);
    return EXIT.ok;
  },
};
