/**
 * The queue's parts against a real Redis (a redis-server of our own on a free port) with a worker
 * in this process (under ts-jest its rollouts run on the main thread): results stored exactly once,
 * retries with backoff, failures that become error results, resuming a run, unreachable Redis.
 * The distributed run through `dreamdrive worker` processes is in distributed-eval.test.ts.
 */
import * as fs from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { dreamdriveVersion } from '../../../api/log/logged-run';
import { collectRun } from '../../../eval/queue/collect-run';
import { enqueueRun, type RetryPolicy, type RunPlan } from '../../../eval/queue/enqueue-run';
import { hasRedisServer, startLocalRedis, type LocalRedis } from '../../../eval/queue/local-redis-server';
import { QueueError } from '../../../eval/queue/queue-error';
import { parseQueueUrl } from '../../../eval/queue/queue-url';
import { startQueueWorker, type QueueWorker, type WorkerEvent } from '../../../eval/queue/queue-worker';
import { checkReachable, openRedis } from '../../../eval/queue/redis-client';
import { readResults, recordResult } from '../../../eval/queue/results-store';
import { runSuiteOnQueue } from '../../../eval/queue/run-on-queue';
import { QUEUE_NAME, QUEUE_PREFIX, resultsKey, runName } from '../../../eval/queue/run-keys';
import { expandSuite } from '../../../eval/suite/expand-suite';
import { parseSuiteText } from '../../../eval/suite/load-suite';
import { notRunOutcome } from '../../../eval/suite/rollout-outcome';
import { findScenario, packageRoot } from '../../../scenarios/library';

const RETRY: RetryPolicy = { attempts: 3, backoffMs: 100 };
const COLLECT = { retry: RETRY, pollMs: 50, failedCheckMs: 100 };

let dir: string;
let server: LocalRedis;
let redis: Redis;
let queue: Queue;
let worker: QueueWorker;
const events: WorkerEvent[] = [];
/** Called with each worker event (tests hook into the worker's life here). */
let onEvent: (e: WorkerEvent) => void = () => undefined;

beforeAll(async () => {
  if (!hasRedisServer()) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/run does)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-worker-'));
  server = await startLocalRedis();
  redis = openRedis(server.address, () => undefined);
  queue = new Queue(QUEUE_NAME, { connection: { url: server.address.url }, prefix: QUEUE_PREFIX });
  worker = await startQueueWorker({
    address: server.address,
    concurrency: 1,
    name: 'in-test',
    onEvent: (e) => {
      events.push(e);
      onEvent(e);
    },
  });
}, 30_000);

afterAll(async () => {
  await worker?.close();
  await queue?.close();
  redis?.disconnect();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function planOf(suiteName: string, runId: string, suiteText: string): RunPlan {
  const suiteFile = path.join(dir, `${suiteName}.yaml`);
  fs.writeFileSync(suiteFile, suiteText);
  const suite = parseSuiteText(suiteText, suiteFile);
  return { run: runName(suiteName, runId), suite: { name: suiteName, sha1: suite.sha1 }, jobs: expandSuite(suite).jobs, packageRoot: packageRoot(), dreamdriveVersion: dreamdriveVersion(), logs: null };
}

const rolloutsOf = (run: string) => events.filter((e): e is Extract<WorkerEvent, { kind: 'rollout' }> => e.kind === 'rollout' && e.run === run).map((e) => e.id);

describe('results store', () => {
  test('a rollout keeps the first result stored for it: a second store is refused and changes nothing', async () => {
    const [job] = planOf('store', 'x', 'version: 1\nname: store\nscenarios: [{ library: cut_in }]\npolicies: [idm]\n').jobs;
    const first = { worker: 'a', attempt: 1, outcome: notRunOutcome(job, 'error', 'first', 0.5) };
    const second = { worker: 'b', attempt: 2, outcome: notRunOutcome(job, 'error', 'second', 0.7) };
    expect(await recordResult(redis, 'store@x', first)).toBe(true);
    expect(await recordResult(redis, 'store@x', second)).toBe(false);
    expect([...(await readResults(redis, 'store@x')).values()]).toEqual([first]);
    // Kept for a week after the last write, so that a run can be resumed.
    expect(await redis.ttl(resultsKey('store@x'))).toBeGreaterThan(6 * 24 * 3600);
  });
});

describe('retries', () => {
  test('a job that throws is retried with backoff; one that still throws after its attempts becomes an error result', async () => {
    const late = path.join(dir, 'late.yaml');
    const gone = path.join(dir, 'gone.yaml');
    fs.copyFileSync(findScenario('lead_vehicle_hard_brake')!, late);
    fs.copyFileSync(findScenario('pedestrian_crossing')!, gone);
    const plan = planOf('retry', 'r1', 'version: 1\nname: retry\nscenarios: [{ file: late.yaml }, { file: gone.yaml }]\npolicies: [idm]\n');
    const [lateJob, goneJob] = plan.jobs;
    // The workers cannot read either spec: one comes back after the first failed attempt, one never does.
    fs.renameSync(late, `${late}.away`);
    fs.rmSync(gone);
    onEvent = (e) => {
      if (e.kind === 'failed' && e.id === lateJob.id && e.attempt === 1) fs.renameSync(`${late}.away`, late);
    };
    expect(await enqueueRun(queue, redis, plan, RETRY)).toEqual({ total: 2, alreadyDone: 0, enqueued: 2, resumed: false });
    const results = await collectRun(queue, redis, plan, COLLECT);
    onEvent = () => undefined;

    const failures = events.filter((e) => e.kind === 'failed' && e.run === plan.run).map((e) => (e.kind === 'failed' ? [e.id, e.attempt, e.attempts] : []));
    expect(failures).toEqual([
      [lateJob.id, 1, 3],
      [goneJob.id, 1, 3],
      [goneJob.id, 2, 3],
      [goneJob.id, 3, 3],
    ]);
    const retried = results.get(lateJob.id)!;
    expect([retried.worker, retried.attempt, retried.outcome.verdict]).toEqual(['in-test', 2, 'pass']);
    const failed = results.get(goneJob.id)!.outcome;
    expect(failed.verdict).toBe('error');
    expect(failed.message).toBe(`failed on the queue after 3 attempts: worker in-test has no file ${gone} (spec files outside the dreamdrive package must be at the same path on every worker)`);
    // The failed job has left the queue once its error result was stored.
    expect(await queue.getFailedCount()).toBe(0);
  }, 30_000);
});

describe('resuming a run', () => {
  const suite = 'version: 1\nname: resume\nscenarios: [{ library: lead_vehicle_hard_brake }, { library: pedestrian_crossing }]\nseeds: [0, 1]\npolicies: [idm]\n';

  test('enqueueing again runs nothing; after results are lost, only the rollouts without one run again', async () => {
    const plan = planOf('resume', 'r1', suite);
    expect(await enqueueRun(queue, redis, plan, RETRY)).toEqual({ total: 4, alreadyDone: 0, enqueued: 4, resumed: false });
    const first = await collectRun(queue, redis, plan, COLLECT);
    expect([...first.keys()].sort()).toEqual(plan.jobs.map((j) => j.id).sort());
    expect(rolloutsOf(plan.run).sort()).toEqual(plan.jobs.map((j) => j.id).sort());

    expect(await enqueueRun(queue, redis, plan, RETRY)).toEqual({ total: 4, alreadyDone: 4, enqueued: 0, resumed: true });
    const lost = [plan.jobs[1].id, plan.jobs[2].id];
    await redis.hdel(resultsKey(plan.run), ...lost);
    expect(await enqueueRun(queue, redis, plan, RETRY)).toEqual({ total: 4, alreadyDone: 2, enqueued: 2, resumed: true });
    const second = await collectRun(queue, redis, plan, COLLECT);
    expect(rolloutsOf(plan.run).slice(4).sort()).toEqual([...lost].sort());
    // Deterministic rollouts: the rerun's results equal the lost ones, all but the wall-clock time.
    for (const id of lost) expect({ ...second.get(id)!.outcome, wallS: 0 }).toEqual({ ...first.get(id)!.outcome, wallS: 0 });
  }, 30_000);

  test('a run id cannot be resumed with another plan', async () => {
    const other = planOf('resume', 'r1', suite.replace('seeds: [0, 1]', 'seeds: [0]'));
    await expect(enqueueRun(queue, redis, other, RETRY)).rejects.toThrow(QueueError);
    await expect(enqueueRun(queue, redis, other, RETRY)).rejects.toThrow(/^run 'resume@r1' was started on .* with another plan \(suite sha1 [0-9a-f]{12}, 4 rollouts\); its results are not the results of this suite/);
  });
});

describe('reaching Redis', () => {
  test('a port where nothing listens is reported at once, naming the address', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((resolve) => probe.close(resolve));
    const started = Date.now();
    await expect(checkReachable(parseQueueUrl(`redis://127.0.0.1:${port}`))).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${port}: connection refused (connect ECONNREFUSED 127.0.0.1:${port}); is redis-server running there?`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('a run whose Redis goes away is ended with a message after the reconnection attempts, not waited on', async () => {
    const doomed = await startLocalRedis();
    const plan = planOf('doomed', 'r1', 'version: 1\nname: doomed\nscenarios: [{ library: cut_in }]\npolicies: [idm]\n');
    let enqueued = false;
    const run = runSuiteOnQueue(plan.suite, plan.jobs, { address: doomed.address, runId: 'r1', outDir: dir, logs: 'none', localWorkers: 1, onEnqueued: () => (enqueued = true) });
    const failure = run.then(
      () => 'no error',
      (e: Error) => e,
    );
    while (!enqueued) await new Promise((resolve) => setTimeout(resolve, 20));
    await doomed.stop();
    const started = Date.now();
    const error = await failure;
    expect(error).toBeInstanceOf(QueueError);
    expect((error as QueueError).message).toMatch(new RegExp(`^lost Redis at ${doomed.address.display.replace(/\./g, '\\.')} \\(.*\\); the workers keep what they stored: resume with --run-id r1$`));
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);

  test('a server that accepts but never answers is given up on at the deadline, not waited for', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
    try {
      const started = Date.now();
      await expect(checkReachable(parseQueueUrl(`redis://127.0.0.1:${port}`), 500)).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${port}: no answer within 0.5 s`);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
