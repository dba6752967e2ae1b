import { fail } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import { renderChanges, summaryLine } from '../../release/render/changes.js';
import { loadReleaseContent, readReleases, VERSION_PATTERN, type ReleaseEntry } from '../../release/store.js';
import { compareContent, highestBump } from '../../release/version.js';
import { formatOf, type CommandRun } from '../options.js';

/** The release `name` stands for (`latest` is the newest release), or a usage error listing those there are. */
async function releaseOf(name: string, dist: string): Promise<ReleaseEntry> {
  if (name !== 'latest' && !VERSION_PATTERN.test(name)) fail('USAGE_VERSION', { version: name });
  const releases = (await readReleases(dist))?.releases ?? [];
  const release = name === 'latest' ? releases.at(-1) : releases.find((r) => r.version === name);
  const versions = releases.map((r) => r.version).join(', ') || 'none';
  if (!release) fail('USAGE_NO_RELEASE', { version: name, dist, versions });
  return release;
}

/** A release's content, once it is known whole (a damaged release is never compared: RELEASE_DAMAGED). */
const contentOf = (dist: string, r: ReleaseEntry) => loadReleaseContent(dist, r.version, r.content_hash);

export const run: CommandRun = async (values, positionals, io) => {
  const format = formatOf(values, ['text', 'json']);
  const dist = values.dist!;
  if (positionals.length !== 2) fail('USAGE_DIFF', {});
  const ra = await releaseOf(positionals[0]!, dist);
  const rb = await releaseOf(positionals[1]!, dist);
  const [a, b] = [ra.version, rb.version];
  const changes = compareContent(await contentOf(dist, ra), await contentOf(dist, rb));
  const bump = highestBump(changes);
  const summary = summaryLine(bump, changes, a);
  if (format === 'json') io.out(JSON.stringify({ from: a, to: b, bump: bump ?? null, summary, changes }, null, 2));
  else io.out(`${a} -> ${b}: ${summary}${renderChanges(changes)}`);
  return EXIT.ok;
};
