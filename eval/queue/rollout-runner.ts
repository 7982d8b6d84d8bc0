/**
 * Where a queue worker runs its rollouts: on N long-lived worker threads (rollout-thread.js), so
 * that the main thread stays free while rollouts compute. That matters for correctness, not only
 * speed: the main thread renews the BullMQ locks of the jobs in progress, and a lock that is not
 * renewed in time makes another worker run the job again. The threads speak worker-serve.ts's
 * protocol (ready, { index, job } -> { index, result | error }, { done }).
 *
 * A thread that dies (out of memory, a native crash) fails its rollout, which BullMQ then retries,
 * and is replaced. A thread that dies before it is ready (a broken build) is not: every rollout
 * fails with its error instead of respawning it in a loop.
 *
 * Without a compiled thread script (ts-jest runs the TypeScript sources) the rollouts run on the
 * main thread, one at a time; rollouts of the library take well under a second, far less than a lock.
 */
import { Worker } from 'node:worker_threads';
import { compiledWorkerScript, type JobMessage, type ResultMessage } from '../worker-pool';
import { runEvalJob, type JobTask } from '../suite/run-job';
import type { RolloutOutcome } from '../suite/rollout-outcome';
import { createWorkerContext } from './worker-context';

export interface RolloutRunner {
  /** Rollout threads (1 when in-process). */
  readonly size: number;
  readonly inProcess: boolean;
  /** Resolves once every thread has loaded and can take a rollout. */
  ready(): Promise<void>;
  run(task: JobTask): Promise<RolloutOutcome>;
  /** Lets the rollouts in progress finish, then stops the threads. */
  close(): Promise<void>;
}

interface Pending {
  readonly task: JobTask;
  readonly resolve: (outcome: RolloutOutcome) => void;
  readonly reject: (error: Error) => void;
}

interface Lane {
  readonly worker: Worker;
  ready: boolean;
  current: (Pending & { readonly index: number }) | null;
}

/** The compiled rollout-thread.js beside this module, or null under ts-jest. */
export function rolloutThreadScript(): string | null {
  return compiledWorkerScript(__dirname, 'rollout-thread.js');
}

export function createRolloutRunner(threads: number, script: string | null = rolloutThreadScript()): RolloutRunner {
  return script === null ? inProcessRunner() : threadRunner(script, threads);
}

function inProcessRunner(): RolloutRunner {
  const context = createWorkerContext();
  // One at a time, as on a thread: a camera's world model is not shared by two rollouts at once.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    size: 1,
    inProcess: true,
    ready: async () => undefined,
    run(task) {
      const result = queue.then(() => runEvalJob(task, context));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await context.cameras.close();
    },
  };
}

function threadRunner(script: string, size: number): RolloutRunner {
  const waiting: Pending[] = [];
  const lanes = new Set<Lane>();
  let nextIndex = 0;
  let closing = false;
  let broken: Error | null = null;
  let readyCount = 0;
  const readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  const settleReady = () => {
    if (broken !== null) for (const w of readyWaiters.splice(0)) w.reject(broken);
    else if (readyCount >= size) for (const w of readyWaiters.splice(0)) w.resolve();
  };
  const pump = () => {
    if (broken !== null) {
      for (const p of waiting.splice(0)) p.reject(broken);
      return;
    }
    for (const lane of lanes) {
      if (waiting.length === 0) return;
      if (!lane.ready || lane.current !== null) continue;
      const pending = waiting.shift()!;
      const index = nextIndex++;
      lane.current = { ...pending, index };
      const message: JobMessage<JobTask> = { index, job: pending.task };
      lane.worker.postMessage(message);
    }
  };
  const spawn = () => {
    const lane: Lane = { worker: new Worker(script), ready: false, current: null };
    let lastError: Error | null = null;
    lanes.add(lane);
    lane.worker.on('message', (msg: ResultMessage<RolloutOutcome>) => {
      if ('ready' in msg) {
        lane.ready = true;
        readyCount++;
        settleReady();
      } else if (lane.current !== null && msg.index === lane.current.index) {
        const { resolve, reject } = lane.current;
        lane.current = null;
        if ('error' in msg) reject(new Error(`rollout thread: ${msg.error}`));
        else resolve(msg.result);
      }
      pump();
    });
    lane.worker.on('error', (error) => (lastError = error));
    lane.worker.on('exit', (code) => {
      lanes.delete(lane);
      const why = `rollout thread stopped (exit code ${code}${lastError ? `: ${lastError.message}` : ''})`;
      lane.current?.reject(new Error(why));
      lane.current = null;
      if (closing) return;
      if (!lane.ready) broken ??= new Error(`${why} before it was ready; is the build (npm run build) complete?`);
      else {
        readyCount--;
        spawn();
      }
      settleReady();
      pump();
    });
  };
  for (let i = 0; i < size; i++) spawn();

  return {
    size,
    inProcess: false,
    ready: () =>
      new Promise<void>((resolve, reject) => {
        readyWaiters.push({ resolve, reject });
        settleReady();
      }),
    run(task) {
      return new Promise<RolloutOutcome>((resolve, reject) => {
        if (closing) reject(new Error('the rollout threads are closing'));
        else {
          waiting.push({ task, resolve, reject });
          pump();
        }
      });
    },
    async close() {
      closing = true;
      for (const p of waiting.splice(0)) p.reject(new Error('the rollout threads are closing'));
      // { done } is handled after the rollout in progress (worker-serve.ts runs messages in order).
      await Promise.all(
        [...lanes].map(
          (lane) =>
            new Promise<void>((resolve) => {
              lane.worker.once('exit', () => resolve());
              lane.worker.postMessage({ done: true });
            }),
        ),
      );
    },
  };
}
