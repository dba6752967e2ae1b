import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { renderChanges, summaryLine } from '../../release/render/changes.js';
import { loadReleaseContent, releaseDir, VERSION_PATTERN } from '../../release/store.js';
import { compareContent, highestBump } from '../../release/version.js';
import { formatOf, type Command } from '../options.js';

export const diff: Command = {
  name: 'diff',
  usage: 'diff      A B [--dist DIR] [--format text|json]',
  summary: 'what changed between two releases',
  options: ['dist', 'format'],
  positionals: true,
  async run(values, positionals, io) {
    const format = formatOf(values, ['text', 'json']);
    const [a, b] = positionals;
    if (!a || !b || positionals.length !== 2) throw new UsageError('USAGE_DIFF', 'diff needs two versions: diff A B');
    for (const v of [a, b])
      if (!VERSION_PATTERN.test(v))
        throw new UsageError('USAGE_VERSION', `"${v}" is not a version (MAJOR.MINOR.PATCH, e.g. 1.0.0)`);
    const before = await loadReleaseContent(releaseDir(values.dist!, a)).catch((e: Error) => {
      throw new UsageError('USAGE_NO_RELEASE', `cannot read release ${a}: ${e.message}`);
    });
    const after = await loadReleaseContent(releaseDir(values.dist!, b)).catch((e: Error) => {
      throw new UsageError('USAGE_NO_RELEASE', `cannot read release ${b}: ${e.message}`);
    });
    const changes = compareContent(before, after);
    const bump = highestBump(changes) ?? null;
    if (format === 'json')
      io.out(
        JSON.stringify({ from: a, to: b, bump, summary: summaryLine(bump ?? undefined, changes, a), changes }, null, 2),
      );
    else io.out(`${a} -> ${b}: ${summaryLine(bump ?? undefined, changes, a)}${renderChanges(changes)}`);
    return EXIT.ok;
  },
};
