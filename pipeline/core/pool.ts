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
 * a national series of ten million figures; this table takes 12 bytes an entry, and has no such limit.
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
  /** Each text's hash, by number (so the table grows without hashing every text again). */
  private hashes = new Uint32Array(1024);
  /** The hash table: a text's number at its hash's slot (or the next free one after it); 0 for a free slot. */
  private slots = new Uint32Array(2048);

  /** The number of a text (given it if new); NONE for null or undefined. */
  id(text: string | null | undefined): number {
    if (text === null || text === undefined) return NONE;
    const hash = hashOf(text);
    const found = this.lookup(text, hash);
    if (found > 0) return found;
    const id = this.texts.length;
    this.texts.push(text);
    if (id >= this.hashes.length) {
      const bigger = new Uint32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[id] = hash;
    // at most half full, so that a search rarely looks at more than a slot or two
    if (2 * this.texts.length > this.slots.length) this.rehash();
    else this.slots[-found] = id;
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
   * Let go of the hash table (a fifth of the pool's memory): what follows only reads texts by number. A text
   * looked up later is still found; the table is made again first.
   */
  dropIndex(): void {
    this.hashes = new Uint32Array(0);
    this.slots = new Uint32Array(0);
  }

  /** The number of a text, or minus the free slot where it would go. */
  private lookup(text: string, hash: number): number {
    if (this.slots.length === 0) this.reindex();
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const id = slots[i]!;
      if (id === 0) return -i;
      if (this.hashes[id] === hash && this.texts[id] === text) return id;
    }
  }

  private reindex(): void {
    this.hashes = new Uint32Array(Math.max(1024, this.texts.length * 2));
    for (let id = 1; id < this.texts.length; id++) this.hashes[id] = hashOf(this.texts[id]!);
    let size = 2048;
    while (size < 2 * this.texts.length) size *= 2;
    this.slots = new Uint32Array(size / 2);
    this.rehash();
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.texts.length; id++) {
      let i = this.hashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}
