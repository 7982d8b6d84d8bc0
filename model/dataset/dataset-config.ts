/**
 * The arguments of a dataset run, validated once, and everything derived from them that the
 * generator, its workers and the manifest share. Plain data, so it crosses to worker threads.
 */
import { DEFAULT_CAMERA_MODEL, type CameraModel } from '../../sim/render/camera-model';
import { DEFAULT_LAYOUT_OPTIONS } from './actor-layout';
import type { EpisodeConfig } from './episode';
import type { LibraryScenario } from './episode-plan';

export const DATASET_FORMAT = 'dreamdrive-dataset';
/** Bump when a file, dtype, shape or field meaning changes (FORMAT.md). */
export const DATASET_FORMAT_VERSION = 1;
export const DEFAULT_STEPS = 60;
export const DEFAULT_HORIZON = 10;
export const DEFAULT_SHARD_EPISODES = 16;
/** Simulation step, s: the library's and the world model's 10 Hz. */
export const DATASET_DT_S = 0.1;

/** What the user chooses; a rerun must give the same values to resume. */
export interface DatasetArguments {
  readonly episodes: number;
  readonly seed: number;
  readonly steps: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly shardEpisodes: number;
  readonly supersample: number;
}

export class DatasetError extends Error {}

export function validateArguments(a: DatasetArguments): void {
  const ints: [keyof DatasetArguments, number][] = [['episodes', 1], ['steps', 1], ['widthPx', 8], ['heightPx', 8], ['shardEpisodes', 1], ['supersample', 1]];
  for (const [k, min] of ints) {
    if (!Number.isInteger(a[k]) || a[k] < min) throw new DatasetError(`dataset: ${k} must be an integer >= ${min}, got ${a[k]}`);
  }
  if (!Number.isInteger(a.seed)) throw new DatasetError(`dataset: seed must be an integer, got ${a.seed}`);
}

export function cameraOf(a: DatasetArguments): CameraModel {
  return { ...DEFAULT_CAMERA_MODEL, widthPx: a.widthPx, heightPx: a.heightPx };
}

export function episodeConfigOf(a: DatasetArguments, library: readonly LibraryScenario[]): EpisodeConfig {
  return {
    seed: a.seed,
    steps: a.steps,
    dtS: DATASET_DT_S,
    horizon: DEFAULT_HORIZON,
    camera: cameraOf(a),
    supersample: a.supersample,
    layout: DEFAULT_LAYOUT_OPTIONS,
    library,
  };
}
