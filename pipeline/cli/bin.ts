#!/usr/bin/env node
/**
 * The program's entry (package.json `bin`): sets one V8 flag where it helps and runs the command line. Nothing
 * else, so it starts the same way however it is reached: by path, through a symlink, or from node_modules/.bin.
 *
 * The flag makes V8 collect garbage before the heap grows past twice what was alive at the last full
 * collection (its default allows about four times): a build makes several times more short-lived garbage
 * than it keeps (docs/performance.md). It is set before the program's modules are loaded, and only for the
 * commands that build a release: loading node:v8 to set it is a few milliseconds of every other command's start.
 */
const BUILDS = new Set(['publish', 'schedule']);
if (BUILDS.has(process.argv[2] ?? ''))
  process.getBuiltinModule('node:v8').setFlagsFromString('--heap-growing-percent=100');
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
