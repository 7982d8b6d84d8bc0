/**
 * Worker thread of a dataset run. Protocol: parent -> { job } | { done: true };
 * worker -> { frames } after each episode, { finished: shard } after each shard, { error } on failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EpisodeConfig } from './episode';
import { runShardJob, type ShardJob } from './shard-job';

const { dir, config } = workerData as { dir: string; config: EpisodeConfig };
parentPort!.on('message', (msg: { job?: ShardJob; done?: boolean }) => {
  if (msg.done) {
    parentPort!.close();
    return;
  }
  if (!msg.job) return;
  try {
    runShardJob(dir, config, msg.job, (frames) => parentPort!.postMessage({ frames }));
    parentPort!.postMessage({ finished: msg.job.shard });
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message });
  }
});
