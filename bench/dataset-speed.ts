/**
 * Dataset generation throughput: frames per second of `generateDataset` (simulate, render with
 * the class map, fill the targets, write the shards) at 64x64 with 2 worker threads, into a
 * temporary folder that is removed afterwards. The acceptance target is a 2,000-episode dataset
 * (120,000 frames) in under 10 minutes on 2 cores, i.e. at least 200 frames/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SHARD_EPISODES, DEFAULT_STEPS } from '../model/dataset/dataset-config';
import { generateDataset } from '../model/dataset/generate';

/** 2,000 episodes x 60 frames in 600 s. */
export const TARGET_DATASET_FPS = (2000 * DEFAULT_STEPS) / 600;

export interface DatasetSpeedRow {
  readonly episodes: number;
  readonly frames: number;
  readonly workers: number;
  readonly size: string;
  readonly seconds: number;
  readonly fps: number;
  /** Projected time of the 2,000-episode acceptance run at this rate, s. */
  readonly projected2000S: number;
}

export async function datasetSpeed(episodes = 200, workers = 2): Promise<DatasetSpeedRow> {
  const dir = mkdtempSync(join(tmpdir(), 'dreamdrive-bench-dataset-'));
  try {
    const args = { episodes, seed: 1, steps: DEFAULT_STEPS, widthPx: 64, heightPx: 64, shardEpisodes: DEFAULT_SHARD_EPISODES, supersample: 2 };
    const start = process.hrtime.bigint();
    const r = await generateDataset({ outDir: dir, args, workers });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const fps = r.framesWritten / seconds;
    return { episodes, frames: r.framesWritten, workers, size: '64x64', seconds, fps, projected2000S: (2000 * DEFAULT_STEPS) / fps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One table line for bench/run.ts. */
export function formatDatasetSpeed(r: DatasetSpeedRow): string {
  return `${r.episodes} episodes x ${DEFAULT_STEPS} frames ${r.size}, ${r.workers} workers: ${r.seconds.toFixed(1)} s, ${r.fps.toFixed(0)} frames/s (${(r.fps / TARGET_DATASET_FPS).toFixed(2)}x the 200 frames/s target; 2,000 episodes in ~${(r.projected2000S / 60).toFixed(1)} min)`;
}
