/**
 * Source texts, kept outside the repository like a snapshot in a data store: `--texts DIR` holds
 * `<source_id>.txt` for each source, and its SHA-256 must match sources.csv. "Paragraph N" is the N-th
 * non-empty line; `**` marks are emphasis, not text.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { problem, type Problem } from '../../core/errors.js';
import { displayPath } from '../../core/paths.js';
import type { Source } from '../validate/validate.js';

export interface SourceText {
  source_id: string;
  /** The file, as shown in messages. */
  file: string;
  /** 1-based (index 0 unused), without `**` marks. */
  paragraphs: string[];
  /** The line of the file each paragraph is on, by paragraph number. */
  lines: number[];
}

/** The paragraphs of a source text, 1-based (index 0 unused), without `**` emphasis marks. */
export function paragraphsOf(text: string): string[] {
  return [
    '',
    ...text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/\*\*/g, '')),
  ];
}

/** The line each paragraph starts on in the file, by paragraph number (index 0 unused). */
function paragraphLines(text: string): number[] {
  const lines = [0];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() !== '') lines.push(i + 1);
  });
  return lines;
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A source text from its bytes (UTF-8, a BOM dropped). */
export function sourceText(sourceId: string, file: string, bytes: Uint8Array): SourceText {
  const text = new TextDecoder('utf-8').decode(bytes);
  return { source_id: sourceId, file, paragraphs: paragraphsOf(text), lines: paragraphLines(text) };
}

export interface Texts {
  texts: SourceText[];
  /** Sources whose text is not in the folder (or no folder was given): their figures are not traced. */
  missing: Source[];
  /** A text whose SHA-256 is not the one sources.csv records. */
  problems: Problem[];
}

/** Read the text of every source from `dir` (undefined: no folder, every source untraced). */
export async function readTexts(dir: string | undefined, sources: Iterable<Source>): Promise<Texts> {
  const out: Texts = { texts: [], missing: [], problems: [] };
  for (const source of sources) {
    const file = dir === undefined ? undefined : path.join(dir, `${source.source_id}.txt`);
    let bytes: Buffer | undefined;
    if (file)
      bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
    if (!file || !bytes) {
      out.missing.push(source);
      continue;
    }
    const found = sha256Of(bytes);
    if (found !== source.sha256)
      out.problems.push(
        problem(
          'TRACE_TEXT_CHANGED',
          { file: displayPath(file), found, expected: source.sha256 },
          { file: source.file, line: source.line, column: 'sha256' },
        ),
      );
    else out.texts.push(sourceText(source.source_id, displayPath(file), bytes));
  }
  return out;
}
