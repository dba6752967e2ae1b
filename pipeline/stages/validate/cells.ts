/**
 * Checks on every cell of every raw table, whatever its column: nothing a spreadsheet would run as a
 * formula, no control or invisible characters, no spaces around an id.
 */
import { problem, type Location, type Problem } from '../../core/errors.js';
import { escapeChar, INVISIBLE } from '../../core/text.js';

/**
 * A cell a spreadsheet would run as a formula (CWE-1236): = + - @ tab or CR at the start, or their
 * full-width forms. extract turns every CR into LF, so a line break at the start counts as the CR it was;
 * and since cells are published trimmed, the start is also looked for behind leading spaces.
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

/**
 * A number's own sign is not a formula: a minus before a plain number with its measure word (`-2.11‰`, `-0.6万人`)
 * is what a spreadsheet reads as text or a negative number, never as an expression (there is no operator after it).
 */
const SIGNED_NUMBER = /^[-－]\d+(?:\.\d+)?[十百千万亿]*(?:[%‰]|\p{Script=Han}{1,8})?$/u;

/** The character that makes a cell a formula, and whether spaces come before it; or undefined. */
function formulaStart(cell: string): { char: string; afterSpaces: boolean } | undefined {
  const trimmed = cell.trim();
  if (SIGNED_NUMBER.test(trimmed)) return undefined;
  if (FORMULA_START.test(cell)) return { char: cell[0]!, afterSpaces: false };
  return FORMULA_START.test(trimmed) ? { char: trimmed[0]!, afterSpaces: true } : undefined;
}

/**
 * The first invisible character of a cell and where: a line break is allowed inside a cell (a note written
 * on two lines), every other control or formatting character is not.
 */
function invisibleIn(cell: string): { char: string; position: number } | undefined {
  const chars = [...cell];
  const i = chars.findIndex((c) => c !== '\n' && INVISIBLE.test(c));
  return i < 0 ? undefined : { char: chars[i]!, position: i + 1 };
}

/** Ids that stand for themselves must not be padded: ` edu-001` is not `edu-001`. */
const hasOuterSpace = (s: string) => s !== s.trim();

/**
 * A cell that may hold a problem: a character that may start a formula, an invisible one, or a space at an edge.
 * Nearly every cell holds none, and is passed after this one test.
 */
const SUSPECT = new RegExp(`^[\\s=+\\-@＝＋－＠]|\\s$|${INVISIBLE.source}`, 'u');

const NONE: Problem[] = [];

/** Whether a cell holds none of the problems cellProblems looks for, found by one test (nearly every cell). */
export const plainCell = (cell: string): boolean => !SUSPECT.test(cell);

/** Every problem with one cell (a formula is reported before an invisible character it may also hold). */
export function cellProblems(column: string, cell: string, at: Location): Problem[] {
  if (!SUSPECT.test(cell)) return NONE;
  const where = { ...at, column };
  const formula = formulaStart(cell);
  if (formula)
    return [
      problem(
        'RULE_FORMULA',
        { cell: cell.slice(0, 20), char: formula.char, where: formula.afterSpaces ? ' after spaces' : '' },
        where,
      ),
    ];
  const invisible = invisibleIn(cell);
  if (invisible)
    return [
      problem(
        'RULE_INVISIBLE_CHARACTER',
        { cell, char: escapeChar(invisible.char), position: invisible.position },
        where,
      ),
    ];
  if (column.endsWith('_id') && hasOuterSpace(cell)) return [problem('RULE_ID_SPACE', { id: cell }, where)];
  return [];
}
