#!/usr/bin/env node
/**
 * The program's entry (package.json `bin`), copied by tools/bundle.ts to build/cli/bin.js beside the bundled command
 * line (main.cjs): sets one V8 flag where it helps, or the code cache where that helps, and runs the command line.
 * Nothing else, so it starts the same way however it is reached: by path, through a symlink, or from
 * node_modules/.bin. It is CommonJS (build/cli/ holds a package.json saying so) because node's loader of ES modules
 * costs a short command about 20 ms to set up (docs/performance.md).
 *
 * The flag makes V8 collect garbage before the heap grows past twice what was alive at the last full
 * collection (its default allows about four times): a build makes several times more short-lived garbage
 * than it keeps (docs/performance.md). It is set before the program's modules are loaded, and only for the
 * commands that build a release: loading node:v8 to set it is a few milliseconds of every other command's start.
 * The other commands, short ones, load the command line with a V8 code cache (code-cache.cts); a build does not,
 * both because its start is a small part of it and because V8 refuses a cache made under other flags.
 */
import path from 'node:path';
import { useCodeCache } from './code-cache.cjs';

const BUILDS = new Set(['publish', 'schedule']);
if (BUILDS.has(process.argv[2] ?? ''))
  process.getBuiltinModule('node:v8').setFlagsFromString('--heap-growing-percent=100');
else useCodeCache(path.resolve(__dirname, '..') + path.sep, path.join(__dirname, 'cache'));
const { main } = require('./main.cjs') as { main(argv: string[]): Promise<number> };
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
