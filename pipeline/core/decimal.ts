/**
 * Exact decimals, kept as strings (`1926000000`, `96.16`) and computed with big.js: no binary floating point
 * touches a value on its way from raw/ to a published file.
 */
import BigImport from 'big.js';

const Big = BigImport; // big.js ships CommonJS; the default import is the constructor

/** `value - other`, exact. */
export function subtract(value: string, other: string): string {
  return new Big(value).minus(new Big(other)).toFixed();
}

/** Compare exact decimals: -1, 0 or 1. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  return new Big(a).cmp(new Big(b)) as -1 | 0 | 1;
}

/** A decimal in its shortest form: `100.0` and `0100` are `100`. */
export const canonical = (s: string) => new Big(s).toFixed();

/** A value prints as itself through JSON.parse/JSON.stringify only when it has no more than 15 significant digits. */
export function isJsonExact(value: string): boolean {
  return String(Number(value)) === value;
}
