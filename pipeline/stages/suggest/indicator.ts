/**
 * Which known indicator a number measures, from the words around it: an indicator whose label_zh is
 * written in the words of the number's clause (before the number, or else after it), and whose unit takes
 * the number's measure word. Failing that, the label most of whose character pairs are in those words,
 * as a guess the note points out (新增城镇就业 for the label 城镇新增就业).
 */

/** A known indicator, as suggest needs it. */
export interface KnownIndicator {
  indicator_id: string;
  domain: string;
  label_zh: string;
  /** The measure words its unit accepts; empty when unknown (any is accepted). */
  measureWords: readonly string[];
}

export interface IndicatorMatch {
  indicator: KnownIndicator;
  /** 'label' when the label is written there as it is, 'similar' when only most of it is. */
  how: 'label' | 'similar';
}

/** Share of a label's character pairs that must be in the words for a 'similar' match. */
const SIMILAR = 0.6;

/** Labels and words compared without quotes, spaces or a full-width parenthesised gloss (（“双减”）). */
const plain = (text: string) => text.replace(/（[^）]*）/g, '').replace(/[“”‘’"'\s]/g, '');

const pairs = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));

function similarity(label: string, words: string): number {
  const labelPairs = pairs(label);
  if (labelPairs.length < 2) return 0;
  return labelPairs.filter((p) => words.includes(p)).length / labelPairs.length;
}

function takes(indicator: KnownIndicator, measureWord: string): boolean {
  return indicator.measureWords.length === 0 || indicator.measureWords.includes(measureWord);
}

function bestIn(words: string, candidates: readonly KnownIndicator[]): IndicatorMatch | undefined {
  const text = plain(words);
  if (text === '') return undefined;
  const written = candidates
    .filter((c) => plain(c.label_zh) !== '' && text.includes(plain(c.label_zh)))
    .sort((a, b) => plain(b.label_zh).length - plain(a.label_zh).length)[0];
  if (written) return { indicator: written, how: 'label' };
  let best: { indicator: KnownIndicator; score: number } | undefined;
  for (const c of candidates) {
    const score = similarity(plain(c.label_zh), text);
    const better =
      !best || score > best.score || (score === best.score && c.label_zh.length > best.indicator.label_zh.length);
    if (score >= SIMILAR && better) best = { indicator: c, score };
  }
  return best && { indicator: best.indicator, how: 'similar' };
}

/** The indicator the words before (or else after) a number name, among those whose unit takes `measureWord`. */
export function matchIndicator(
  before: string,
  after: string,
  measureWord: string,
  indicators: readonly KnownIndicator[],
): IndicatorMatch | undefined {
  const candidates = indicators.filter((i) => takes(i, measureWord));
  const inBefore = bestIn(before, candidates);
  if (inBefore?.how === 'label') return inBefore;
  const inAfter = bestIn(after, candidates);
  if (inAfter?.how === 'label') return inAfter;
  return inBefore ?? inAfter;
}
