/**
 * The texts suggest is measured on, with the figures a curator wrote for them: the synthetic sets of
 * tests/fixtures (each a folder of texts/ and a curated raw/ with its own registry of indicators and units),
 * and every source of raw/ whose text is on this machine. Used by bench/suggest-quality.ts and
 * tests/suggest.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../pipeline/core/paths.js';
import { loadRawTables } from '../pipeline/stages/extract/load.js';
import type { KnownIndicator } from '../pipeline/stages/suggest/indicator.js';
import type { KnownUnit } from '../pipeline/stages/suggest/proposals.js';
import {
  measureDismissals,
  measureSuggestions,
  type DismissalQuality,
  type SuggestQuality,
} from '../pipeline/stages/suggest/measure.js';
import { suggestDraft, type DraftFigure } from '../pipeline/stages/suggest/suggest.js';
import { validateRaw, type Figure, type RawData } from '../pipeline/stages/validate/validate.js';

export const RAW_DIR = path.join(PROJECT_ROOT, 'raw');
/** Where source texts are kept: outside the repository (docs/rules.md, "Provenance"). */
export const TEXTS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'source');
const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');

/**
 * The synthetic sets: `development` is tuned on freely; `more` was written before suggest was changed and kept out
 * of tuning; `registry` (development material too) writes its indicators as reports do against a registry of formal
 * names, to measure indicator matching; `heldout` to `heldout15` were written by someone else and are each measured
 * once, at the end (docs/suggest.md).
 */
export const SETS = {
  development: path.join(FIXTURES, 'reports'),
  more: path.join(FIXTURES, 'reports-more'),
  registry: path.join(FIXTURES, 'suggest-registry'),
  heldout: path.join(FIXTURES, 'reports-heldout'),
  heldout2: path.join(FIXTURES, 'reports-heldout-2'),
  heldout3: path.join(FIXTURES, 'reports-heldout-3'),
  heldout4: path.join(FIXTURES, 'reports-heldout-4'),
  heldout5: path.join(FIXTURES, 'reports-heldout-5'),
  heldout6: path.join(FIXTURES, 'reports-heldout-6'),
  heldout7: path.join(FIXTURES, 'reports-heldout-7'),
  heldout8: path.join(FIXTURES, 'reports-heldout-8'),
  heldout9: path.join(FIXTURES, 'reports-heldout-9'),
  heldout10: path.join(FIXTURES, 'reports-heldout-10'),
  heldout11: path.join(FIXTURES, 'reports-heldout-11'),
  heldout12: path.join(FIXTURES, 'reports-heldout-12'),
  heldout13: path.join(FIXTURES, 'reports-heldout-13'),
  heldout14: path.join(FIXTURES, 'reports-heldout-14'),
  heldout15: path.join(FIXTURES, 'reports-heldout-15'),
  heldout16: path.join(FIXTURES, 'reports-heldout-16'),
  heldout17: path.join(FIXTURES, 'reports-heldout-17'),
  heldout18: path.join(FIXTURES, 'reports-heldout-18'),
  heldout19: path.join(FIXTURES, 'reports-heldout-19'),
} as const;
export type SetName = keyof typeof SETS;

export interface SuggestCase {
  set: string;
  /** The source id. */
  name: string;
  file: string;
  text: string;
  referenceYear: number;
  /** When the source came out (sources.csv `published`), as a curator knows from where the text was found. */
  published: string;
  curated: Figure[];
  /** The registry suggest is given: the set's own raw/ (its indicators, units and figure ids). */
  data: RawData;
}

export async function loadRaw(rawDir = RAW_DIR): Promise<RawData> {
  return validateRaw((await loadRawTables(rawDir)).tables).data;
}

/** The known indicators of raw/, with their aliases and their units' measure words, as suggest takes them. */
export function knownIndicators(data: RawData): KnownIndicator[] {
  return [...data.indicators.values()].map((i) => ({
    indicator_id: i.indicator_id,
    domain: i.domain,
    label_zh: i.label_zh,
    aliases: i.aliases,
    unit_id: i.unit_id,
    measureWords: data.units.get(i.unit_id)?.measure_words ?? [],
    bareNumber: data.units.get(i.unit_id)?.bare_number ?? false,
  }));
}

/** The units of raw/, as suggest takes them. */
export function knownUnits(data: RawData): KnownUnit[] {
  return [...data.units.values()].map((u) => ({
    unit_id: u.unit_id,
    dimension: u.dimension,
    measureWords: u.measure_words,
    bareNumber: u.bare_number,
  }));
}

/** Every source of `data` whose text is in `textsDir`, with its curated figures. */
export function casesOf(set: string, data: RawData, textsDir: string): SuggestCase[] {
  return [...data.sources.values()]
    .map((s) => ({ s, file: path.join(textsDir, `${s.source_id}.txt`) }))
    .filter(({ file }) => existsSync(file))
    .map(({ s, file }) => ({
      set,
      name: s.source_id,
      file,
      text: readFileSync(file, 'utf8'),
      referenceYear: s.reference_year,
      published: s.published,
      curated: data.figures.filter((f) => f.source_id === s.source_id),
      data,
    }));
}

/** The cases of a synthetic set. */
export async function setCases(set: SetName): Promise<SuggestCase[]> {
  const dir = SETS[set];
  return casesOf(set, await loadRaw(path.join(dir, 'raw')), path.join(dir, 'texts'));
}

/** The sources of raw/ whose text is on this machine (none in CI). */
export async function rawCases(textsDir = TEXTS_DIR): Promise<SuggestCase[]> {
  return casesOf('raw', await loadRaw(), textsDir);
}

/**
 * suggest's rows for a case, given the case's registry and the day it came out (`--published`: a curator has it from
 * the page or paper the text is from), not its reference year (suggest reads it from the text, as for a source not
 * yet in sources.csv), and how they compare with its curated figures.
 */
export function measureCase(c: SuggestCase): {
  rows: DraftFigure[];
  quality: SuggestQuality;
  dismissals: DismissalQuality;
} {
  const s = suggestDraft(c.text, {
    sourceId: c.name,
    indicators: knownIndicators(c.data),
    units: knownUnits(c.data),
    published: c.published,
  });
  const known = [...c.data.indicators.keys()];
  const curatedDismissals = c.data.dismissed.filter((d) => d.source_id === c.name);
  return {
    rows: s.figures,
    quality: measureSuggestions(s.figures, c.curated, c.referenceYear, known),
    dismissals: measureDismissals(s.dismissed, curatedDismissals, c.curated),
  };
}
