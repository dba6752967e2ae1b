import path from 'node:path';
import { errorsIn, fail, problem } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { commandProgress } from '../../core/progress.js';
import { printReport } from '../../core/report.js';
import { buildFromRaw } from '../../run.js';
import { formatOf, type CommandRun } from '../options.js';

export const run: CommandRun = async (values, _, given) => {
  const format = formatOf(values);
  const { progress, io } = commandProgress(given, 'trace', format);
  const texts = values.texts;
  if (!texts) fail('USAGE_MISSING_OPTION', { command: 'trace', option: '--texts DIR' });
  const built = await buildFromRaw(values.raw!, { textsDir: texts, progress }).finally(() => progress.clear());
  const missing = built.untraced.map((s) =>
    problem(
      'TRACE_NO_TEXT',
      { source: s.source_id, texts, file: `${s.source_id}.txt`, sha256: s.sha256 },
      { file: path.join(texts, `${s.source_id}.txt`) },
    ),
  );
  const problems = [...built.problems, ...missing];
  printReport(problems, format, io);
  const errors = errorsIn(problems).length;
  if (format === 'text')
    io.err(
      errors
        ? `trace: ${errors} problem(s)`
        : `trace: every figure found and every number of the source texts in ${texts} accounted for`,
    );
  return errors ? EXIT.invalid : EXIT.ok;
};
