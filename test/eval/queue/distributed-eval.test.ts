/**
 * Acceptance of distributed evaluation, as users run it: a redis-server of our own, two
 * `dreamdrive worker` processes and `dreamdrive eval --queue` (the compiled CLI, `npm run build`).
 * One worker is killed (SIGKILL) while it holds a rollout; every result still arrives exactly once,
 * equal to the embedded run's, and a rerun with the same run id runs only what has no result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { hasRedisServer, startLocalRedis, type LocalRedis } from '../../../eval/queue/local-redis-server';
import { openRedis } from '../../../eval/queue/redis-client';
import { readResults } from '../../../eval/queue/results-store';
import { QUEUE_NAME, QUEUE_PREFIX, queueJobId, resultsKey } from '../../../eval/queue/run-keys';
import type { ResultsDocument } from '../../../eval/report/results-document';
import { expandSuite } from '../../../eval/suite/expand-suite';
import { loadSuiteFile } from '../../../eval/suite/load-suite';
import type { RolloutOutcome } from '../../../eval/suite/rollout-outcome';
import { runSuite } from '../../../eval/suite/run-suite';
import { metricsFromJson } from '../../../sim/metrics/metrics';
import { assertBuilt, CLI_BIN, describeCall, REPO_ROOT, runCli, runCliAll } from '../../helpers/cli';

/** A killed worker's rollout goes back to the queue within about twice this, s. */
const STALLED_AFTER_S = 2;
const RUN_ID = 'kill-test';
/** Three short library scenarios x 12 seeds, IDM: 36 rollouts of 0.05-0.4 s each. */
const SUITE = `version: 1
name: queue-test
scenarios: [{ library: lead_vehicle_hard_brake }, { library: pedestrian_crossing }, { library: cut_in }]
seeds: { from: 0, count: 12 }
policies: [idm]
`;
const RUN = `queue-test@${RUN_ID}`;

interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** What it printed to stdout so far, line by line. */
  lines(): string[];
  stderr(): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let dir: string;
let server: LocalRedis;
let redis: Redis;
let queue: Queue;
const workers: WorkerProcess[] = [];

async function startWorker(name: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'worker', '--queue', server.address.url, '--concurrency', '1', '--stalled-after', String(STALLED_AFTER_S), '--name', name], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const worker = { name, child, lines: () => out.split('\n').filter((l) => l !== ''), stderr: () => err };
  workers.push(worker);
  await until(`worker ${name} to start (stderr: ${err})`, () => {
    if (child.exitCode !== null) throw new Error(`worker ${name} exited with ${child.exitCode}: ${err}`);
    return out.startsWith(`worker ${name} serving ${server.address.display}`);
  });
  return worker;
}

/** Rollout ids of a run in a worker's lines ("<run> <id> <verdict> <s> s"). */
const idsIn = (lines: readonly string[], run: string) => lines.filter((l) => l.startsWith(`${run} `)).map((l) => l.split(' ')[1]);

const readDoc = (out: string) => metricsFromJson<ResultsDocument>(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
/** What a rollout computed: everything but its wall-clock time and its log. */
const computed = (o: RolloutOutcome) => [o.id, o.verdict, o.message, o.run, o.metrics];

let suiteFile: string;
let plan: ReturnType<typeof expandSuite>;

beforeAll(async () => {
  assertBuilt();
  if (!hasRedisServer()) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/run does)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distributed-eval-'));
  suiteFile = path.join(dir, 'queue-test.yaml');
  fs.writeFileSync(suiteFile, SUITE);
  plan = expandSuite(loadSuiteFile(suiteFile));
  server = await startLocalRedis();
  redis = openRedis(server.address, () => undefined);
  queue = new Queue(QUEUE_NAME, { connection: { url: server.address.url }, prefix: QUEUE_PREFIX });
}, 30_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await queue?.close();
  redis?.disconnect();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('dreamdrive eval --queue with dreamdrive workers', () => {
  const out = () => path.join(dir, 'out');

  test(
    'runs a suite through two workers; one is killed mid-rollout (SIGKILL) and every result still arrives exactly once, equal to the embedded run',
    async () => {
      const events = new QueueEvents(QUEUE_NAME, { connection: { url: server.address.url }, prefix: QUEUE_PREFIX });
      const stalled: string[] = [];
      events.on('stalled', ({ jobId }) => stalled.push(jobId));
      await events.waitUntilReady();
      try {
        // Both workers are ready before the rollouts are enqueued: on a loaded machine one may start
        // seconds after the other, by which time the first could have run the whole suite.
        const [a, b] = await Promise.all([startWorker('wA'), startWorker('wB')]);
        const evaluation = runCli(['eval', suiteFile, '--queue', server.address.url, '--run-id', RUN_ID, '--out', out(), '--workers', '1'], { timeoutMs: 120_000 });
        let finished = false;
        void evaluation.then(() => (finished = true));

        // Once wA has done some of the work, freeze it, and kill it if it holds a rollout (else let it go on).
        await until('wA to store 2 results', () => {
          if (finished) throw new Error(`the run ended before wA stored 2 results (wA: ${a.lines().length} lines, wB: ${b.lines().length})`);
          return idsIn(a.lines(), RUN).length >= 2;
        });
        let killed: string | null = null;
        while (killed === null) {
          if (finished) throw new Error('the run ended before wA could be killed mid-rollout');
          a.child.kill('SIGSTOP');
          // A job still active may already have its result stored (wA stopped between storing it and
          // completing the job): killing wA then tests nothing, as the run ends without a stall.
          const stored = await readResults(redis, RUN);
          const held = (await queue.getActive()).filter((job) => job.processedBy === 'wA' && !stored.has(job.id!.slice(RUN.length + 1)));
          if (held.length > 0) {
            killed = held[0].id!;
            a.child.kill('SIGKILL');
          } else {
            a.child.kill('SIGCONT');
            await sleep(5);
          }
        }
        const r = await evaluation;
        expect({ code: r.code, call: r.code === 0 ? '' : describeCall(r) }).toEqual({ code: 0, call: '' });
        expect(r.stderr).toContain(`run ${RUN} on ${server.address.display}: 36 rollouts enqueued (resume with --queue ${server.address.display} --run-id ${RUN_ID})`);
        expect(r.stdout).toMatch(/36 rollouts: 36 passed, 0 failed \(0 expected\), 0 errors, 0 skipped; [\d.]+ s with 2 workers/);

        // The rollout wA held went back to the queue when its lock expired, and wB ran it.
        expect(stalled).toContain(killed);
        expect(idsIn(b.lines(), RUN)).toContain(killed.slice(RUN.length + 1));

        // Exactly once: one result per rollout of the suite, in results.json and in Redis.
        const doc = readDoc(out());
        const ids = plan.jobs.map((j) => j.id);
        expect(doc.rollouts.map((o) => o.id)).toEqual(ids);
        const stored = await readResults(redis, RUN);
        expect([...stored.keys()].sort()).toEqual([...ids].sort());
        expect(new Set([...stored.values()].map((s) => s.worker))).toEqual(new Set(['wA', 'wB']));
        expect(doc.run.workers).toBe(2);
        expect(doc.run.determinismFailures).toEqual([]);

        // The same rollouts on the embedded pool compute the same verdicts, metrics and final states.
        const embedded = await runSuite(plan.jobs, { outDir: dir, workers: 1, logs: 'none' });
        expect(doc.rollouts.map(computed)).toEqual(embedded.outcomes.map(computed));
      } finally {
        await events.close();
      }
    },
    180_000,
  );

  test('a rerun with the same run id runs only the rollouts that have no result', async () => {
    const b = workers.find((w) => w.name === 'wB')!;
    const before = readDoc(out());
    const lost = [plan.jobs[3].id, plan.jobs[17].id, plan.jobs[30].id];
    await redis.hdel(resultsKey(RUN), ...lost);
    const seenBefore = idsIn(b.lines(), RUN).length;
    const r = await runCli(['eval', suiteFile, '--queue', server.address.url, '--run-id', RUN_ID, '--out', out(), '--workers', '1'], { timeoutMs: 90_000 });
    expect({ code: r.code, call: r.code === 0 ? '' : describeCall(r) }).toEqual({ code: 0, call: '' });
    expect(r.stderr).toContain(`resuming run ${RUN} on ${server.address.display}: 33 of 36 rollouts have results, 3 to run`);
    expect(new Set(idsIn(b.lines(), RUN).slice(seenBefore))).toEqual(new Set(lost));
    expect(readDoc(out()).rollouts.map(computed)).toEqual(before.rollouts.map(computed));
    expect(await queue.getJobState(queueJobId(RUN, lost[0]))).toBe('unknown');

    const again = await runCli(['eval', suiteFile, '--queue', server.address.url, '--run-id', RUN_ID, '--out', out(), '--workers', '1', '--json'], { timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('36 of 36 rollouts have results, 0 to run');
    // Nothing ran again (a set: a rollout of the first rerun may have run twice after a stalled lock).
    expect(new Set(idsIn(b.lines(), RUN).slice(seenBefore))).toEqual(new Set(lost));
  }, 120_000);
});

describe('unreachable Redis', () => {
  test('eval and worker fail at once, naming the address, with exit 1 (a bad URL is a usage error: eval-queue.test.ts)', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((resolve) => probe.close(resolve));
    const closed = `redis://127.0.0.1:${port}`;
    const [evaluation, worker] = await runCliAll([
      ['eval', 'library', '--queue', closed],
      ['worker', '--queue', closed],
    ]);
    const refused = `cannot reach Redis at ${closed}: connection refused (connect ECONNREFUSED 127.0.0.1:${port}); is redis-server running there?`;
    expect([evaluation.code, evaluation.stderr]).toEqual([1, `dreamdrive eval: ${refused}\n`]);
    expect([worker.code, worker.stderr]).toEqual([1, `dreamdrive worker: ${refused}\n`]);
  }, 60_000);
});
