/**
 * Reads an OpenDRIVE file from disk for a spec's `road: { type: opendrive, file }` and the
 * OpenSCENARIO importer. Imports are cached by absolute path, size and modification time: a sweep
 * resolves its spec once per sample, and parsing a town map each time would dominate the run.
 * The cached network is immutable (frozen lanes, readonly maps), so sharing it is safe.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readOpenDrive, type OpenDriveImport } from './read-opendrive';

/** OpenDRIVE maps of whole cities run to tens of MB; past this we refuse rather than stall. */
export const MAX_XODR_BYTES = 64 * 1024 * 1024;
/** Enough for the maps of a sweep or a test run; the oldest entry goes first. */
const CACHE_ENTRIES = 8;

export class OpenDriveFileError extends Error {}

const cache = new Map<string, { stamp: string; imported: OpenDriveImport }>();

/**
 * Imports the `.xodr` at `path` (absolute, or relative to the working directory). Throws
 * `OpenDriveFileError` when the file cannot be read and `ImportError` when it is not valid.
 */
export function loadOpenDriveFile(path: string): OpenDriveImport {
  const absolute = resolve(path);
  let stamp: string;
  try {
    const st = statSync(absolute);
    if (!st.isFile()) throw new OpenDriveFileError(`'${path}' is not a file`);
    if (st.size > MAX_XODR_BYTES) throw new OpenDriveFileError(`'${path}' is ${(st.size / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_XODR_BYTES / 2 ** 20} MB`);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch (error) {
    if (error instanceof OpenDriveFileError) throw error;
    throw new OpenDriveFileError(`cannot read the OpenDRIVE file '${path}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const hit = cache.get(absolute);
  if (hit !== undefined && hit.stamp === stamp) return hit.imported;
  const imported = readOpenDrive(readFileSync(absolute, 'utf8'), path);
  cache.delete(absolute);
  cache.set(absolute, { stamp, imported });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return imported;
}
