import { errorsIn } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { commandProgress } from '../../core/progress.js';
import { printReport } from '../../core/report.js';
import { buildFromRaw } from '../../run.js';
import { rowCount } from '../../stages/tables/compact.js';
import { formatOf, type CommandRun } from '../options.js';

export const run: CommandRun = async (values, _, given) => {
  const format = formatOf(values);
  const { progress, io } = commandProgress(given, 'validate', format);
  const { tables, problems } = await buildFromRaw(values.raw!, { progress }).finally(() => progress.clear());
  const count = (name: 'observations' | 'indicators') => rowCount(tables!, name);
  const counts = tables ? { observations: count('observations'), indicators: count('indicators') } : {};
  printReport(problems, format, io, counts);
  const errors = errorsIn(problems).length;
  if (format === 'text')
    io.err(
      errors
        ? `${values.raw}: ${errors} error${errors === 1 ? '' : 's'}; nothing was published`
        : `${values.raw}: valid (${count('observations')} observations, ${count('indicators')} indicators)`,
    );
  return errors ? EXIT.invalid : EXIT.ok;
};
