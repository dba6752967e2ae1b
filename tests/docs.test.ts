/**
 * What the docs show works as shown: a renamed file, a stale path or a command that no longer runs fails here.
 *
 * - Every repository path that README.md, raw/README.md and docs/*.md name (`pipeline/…`, `build/….js`,
 *   `core/group.ts`), and every one a comment in pipeline/, bench/ or tests/ names, exists; a `build/….js` by
 *   its source, since build/ may keep the output of a file since renamed.
 * - Every command they show runs, in a copy of the repository (its files as committed, build/, node_modules
 *   linked), with its placeholders filled in: `make`, `make validate`, `make diff A=1.0.0 B=latest`,
 *   `npm run cli -- …`, `cd dist/2.0.0 && sha256sum -c SHA256SUMS`, `node build/bench/….js` where it is quick.
 *   What would run the tests themselves, a benchmark or a server (`make test`, `make bench`, `make serve`) is
 *   dry-run by make instead, and every script and tool its recipe runs must exist; a benchmark script must exist.
 * - The systemd unit of docs/operations.md runs: its ExecStart, in its WorkingDirectory (the copy), with its
 *   Environment, once (`--once`); and so does the cron line beside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { COMMANDS as CLI_COMMANDS, USAGE } from '../pipeline/cli/main.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const DOCS = ['README.md', 'raw/README.md', ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith('.md'),
);
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every file of the repository (not node_modules/, build/ or other output), relative to it. */
function repositoryFiles(dir = ''): string[] {
  const skip = new Set(['.git', 'node_modules', 'build', 'test-artifacts', 'coverage']);
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (skip.has(e.name)) return [];
    return e.isDirectory() ? repositoryFiles(rel) : [rel];
  });
}
const FILES = repositoryFiles();

// ------------------------------------------------------------------------------------------------- paths

const TOP_LEVEL = /^(pipeline|tests|bench|schemas|docs|raw|build|dist|\.ci|\.github)\//;
const PACKAGES = (() => {
  const pkg = JSON.parse(read('package.json')) as Record<string, Record<string, string>>;
  return new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
})();

/**
 * The repository paths in `text`: words that begin with a top-level folder (`pipeline/`, `build/`, `dist/`, …)
 * or end in .ts, .js or .cjs (`core/group.ts`, `output.ts`), without placeholders (`<version>`, `*`, `${…}`),
 * URLs or package names (`big.js`).
 */
export function pathsIn(text: string): string[] {
  const words = text.split(/[\s`'"()[\]]+/).map((w) =>
    w
      .replace(/'s$/, '')
      .replace(/:\d.*$/, '') // raw/figures/education.csv:2:value_text
      .replace(/[.,;:!?]+$/, ''),
  );
  return words.filter(
    (w) =>
      (TOP_LEVEL.test(w) || /\.(ts|js|cjs)$/.test(w)) &&
      !/[<>*{}$…=]/.test(w) &&
      !w.includes('://') &&
      !PACKAGES.has(w) &&
      !/^[A-Z.][^/]*$/.test(w), // Node.js, .ts
  );
}

/** Whether the path a doc or comment names exists: a build/ file by its source, a short one by its ending. */
export function pathExists(p: string, files: readonly string[] = FILES): boolean {
  const bare = p.replace(/\/$/, '');
  if (bare.startsWith('build/') && /\.c?js$/.test(bare)) {
    const source = bare
      .slice('build/'.length)
      .replace(/\.js$/, '.ts')
      .replace(/\.cjs$/, '.cts');
    // the two files of validators compile-schemas.ts writes, and the command line bundle.ts makes
    const compiled =
      (/^build\/schemas\/(column-)?validators\.cjs$/.test(bare) &&
        files.includes('pipeline/tools/compile-schemas.ts')) ||
      (bare === 'build/cli/bin.js' && files.includes('pipeline/tools/bundle.ts'));
    return files.includes(source) || compiled;
  }
  if (bare === 'build' || bare.startsWith('build/')) return existsSync(path.join(ROOT, bare)); // made by make build
  if (TOP_LEVEL.test(`${bare}/`)) return files.some((f) => f === bare || f.startsWith(`${bare}/`));
  // a .js is compiled from a .ts, or from a .cts and copied (cli/bin.cts is build/cli/bin.js)
  const sources = [bare, bare.replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts'), bare.replace(/\.js$/, '.cts')];
  return files.some((f) => sources.some((x) => f === x || f.endsWith(`/${x}`)));
}

/** The comments of a TypeScript file (and string text after `//`, which is close enough). */
const commentsOf = (text: string) => [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => m[0]).join('\n');

describe('every path the docs and the comments name exists', () => {
  test('the path check itself: found, missing, built and shortened paths', () => {
    const files = ['pipeline/core/group.ts', 'pipeline/tools/compile-schemas.ts', 'docs/rules.md'];
    expect(pathsIn('see `core/group.ts`, dist/<version>/ and big.js, in pipeline/ (docs/rules.md).')).toEqual([
      'core/group.ts',
      'pipeline/',
      'docs/rules.md',
    ]);
    expect(['core/group.ts', 'group.js', 'pipeline/', 'docs/rules.md'].map((p) => pathExists(p, files))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const stale = ['pipeline/compile-schemas.ts', 'check.ts', 'build/pipeline/cli.js', 'docs/gone.md'];
    expect(stale.map((p) => pathExists(p, files))).toEqual([false, false, false, false]);
    expect(pathExists('build/pipeline/tools/compile-schemas.js', files)).toBe(true);
    expect(pathExists('build/pipeline/core/formats.cjs', [...files, 'pipeline/core/formats.cts'])).toBe(true);
  });

  test.each(DOCS)('%s', (doc) => {
    expect(pathsIn(read(doc)).filter((p) => !pathExists(p))).toEqual([]);
  });

  test('comments in pipeline/, bench/ and tests/', () => {
    const sources = FILES.filter((f) => /^(pipeline|bench|tests)\/.*\.ts$/.test(f));
    const missing = sources.flatMap((f) =>
      pathsIn(commentsOf(read(f))).flatMap((p) => (pathExists(p) ? [] : [`${f}: ${p}`])),
    );
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------- commands

/** Commands the docs show: in code spans, and on the lines of code blocks (`$ ` prompts dropped). */
function commandsIn(markdown: string): string[] {
  const starts = /^(make\b|npm run |node build\/|cd )/;
  const spans = [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  // in a block, a line that begins with a space continues the one before
  const blocks = [...markdown.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split(/\n(?! )/));
  return [...spans, ...blocks.map((l) => l.replace(/^\$ /, ''))]
    .map((c) =>
      c
        .replace(/\s+#.*$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((c) => starts.test(c));
}

const COMMANDS = [...new Set(DOCS.flatMap((d) => commandsIn(read(d))))].sort();

/** Targets that would run the tests themselves, a benchmark or a server: dry-run by make instead. */
const DRY_RUN = new Set(['test', 'test-quick', 'test-series', 'unit', 'bench', 'serve', 'schedule']);
/** Scripts of bench/ that take minutes: they must exist, and are run by hand. */
const LONG = /^node build\/bench\/(bench|long-input|reliability|serve-memory|suggest-quality)\.js\b/;

let copy: string;
let scratch: string;
const env = (() => {
  const e: Record<string, string | undefined> = { ...process.env };
  for (const k of ['MAKEFLAGS', 'MAKELEVEL', 'MFLAGS']) delete e[k]; // this may run under make test
  return e;
})();

/** Run `command` with bash in the copy of the repository. */
function sh(command: string) {
  const r = spawnSync('bash', ['-c', command], { cwd: copy, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * What `npm run cli --` runs: package.json's script. npm itself takes a second to start, so it runs one command,
 * `npm run cli -- --help`, and the others run the script as npm would.
 */
const CLI_SCRIPT = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.cli!;
const THROUGH_NPM = 'npm run cli -- --help';

/** A command as the docs show it, its placeholders filled in for the copy. */
function filled(command: string): string {
  const text = path.join(FIXTURES, 'texts', 'bulletin-synthetic.txt');
  return (command === THROUGH_NPM ? command : command.replace(/^npm run cli --/, CLI_SCRIPT))
    .replace('--source TEXT', `--source ${text}`)
    .replace('--source-id ID', '--source-id bulletin-synthetic')
    .replace(/(baseline\.js) R OUT/, `$1 raw ${path.join(scratch, 'baseline-out')}`)
    .replace('FILE.cpuprofile', path.join(scratch, 'empty.cpuprofile'));
}

beforeAll(async () => {
  const dir = await tempDir('docs-');
  copy = path.join(dir, 'banan-livelihood');
  scratch = path.join(dir, 'scratch');
  await mkdir(copy);
  await mkdir(scratch);
  // the repository's own files as they are here, and build/ with its times, so make finds it current
  for (const f of FILES.filter((f) => !f.startsWith('tests/')))
    await cp(path.join(ROOT, f), path.join(copy, f), { preserveTimestamps: true, force: true });
  await cp(path.join(ROOT, 'build'), path.join(copy, 'build'), { recursive: true, preserveTimestamps: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const profile = sh(`node --cpu-prof --cpu-prof-dir ${scratch} --cpu-prof-name empty.cpuprofile -e ''`);
  expect(profile.code, profile.err).toBe(0);
});

describe('every command the docs show runs', () => {
  test('the commands are found (README.md shows these)', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['make', 'make test', 'make validate', THROUGH_NPM]));
  });

  test.each(COMMANDS)('%s', (command) => {
    const make = /^make(?: (.*))?$/.exec(command);
    const words = make?.[1]?.split(/\s+/) ?? [];
    const target = words.find((w) => !w.includes('='));
    if (command.includes('<command>')) {
      // the general form: each command of the command line is a make target too, but suggest (README.md says so)
      const without = CLI_COMMANDS.filter((c) => sh(`make -n ${c.name} A=1.0.0`).code !== 0).map((c) => c.name);
      expect(without).toEqual(['suggest']);
    } else if (make && target && DRY_RUN.has(target)) {
      const dry = sh(`make -n ${make[1]}`);
      expect(dry.code, dry.err).toBe(0);
      // what the recipes run (node's scripts, the tools of node_modules/.bin) exists; what they write need not yet
      const scripts = [...dry.out.matchAll(/\bnode (\S+\.c?js)\b/g)].map((m) => m[1]!);
      const ran = scripts.concat(dry.out.match(/node_modules\/\.bin\/[\w-]+/g) ?? []);
      expect(ran.length, dry.out).toBeGreaterThan(0);
      for (const p of ran) expect(existsSync(path.join(copy, p)), `${p} in:\n${dry.out}`).toBe(true);
    } else if (LONG.test(command)) {
      expect(pathExists(command.split(/\s+/)[1]!)).toBe(true);
    } else if (/\[--/.test(command)) {
      // a synopsis: every option it lists is one the command takes
      const name = /npm run cli -- (\w+)/.exec(command)![1]!;
      const usage = USAGE.split('\n').find((l) => l.trimStart().startsWith(`${name} `))!;
      for (const option of command.match(/--[\w-]+/g)!.slice(1)) expect(usage, option).toContain(option);
    } else {
      // run as shown; the scheduler once rather than forever
      const run = /npm run cli -- schedule(?!.*--once)/.test(command) ? `${command} --once` : command;
      const r = sh(filled(run));
      expect(r.code, `${filled(run)}\n${r.out}\n${r.err}`).toBe(0);
    }
  });
});

// -------------------------------------------------------------------------------- docs/operations.md

describe('the service of docs/operations.md', () => {
  const operations = read('docs/operations.md');

  test('the systemd unit starts: its ExecStart, in its WorkingDirectory, with its Environment, once', () => {
    const unit = /^```ini\n([\s\S]*?)^```/m.exec(operations)?.[1];
    expect(unit, 'an ```ini block holding the unit').toBeDefined();
    const values = (key: string) => [...unit!.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
    const [execStart] = values('ExecStart');
    const [workingDirectory] = values('WorkingDirectory');
    expect(execStart).toBeDefined();
    expect(workingDirectory).toBeDefined();
    const environment = Object.fromEntries(
      values('Environment').map((e) => {
        const [k, ...v] = e.replace(/^"|"$/g, '').split('=');
        return [k!, v.join('=')];
      }),
    );
    const [program, ...args] = execStart!.split(/\s+/);
    expect(program, 'systemd needs an absolute path to node').toMatch(/^\/.*\/node$/);
    // run by this node, in the copy instead of /srv/…, logging to a file of its own instead of /var/log/…
    const log = path.join(scratch, 'unit.log');
    const at = args.indexOf('--log');
    if (at >= 0) args[at + 1] = log;
    const r = spawnSync(process.execPath, [...args, '--once'], {
      cwd: copy,
      env: { ...env, ...environment },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, `${execStart} in ${workingDirectory}:\n${r.stderr}`).toBe(0);
    const record = JSON.parse(at >= 0 ? readFileSync(log, 'utf8') : r.stdout);
    expect(record).toMatchObject({ outcome: 'up-to-date', trigger: 'once' });
  });

  test('the cron line runs one regeneration in its folder', () => {
    const line = operations.split('\n').find((l) => /^(\S+\s+){5}cd \//.test(l));
    expect(line, 'a crontab line: five fields, then cd /folder && command').toBeDefined();
    const command = line!.split(/\s+/).slice(5).join(' ');
    const [cd, run] = command.split(' && ');
    expect(cd).toMatch(/^cd \//);
    const log = path.join(scratch, 'cron.log');
    const r = sh(filled(run!).replace(/--log \S+/, `--log ${log}`));
    expect(r.code, `${command}\n${r.err}`).toBe(0);
    expect(JSON.parse(readFileSync(log, 'utf8').trim())).toMatchObject({ outcome: 'up-to-date', trigger: 'once' });
  });
});
