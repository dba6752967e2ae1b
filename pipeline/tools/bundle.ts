/**
 * Build step: the command line bundled into a few files (build/cli/), the program `make`, the README and
 * package.json `bin` run. node resolves, reads and compiles every ES module on its own: the command line was about
 * ninety of them (sixty of build/pipeline/, the rest csv-parse, date-fns and big.js), some 45 ms of every start
 * (docs/performance.md). rolldown, Vite's bundler, joins the compiled JavaScript of build/pipeline/ and those
 * libraries into a file for what every command loads and one for each command's own modules, loaded when it runs,
 * as cli/commands.ts declares.
 *
 * Left outside, loaded from where they are: node-cron (it starts a daemon from a file of its own folder), ajv and
 * ajv-formats (schemas.ts requires them only when it must compile a schema) and core/formats.cjs, which the
 * precompiled validators of build/schemas/ require too, so that both use one copy.
 *
 * The compiled modules under build/pipeline/ stay as they are: the tests and the tools import them.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { PROJECT_ROOT } from '../core/paths.js';

export const BUNDLE_DIR = path.join(PROJECT_ROOT, 'build', 'cli');
const ENTRY = path.join(PROJECT_ROOT, 'build', 'pipeline', 'cli', 'bin.js');

/** A library or file the bundle loads from where it is (see the module comment). */
const FORMATS = path.join(PROJECT_ROOT, 'build', 'pipeline', 'core', 'formats.cjs');
const outside = (id: string, _importer: string | undefined, resolved: boolean) =>
  /^(node-cron|ajv|ajv-formats)(\/|$)/.test(id) || (resolved && id === FORMATS);

rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  input: { bin: ENTRY },
  platform: 'node',
  external: outside,
  logLevel: 'warn',
  output: {
    dir: BUNDLE_DIR,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name].js',
    paths: { [FORMATS]: `./${path.relative(BUNDLE_DIR, FORMATS).split(path.sep).join('/')}` },
  },
});
