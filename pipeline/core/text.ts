/**
 * Text that came from a user's file, made safe to print: control and invisible formatting characters
 * shown as escapes (`\n`, `\u001b`, `\u202e`), and anything long shortened, so a message stays one line,
 * a terminal never obeys an escape sequence copied from a cell, and a 5 MB cell is not echoed whole.
 */

/**
 * Characters that are never data: C0 and C1 controls (Cc), invisible formatting such as bidi overrides,
 * zero-width characters and the byte order mark (Cf), private-use characters (Co), and the line and
 * paragraph separators (Zl, Zp).
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\u001b` for ESC, `\u202e` for a bidi override; `\n`, `\r`, `\t` by name. */
export const escapeChar = (c: string) => NAMED[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;

/**
 * Two texts in the order of their UTF-16 code units: the same on every machine. `localeCompare` follows the
 * machine's locale (ICU puts `_` before `-`, `a` before `B`) and loads ICU's collator on first use, about 8 ms of
 * every command's start. For the ids this project sorts (`[a-z0-9-]`, dates, paths) the two orders agree.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Values longer than this are shortened in messages. */
export const SHOWN_LENGTH = 300;

/** A value as a message shows it: escaped, and shortened past `max` characters. */
export function shown(value: string | number, max = SHOWN_LENGTH): string {
  const text = String(value);
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
  return cut.replace(INVISIBLE_ALL, escapeChar);
}

/** Full-width ASCII forms (`１９．２６％`, `（`) as ASCII, and the ideographic space as a space; nothing else changes. */
export function fullWidthToAscii(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * The first character that looks like a digit but is not one of 0-9 (after fullWidthToAscii): a superscript
 * or subscript (`²`), a circled or parenthesized number (`⑫`, `⑴`), a vulgar fraction (`½`), a Roman numeral,
 * a digit of another script. Read as a digit it would change the number (`10²` is not 102), so it is refused.
 */
export function foreignDigit(text: string): string | undefined {
  return /[^\P{N}0-9]/u.exec(text)?.[0];
}

/** Quotation marks a source puts around phrases (`“十三五”`, `2.42万人”以上`); they carry no meaning in a figure. */
export const QUOTE_MARKS = /[“”‘’「」『』"']/g;

/** A quotation mark between two characters of one number (`2’5`, `1'5`, `3.”5`): it would vanish and join them. */
export const QUOTE_IN_NUMBER = /[\d.\/][“”‘’「」『』"']+[\d.\/]/;
