/**
 * Comparators: what a qualifier says of a value (docs/rules.md, "Values"), said once for every view. `lt` comes
 * only from a decline (`下降超过10%`: the change is below −10); the others from qualifiers as written.
 */
export const COMPARATORS = ['eq', 'gte', 'gt', 'lte', 'lt', 'approx'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The comparator as a symbol (nothing for eq): `≥`, `>`, `≤`, `<`, `≈`. */
export const COMPARATOR_SYMBOL: Record<Comparator, string> = {
  eq: '',
  gte: '≥',
  gt: '>',
  lte: '≤',
  lt: '<',
  approx: '≈',
};

/** A value with its comparator's symbol before it: `≥ 90`, `96.16`. */
export const withSymbol = (comparator: Comparator, value: string) =>
  comparator === 'eq' ? value : `${COMPARATOR_SYMBOL[comparator]} ${value}`;

/** The comparator in English words, for where there is room beside the symbol. */
export const COMPARATOR_EN: Record<Comparator, string> = {
  eq: '',
  gte: 'at least',
  gt: 'more than',
  lte: 'at most',
  lt: 'less than',
  approx: 'close to',
};

/** The same comparator turned round, for a value whose sign is turned round (a decline: ≥ 5 down is ≤ −5). */
export const MIRRORED: Record<Comparator, Comparator> = {
  eq: 'eq',
  gte: 'lte',
  gt: 'lt',
  lte: 'gte',
  lt: 'gt',
  approx: 'approx',
};
