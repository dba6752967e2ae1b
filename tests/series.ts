/**
 * The series proof (`make test-series`): the project's raw/ and source texts with three synthetic sources added
 * (tests/fixtures/series-addition: a second and a third area, a new domain, and a revision of one of the
 * article's figures), for the data checks (vitest.config.ts, DATA_FILES) to run against. They derive what they
 * expect from raw/ and the texts, so they must pass on this copy as on the project's own data: adding a source
 * never fails a test that is not about it.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const ADDITION = path.resolve(import.meta.dirname, 'fixtures', 'series-addition');

/** Where the data checks read from: a raw/ folder and the folder of the source texts it names. */
export interface DataFolders {
  raw: string;
  texts: string;
}

type Row = Record<string, string>;

/** `extra`'s rows after `base`'s, under the union of their columns (base's first): a column left out is empty. */
export function appendCsv(base: string, extra: string): string {
  const read = (text: string) => parse(text, { columns: true, bom: true }) as Row[];
  const header = (text: string) => (parse(text, { to_line: 1, bom: true }) as string[][])[0] ?? [];
  const columns = [...new Set([...header(base), ...header(extra)])];
  return stringify([...read(base), ...read(extra)], { header: true, columns });
}

/**
 * A copy of `from` (raw/ and its texts) with the addition's rows, texts and package.json keys added, in `into`. Where
 * `from` has no texts (a machine without the article's text), the copy has none either: its texts folder is absent,
 * so the checks that trace behave as they do on raw/ there (they say they are skipped).
 */
export async function addSources(
  from: { raw: string; texts?: string | undefined },
  into: string,
  addition = ADDITION,
): Promise<DataFolders> {
  const to = { raw: path.join(into, 'raw'), texts: path.join(into, 'texts') };
  await cp(from.raw, to.raw, { recursive: true });
  if (from.texts !== undefined) {
    await mkdir(to.texts, { recursive: true });
    await cp(from.texts, to.texts, { recursive: true });
    await cp(path.join(addition, 'texts'), to.texts, { recursive: true });
  }
  for (const file of await readdir(path.join(addition, 'raw'), { recursive: true })) {
    if (!file.endsWith('.csv')) continue;
    const extra = await readFile(path.join(addition, 'raw', file), 'utf8');
    const target = path.join(to.raw, file);
    const base = await readFile(target, 'utf8').catch(() => undefined);
    await writeFile(target, base === undefined ? extra : appendCsv(base, extra));
  }
  const pkgFile = path.join(to.raw, 'package.json');
  const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as Record<string, unknown>;
  const patch = JSON.parse(await readFile(path.join(addition, 'package.patch.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(patch)) {
    const old = pkg[key];
    pkg[key] = Array.isArray(old) && Array.isArray(value) ? [...(old as unknown[]), ...(value as unknown[])] : value;
  }
  await writeFile(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  return to;
}
