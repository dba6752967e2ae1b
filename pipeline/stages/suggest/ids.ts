/**
 * figure_ids for a source's drafts: a prefix of the source's own, made from its id (`yubei-bulletin-2023` ->
 * `yb23`: the first letter of each word and the year's last two digits), numbered after the highest id of that
 * prefix the source already has. A prefix that figures of another source use is lengthened (`yub23`, then a
 * digit), so drafts of different sources never collide with each other or with raw/.
 */

/** Figure ids in use: each with the source it belongs to. */
export interface IdInUse {
  figure_id: string;
  source_id: string;
}

const ID = /^([a-z][a-z0-9]{1,7})-(\d{3,6})$/;

/** Candidate prefixes for a source id, the shortest first. */
function prefixes(sourceId: string): string[] {
  const words = sourceId.split('-').filter((w) => w !== '');
  const year = words.map((w) => /^(?:19|20)(\d\d)$/.exec(w)?.[1]).find((y) => y !== undefined) ?? '';
  const names = words.filter((w) => !/^\d+$/.test(w));
  const letters = names.map((w) => w[0]).join('') || 's';
  const longer = names.length
    ? names[0]!.slice(0, 2) +
      names
        .slice(1)
        .map((w) => w[0])
        .join('')
    : letters;
  const fit = (p: string) => (/^[a-z]/.test(p) ? p : `s${p}`).slice(0, 8 - year.length) + year;
  const base = [fit(letters), fit(longer), fit(names.join('').slice(0, 6))];
  const padded = base[0]!.length >= 2 ? base : base.map((p) => `${p}x`);
  return [...new Set([...padded, ...Array.from({ length: 9 }, (_, i) => fit(`${letters}${i + 1}`))])];
}

/** The prefix and first number of a source's new figure ids. */
export function idPlan(sourceId: string, inUse: Iterable<IdInUse>): { prefix: string; next: number } {
  const byPrefix = new Map<string, { sources: Set<string>; highest: number }>();
  for (const { figure_id, source_id } of inUse) {
    const m = ID.exec(figure_id);
    if (!m) continue;
    const entry = byPrefix.get(m[1]!) ?? { sources: new Set<string>(), highest: 0 };
    entry.sources.add(source_id);
    if (source_id === sourceId) entry.highest = Math.max(entry.highest, Number(m[2]));
    byPrefix.set(m[1]!, entry);
  }
  const own = [...byPrefix].find(([, e]) => e.sources.size === 1 && e.sources.has(sourceId));
  if (own) return { prefix: own[0], next: own[1].highest + 1 };
  const free = prefixes(sourceId).find((p) => ID.test(`${p}-001`) && !byPrefix.has(p));
  return { prefix: free ?? `s${byPrefix.size}`, next: 1 };
}

/** `count` ids after the plan: `yb23-001`, `yb23-002`, … */
export function figureIds(plan: { prefix: string; next: number }, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${plan.prefix}-${String(plan.next + i).padStart(3, '0')}`);
}
