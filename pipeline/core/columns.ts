/**
 * A column of numbers that grows as rows are added (the figure and mention stores keep each column so: numbers of
 * texts in a pool, codes of a few values), doubling its typed array when a row past its end is set.
 */
export class GrowingColumn<T extends Uint32Array | Uint8Array> {
  constructor(public values: T) {}

  set(at: number, value: number): void {
    if (at >= this.values.length) {
      let length = this.values.length * 2;
      while (at >= length) length *= 2;
      const bigger = new (this.values.constructor as new (n: number) => T)(length);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[at] = value;
  }
}

/** An empty column of 32-bit numbers (numbers of texts), or of bytes (codes). */
export const u32Column = () => new GrowingColumn(new Uint32Array(1024));
export const u8Column = () => new GrowingColumn(new Uint8Array(1024));
