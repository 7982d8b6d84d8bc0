/**
 * Judging the episodes of a dataset folder (`dreamdrive dataset`, model/dataset/FORMAT.md): the
 * manifest gives the generator arguments and the episode indices of each split; every episode is a
 * pure function of (seed, index, steps, size), so the evaluation makes it again with the
 * generator's code (test-episodes.ts, which also yields the worlds that object persistence and
 * controllability need and the dataset does not store) and checks, frame by frame, that the result
 * is the bytes of the dataset's frames.npy. A dataset made by another generator version, or edited,
 * is refused by name instead of silently judged on other frames.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FORMAT, DATASET_FORMAT_VERSION } from '../dataset/dataset-config';
import { drawFamily, episodeRng, type LibraryScenario } from '../dataset/episode-plan';
import type { Manifest } from '../dataset/manifest';
import type { Split } from '../dataset/splits';
import { EpisodeSourceError, type EpisodeRef, type EpisodeSourceOptions, type EvalEpisode } from './test-episodes';

export interface DatasetSource {
  readonly dir: string;
  readonly options: EpisodeSourceOptions;
  readonly episodes: readonly EpisodeRef[];
  /** Episodes of the split in the dataset (the judged ones are the first `count` of them). */
  readonly available: number;
  /** Throws an EpisodeSourceError when a made episode's frames are not the dataset's. */
  verify(e: EvalEpisode): void;
}

/** NPY v1.0/v2.0 preamble: the data offset and the shape, for a C-order uint8 array. */
export function readNpyUint8Header(file: string): { dataOffset: number; shape: number[] } {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(12);
    readSync(fd, head, 0, 12, 0);
    if (head.toString('latin1', 0, 6) !== '\x93NUMPY') throw new EpisodeSourceError(`${file}: not an NPY file (bad magic)`);
    const major = head[6];
    if (major !== 1 && major !== 2) throw new EpisodeSourceError(`${file}: NPY version ${major}.${head[7]} is not supported`);
    const prefix = major === 1 ? 10 : 12;
    const headerLen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
    const header = Buffer.alloc(headerLen);
    readSync(fd, header, 0, headerLen, prefix);
    const dict = header.toString('latin1');
    const descr = /'descr':\s*'([^']+)'/.exec(dict)?.[1];
    const fortran = /'fortran_order':\s*(True|False)/.exec(dict)?.[1];
    const shapeText = /'shape':\s*\(([^)]*)\)/.exec(dict)?.[1];
    if (descr !== '|u1' || fortran !== 'False' || shapeText === undefined) throw new EpisodeSourceError(`${file}: expected a C-order uint8 array, header is ${dict.trim()}`);
    const shape = shapeText.split(',').map((v) => v.trim()).filter((v) => v.length > 0).map(Number);
    return { dataOffset: prefix + headerLen, shape };
  } finally {
    closeSync(fd);
  }
}

function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new EpisodeSourceError(`${file} is missing: --data must be a folder written by 'dreamdrive dataset'`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new EpisodeSourceError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (m.format !== DATASET_FORMAT || m.formatVersion !== DATASET_FORMAT_VERSION) {
    throw new EpisodeSourceError(`${file}: format must be ${DATASET_FORMAT} version ${DATASET_FORMAT_VERSION}, got ${JSON.stringify(m.format)} version ${JSON.stringify(m.formatVersion)}`);
  }
  if (m.complete !== true) throw new EpisodeSourceError(`${file}: the dataset is incomplete (complete: false); finish it by rerunning 'dreamdrive dataset' with the same arguments`);
  return m;
}

/** The first `count` episodes of `split` in the dataset at `dir`, with a check of their frames. */
export function datasetSource(dir: string, split: Split, count: number, library: readonly LibraryScenario[]): DatasetSource {
  const m = readManifest(dir);
  const a = m.arguments;
  const indices = m.splits.episodes[split] ?? [];
  if (indices.length === 0) throw new EpisodeSourceError(`${join(dir, 'manifest.json')}: the dataset has no episodes in split '${split}'`);
  const episodes = indices.slice(0, count).map((index) => ({ index, family: drawFamily(episodeRng(a.seed, index), library) }));
  const frameBytes = a.widthPx * a.heightPx * 3;
  return {
    dir,
    options: { seed: a.seed, steps: a.steps, widthPx: a.widthPx, heightPx: a.heightPx, supersample: a.supersample, library, split },
    episodes,
    available: indices.length,
    verify(e) {
      const shard = m.shards.find((s) => e.ref.index >= s.firstEpisode && e.ref.index < s.firstEpisode + s.episodes);
      if (shard === undefined) throw new EpisodeSourceError(`${dir}: no shard holds episode ${e.ref.index}`);
      const file = join(dir, shard.name, 'frames.npy');
      const { dataOffset, shape } = readNpyUint8Header(file);
      const expected = [shard.episodes, a.steps, a.heightPx, a.widthPx, 3];
      if (shape.join() !== expected.join()) throw new EpisodeSourceError(`${file}: shape (${shape.join(', ')}), the manifest implies (${expected.join(', ')})`);
      const stored = Buffer.alloc(e.frames * frameBytes);
      const fd = openSync(file, 'r');
      try {
        readSync(fd, stored, 0, stored.length, dataOffset + (e.ref.index - shard.firstEpisode) * a.steps * frameBytes);
      } finally {
        closeSync(fd);
      }
      for (let t = 0; t < e.frames; t++) {
        if (!stored.subarray(t * frameBytes, (t + 1) * frameBytes).equals(e.rgb.subarray(t * frameBytes, (t + 1) * frameBytes))) {
          throw new EpisodeSourceError(`${file}: episode ${e.ref.index} frame ${t} is not what this generator renders (a dataset of another generator version, or edited); regenerate it, or evaluate without --data`);
        }
      }
    },
  };
}
