import { errorsIn } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { printReport } from '../../core/report.js';
import { verifyDist } from '../../release/verify.js';
import { formatOf, type Command } from '../options.js';

export const verify: Command = {
  name: 'verify',
  usage: 'verify    [--dist DIR] [--format text|json|github]',
  summary: 'every release against its checksums and schemas',
  options: ['dist', 'format'],
  async run(values, _, io) {
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
  },
};
