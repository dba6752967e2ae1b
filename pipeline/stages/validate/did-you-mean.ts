/** "Did you mean": the known id a few typing mistakes away from an unknown one. */

/** Edit distance (Levenshtein) between two ids. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** The nearest of `known` to `id`, if within a few edits (more for longer ids); '' if none. */
export function nearest(id: string, known: Iterable<string>): string {
  let best = '';
  let bestDistance = Math.max(2, Math.floor(id.length / 5)) + 1;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * `nearest`, remembered per unknown id: 200 000 rows that mistype the same few ids cost a few searches, not
 * 200 000 (each search compares the id with every known one).
 */
export class Suggestions {
  private readonly memo = new Map<string, string>();

  constructor(private readonly known: () => Iterable<string>) {}

  for(id: string): string {
    let s = this.memo.get(id);
    if (s === undefined) this.memo.set(id, (s = nearest(id, this.known())));
    return s;
  }
}
