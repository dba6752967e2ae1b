/**
 * The benchmark's baseline: read every CSV of a raw/ folder with csv-parse and write it back with
 * csv-stringify, nothing else. Run as its own process (`node build/bench/baseline.js RAW OUT`) so that its
 * time includes Node's start-up and module loading, exactly as a timed `publish` does.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? csvFiles(path.join(dir, e.name)) : e.name.endsWith('.csv') ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

const [raw, out] = process.argv.slice(2);
if (!raw || !out) {
  process.stderr.write('usage: node build/bench/baseline.js RAW_DIR OUT_DIR\n');
  process.exit(2);
}
let records = 0;
for (const file of csvFiles(raw)) {
  const rows = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
  records += rows.length;
  const target = path.join(out, path.relative(raw, file));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, stringify(rows));
}
process.stdout.write(`baseline: ${records} records\n`);
