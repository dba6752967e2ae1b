import { fail } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { renderChanges, summaryLine } from '../../release/render/changes.js';
import { loadReleaseContent, readReleases, releaseDir, VERSION_PATTERN } from '../../release/store.js';
import { compareContent, highestBump } from '../../release/version.js';
import { formatOf, type Command } from '../options.js';

/** The version `name` stands for (`latest` is the newest release), or a usage error listing those there are. */
async function versionOf(name: string, dist: string): Promise<string> {
  if (name !== 'latest' && !VERSION_PATTERN.test(name)) fail('USAGE_VERSION', { version: name });
  const versions = (await readReleases(dist))?.releases.map((r) => r.version) ?? [];
  const version = name === 'latest' ? versions.at(-1) : versions.find((v) => v === name);
  if (!version) fail('USAGE_NO_RELEASE', { version: name, dist, versions: versions.join(', ') || 'none' });
  return version;
}

export const diff: Command = {
  name: 'diff',
  usage: 'diff      A B [--dist DIR] [--format text|json]',
  summary: 'what changed between two releases (a version, or latest)',
  options: ['dist', 'format'],
  positionals: true,
  async run(values, positionals, io) {
    const format = formatOf(values, ['text', 'json']);
    const dist = values.dist!;
    if (positionals.length !== 2) fail('USAGE_DIFF', {});
    const a = await versionOf(positionals[0]!, dist);
    const b = await versionOf(positionals[1]!, dist);
    const changes = compareContent(
      await loadReleaseContent(releaseDir(dist, a)),
      await loadReleaseContent(releaseDir(dist, b)),
    );
    const bump = highestBump(changes);
    const summary = summaryLine(bump, changes, a);
    if (format === 'json') io.out(JSON.stringify({ from: a, to: b, bump: bump ?? null, summary, changes }, null, 2));
    else io.out(`${a} -> ${b}: ${summary}${renderChanges(changes)}`);
    return EXIT.ok;
  },
};
