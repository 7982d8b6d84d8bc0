/**
 * The built-in scenario library: `scenarios/library/*.yaml`, shipped in the package. Scenarios are
 * named by file (without extension); a CLI argument is a library name or a path to a spec file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The package root: the nearest folder above this module with a package.json (works from dist/ and from source). */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find dreamdrive's package.json above ${__dirname}`);
}

export function libraryDir(): string {
  return join(packageRoot(), 'scenarios', 'library');
}

export interface LibraryEntry {
  readonly name: string;
  readonly path: string;
}

export function listLibrary(dir = libraryDir()): LibraryEntry[] {
  return readdirSync(dir)
    .filter((f) => SPEC_EXTENSIONS.some((ext) => f.endsWith(ext)))
    .sort()
    .map((f) => ({ name: f.replace(/\.(ya?ml|json)$/, ''), path: join(dir, f) }));
}

/** A path to an existing file, else a library scenario of that name, else null. */
export function findScenario(nameOrPath: string, dir = libraryDir()): string | null {
  if (existsSync(nameOrPath) && [...SPEC_EXTENSIONS, '.xosc'].some((ext) => nameOrPath.toLowerCase().endsWith(ext))) return resolve(nameOrPath);
  const entry = listLibrary(dir).find((e) => e.name === nameOrPath);
  return entry ? entry.path : null;
}
