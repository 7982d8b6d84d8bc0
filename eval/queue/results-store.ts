/**
 * The results of a run: a Redis hash, one field per rollout id, written with HSETNX.
 *
 * Why every rollout ends up there exactly once:
 * - at most once: HSETNX writes a field only if it is absent. However often a rollout runs (a
 *   retry after a worker was killed mid-job, a lock that expired under load while its first worker
 *   carried on, a rerun that enqueued it again), the first result stored is the one every reader
 *   sees, and the hash cannot hold two values for one id. Rollouts are deterministic, so a second
 *   run would have produced the same result anyway (all but its wall-clock time);
 * - at least once: a worker stores the result before it tells BullMQ the job is complete. A worker
 *   that dies before storing it leaves the job active with a lock that nobody renews; BullMQ's
 *   stalled-job check (in any other worker) moves it back to the wait list and it runs again. A job
 *   that fails for good (retries spent, or stalled too often) is turned into an `error` result by the
 *   collector (collect-run.ts), with the same HSETNX.
 *
 * BullMQ's own return values would also be unique per job id, but only while completed jobs are
 * kept; with our own hash, BullMQ can drop finished jobs at once, and a run's results outlive the
 * queue's bookkeeping (RUN_TTL_S after the last write).
 */
import type { Redis } from 'ioredis';
import { metricsFromJson, metricsToJson } from '../../sim/metrics/metrics';
import type { RolloutOutcome } from '../suite/rollout-outcome';
import { resultsKey, RUN_TTL_S } from './run-keys';

export interface StoredResult {
  /** The worker that stored it (`dreamdrive worker --name`, default host-pid), or 'collector' for a job that failed for good. */
  readonly worker: string;
  /** BullMQ's count of times the job was started, this one included (a stalled start counts). */
  readonly attempt: number;
  readonly outcome: RolloutOutcome;
}

/** Stores the result unless the rollout has one; true when this call stored it. */
export async function recordResult(redis: Redis, run: string, result: StoredResult): Promise<boolean> {
  const key = resultsKey(run);
  const replies = await redis.multi().hsetnx(key, result.outcome.id, metricsToJson(result)).expire(key, RUN_TTL_S).exec();
  if (replies === null) throw new Error(`storing the result of ${result.outcome.id}: the transaction was aborted`);
  const [error, written] = replies[0];
  if (error) throw error;
  return written === 1;
}

export async function resultCount(redis: Redis, run: string): Promise<number> {
  return redis.hlen(resultsKey(run));
}

export async function resultIds(redis: Redis, run: string): Promise<Set<string>> {
  return new Set(await redis.hkeys(resultsKey(run)));
}

export async function readResults(redis: Redis, run: string): Promise<Map<string, StoredResult>> {
  const fields = await redis.hgetall(resultsKey(run));
  return new Map(Object.entries(fields).map(([id, text]) => [id, metricsFromJson<StoredResult>(text)]));
}
