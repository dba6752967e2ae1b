import { formatProblem } from '../../core/errors.js';
import { EXIT, type Io } from '../../core/io.js';
import { commandProgress, type Progress } from '../../core/progress.js';
import { publishFromRaw } from '../../run.js';
import { seconds, type CommandRun, type Values } from '../options.js';

export const run: CommandRun = async (values, _, given) => {
  const { progress, io } = commandProgress(given, 'publish', values.format);
  try {
    return await publishRun(values, io, progress);
  } finally {
    progress.clear();
  }
};

/** Publish, telling `progress` where it is; `io` erases its line before writing. */
async function publishRun(values: Values, io: Io, progress: Progress): Promise<number> {
  const result = await publishFromRaw({
    rawDir: values.raw!,
    distDir: values.dist!,
    waitSeconds: seconds(values.wait, '--wait'),
    textsDir: values.texts,
    allowUntraced: values.untraced,
    allowMajor: values['allow-major'],
    onWarning: (m) => io.err(`warning: ${m}`),
    onRecovered: (m) => io.err(`note: ${m}`),
    progress,
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
}
