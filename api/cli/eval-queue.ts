/**
 * The `--queue URL [--run-id ID]` options of `dreamdrive eval`: checked before the suite is loaded
 * (a typo in the URL is a usage error, exit 2), then the run on the queue (eval/queue/run-on-queue.ts)
 * with what the user should read on stderr: the run's name and how to resume it, a note when no
 * worker is connected, connection trouble while waiting.
 */
import { mkdirSync } from 'node:fs';
import type { EvalJob } from '../../eval/suite/eval-job';
import type { LogSelection, SuiteRun } from '../../eval/suite/run-suite';
import { QueueError } from '../../eval/queue/queue-error';
import { parseQueueUrl, type QueueAddress } from '../../eval/queue/queue-url';
import { runSuiteOnQueue } from '../../eval/queue/run-on-queue';
import { checkRunId, newRunId } from '../../eval/queue/run-keys';
import { CliError } from './cli-error';

export interface QueueTarget {
  readonly address: QueueAddress;
  /** --run-id, or a fresh one. */
  readonly runId: string;
}

function asCliError(error: unknown): never {
  if (error instanceof QueueError) throw new CliError(`dreamdrive eval: ${error.message}`, error.usage ? 2 : 1);
  throw error;
}

/** null without --queue; --run-id alone is a usage error. */
export function queueTarget(queue: string | undefined, runId: string | undefined): QueueTarget | null {
  if (queue === undefined) {
    if (runId !== undefined) throw new CliError('dreamdrive eval: --run-id names a run on a queue; give --queue redis://HOST:PORT as well', 2);
    return null;
  }
  try {
    return { address: parseQueueUrl(queue), runId: runId === undefined ? newRunId() : checkRunId(runId) };
  } catch (error) {
    return asCliError(error);
  }
}

export interface QueueEvalOptions {
  readonly outDir: string;
  readonly workers: number;
  readonly logs: LogSelection;
  readonly onProgress: (done: number, total: number, phase: 'rollouts' | 'logs') => void;
}

export async function runEvalOnQueue(suite: { name: string; sha1: string }, jobs: readonly EvalJob[], target: QueueTarget, options: QueueEvalOptions): Promise<SuiteRun> {
  const err = process.stderr;
  const where = target.address.display;
  // Workers write logs into --out with --logs: it must exist before they look for it.
  if (options.logs === 'all') mkdirSync(options.outDir, { recursive: true });
  let warnedNoWorkers = false;
  let lastConnectionError = '';
  try {
    return await runSuiteOnQueue(suite, jobs, {
      address: target.address,
      runId: target.runId,
      outDir: options.outDir,
      logs: options.logs,
      localWorkers: options.workers,
      onEnqueued: (run, r) => {
        const resume = `resume with --queue ${where} --run-id ${target.runId}`;
        if (r.resumed) err.write(`resuming run ${run} on ${where}: ${r.alreadyDone} of ${r.total} rollouts have results, ${r.enqueued} to run\n`);
        else err.write(`run ${run} on ${where}: ${r.total} rollouts enqueued (${resume})\n`);
      },
      onProgress: options.onProgress,
      onNoWorkers: () => {
        if (warnedNoWorkers) return;
        warnedNoWorkers = true;
        err.write(`\nno worker is connected to ${where}; start one (on any machine) with: dreamdrive worker --queue ${where}\n`);
      },
      onConnectionError: (message) => {
        if (message !== lastConnectionError) err.write(`\nRedis at ${where}: ${message} (reconnecting)\n`);
        lastConnectionError = message;
      },
    });
  } catch (error) {
    return asCliError(error);
  }
}
