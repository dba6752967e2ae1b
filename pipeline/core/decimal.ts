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

/** Compare exact decimals: -1, 0 or 1. Plain ones (`-12.50`, as values and bounds are written) compared as text. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  return comparePlain(a, b) ?? (new Big(a).cmp(new Big(b)) as -1 | 0 | 1);
}

/** A plain decimal's parts: its sign, and where its digits are, leading and trailing zeros left out. */
interface Plain {
  negative: boolean;
  /** The integer digits, from the first that is not 0 to the point (or the end). */
  int: [number, number];
  /** The fraction digits, after the point to the last that is not 0. */
  frac: [number, number];
}

/** `-?\d+(\.\d+)?` in parts; undefined for any other text (an exponent, a sign +, a bare point), left to big.js. */
function plainParts(s: string): Plain | undefined {
  const negative = s.charCodeAt(0) === 45; // -
  let i = negative ? 1 : 0;
  const start = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === start) return undefined;
  let fracEnd = intEnd;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 46 || i + 1 === s.length) return undefined; // .
    for (i++; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return undefined;
    fracEnd = s.length;
    while (s.charCodeAt(fracEnd - 1) === 48) fracEnd--; // trailing 0s, down to the point at most
  }
  let intStart = start;
  while (intStart < intEnd && s.charCodeAt(intStart) === 48) intStart++;
  const frac: [number, number] = fracEnd > intEnd ? [intEnd + 1, fracEnd] : [intEnd, intEnd];
  return { negative, int: [intStart, intEnd], frac };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isZero = (p: Plain) => p.int[0] === p.int[1] && p.frac[0] === p.frac[1];

/** Compare two plain decimals digit by digit; undefined where either is not plain. */
function comparePlain(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = plainParts(a);
  const y = plainParts(b);
  if (!x || !y) return undefined;
  const signX = isZero(x) ? 0 : x.negative ? -1 : 1;
  const signY = isZero(y) ? 0 : y.negative ? -1 : 1;
  if (signX !== signY) return signX < signY ? -1 : 1;
  if (signX === 0) return 0;
  const magnitude = compareMagnitude(a, x, b, y);
  return (signX < 0 && magnitude !== 0 ? -magnitude : magnitude) as -1 | 0 | 1;
}

function compareMagnitude(a: string, x: Plain, b: string, y: Plain): -1 | 0 | 1 {
  const intX = x.int[1] - x.int[0];
  const intY = y.int[1] - y.int[0];
  if (intX !== intY) return intX < intY ? -1 : 1;
  for (let k = 0; k < intX; k++) {
    const d = a.charCodeAt(x.int[0] + k) - b.charCodeAt(y.int[0] + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const fracX = x.frac[1] - x.frac[0];
  const fracY = y.frac[1] - y.frac[0];
  for (let k = 0; k < Math.max(fracX, fracY); k++) {
    const d = (k < fracX ? a.charCodeAt(x.frac[0] + k) : 48) - (k < fracY ? b.charCodeAt(y.frac[0] + k) : 48);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * A decimal in its shortest form: `100.0` and `0100` are `100`. A plain one (`0012.50`, as values are written) is cut
 * to it from its parts, without making a number of it; any other (an exponent, a sign +) is put so by big.js.
 */
export function canonical(s: string): string {
  const p = plainParts(s);
  if (!p) return new Big(s).toFixed();
  // nothing to cut: no zero before the integer's digits (a zero has one) and none after the fraction's
  const end = p.frac[1] > p.frac[0] ? p.frac[1] : p.int[1];
  if (p.int[0] === (p.negative ? 1 : 0) && end === s.length) return s;
  const int = s.slice(p.int[0], p.int[1]) || '0';
  const sign = p.negative && !isZero(p) ? '-' : ''; // -0 is 0, as big.js writes it
  return sign + (p.frac[1] > p.frac[0] ? `${int}.${s.slice(p.frac[0], p.frac[1])}` : int);
}

/** A value prints as itself through JSON.parse/JSON.stringify only when it has no more than 15 significant digits. */
export function isJsonExact(value: string): boolean {
  return String(Number(value)) === value;
}
