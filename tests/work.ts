/**
 * Work done, counted rather than timed, so a test can tell linear from quadratic on any machine, however busy.
 *
 * `textWork(fn)` runs `fn` synchronously with the string and regular-expression methods of the prototypes
 * wrapped, and returns how many characters they were handed: a string method counts the length of the string it
 * runs on (or of what it returns or looks for, where that is all it reads), a regular expression the characters
 * from where its search starts to the end of its match (to the end of the text when it finds none). A parser
 * that reads its input a few times counts a small multiple of the input's length; one that, say, slices a
 * character off and searches the rest again counts about half its square. What happens inside one search (a
 * regular expression backtracking) or in plain loops over arrays is not counted: `make bench` times the same
 * inputs (bench/long-input.ts).
 */

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** One call of a wrapped method: on what, with what, what it gave, and where a global or sticky search began. */
interface Call {
  self: unknown;
  args: unknown[];
  result: unknown;
  from: number;
}

/** String methods by what they cost: one character, what they return, what they look for, the whole string. */
const ONE = ['at', 'charAt', 'charCodeAt', 'codePointAt'];
const RESULT = ['padEnd', 'padStart', 'repeat', 'slice', 'substring'];
const SOUGHT = ['endsWith', 'startsWith'];
const WHOLE = [
  'includes',
  'indexOf',
  'lastIndexOf',
  'match',
  'matchAll',
  'normalize',
  'replace',
  'replaceAll',
  'search',
  'split',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
];

export function textWork(fn: () => void): number {
  let chars = 0;
  const restore: (() => void)[] = [];
  const wrap = (proto: object, name: string, cost: (call: Call) => number) => {
    const methods = proto as Record<string, Method>;
    const original = methods[name]!;
    methods[name] = function (this: unknown, ...args: unknown[]) {
      const from = this instanceof RegExp && (this.global || this.sticky) ? this.lastIndex : 0;
      const result = original.apply(this, args);
      chars += cost({ self: this, args, result, from });
      return result;
    };
    restore.push(() => (methods[name] = original));
  };
  for (const name of ONE) wrap(String.prototype, name, () => 1);
  for (const name of RESULT) wrap(String.prototype, name, ({ result }) => String(result).length);
  for (const name of SOUGHT) wrap(String.prototype, name, ({ args }) => String(args[0]).length);
  for (const name of WHOLE) wrap(String.prototype, name, ({ self }) => String(self).length);
  // test, match, replace, split and the rest all search through exec (ECMA-262 RegExpExec)
  wrap(RegExp.prototype, 'exec', ({ self, args, result, from }) => {
    const match = result as RegExpExecArray | null;
    if (match) return 1 + match.index + match[0].length - from;
    return 1 + ((self as RegExp).sticky ? 0 : String(args[0]).length - from);
  });
  try {
    fn();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return chars;
}
