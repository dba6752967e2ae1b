/**
 * Build step: the command line bundled into a few files (build/cli/), the program `make`, the README and
 * package.json `bin` run. node resolves, reads and compiles every ES module on its own: the command line was about
 * ninety of them (sixty of build/pipeline/, the rest csv-parse, date-fns and big.js), some 45 ms of every start
 * (docs/performance.md). rolldown, Vite's bundler, joins the compiled JavaScript of build/pipeline/ and those
 * libraries into a file for what every command loads and one for each command's own modules, loaded when it runs,
 * as cli/commands.ts declares: CommonJS files (`.cjs`), which cli/bin.cts, copied beside them, loads with a V8 code
 * cache (cli/code-cache.cts).
 *
 * Left outside, loaded from where they are: node-cron (it starts a daemon from a file of its own folder), ajv and
 * ajv-formats (schemas.ts requires them only when it must compile a schema) and core/formats.cjs, which the
 * precompiled validators of build/schemas/ require too, so that both use one copy.
 *
 * The compiled modules under build/pipeline/ stay as they are: the tests and the tools import them.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { PROJECT_ROOT } from '../core/paths.js';

export const BUNDLE_DIR = path.join(PROJECT_ROOT, 'build', 'cli');
const COMPILED_CLI = path.join(PROJECT_ROOT, 'build', 'pipeline', 'cli');

/** A library or file the bundle loads from where it is (see the module comment). */
const FORMATS = path.join(PROJECT_ROOT, 'build', 'pipeline', 'core', 'formats.cjs');
const outside = (id: string, _importer: string | undefined, resolved: boolean) =>
  /^(node-cron|ajv|ajv-formats)(\/|$)/.test(id) || (resolved && id === FORMATS);

rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  // the thread a large release's files are written on (release/writer-thread.ts) is a file of its own
  input: {
    main: path.join(COMPILED_CLI, 'main.js'),
    'writer-thread': path.join(PROJECT_ROOT, 'build', 'pipeline', 'release', 'writer-thread.js'),
  },
  platform: 'node',
  external: outside,
  logLevel: 'warn',
  output: {
    dir: BUNDLE_DIR,
    // CommonJS: node 20 can give a CommonJS file the code V8 made for it before (code-cache.cts), not an ES module
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name].cjs',
    paths: { [FORMATS]: `./${path.relative(BUNDLE_DIR, FORMATS).split(path.sep).join('/')}` },
  },
});
// the entry (bin.js, as package.json names it) and the cache it installs run as they were compiled, beside the
// bundle, as CommonJS: a package.json says so for the folder
copyFileSync(path.join(COMPILED_CLI, 'bin.cjs'), path.join(BUNDLE_DIR, 'bin.js'));
copyFileSync(path.join(COMPILED_CLI, 'code-cache.cjs'), path.join(BUNDLE_DIR, 'code-cache.cjs'));
writeFileSync(path.join(BUNDLE_DIR, 'package.json'), '{ "type": "commonjs" }\n');
