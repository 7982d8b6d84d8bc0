/**
 * `dreamdrive eval <suite> --queue redis://...`: the suite's rollouts run on whatever `dreamdrive
 * worker`s serve that Redis, and come back as the same SuiteRun that the embedded pool gives
 * (eval/suite/run-suite.ts), so results.json, junit.xml and report.html are written by the same code.
 *
 * Rollout logs (decided here, documented in the README):
 * - default ('failed-and-worst'): the logged rollouts are few (failed, lowest-scoring), so this
 *   machine runs them again on its own worker threads and writes their logs into --out; the final
 *   state hash of each is compared with the worker's, which checks determinism across machines;
 * - 'all' (`--logs`): every worker writes its rollouts' logs into --out, which must then be a folder
 *   that every worker sees at the same path (a shared filesystem; a worker without it retries
 *   elsewhere, then the rollout is an error);
 * - 'none': no logs (benchmarks).
 */
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { dreamdriveVersion } from '../../api/log/logged-run';
import { packageRoot } from '../../scenarios/library';
import { errorMessage } from '../../scenarios/errors';
import type { EvalJob } from '../suite/eval-job';
import type { RolloutOutcome } from '../suite/rollout-outcome';
import { logFileName, mergeLoggedReruns, runSuite, selectForLogs, type LogSelection, type SuiteRun } from '../suite/run-suite';
import { collectRun } from './collect-run';
import { DEFAULT_RETRY, enqueueRun, type EnqueueReport, type RetryPolicy, type RunPlan } from './enqueue-run';
import { QueueError } from './queue-error';
import type { QueueAddress } from './queue-url';
import { checkReachable, openRedis } from './redis-client';
import { QUEUE_NAME, QUEUE_PREFIX, runName } from './run-keys';
import type { StoredResult } from './results-store';

export interface QueueRunOptions {
  readonly address: QueueAddress;
  readonly runId: string;
  /** Output folder (absolute). */
  readonly outDir: string;
  readonly logs: LogSelection;
  /** Worker threads on this machine for the logged reruns. */
  readonly localWorkers: number;
  readonly retry?: RetryPolicy;
  /** After enqueueing, before the first result. */
  readonly onEnqueued?: (run: string, report: EnqueueReport) => void;
  readonly onProgress?: (done: number, total: number, phase: 'rollouts' | 'logs') => void;
  readonly onNoWorkers?: () => void;
  /** Connection problems while waiting (ioredis reconnects by itself). */
  readonly onConnectionError?: (message: string) => void;
}

export interface QueueSuiteRun extends SuiteRun {
  readonly run: string;
  readonly enqueue: EnqueueReport;
  /** Every result with the worker that stored it, in job order. */
  readonly stored: readonly StoredResult[];
}

export async function runSuiteOnQueue(suite: { readonly name: string; readonly sha1: string }, jobs: readonly EvalJob[], options: QueueRunOptions): Promise<QueueSuiteRun> {
  await checkReachable(options.address);
  const retry = options.retry ?? DEFAULT_RETRY;
  const reportError = (error: Error) => options.onConnectionError?.(errorMessage(error));
  // One connection, ours, for our keys and BullMQ's: BullMQ leaves a client it is given open, so a
  // Redis lost mid-run fails the run after ioredis' reconnection attempts (about 11 s) and the
  // connection is dropped at once, instead of a close that waits for a QUIT nobody answers.
  const redis = openRedis(options.address, reportError);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
  queue.on('error', reportError);
  const plan: RunPlan = {
    run: runName(suite.name, options.runId),
    suite,
    jobs,
    packageRoot: packageRoot(),
    dreamdriveVersion: dreamdriveVersion(),
    logs: options.logs === 'all' ? { outDir: options.outDir, ref: logFileName } : null,
  };
  let results: Map<string, StoredResult>;
  let enqueue: EnqueueReport;
  const started = performance.now();
  try {
    enqueue = await enqueueRun(queue, redis, plan, retry);
    options.onEnqueued?.(plan.run, enqueue);
    results = await collectRun(queue, redis, plan, {
      retry,
      // The bar counts this call's rollouts, so that its rate and ETA are this run's.
      onProgress: (done, total) => options.onProgress?.(Math.max(0, done - enqueue.alreadyDone), total - enqueue.alreadyDone, 'rollouts'),
      onNoWorkers: options.onNoWorkers,
    });
  } catch (error) {
    redis.disconnect();
    await queue.close().catch(() => undefined);
    if (error instanceof QueueError) throw error;
    // ioredis gives up on a command after its reconnection attempts: Redis went away mid-run.
    throw new QueueError(`lost Redis at ${options.address.display} (${errorMessage(error)}); the workers keep what they stored: resume with --run-id ${options.runId}`);
  }
  await queue.close();
  await redis.quit().catch(() => redis.disconnect());
  const wallS = (performance.now() - started) / 1000;
  const stored = jobs.map((j) => results.get(j.id)!);
  const outcomes: RolloutOutcome[] = stored.map((s) => s.outcome);
  const workers = new Set(stored.map((s) => s.worker)).size;
  const logged = options.logs === 'failed-and-worst' ? await logHere(jobs, outcomes, stored, options) : { loggingS: 0, determinismFailures: [] };
  return { outcomes, workers, wallS, ...logged, run: plan.run, enqueue, stored };
}

/** Reruns the failed and lowest-scoring rollouts here with logs, and checks they end where the workers' did. */
async function logHere(jobs: readonly EvalJob[], outcomes: RolloutOutcome[], stored: readonly StoredResult[], options: QueueRunOptions): Promise<Pick<SuiteRun, 'loggingS' | 'determinismFailures'>> {
  const started = performance.now();
  const chosen = selectForLogs(outcomes);
  const rerun = await runSuite(
    chosen.map((i) => jobs[i]),
    { outDir: options.outDir, workers: options.localWorkers, logs: 'all', onProgress: (done, total) => options.onProgress?.(done, total, 'logs') },
  );
  const determinismFailures = mergeLoggedReruns(outcomes, chosen, rerun.outcomes, (i) => `on worker ${stored[i].worker}`, 'on the logged rerun here');
  return { loggingS: (performance.now() - started) / 1000, determinismFailures };
}
