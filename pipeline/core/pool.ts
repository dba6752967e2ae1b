/**
 * Every distinct text of a build, once, by number. A large build holds millions of cells but far fewer distinct
 * texts (an indicator's label, a period, an area code repeat in every row that names them), so a table holds a
 * 4-byte number per cell instead of a string, and what is done per text is done once: checking whether it needs
 * quoting in CSV or escaping in JSON, its place in the workbook's shared strings.
 *
 * Number 0 is no text at all (a missing cell, null); the empty text has a number of its own.
 */

/**
 * A Map holds at most 2^24 entries in V8; past that, new texts go to another one (a build of ten million figures
 * has tens of millions of distinct texts: every figure and observation id, most values as written).
 */
const MAP_LIMIT = (1 << 24) - 1;

/** The number of no text (null). */
export const NONE = 0;

export class StringPool {
  /** The texts by number; texts[0] stands for none. */
  readonly texts: string[] = [''];
  private maps: Map<string, number>[] = [new Map()];

  /** The number of a text (given it if new); NONE for null or undefined. */
  id(text: string | null | undefined): number {
    if (text === null || text === undefined) return NONE;
    const maps = this.maps;
    for (let m = 0; m < maps.length; m++) {
      const found = maps[m]!.get(text);
      if (found !== undefined) return found;
    }
    let last = maps[maps.length - 1]!;
    if (last.size >= MAP_LIMIT) maps.push((last = new Map()));
    const id = this.texts.length;
    this.texts.push(text);
    last.set(text, id);
    return id;
  }

  /** The number of a text already in the pool, without adding it; undefined where it is not. */
  find(text: string): number | undefined {
    for (const map of this.maps) {
      const found = map.get(text);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The text of a number; null for NONE. */
  text(id: number): string | null {
    return id === NONE ? null : this.texts[id]!;
  }

  /** How many numbers there are (NONE included): the size of a table indexed by number. */
  get size(): number {
    return this.texts.length;
  }
}
