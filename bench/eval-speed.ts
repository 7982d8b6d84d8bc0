/**
 * Evaluation throughput: rollouts per second of the shipped library suite (eval/suites/library.yaml,
 * every library scenario x trajectory, idm, pure-pursuit), without logs, measured in one run:
 *
 * - embedded: the worker-thread pool of `dreamdrive eval` with 1 and 2 workers. The times include
 *   starting the workers (each loads the simulator and mathjs, about a second of CPU), as a user's
 *   `dreamdrive eval` run does;
 * - redis: `dreamdrive eval --queue` with 2 `dreamdrive worker` processes (one rollout thread each)
 *   on a redis-server of our own (eval/queue/local-redis-server.ts). "cold" starts the clock before
 *   the worker processes are spawned (as the embedded rows start before their threads); "warm" is a
 *   second run on the same workers, as a standing fleet of workers sees it. Skipped, with the
 *   reason, where redis-server is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasRedisServer, startLocalRedis } from '../eval/queue/local-redis-server';
import { runSuiteOnQueue } from '../eval/queue/run-on-queue';
import type { EvalJob } from '../eval/suite/eval-job';
import { expandSuite } from '../eval/suite/expand-suite';
import { loadSuiteFile } from '../eval/suite/load-suite';
import type { RolloutOutcome } from '../eval/suite/rollout-outcome';
import { runSuite } from '../eval/suite/run-suite';
import { packageRoot } from '../scenarios/library';

export type EvalSpeedMode = 'embedded' | 'redis cold' | 'redis warm';

export interface EvalSpeedRow {
  readonly mode: EvalSpeedMode;
  readonly workers: number;
  readonly rollouts: number;
  readonly seconds: number;
  readonly rolloutsPerS: number;
  /** Simulated seconds per wall-clock second. */
  readonly realTimeFactor: number;
}

export interface EvalSpeed {
  readonly rows: readonly EvalSpeedRow[];
  /** Why the Redis rows are missing, or null. */
  readonly redisSkipped: string | null;
}

/** Queue workers in the Redis rows. */
const QUEUE_WORKERS = 2;

function row(mode: EvalSpeedMode, workers: number, outcomes: readonly RolloutOutcome[], seconds: number): EvalSpeedRow {
  const simulatedS = outcomes.reduce((t, o) => t + (o.run?.simulatedS ?? 0), 0);
  return { mode, workers, rollouts: outcomes.length, seconds, rolloutsPerS: outcomes.length / seconds, realTimeFactor: simulatedS / seconds };
}

function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function redisRows(suite: { name: string; sha1: string }, jobs: readonly EvalJob[]): Promise<EvalSpeedRow[]> {
  const server = await startLocalRedis();
  const workers: ChildProcess[] = [];
  let stderr = '';
  const run = (runId: string) => runSuiteOnQueue(suite, jobs, { address: server.address, runId, outDir: '', logs: 'none', localWorkers: 1 });
  try {
    const started = performance.now();
    for (let i = 0; i < QUEUE_WORKERS; i++) {
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dreamdrive.js'), 'worker', '--queue', server.address.url, '--concurrency', '1', '--quiet', '--name', `bench-${i}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      // Their stderr (retries, Redis trouble, the stop message) is shown only if the measurement fails.
      child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      workers.push(child);
    }
    const cold = await run(`bench-cold-${Date.now()}`);
    const coldS = (performance.now() - started) / 1000;
    const warm = await run(`bench-warm-${Date.now()}`);
    return [row('redis cold', QUEUE_WORKERS, cold.outcomes, coldS), row('redis warm', QUEUE_WORKERS, warm.outcomes, warm.wallS)];
  } catch (error) {
    throw new Error(`${(error as Error).message}${stderr ? `\nworkers' stderr:\n${stderr}` : ''}`);
  } finally {
    await Promise.all(workers.map(stopWorker));
    await server.stop();
  }
}

export async function evalSpeed(workerCounts: readonly number[] = [1, 2]): Promise<EvalSpeed> {
  const suite = loadSuiteFile(join(packageRoot(), 'eval', 'suites', 'library.yaml'));
  const { jobs } = expandSuite(suite);
  const rows: EvalSpeedRow[] = [];
  for (const workers of workerCounts) {
    const run = await runSuite(jobs, { outDir: '', workers, logs: 'none' });
    rows.push(row('embedded', workers, run.outcomes, run.wallS));
  }
  if (!hasRedisServer()) return { rows, redisSkipped: 'redis-server is not installed (apt-get install redis-server)' };
  rows.push(...(await redisRows({ name: suite.spec.name, sha1: suite.sha1 }, jobs)));
  return { rows, redisSkipped: null };
}

/** Table lines for bench/run.ts. */
export function formatEvalSpeed(speed: EvalSpeed): string {
  const base = speed.rows.find((r) => r.mode === 'embedded' && r.workers === 1);
  const lines = speed.rows.map(
    (r) =>
      `${r.mode.padEnd(10)}  ${String(r.workers).padStart(7)}  ${String(r.rollouts).padStart(8)}  ${r.seconds.toFixed(2).padStart(7)}  ${r.rolloutsPerS.toFixed(1).padStart(10)}  ${r.realTimeFactor.toFixed(0).padStart(11)}  ${base ? `${(r.rolloutsPerS / base.rolloutsPerS).toFixed(2)}x`.padStart(8) : ''}`,
  );
  return [
    'evaluation suite eval/suites/library.yaml, no logs (embedded: worker threads, start-up included; redis: dreamdrive worker processes,',
    'one rollout thread each, cold = clock started before the processes, warm = a second run on them)',
    'mode        workers  rollouts  seconds  rollouts/s  x real time  vs 1 worker',
    ...lines,
    ...(speed.redisSkipped === null ? [] : [`redis rows skipped: ${speed.redisSkipped}`]),
  ].join('\n');
}
