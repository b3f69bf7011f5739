import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The files at any depth below `dir` whose path relative to it (with `/` between folders) passes `keep`, as full
 * paths in a stable order. The tests that read the source tree as data (service size, module cycles, table
 * ownership, problem codes, the web's API types) ask it which files they cover.
 */
export function filesBelow(dir: string, keep: (relativePath: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) =>
      keep(
        path
          .slice(dir.length + 1)
          .split(sep)
          .join('/'),
      ),
    )
    .sort();
}
