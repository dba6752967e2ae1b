/**
 * Tests that run the CLI as a child process (kill tests, concurrent publishes, the schedule) run the
 * compiled build/, so it must never be stale. `make test` and `make test-quick` have just built it: then this
 * only asks make whether build/ is current (`make -q build`, the Makefile's own rule: build/.built newer than
 * every source, schema and the lockfile) and compiles nothing. Run any other way (`npx vitest` after editing a
 * source), it builds what is stale with `make build` first, saying so; in watch mode, before every rerun too.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(import.meta.dirname, '..');

function buildIfStale(): void {
  const make = (args: string[], stdio: 'ignore' | 'inherit') => spawnSync('make', args, { cwd: root, stdio });
  const question = make(['--question', 'build'], 'ignore');
  if (question.error) throw new Error(`cannot run make to check that build/ is current: ${question.error.message}`);
  if (question.status === 0) return;
  console.log('build/ is older than the sources: running make build before the tests');
  const built = make(['build'], 'inherit');
  if (built.status !== 0) throw new Error('make build failed: the tests would run stale code in build/');
}

export default function setup(project: TestProject): void {
  buildIfStale();
  project.onTestsRerun(buildIfStale);
}
