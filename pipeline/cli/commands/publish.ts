import { formatProblem } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { publishFromRaw } from '../../run.js';
import { seconds, type Command } from '../options.js';

export const publish: Command = {
  name: 'publish',
  usage: 'publish   [--raw DIR] [--dist DIR] [--texts DIR] [--untraced] [--allow-major] [--wait SECONDS]',
  summary: 'validate, trace (with --texts), normalize, check, and release if anything changed (MAJOR: --allow-major)',
  options: ['raw', 'dist', 'texts', 'untraced', 'wait', 'format', 'allow-major'],
  async run(values, _, io) {
    const result = await publishFromRaw({
      rawDir: values.raw!,
      distDir: values.dist!,
      waitSeconds: seconds(values.wait, '--wait'),
      textsDir: values.texts,
      allowUntraced: values.untraced,
      allowMajor: values['allow-major'],
      onWarning: (m) => io.err(`warning: ${m}`),
      onRecovered: (m) => io.err(`note: ${m}`),
    });
    for (const w of result.warnings) io.err(formatProblem(w));
    if (result.outcome === 'up-to-date')
      io.out(
        result.repaired
          ? `up to date at ${result.version}; repaired: ${result.repaired.join(', ')}`
          : `up to date at ${result.version}; nothing written`,
      );
    else io.out(`published ${result.version} (${result.entry.bump}): ${result.entry.summary}`);
    return EXIT.ok;
  },
};
