/**
 * How good suggest's drafts are against figures a curator wrote for the same text.
 * - recall: the share of curated mentions whose number is the number of a suggested row of the same
 *   paragraph (each row matches one mention at most; a row with the same value_text is preferred);
 * - kind agreement: among matched mentions, the share whose row has the same kind;
 * - not figures: suggested rows that match no curated mention;
 * - period agreement, for information: among matched mentions that state a period_text (or state that
 *   there is none, ''), the share whose row has the same period_text.
 */
import { asciiDigits, numbersIn } from '../trace/numbers.js';

/** What measuring needs of a row or a curated figure. */
export interface Mention {
  paragraph: number;
  value_text: string;
  kind: string;
  /** undefined where the curated figures do not say (period agreement leaves them out). */
  period_text?: string;
}

export interface SuggestQuality {
  mentions: number;
  matched: number;
  recall: number;
  kindAgreed: number;
  kindAgreement: number;
  rows: number;
  notFigures: number;
  periodCompared: number;
  periodAgreement: number;
  /** Curated mentions no row matched, and matched ones whose kind differs: for reading, not scoring. */
  missed: Mention[];
  kindDiffers: { curated: Mention; suggested: Mention }[];
}

/** The number of a value_text (`近19.26亿元` -> `19.26`), ASCII; '' when it has none. */
export function numberOf(valueText: string): string {
  const n = numbersIn(valueText).find((x) => !x.period) ?? numbersIn(valueText)[0];
  return n ? asciiDigits(n.text) : '';
}

/** Match curated mentions to suggested rows, one to one, same paragraph and same number. */
function pairUp(curated: readonly Mention[], rows: readonly Mention[]): Map<Mention, Mention> {
  const pairs = new Map<Mention, Mention>();
  const used = new Set<Mention>();
  const pass = (same: (c: Mention, r: Mention) => boolean) => {
    for (const c of curated) {
      if (pairs.has(c)) continue;
      const r = rows.find((x) => !used.has(x) && x.paragraph === c.paragraph && same(c, x));
      if (r) {
        pairs.set(c, r);
        used.add(r);
      }
    }
  };
  pass((c, r) => c.value_text === r.value_text);
  pass((c, r) => numberOf(c.value_text) !== '' && numberOf(c.value_text) === numberOf(r.value_text));
  return pairs;
}

export function measureSuggestions(rows: readonly Mention[], curated: readonly Mention[]): SuggestQuality {
  const pairs = pairUp(curated, rows);
  const kindDiffers = [...pairs].filter(([c, r]) => c.kind !== r.kind).map(([c, r]) => ({ curated: c, suggested: r }));
  const matched = pairs.size;
  const kindAgreed = matched - kindDiffers.length;
  const withPeriod = [...pairs].filter(([c]) => c.period_text !== undefined);
  const periodAgreed = withPeriod.filter(([c, r]) => c.period_text === r.period_text).length;
  return {
    mentions: curated.length,
    matched,
    recall: curated.length ? matched / curated.length : 1,
    kindAgreed,
    kindAgreement: matched ? kindAgreed / matched : 1,
    rows: rows.length,
    notFigures: rows.length - matched,
    periodCompared: withPeriod.length,
    periodAgreement: withPeriod.length ? periodAgreed / withPeriod.length : 1,
    missed: curated.filter((c) => !pairs.has(c)),
    kindDiffers,
  };
}
