/**
 * The small glob dialect of suite files: `*` (any characters but '/'), `?` (one such character) and
 * `**` (any number of folders). Enough to name scenario files and library names; no braces or
 * character classes, so that a pattern reads the same to everyone.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Folders deeper than this below a pattern's fixed prefix are not searched (a guard against link loops). */
const MAX_DEPTH = 16;

export function hasGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a trailing `**` anything at all.
      if (pattern[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The names that match `pattern`, in the given order. */
export function matchNames(names: readonly string[], pattern: string): string[] {
  const re = globToRegExp(pattern);
  return names.filter((n) => re.test(n));
}

/**
 * Files under `baseDir` whose '/'-separated relative path matches `pattern` (a plain path is taken
 * as it is), accepted by `keep`, sorted. Returns absolute paths.
 */
export function matchFiles(baseDir: string, pattern: string, keep: (path: string) => boolean): string[] {
  if (!hasGlob(pattern)) {
    const path = resolve(baseDir, pattern);
    return isFile(path) && keep(path) ? [path] : [];
  }
  const absolute = isAbsolute(pattern);
  const parts = (absolute ? pattern.replace(/^\/+/, '') : pattern).split('/');
  const fixed: string[] = [];
  while (fixed.length < parts.length - 1 && !hasGlob(parts[fixed.length])) fixed.push(parts[fixed.length]);
  const root = join(absolute ? '/' : baseDir, ...fixed);
  const rest = globToRegExp(parts.slice(fixed.length).join('/'));
  const found: string[] = [];
  const walk = (dir: string, rel: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const relPath = rel === '' ? name : `${rel}/${name}`;
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (depth < MAX_DEPTH) walk(path, relPath, depth + 1);
      } else if (rest.test(relPath) && keep(path)) found.push(path);
    }
  };
  walk(root, '', 0);
  return found.sort();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
