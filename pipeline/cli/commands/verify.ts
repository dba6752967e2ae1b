import { errorsIn } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { printReport } from '../../core/report.js';
import { verifyDist } from '../../release/verify.js';
import { formatOf, type CommandRun } from '../options.js';

export const run: CommandRun = async (values, _, io) => {
  const format = formatOf(values);
  const { problems, checked } = await verifyDist(values.dist!);
  printReport(problems, format, io, { checked });
  const errors = errorsIn(problems).length;
  if (format === 'text')
    io.err(
      errors
        ? `${values.dist}: ${errors} error(s)`
        : `${values.dist}: ${checked.length} release folder(s) verified: ${checked.join(', ')}`,
    );
  return errors ? EXIT.invalid : EXIT.ok;
};
