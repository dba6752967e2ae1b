/**
 * Tests that run the CLI as a child process (kill tests, concurrent publishes, the schedule) run the
 * compiled build/; compile it once before any test so they never run stale code.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'build', 'pipeline', 'tools', 'compile-schemas.js')], {
    cwd: root,
    stdio: 'inherit',
  });
}
