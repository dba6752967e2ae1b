/**
 * Every distinct text of a build, once, by number. A large build holds millions of cells but far fewer distinct
 * texts (an indicator's label, a period, an area code repeat in every row that names them), so a table holds a
 * 4-byte number per cell instead of a string, and what is done per text is done once: checking whether it needs
 * quoting in CSV or escaping in JSON, its place in the workbook's shared strings.
 *
 * Number 0 is no text at all (a missing cell, null); the empty text has a number of its own.
 *
 * The texts are found by an open-addressing hash table of numbers rather than a Map: a Map takes about 40 bytes
 * an entry (150 MB for the four million texts of a million figures) and holds at most 2^24 of them, too few for
 * a national series of ten million figures; this table takes 16 to 32 bytes a text, and has no such limit.
 */

/** The number of no text (null). */
export const NONE = 0;

/** FNV-1a over the UTF-16 code units of a text. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class StringPool {
  /** The texts by number; texts[0] stands for none. */
  readonly texts: string[] = [''];
  /**
   * The hash table, two numbers a slot: a text's hash, then its number (0: a free slot), at its hash's slot or the
   * next free one after it. The hash beside the number spares a search the read of a second array for every slot it
   * looks at; a text's number is read only where its hash matches (a pool of 100 000 figures: 300 000 texts).
   */
  private slots = new Uint32Array(2 * 2048);

  /** The number of a text (given it if new); NONE for null or undefined. */
  id(text: string | null | undefined): number {
    if (text === null || text === undefined) return NONE;
    const hash = hashOf(text);
    const found = this.lookup(text, hash);
    if (found > 0) return found;
    const id = this.texts.length;
    this.texts.push(text);
    this.slots[-found] = hash;
    this.slots[-found + 1] = id;
    // at most half full, so that a search rarely looks at more than a slot or two
    if (4 * this.texts.length > this.slots.length) this.rehash();
    return id;
  }

  /** The number of a text already in the pool, without adding it; undefined where it is not. */
  find(text: string): number | undefined {
    const found = this.lookup(text, hashOf(text));
    return found > 0 ? found : undefined;
  }

  /** The text of a number; null for NONE. */
  text(id: number): string | null {
    return id === NONE ? null : this.texts[id]!;
  }

  /** How many numbers there are (NONE included): the size of a table indexed by number. */
  get size(): number {
    return this.texts.length;
  }

  /**
   * Let go of the hash table (a third of the pool's memory): what follows only reads texts by number. A text
   * looked up later is still found; the table is made again first.
   */
  dropIndex(): void {
    this.slots = new Uint32Array(0);
  }

  /** The number of a text, or minus the free slot (its hash's place in `slots`) where it would go. */
  private lookup(text: string, hash: number): number {
    if (this.slots.length === 0) this.rehash();
    const slots = this.slots;
    const mask = slots.length - 2; // slots.length is a power of two: a slot's place is even
    for (let i = (hash << 1) & mask; ; i = (i + 2) & mask) {
      const id = slots[i + 1]!;
      if (id === 0) return -i;
      if (slots[i] === hash && this.texts[id] === text) return id;
    }
  }

  /** A table of twice as many slots as texts at least, from the texts (after dropIndex) or from the table before. */
  private rehash(): void {
    let size = 2048;
    while (size < 2 * this.texts.length) size *= 2;
    const slots = new Uint32Array(2 * size);
    const mask = slots.length - 2;
    const put = (hash: number, id: number) => {
      let i = (hash << 1) & mask;
      while (slots[i + 1] !== 0) i = (i + 2) & mask;
      slots[i] = hash;
      slots[i + 1] = id;
    };
    const old = this.slots;
    if (old.length === 0) for (let id = 1; id < this.texts.length; id++) put(hashOf(this.texts[id]!), id);
    else for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) put(old[i]!, old[i + 1]!);
    this.slots = slots;
  }
}
