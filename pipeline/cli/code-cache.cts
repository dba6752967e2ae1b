/**
 * A V8 code cache for the bundled command line (build/cli/*.cjs) and the precompiled validators (build/schemas/*.cjs),
 * installed by bin.cts: each CommonJS file of build/ is compiled with the code V8 made for it in an earlier run, so a
 * short command (`validate` on raw/) does not parse and compile its functions again; node 22 does the same with
 * `module.enableCompileCache()`, which node 20 has not (docs/performance.md).
 *
 * The cache of a file is made at the end of the first run that loads it (`createCachedData` after the run holds the
 * functions it ran, not only the top level), in the folder `cache` beside the bundle, named by the file's name, size
 * and modification time and by node's version and flags: a rebuilt file is never given the code of the one before (and
 * `make build` empties the folder). V8 checks a cache against the source and its own version and flags, and compiles
 * afresh where it refuses one. Writing is best effort: a folder that cannot be written to only means no cache. Nothing
 * but the compile step is changed: each file runs as node's loader would run it.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

/** Install the cache for the CommonJS files of `buildDir`; their caches go in `cacheDir`. */
export function useCodeCache(buildDir: string, cacheDir: string): void {
  const Module = require('node:module') as {
    prototype: CompilingModule;
    wrap(content: string): string;
    _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
    _cache: unknown;
  };
  const made: [vm.Script, string][] = [];
  // node's version and flags: V8 refuses a cache made under others, so each has its own, rather than each run under
  // other flags making the cache again for the next
  const flags = fnv1a([process.version, ...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ')).toString(36);
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    if (!filename.startsWith(buildDir) || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    const { size, mtimeMs } = statSync(filename);
    const file = path.join(cacheDir, `${path.basename(filename)}-${size}-${Math.trunc(mtimeMs)}-${flags}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) made.push([script, file]);
    const run = script.runInThisContext() as (...args: unknown[]) => unknown;
    const module = this;
    const requireHere = Object.assign((id: string) => module.require(id), {
      resolve: (request: string, options?: unknown) => Module._resolveFilename(request, module, false, options),
      cache: Module._cache,
    });
    return run.call(module.exports, module.exports, requireHere, module, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (made.length === 0) return;
    try {
      mkdirSync(cacheDir, { recursive: true });
      for (const [script, file] of made) {
        // written whole under another name, then renamed: two runs at once never leave half a file
        const scratch = `${file}.${process.pid}`;
        writeFileSync(scratch, script.createCachedData());
        renameSync(scratch, file);
      }
    } catch {
      // a folder that cannot be written to: no cache, nothing else changes
    }
  });
}

/** FNV-1a over the UTF-16 code units of a text (a name, not a guard: V8 checks the cache itself). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
