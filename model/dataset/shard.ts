/**
 * One shard: the arrays of a run of consecutive episodes, as .npy files in one folder, plus
 * `episodes.json` (per-episode metadata) and a `COMPLETE` marker that lists every file with its
 * size. A shard is written into a temporary sibling folder and renamed into place once every file
 * is on disk, so a folder with a valid marker is a complete shard; anything else (no marker, a
 * size that does not match, a leftover temporary folder) is redone.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT_WIDTH } from './actor-layout';
import { ACTION_FIELDS, EGO_FIELDS, type EpisodeData, type EpisodeMeta } from './episode';
import { encodeNpy, type NpyDescr } from './npy';
import { SPLIT_IDS, type Split } from './splits';

export const COMPLETE_MARKER = 'COMPLETE';

export interface ShardGeometry {
  readonly steps: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly horizon: number;
  readonly maxActors: number;
}

export interface ShardArraySpec {
  readonly file: string;
  readonly descr: NpyDescr;
  /** Shape per episode (the shard prepends E). */
  readonly shape: readonly number[];
}

/** Every array of a shard with its dtype and per-episode shape (the format's one definition). */
export function shardArrays(g: ShardGeometry): ShardArraySpec[] {
  return [
    { file: 'frames.npy', descr: '|u1', shape: [g.steps, g.heightPx, g.widthPx, 3] },
    { file: 'ego.npy', descr: '<f4', shape: [g.steps, EGO_FIELDS.length] },
    { file: 'actions.npy', descr: '<f4', shape: [g.steps, ACTION_FIELDS.length] },
    { file: 'future.npy', descr: '<f4', shape: [g.steps, g.horizon, 3] },
    { file: 'future_valid.npy', descr: '|u1', shape: [g.steps, g.horizon] },
    { file: 'layout.npy', descr: '<f4', shape: [g.steps, g.maxActors, LAYOUT_WIDTH] },
    { file: 'split.npy', descr: '|u1', shape: [] },
    { file: 'episode_index.npy', descr: '<i4', shape: [] },
  ];
}

export function shardName(index: number): string {
  return `shard_${String(index).padStart(5, '0')}`;
}

interface Marker {
  readonly files: Readonly<Record<string, number>>;
  readonly episodes: number;
}

function concat<T extends Uint8Array | Float32Array | Int32Array>(parts: readonly T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p as never, o);
    o += p.length;
  }
  return out;
}

/** Writes a shard folder atomically (temporary folder, then rename). */
export function writeShard(dir: string, index: number, g: ShardGeometry, episodes: readonly EpisodeData[], splits: readonly Split[]): void {
  const finalDir = join(dir, shardName(index));
  const tmpDir = join(dir, `.${shardName(index)}.tmp-${process.pid}`);
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const E = episodes.length;
  const data: Record<string, Uint8Array | Float32Array | Int32Array> = {
    'frames.npy': concat(episodes.map((e) => e.frames), (n) => new Uint8Array(n)),
    'ego.npy': concat(episodes.map((e) => e.ego), (n) => new Float32Array(n)),
    'actions.npy': concat(episodes.map((e) => e.actions), (n) => new Float32Array(n)),
    'future.npy': concat(episodes.map((e) => e.future), (n) => new Float32Array(n)),
    'future_valid.npy': concat(episodes.map((e) => e.futureValid), (n) => new Uint8Array(n)),
    'layout.npy': concat(episodes.map((e) => e.layout), (n) => new Float32Array(n)),
    'split.npy': Uint8Array.from(splits.map((s) => SPLIT_IDS[s])),
    'episode_index.npy': Int32Array.from(episodes.map((e) => e.meta.index)),
  };
  const files: Record<string, number> = {};
  for (const a of shardArrays(g)) {
    const bytes = encodeNpy(a.descr, [E, ...a.shape], data[a.file]);
    writeFileSync(join(tmpDir, a.file), bytes);
    files[a.file] = bytes.length;
  }
  const meta: (EpisodeMeta & { split: Split })[] = episodes.map((e, i) => ({ ...e.meta, split: splits[i] }));
  const metaBytes = Buffer.from(`${JSON.stringify({ episodes: meta }, null, 1)}\n`);
  writeFileSync(join(tmpDir, 'episodes.json'), metaBytes);
  files['episodes.json'] = metaBytes.length;
  const marker: Marker = { files, episodes: E };
  // The marker goes last: its presence means every file before it was written in full.
  writeFileSync(join(tmpDir, COMPLETE_MARKER), `${JSON.stringify(marker)}\n`);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(tmpDir, finalDir);
}

/** Whether `dir/shard_i` is a complete shard of `episodes` episodes: marker present, every size as listed. */
export function isShardComplete(dir: string, index: number, g: ShardGeometry, episodes: number): boolean {
  const shardDir = join(dir, shardName(index));
  const markerPath = join(shardDir, COMPLETE_MARKER);
  if (!existsSync(markerPath)) return false;
  let marker: Marker;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8')) as Marker;
  } catch {
    return false;
  }
  if (marker.episodes !== episodes) return false;
  const expected = [...shardArrays(g).map((a) => a.file), 'episodes.json'];
  for (const file of expected) {
    const size = marker.files?.[file];
    const path = join(shardDir, file);
    if (typeof size !== 'number' || !existsSync(path) || statSync(path).size !== size) return false;
  }
  return true;
}
