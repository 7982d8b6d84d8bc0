/**
 * Puts a run's rollouts on the queue: every rollout of the suite that has no result yet, as a BullMQ
 * job whose id is `<run>|<rollout id>` (run-keys.ts). Enqueueing is idempotent, so a rerun with the
 * same run id resumes: rollouts with a result are not enqueued, rollouts still waiting or in
 * progress are left alone (BullMQ ignores an add whose job id exists), and rollouts whose job
 * failed for good without a result are enqueued afresh, with their retries restored.
 *
 * The run's metadata pins it to one plan (the rollout ids with their specs' SHA-1 and expected
 * verdicts): resuming a run id with another suite, or after a spec changed, is refused, since its
 * stored results would not be the results of this suite.
 */
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EvalJob } from '../suite/eval-job';
import { QueueError } from './queue-error';
import { QUEUED_ROLLOUT_FORMAT, type QueuedRollout } from './queued-rollout';
import { resultIds } from './results-store';
import { metaKey, queueJobId, RUN_TTL_S } from './run-keys';

export interface RunPlan {
  /** `<suite>@<run id>`. */
  readonly run: string;
  readonly suite: { readonly name: string; readonly sha1: string };
  readonly jobs: readonly EvalJob[];
  /** The enqueuing machine's package root and dreamdrive version (queued-rollout.ts). */
  readonly packageRoot: string;
  readonly dreamdriveVersion: string;
  /** With `eval --logs`: the output folder that every worker shares, where they write MCAP logs. */
  readonly logs: { readonly outDir: string; readonly ref: (id: string) => string } | null;
}

export interface RetryPolicy {
  /** Times a job is tried before it fails for good (BullMQ `attempts`). */
  readonly attempts: number;
  /** First retry delay, ms; doubled at each retry (BullMQ exponential backoff). */
  readonly backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1000 };

export interface EnqueueReport {
  readonly total: number;
  /** Rollouts that had a result already (a resumed run). */
  readonly alreadyDone: number;
  /** Rollouts handed to BullMQ now: the ones without a result (BullMQ keeps one job per id, so one still waiting from an earlier call is not duplicated). */
  readonly enqueued: number;
  readonly resumed: boolean;
}

/** Jobs added per BullMQ addBulk call (one Redis transaction each). */
const BULK = 500;

/** The SHA-1 of what decides a run's results: rollout ids, spec versions, expected verdicts. */
export function planSha1(jobs: readonly EvalJob[]): string {
  return createHash('sha1')
    .update(JSON.stringify(jobs.map((j) => [j.id, j.specSha1, j.expected])))
    .digest('hex');
}

async function claimRun(redis: Redis, plan: RunPlan): Promise<boolean> {
  const key = metaKey(plan.run);
  const sha1 = planSha1(plan.jobs);
  const created = await redis.hsetnx(key, 'planSha1', sha1);
  if (created === 0) {
    const meta = await redis.hgetall(key);
    if (meta.planSha1 !== sha1) {
      throw new QueueError(
        `run '${plan.run}' was started on ${meta.createdAt ?? 'an earlier date'} with another plan (suite sha1 ${(meta.suiteSha1 ?? '?').slice(0, 12)}, ${meta.rollouts ?? '?'} rollouts); ` +
          'its results are not the results of this suite (a spec or the suite changed): give another --run-id, or none for a new run',
      );
    }
  } else {
    await redis.hset(key, { suite: plan.suite.name, suiteSha1: plan.suite.sha1, rollouts: String(plan.jobs.length), createdAt: new Date().toISOString(), dreamdriveVersion: plan.dreamdriveVersion });
  }
  await redis.expire(key, RUN_TTL_S);
  return created === 0;
}

export async function enqueueRun(queue: Queue, redis: Redis, plan: RunPlan, retry: RetryPolicy = DEFAULT_RETRY): Promise<EnqueueReport> {
  const resumed = await claimRun(redis, plan);
  const done = resumed ? await resultIds(redis, plan.run) : new Set<string>();
  const missing = plan.jobs.filter((j) => !done.has(j.id));
  if (resumed) {
    // A job that failed for good, or (after Redis lost keys) completed without a result, is removed
    // so that the add below makes a fresh one: BullMQ would ignore the add while it exists.
    for (let i = 0; i < missing.length; i += BULK) {
      const ids = missing.slice(i, i + BULK).map((j) => queueJobId(plan.run, j.id));
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      await Promise.all(ids.filter((_, k) => states[k] === 'failed' || states[k] === 'completed').map((id) => queue.remove(id)));
    }
  }
  await addJobs(queue, plan, missing, retry);
  return { total: plan.jobs.length, alreadyDone: plan.jobs.length - missing.length, enqueued: missing.length, resumed };
}

/** Adds one BullMQ job per rollout (a no-op for a job id that exists). */
export async function addJobs(queue: Queue, plan: RunPlan, jobs: readonly EvalJob[], retry: RetryPolicy): Promise<void> {
  for (let i = 0; i < jobs.length; i += BULK) {
    await queue.addBulk(
      jobs.slice(i, i + BULK).map((job) => {
        const data: QueuedRollout = {
          format: QUEUED_ROLLOUT_FORMAT,
          run: plan.run,
          job,
          packageRoot: plan.packageRoot,
          dreamdriveVersion: plan.dreamdriveVersion,
          log: plan.logs === null ? null : { outDir: plan.logs.outDir, ref: plan.logs.ref(job.id) },
        };
        return {
          name: 'rollout',
          data,
          opts: {
            jobId: queueJobId(plan.run, job.id),
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            // The result lives in the run's hash; a failed job is kept until the collector has
            // turned it into an error result (collect-run.ts).
            removeOnComplete: true,
            removeOnFail: false,
          },
        };
      }),
    );
  }
}
