/**
 * The worker side of worker-pool.ts: says { ready: true } once loaded, answers each { index, job }
 * with { index, result }, in the order received, and exits when told { done: true }. A handler that throws answers { index, error }
 * (the pool then stops the run): handlers that want one bad job to fail only itself catch inside.
 */
import { parentPort } from 'node:worker_threads';
import type { JobMessage, ResultMessage } from './worker-pool';

/** `onDone` runs after the last job, before the worker exits (to free native resources). */
export function serveJobs<J, R>(handler: (job: J) => R | Promise<R>, onDone?: () => Promise<void>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs must run in a worker thread');
  // Jobs are handled one at a time even when the handler is async (a log being written), so a
  // worker never holds more than one rollout in memory.
  let queue = Promise.resolve();
  port.on('message', (msg: JobMessage<J> | { done: true }) => {
    queue = queue.then(async () => {
      if ('done' in msg) {
        await onDone?.();
        port.close();
        return;
      }
      let reply: ResultMessage<R>;
      try {
        reply = { index: msg.index, result: await handler(msg.job) };
      } catch (error) {
        reply = { index: msg.index, error: (error as Error)?.message ?? String(error) };
      }
      port.postMessage(reply);
    });
  });
  // The worker's modules are loaded by now: ask for work.
  const ready: ResultMessage<R> = { ready: true };
  port.postMessage(ready);
}
