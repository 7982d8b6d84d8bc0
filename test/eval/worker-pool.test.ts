/**
 * The worker pool with real worker threads: the worker script is a few lines of JavaScript that
 * call the compiled serveJobs (dist/eval/worker-serve.js, built by `npm run build`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPool } from '../../eval/worker-pool';
import { assertBuilt, REPO_ROOT } from '../helpers/cli';

const SERVE = path.join(REPO_ROOT, 'dist', 'eval', 'worker-serve.js');

/** Squares job.x after a busy wait of job.spinMs (so later jobs can finish first); throws on x < 0. */
const WORKER = `
const { threadId } = require('node:worker_threads');
const { serveJobs } = require(${JSON.stringify(SERVE)});
serveJobs(async (job) => {
  const until = Date.now() + job.spinMs;
  while (Date.now() < until) {}
  if (job.x < 0) throw new Error('negative x ' + job.x);
  return { square: job.x * job.x, threadId };
});
`;

interface Job {
  readonly x: number;
  readonly spinMs: number;
}

let dir: string;
let script: string;
beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pool-'));
  script = path.join(dir, 'square-worker.js');
  fs.writeFileSync(script, WORKER);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inProcess = (job: Job) => ({ square: job.x * job.x, threadId: 0 });

describe('runPool', () => {
  test('returns results in job order from the main thread and two threads, whatever order they finish in', async () => {
    // The main thread takes job 0 at once (300 ms); the threads join when loaded and take the rest.
    const jobs: Job[] = [300, 10, 10, 10, 150, 0].map((spinMs, x) => ({ x, spinMs }));
    const seen: number[] = [];
    const spinInProcess = (job: Job) => {
      const until = Date.now() + job.spinMs;
      while (Date.now() < until);
      return inProcess(job);
    };
    const results = await runPool<Job, { square: number; threadId: number }>(jobs, { script, workerData: null, workers: 3, runInProcess: spinInProcess, onResult: (done) => seen.push(done) });
    expect(results.map((r) => r.square)).toEqual([0, 1, 4, 9, 16, 25]);
    expect(results[0].threadId).toBe(0);
    expect(results.some((r) => r.threadId !== 0)).toBe(true);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('gives the same results in-process (one worker, or no compiled script)', async () => {
    const jobs: Job[] = [3, 1, 2].map((x) => ({ x, spinMs: 0 }));
    for (const options of [{ script, workers: 1 }, { script: null, workers: 4 }]) {
      const results = await runPool<Job, { square: number; threadId: number }>(jobs, { ...options, workerData: null, runInProcess: inProcess });
      expect(results).toEqual([9, 1, 4].map((square) => ({ square, threadId: 0 })));
    }
  });

  test('stops every worker and rejects, naming the job, when a thread’s handler throws', async () => {
    // Job 0 keeps the main thread busy, so job 1 goes to the thread, which throws on it.
    const jobs: Job[] = [{ x: 1, spinMs: 0 }, { x: -2, spinMs: 0 }, { x: 3, spinMs: 300 }, { x: 4, spinMs: 300 }];
    const slowMain = (job: Job) => {
      const until = Date.now() + 500;
      while (Date.now() < until);
      return inProcess(job);
    };
    await expect(runPool(jobs, { script, workerData: null, workers: 2, runInProcess: slowMain })).rejects.toThrow('worker failed on job 1: negative x -2');
  });
});
