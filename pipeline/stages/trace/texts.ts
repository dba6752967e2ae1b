/**
 * Source texts, kept outside the repository like a snapshot in a data store: `--texts DIR` holds
 * `<source_id>.txt` for each source, and its SHA-256 must match sources.csv. "Paragraph N" is the N-th
 * non-empty line; `**` marks are emphasis, not text.
 */
import path from 'node:path';
import { PipelineError, problem, type Problem } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { displayPath } from '../../core/paths.js';
import { describeNotReadable, INPUT_LIMITS, readInput } from '../../core/read.js';
import { decodeText } from '../extract/decode.js';
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

/**
 * A source text from its bytes, decoded as raw/ files are (extract/decode.ts): UTF-8 with or without a BOM;
 * GB18030 transcoded with a warning; UTF-16 or invalid bytes refused (thrown), never read as mojibake.
 */
export function sourceText(
  sourceId: string,
  file: string,
  bytes: Uint8Array,
): { text: SourceText; warnings: Problem[] } {
  const { text, warnings } = decodeText(bytes, file);
  return { text: { source_id: sourceId, file, paragraphs: paragraphsOf(text), lines: paragraphLines(text) }, warnings };
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
    const input = file === undefined ? undefined : await readInput(file, INPUT_LIMITS.text);
    if (!file || !input || ('why' in input && input.why === 'missing')) {
      out.missing.push(source);
      continue;
    }
    if (!('bytes' in input)) {
      out.problems.push(
        problem(
          'TRACE_TEXT_UNREADABLE',
          { file: displayPath(file), what: describeNotReadable(input) },
          { file: displayPath(file) },
        ),
      );
      continue;
    }
    const bytes = input.bytes;
    const found = sha256(bytes);
    if (found !== source.sha256)
      out.problems.push(
        problem(
          'TRACE_TEXT_CHANGED',
          { file: displayPath(file), found, expected: source.sha256 },
          { file: source.file, line: source.line, column: 'sha256' },
        ),
      );
    else
      try {
        const read = sourceText(source.source_id, displayPath(file), bytes);
        out.texts.push(read.text);
        for (const w of read.warnings) out.problems.push(w);
      } catch (err) {
        if (!(err instanceof PipelineError)) throw err;
        out.problems.push(err.problem);
      }
  }
  return out;
}
