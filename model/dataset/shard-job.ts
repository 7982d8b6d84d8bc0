/**
 * The unit of work of a dataset run: generate one shard's episodes and write the shard. Runs the
 * same in a worker thread and in-process, so the bytes do not depend on the worker count.
 */
import { generateEpisode, type EpisodeConfig, type EpisodeData } from './episode';
import { writeShard } from './shard';
import { splitOf, type Split } from './splits';

export interface ShardJob {
  readonly shard: number;
  readonly firstEpisode: number;
  readonly episodes: number;
}

export function runShardJob(dir: string, config: EpisodeConfig, job: ShardJob, onEpisode?: (frames: number) => void): void {
  const episodes: EpisodeData[] = [];
  const splits: Split[] = [];
  for (let i = job.firstEpisode; i < job.firstEpisode + job.episodes; i++) {
    const e = generateEpisode(config, i);
    episodes.push(e);
    splits.push(splitOf(config.seed, i, e.meta.family));
    onEpisode?.(config.steps);
  }
  writeShard(dir, job.shard, { steps: config.steps, widthPx: config.camera.widthPx, heightPx: config.camera.heightPx, horizon: config.horizon, maxActors: config.layout.maxActors }, episodes, splits);
}
