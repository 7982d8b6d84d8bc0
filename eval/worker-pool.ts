/**
 * A pool of worker threads that run a list of plain-data jobs and return their results in job
 * order, whatever the workers' timing (so outputs are deterministic). Sweeps and evaluation suites
 * share it; each has a worker script that calls `serveJobs` (worker-serve.ts).
 *
 * Protocol: worker -> { ready: true } once loaded; parent -> { index, job } | { done: true };
 * worker -> { index, result } | { index, error }. A worker gets its first job when it is ready and
 * its next one when it returns one, so neither a slow start nor a slow job holds up the others.
 *
 * With N workers the pool starts N - 1 threads and the main thread is the N-th worker: a thread
 * loads the simulator and mathjs before its first job (seconds of CPU on a busy machine), which the
 * main thread has done already, so it starts at once and the threads join as they become ready.
 * Without a compiled worker script (tests run the TypeScript sources) or with one worker, all jobs
 * run in-process through `runInProcess`, in order: the same results, one core.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PoolOptions<J, R> {
  /** Compiled worker script (see compiledWorkerScript), or null to run in-process. */
  readonly script: string | null;
  /** Handed to every worker once (paths, settings: plain data only). */
  readonly workerData: unknown;
  readonly workers: number;
  /** The in-process equivalent of the worker's handler. */
  readonly runInProcess: (job: J) => R | Promise<R>;
  /** Called after each result with the number of jobs done so far. */
  readonly onResult?: (done: number, result: R, index: number) => void;
}

export interface JobMessage<J> {
  readonly index: number;
  readonly job: J;
}

export type ResultMessage<R> = { readonly ready: true } | { readonly index: number; readonly result: R } | { readonly index: number; readonly error: string };

/** `name` beside the calling module when it was compiled to JavaScript, else null (ts-jest). */
export function compiledWorkerScript(dir: string, name: string): string | null {
  const path = join(dir, name);
  return existsSync(path) ? path : null;
}

export async function runPool<J, R>(jobs: readonly J[], options: PoolOptions<J, R>): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  if (options.workers <= 1 || options.script === null || jobs.length <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      results[i] = await options.runInProcess(jobs[i]);
      options.onResult?.(i + 1, results[i], i);
    }
    return results;
  }
  const script = options.script;
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: Math.min(options.workers, jobs.length) - 1 }, () => new Worker(script, { workerData: options.workerData }));
  let failed = false;
  const fail = (reject: (e: Error) => void, error: Error) => {
    // One failure ends the run: the other workers stop instead of finishing work nobody will read.
    failed = true;
    for (const w of pool) void w.terminate();
    reject(error);
  };
  /** Once every result is in, threads still starting up are stopped rather than waited for. */
  const finished = () => done === jobs.length;
  const stopIdle = () => {
    if (finished()) for (const w of pool) void w.terminate();
  };
  const mainLane = async () => {
    while (next < jobs.length && !failed) {
      // Yield to the event loop first: the threads' results and requests for work are handled
      // between two in-process jobs (each one runs synchronously to its end).
      await new Promise((resolve) => setImmediate(resolve));
      if (next >= jobs.length || failed) break;
      const index = next++;
      results[index] = await options.runInProcess(jobs[index]);
      options.onResult?.(++done, results[index], index);
    }
    stopIdle();
  };
  await Promise.all([
    mainLane(),
    ...pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next < jobs.length) {
              const message: JobMessage<J> = { index: next, job: jobs[next] };
              next++;
              worker.postMessage(message);
            } else worker.postMessage({ done: true });
          };
          worker.on('message', (msg: ResultMessage<R>) => {
            if ('ready' in msg) {
              feed();
              return;
            }
            if ('error' in msg) {
              fail(reject, new Error(`worker failed on job ${msg.index}: ${msg.error}`));
              return;
            }
            results[msg.index] = msg.result;
            options.onResult?.(++done, msg.result, msg.index);
            feed();
            stopIdle();
          });
          worker.on('error', (error) => fail(reject, error));
          worker.on('exit', (code) => {
            if (code === 0 || finished()) resolve();
            else if (!failed) fail(reject, new Error(`worker exited with code ${code}`));
          });
        }),
    ),
  ]);
  return results;
}
