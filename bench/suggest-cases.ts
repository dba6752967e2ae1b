/**
 * The texts suggest is measured on, with the figures a curator wrote for them: every source of raw/
 * whose text is on this machine (`<texts>/<source_id>.txt`, curated in raw/figures), and the fixture texts
 * of tests/fixtures/texts (their expected figures in a CSV beside each). Used by
 * bench/suggest-quality.ts and tests/suggest.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../pipeline/core/paths.js';
import { extractTable, loadRawTables } from '../pipeline/stages/extract/load.js';
import type { KnownIndicator } from '../pipeline/stages/suggest/indicator.js';
import { measureSuggestions, type Mention, type SuggestQuality } from '../pipeline/stages/suggest/measure.js';
import { suggestFigures, type DraftFigure } from '../pipeline/stages/suggest/suggest.js';
import { validateRaw, type RawData } from '../pipeline/stages/validate/validate.js';

export const RAW_DIR = path.join(PROJECT_ROOT, 'raw');
/** Where source texts are kept: outside the repository (docs/rules.md, "Provenance"). */
export const TEXTS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'source');
const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'texts');
/** The synthetic bulletin, written with suggest's rules in mind; and a text held out while they were made. */
export const FIXTURE_NAMES = ['bulletin-synthetic', 'report-heldout'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];
export const fixtureText = (name: FixtureName) => path.join(FIXTURES, `${name}.txt`);

export interface SuggestCase {
  name: string;
  file: string;
  text: string;
  curated: Mention[];
}

export async function loadRaw(rawDir = RAW_DIR): Promise<RawData> {
  return validateRaw((await loadRawTables(rawDir)).tables).data;
}

/** The known indicators of raw/, with their units' measure words, as suggest takes them. */
export function knownIndicators(data: RawData): KnownIndicator[] {
  return [...data.indicators.values()].map((i) => ({
    indicator_id: i.indicator_id,
    domain: i.domain,
    label_zh: i.label_zh,
    measureWords: data.units.get(i.unit_id)?.measure_words ?? [],
  }));
}

/** Every source of raw/ whose text is in `textsDir`, with its curated figures. */
export function curatedCases(data: RawData, textsDir = TEXTS_DIR): SuggestCase[] {
  return [...data.sources.keys()]
    .map((id) => ({ id, file: path.join(textsDir, `${id}.txt`) }))
    .filter(({ file }) => existsSync(file))
    .map(({ id, file }) => ({
      name: id,
      file,
      text: readFileSync(file, 'utf8'),
      curated: data.figures.filter((f) => f.source_id === id),
    }));
}

export function fixtureCase(name: FixtureName): SuggestCase {
  const file = fixtureText(name);
  const expected = file.replace(/\.txt$/, '.expected.csv');
  const { table } = extractTable(readFileSync(expected), expected);
  return {
    name: `${name} (fixture)`,
    file,
    text: readFileSync(file, 'utf8'),
    curated: table.rows.map((r) => ({
      paragraph: Number(r.cells.paragraph),
      value_text: r.cells.value_text!,
      kind: r.cells.kind!,
      period_text: r.cells.period_text ?? '',
    })),
  };
}

/** suggest's rows for a case, and how they compare with its curated figures. */
export function measureCase(c: SuggestCase, data: RawData): { rows: DraftFigure[]; quality: SuggestQuality } {
  const rows = suggestFigures(c.text, {
    sourceId: 'measured',
    indicators: knownIndicators(data),
    unitMeasureWords: [...data.units.values()].flatMap((u) => u.measure_words),
  });
  const mentions = rows.map((r) => ({
    paragraph: Number(r.paragraph),
    value_text: r.value_text,
    kind: r.kind,
    period_text: r.period_text,
  }));
  return { rows, quality: measureSuggestions(mentions, c.curated) };
}
