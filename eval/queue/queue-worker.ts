/**
 * The worker side of distributed evaluation (`dreamdrive worker --queue redis://...`): a BullMQ
 * worker on the shared queue (run-keys.ts) that runs each rollout on a rollout thread
 * (rollout-runner.ts) and stores its result in the run's results hash (results-store.ts) before
 * the job is acknowledged.
 *
 * What is retried: a job that throws goes back to the queue with exponential backoff (the attempts
 * are set by the enqueuer, enqueue-run.ts): a spec file this machine does not have, a worker of
 * another dreamdrive version, a rollout thread that died, Redis failing to store the result. A
 * rollout that runs and fails or cannot be built is a result (fail or error), not a retry: rollouts
 * are deterministic, so running it again would say the same. Job data that is not a rollout at all
 * fails at once (UnrecoverableError).
 *
 * Stalled jobs: the lock of a job in progress is renewed every stalledAfterS / 2 by the main thread
 * (free, since rollouts run on threads). A worker killed mid-job stops renewing; after stalledAfterS
 * its lock expires, and the stalled-job check that every worker runs every stalledAfterS / 2 moves
 * the job back to the wait list (it takes two checks: one marks, the next moves), so another worker
 * runs it within about 2 x stalledAfterS. A job that stalls more than MAX_STALLED_COUNT times fails
 * (a rollout that kills its worker every time must not kill them all).
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { errorMessage } from '../../scenarios/errors';
import { packageRoot } from '../../scenarios/library';
import { dreamdriveVersion } from '../../api/log/logged-run';
import type { Verdict } from '../suite/rollout-outcome';
import type { QueueAddress } from './queue-url';
import { openRedis } from './redis-client';
import { QUEUE_NAME, QUEUE_PREFIX } from './run-keys';
import { readQueuedRollout, workerSpecPath, QueuedRolloutFormatError } from './queued-rollout';
import { recordResult } from './results-store';
import { createRolloutRunner, type RolloutRunner } from './rollout-runner';

/** Default time after which a job whose worker went silent is handed to another worker, s. */
export const DEFAULT_STALLED_AFTER_S = 30;
/** A job may stall (lose its worker) this often and still be run again; once more and it fails. */
export const MAX_STALLED_COUNT = 2;

export type WorkerEvent =
  | { readonly kind: 'rollout'; readonly run: string; readonly id: string; readonly verdict: Verdict; readonly wallS: number; readonly attempt: number; readonly stored: boolean }
  | { readonly kind: 'failed'; readonly run: string; readonly id: string; readonly attempt: number; readonly attempts: number; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** Rollouts at a time, each on its own thread. */
  readonly concurrency: number;
  readonly stalledAfterS?: number;
  /** Shown in results ('worker') and in BullMQ's worker list; default `<host>-<pid>`. */
  readonly name?: string;
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Rollout thread script; default rollout-thread.js when compiled, else in-process (tests). */
  readonly threadScript?: string | null;
}

export interface QueueWorker {
  readonly name: string;
  readonly runner: RolloutRunner;
  /** Stops taking jobs, lets the ones in progress finish and store their results, disconnects. */
  close(): Promise<void>;
}

export function defaultWorkerName(): string {
  return `${hostname()}-${process.pid}`;
}

/** The result stored by a processed job, as BullMQ's return value (for its event stream only). */
interface ProcessedRollout {
  readonly id: string;
  readonly verdict: Verdict;
  readonly stored: boolean;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const name = options.name ?? defaultWorkerName();
  const stalledAfterMs = Math.round((options.stalledAfterS ?? DEFAULT_STALLED_AFTER_S) * 1000);
  const emit = options.onEvent ?? (() => undefined);
  const reportError = (error: Error) => emit({ kind: 'error', message: errorMessage(error) });
  const runner = createRolloutRunner(options.concurrency, options.threadScript);
  const redis = openRedis(options.address, reportError);
  const ownRoot = packageRoot();
  const version = dreamdriveVersion();

  const processRollout = async (job: Job): Promise<ProcessedRollout> => {
    let rollout;
    try {
      rollout = readQueuedRollout(job.data);
    } catch (error) {
      if (error instanceof QueuedRolloutFormatError) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (rollout.dreamdriveVersion !== version) throw new Error(`worker ${name} runs dreamdrive ${version}, the rollout was enqueued by ${rollout.dreamdriveVersion}`);
    const specPath = workerSpecPath(rollout, ownRoot);
    if (!existsSync(specPath)) throw new Error(`worker ${name} has no file ${specPath} (spec files outside the dreamdrive package must be at the same path on every worker)`);
    if (rollout.log !== null && !existsSync(rollout.log.outDir)) throw new Error(`worker ${name} has no folder ${rollout.log.outDir} (with --logs, --out must be a folder every worker shares)`);
    const outcome = await runner.run({
      job: { ...rollout.job, specPath },
      logPath: rollout.log === null ? null : join(rollout.log.outDir, rollout.log.ref),
      logRef: rollout.log?.ref ?? null,
    });
    const attempt = job.attemptsStarted;
    const stored = await recordResult(redis, rollout.run, { worker: name, attempt, outcome });
    emit({ kind: 'rollout', run: rollout.run, id: outcome.id, verdict: outcome.verdict, wallS: outcome.wallS, attempt, stored });
    return { id: outcome.id, verdict: outcome.verdict, stored };
  };

  try {
    await runner.ready();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const worker = new Worker(QUEUE_NAME, processRollout, {
    connection: { url: options.address.url },
    prefix: QUEUE_PREFIX,
    name,
    concurrency: runner.size,
    lockDuration: stalledAfterMs,
    stalledInterval: Math.max(1, Math.round(stalledAfterMs / 2)),
    maxStalledCount: MAX_STALLED_COUNT,
  });
  worker.on('error', reportError);
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const data = job.data as { run?: unknown; job?: { id?: unknown } };
    emit({
      kind: 'failed',
      run: String(data?.run ?? '?'),
      id: String(data?.job?.id ?? job.id),
      attempt: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      message: errorMessage(error),
    });
  });
  await worker.waitUntilReady();
  return {
    name,
    runner,
    async close() {
      await worker.close();
      await runner.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
