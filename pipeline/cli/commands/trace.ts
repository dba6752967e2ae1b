import { readFile } from 'node:fs/promises';
import { errorsIn, fail } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { printReport } from '../../core/report.js';
import { loadRawTables } from '../../stages/extract/load.js';
import { traceFigures } from '../../stages/trace.js';
import { validateRaw } from '../../stages/validate/validate.js';
import { formatOf, type Command } from '../options.js';

export const trace: Command = {
  name: 'trace',
  usage: 'trace     --source FILE [--raw DIR] [--format text|json|github]',
  summary: "every figure's value_text found in its paragraph",
  options: ['raw', 'source', 'format'],
  async run(values, _, io) {
    const format = formatOf(values);
    if (!values.source) fail('USAGE_MISSING_OPTION', { command: 'trace', option: '--source FILE' });
    const bytes = await readFile(values.source).catch((e: NodeJS.ErrnoException) =>
      fail('USAGE_FILE', { file: values.source!, reason: e.code ?? e.message }),
    );
    const loaded = await loadRawTables(values.raw!);
    const { data, problems } = validateRaw(loaded.tables);
    const all = [...loaded.problems, ...problems];
    const traced = traceFigures(bytes, values.source, data);
    all.push(...traced.problems);
    printReport(all, format, io, { checked: traced.checked });
    const errors = errorsIn(all).length;
    if (format === 'text')
      io.err(
        errors
          ? `trace: ${errors} problem(s)`
          : `trace: all ${traced.checked} figures of ${traced.sourceId} found in their paragraphs of ${values.source}`,
      );
    return errors ? EXIT.invalid : EXIT.ok;
  },
};
