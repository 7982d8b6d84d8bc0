/**
 * Runs a suite's jobs on the worker pool (eval/worker-pool.ts) and writes rollout logs:
 *
 * - logs 'all': every rollout is logged as it runs;
 * - logs 'failed-and-worst' (default): rollouts run without logs (logging costs more than the
 *   simulation); then the failed ones and the lowest-scoring ones run again, logged. Rollouts are
 *   deterministic, so the rerun is the same rollout, and its final state hash is checked against
 *   the first run's: a difference is reported as a determinism failure, never hidden;
 * - logs 'none': no logs (benchmarks).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rolloutScore } from '../aggregate';
import { compiledWorkerScript, runPool } from '../worker-pool';
import type { EvalJob } from './eval-job';
import type { RolloutOutcome } from './rollout-outcome';
import { createJobCameras } from './job-cameras';
import { createSpecCache, runEvalJob, type JobTask } from './run-job';

export type LogSelection = 'all' | 'failed-and-worst' | 'none';

/** Lowest-scoring rollouts logged besides the failed ones (the report's "worst rollouts"). */
export const WORST_LOGGED = 10;
/** Failed rollouts logged at most (a suite that fails everywhere should not fill the disk). */
export const MAX_FAILED_LOGGED = 200;
export const LOGS_FOLDER = 'logs';

export interface SuiteRunOptions {
  /** Output folder (absolute); logs go to `<outDir>/logs/`. */
  readonly outDir: string;
  readonly workers: number;
  readonly logs: LogSelection;
  /** With 'failed-and-worst': how many lowest-scoring rollouts are logged besides the failures (default WORST_LOGGED). */
  readonly worstLogged?: number;
  /** Default: eval-worker.js beside this module when compiled, else in-process. */
  readonly workerScript?: string | null;
  readonly onProgress?: (done: number, total: number, phase: 'rollouts' | 'logs') => void;
}

export interface SuiteRun {
  /** One per job, in job order. */
  readonly outcomes: readonly RolloutOutcome[];
  readonly workers: number;
  /** Wall-clock time of the rollouts (the first pass), s. */
  readonly wallS: number;
  /** Wall-clock time spent re-running rollouts to log them, s. */
  readonly loggingS: number;
  /** Rollouts whose logged rerun ended in another state than their first run (should be empty). */
  readonly determinismFailures: readonly string[];
}

/** `logs/<id with unsafe characters replaced>-<8 hex of its sha1>.mcap`: unique, portable, readable. */
export function logFileName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 150);
  return `${LOGS_FOLDER}/${safe}-${createHash('sha1').update(id).digest('hex').slice(0, 8)}.mcap`;
}

function task(job: EvalJob, outDir: string, logged: boolean): JobTask {
  if (!logged) return { job, logPath: null, logRef: null };
  const ref = logFileName(job.id);
  return { job, logPath: join(outDir, ref), logRef: ref };
}

/** Indices of the rollouts to log after the fact: failures first (capped), then the lowest scores. */
export function selectForLogs(outcomes: readonly RolloutOutcome[], worstCount = WORST_LOGGED): number[] {
  const ran = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.metrics !== null);
  const failed = ran.filter(({ o }) => o.verdict === 'fail').slice(0, MAX_FAILED_LOGGED);
  const score = (o: RolloutOutcome) => rolloutScore({ ...o, pdm: o.metrics?.pdm ?? null }) ?? 1;
  const worst = [...ran].sort((a, b) => score(a.o) - score(b.o) || a.i - b.i).slice(0, worstCount);
  return [...new Set([...failed, ...worst].map(({ i }) => i))].sort((a, b) => a - b);
}

export async function runSuite(jobs: readonly EvalJob[], options: SuiteRunOptions): Promise<SuiteRun> {
  const script = options.workerScript === undefined ? compiledWorkerScript(__dirname, 'eval-worker.js') : options.workerScript;
  // In-process runs share one context (the world model is loaded once); workers have their own.
  const context = { specs: createSpecCache(), cameras: createJobCameras() };
  const pool = (tasks: readonly JobTask[], phase: 'rollouts' | 'logs') => {
    // Reported before the first result, so that a progress bar's clock starts with the work.
    options.onProgress?.(0, tasks.length, phase);
    return runPool<JobTask, RolloutOutcome>(tasks, {
      script,
      workerData: null,
      workers: options.workers,
      runInProcess: (t) => runEvalJob(t, context),
      onResult: (done) => options.onProgress?.(done, tasks.length, phase),
    });
  };

  try {
    return await runAndLog(jobs, options, pool);
  } finally {
    await context.cameras.close();
  }
}

/**
 * Puts the logs of the rerun rollouts (reruns[k] of outcomes[chosen[k]]) into the outcomes, and
 * returns a message for each rerun that ended in another state than its first run.
 */
export function mergeLoggedReruns(
  outcomes: RolloutOutcome[],
  chosen: readonly number[],
  reruns: readonly RolloutOutcome[],
  firstRunLabel: (index: number) => string,
  rerunLabel: string,
): string[] {
  const failures: string[] = [];
  chosen.forEach((i, k) => {
    const first = outcomes[i];
    const again = reruns[k];
    if (again.run?.finalHash !== first.run?.finalHash) failures.push(`${first.id}: final state ${first.run?.finalHash} ${firstRunLabel(i)}, ${again.run?.finalHash ?? again.message} ${rerunLabel}`);
    outcomes[i] = { ...first, log: again.log };
  });
  return failures;
}

async function runAndLog(jobs: readonly EvalJob[], options: SuiteRunOptions, pool: (tasks: readonly JobTask[], phase: 'rollouts' | 'logs') => Promise<RolloutOutcome[]>): Promise<SuiteRun> {
  const started = performance.now();
  const logAll = options.logs === 'all';
  const outcomes = await pool(
    jobs.map((j) => task(j, options.outDir, logAll)),
    'rollouts',
  );
  const wallS = (performance.now() - started) / 1000;
  const determinismFailures: string[] = [];
  let loggingS = 0;
  if (options.logs === 'failed-and-worst') {
    const loggedStart = performance.now();
    const chosen = selectForLogs(outcomes, options.worstLogged);
    const reruns = await pool(
      chosen.map((i) => task(jobs[i], options.outDir, true)),
      'logs',
    );
    determinismFailures.push(...mergeLoggedReruns(outcomes, chosen, reruns, () => 'on the first run', 'on the logged rerun'));
    loggingS = (performance.now() - loggedStart) / 1000;
  }
  return { outcomes, workers: options.workers, wallS, loggingS, determinismFailures };
}
