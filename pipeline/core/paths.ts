/** Where things are: the project's own folder, and paths shown the way curators type them. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module that holds package.json and schemas/ (works from build/
 * too, whose cli/ folder has a package.json of its own).
 */
export const PROJECT_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'schemas'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json and schemas/ not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();

/** A path relative to the working directory where it lies below it, with `/` separators. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
