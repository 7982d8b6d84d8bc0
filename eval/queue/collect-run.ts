/**
 * Waits for a run's results and returns them, one per rollout (results-store.ts says why exactly
 * one). Besides counting results for the progress bar, the collector is what guarantees that the
 * wait ends:
 * - a job that failed for good (its retries spent, or its workers killed more than
 *   MAX_STALLED_COUNT times) gets an `error` result naming the reason, then leaves the queue;
 * - when no result has come for `idleCheckMs`, rollouts that have neither a result nor a job (Redis
 *   lost keys: a restart without persistence, eviction) are enqueued again, and a missing worker is
 *   reported (`onNoWorkers`) instead of a silent wait.
 * It does not give up while workers may still come: a run is resumable (enqueue-run.ts), and the
 * user stops the wait with Ctrl-C.
 */
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { notRunOutcome } from '../suite/rollout-outcome';
import { addJobs, type RetryPolicy, type RunPlan } from './enqueue-run';
import type { QueuedRollout } from './queued-rollout';
import { readResults, recordResult, resultCount, resultIds, type StoredResult } from './results-store';
import { queueJobId } from './run-keys';

export interface CollectOptions {
  /** How often the results are counted, ms. */
  readonly pollMs?: number;
  /** How often failed jobs are looked for, ms. */
  readonly failedCheckMs?: number;
  /** After this long without a new result, lost jobs and missing workers are looked for, ms. */
  readonly idleCheckMs?: number;
  readonly retry: RetryPolicy;
  readonly onProgress?: (done: number, total: number) => void;
  /** Called at each idle check that finds no worker connected to the queue. */
  readonly onNoWorkers?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Failed jobs of this run become error results (stored with HSETNX: a result that exists stays). */
async function collectFailed(queue: Queue, redis: Redis, plan: RunPlan, byId: ReadonlyMap<string, RunPlan['jobs'][number]>): Promise<void> {
  // BullMQ answers undefined, not an error, when its connection fails: the next command reports it.
  const failed = ((await queue.getFailed()) ?? []) as Job<QueuedRollout>[];
  for (const job of failed) {
    if (job?.data?.run !== plan.run) continue;
    const evalJob = byId.get(job.data.job?.id);
    if (evalJob !== undefined) {
      const message = `failed on the queue after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${job.failedReason}`;
      await recordResult(redis, plan.run, { worker: job.processedBy ?? '-', attempt: job.attemptsStarted, outcome: notRunOutcome(evalJob, 'error', message, 0) });
    }
    await queue.remove(job.id!);
  }
}

/** Rollouts with neither a result nor a job are enqueued again. */
async function requeueLost(queue: Queue, redis: Redis, plan: RunPlan, retry: RetryPolicy): Promise<void> {
  const have = await resultIds(redis, plan.run);
  const missing = plan.jobs.filter((j) => !have.has(j.id));
  const states = await Promise.all(missing.map((j) => queue.getJobState(queueJobId(plan.run, j.id))));
  if (!states.includes('unknown')) return;
  // A job that completed between the two reads has a result by now; it is not lost.
  const stored = await resultIds(redis, plan.run);
  const lost = missing.filter((j, i) => states[i] === 'unknown' && !stored.has(j.id));
  if (lost.length > 0) await addJobs(queue, plan, lost, retry);
}

export async function collectRun(queue: Queue, redis: Redis, plan: RunPlan, options: CollectOptions): Promise<Map<string, StoredResult>> {
  const pollMs = options.pollMs ?? 200;
  const failedCheckMs = options.failedCheckMs ?? 1000;
  const idleCheckMs = options.idleCheckMs ?? 5000;
  const total = plan.jobs.length;
  const byId = new Map(plan.jobs.map((j) => [j.id, j]));
  let done = -1;
  let lastProgress = Date.now();
  let lastFailedCheck = 0;
  for (;;) {
    const count = await resultCount(redis, plan.run);
    if (count !== done) {
      done = count;
      lastProgress = Date.now();
      options.onProgress?.(Math.min(done, total), total);
    }
    if (done >= total) {
      const results = await readResults(redis, plan.run);
      if (plan.jobs.every((j) => results.has(j.id))) return results;
    }
    const now = Date.now();
    if (now - lastFailedCheck >= failedCheckMs) {
      lastFailedCheck = now;
      await collectFailed(queue, redis, plan, byId);
    }
    if (now - lastProgress >= idleCheckMs) {
      lastProgress = now;
      await requeueLost(queue, redis, plan, options.retry);
      if ((await queue.getWorkersCount()) === 0) options.onNoWorkers?.();
    }
    await sleep(pollMs);
  }
}
