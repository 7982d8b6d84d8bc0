/**
 * The rollout threads of a queue worker: the compiled rollout-thread.js runs real rollouts (the
 * same outcomes as in-process), and the pool's own behaviour is checked with small thread scripts
 * that speak worker-serve.ts's protocol (dist/eval/worker-serve.js): a thread that dies fails its
 * rollout and is replaced; one that dies before it is ready fails every rollout with its reason.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRolloutRunner } from '../../../eval/queue/rollout-runner';
import { jobId, type EvalJob } from '../../../eval/suite/eval-job';
import type { JobTask } from '../../../eval/suite/run-job';
import { findScenario } from '../../../scenarios/library';
import { assertBuilt, REPO_ROOT } from '../../helpers/cli';

const SERVE = path.join(REPO_ROOT, 'dist', 'eval', 'worker-serve.js');
const ROLLOUT_THREAD = path.join(REPO_ROOT, 'dist', 'eval', 'queue', 'rollout-thread.js');

/** Answers { id, threadId }; a rollout named 'die' ends its thread (as an out-of-memory would). */
const DYING = `
const { threadId } = require('node:worker_threads');
const { serveJobs } = require(${JSON.stringify(SERVE)});
serveJobs(async (task) => {
  if (task.job.id === 'die') process.exit(7);
  return { id: task.job.id, threadId };
});
`;
const BROKEN = `throw new Error('cannot load the simulator');`;

function task(id: string): JobTask {
  return { job: { id } as EvalJob, logPath: null, logRef: null };
}

function libraryTask(scenario: string, seed: number): JobTask {
  const specPath = findScenario(scenario)!;
  const base = { scenario, parameters: {}, seed, policy: 'idm' as const, camera: 'none' as const };
  const specSha1 = createHash('sha1').update(fs.readFileSync(specPath, 'utf8')).digest('hex');
  return { job: { ...base, id: jobId(base), specPath, specSha1, expected: 'pass' }, logPath: null, logRef: null };
}

let dir: string;
const script = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-runner-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rollout runner', () => {
  test('rollouts on two threads give the outcomes of in-process rollouts, all but the wall-clock time', async () => {
    const tasks = [libraryTask('lead_vehicle_hard_brake', 0), libraryTask('pedestrian_crossing', 0), libraryTask('cut_in', 1)];
    const threads = createRolloutRunner(2, ROLLOUT_THREAD);
    const here = createRolloutRunner(2, null);
    try {
      expect([threads.inProcess, threads.size, here.inProcess, here.size]).toEqual([false, 2, true, 1]);
      await threads.ready();
      const [a, b] = await Promise.all([Promise.all(tasks.map((t) => threads.run(t))), Promise.all(tasks.map((t) => here.run(t)))]);
      expect(a.map((o) => o.verdict)).toEqual(['pass', 'pass', 'pass']);
      expect(a.map((o) => ({ ...o, wallS: 0 }))).toEqual(b.map((o) => ({ ...o, wallS: 0 })));
    } finally {
      await Promise.all([threads.close(), here.close()]);
    }
  }, 60_000);

  test('a thread that dies fails the rollout it held, and a new thread takes the next ones', async () => {
    const runner = createRolloutRunner(1, script('dying.js', DYING));
    try {
      await runner.ready();
      const first = (await runner.run(task('a'))) as unknown as { threadId: number };
      await expect(runner.run(task('die'))).rejects.toThrow('rollout thread stopped (exit code 7)');
      const after = (await runner.run(task('b'))) as unknown as { id: string; threadId: number };
      expect(after.id).toBe('b');
      expect(after.threadId).not.toBe(first.threadId);
    } finally {
      await runner.close();
    }
  }, 30_000);

  test('a thread that dies before it is ready is not respawned: every rollout fails with its reason', async () => {
    const runner = createRolloutRunner(2, script('broken.js', BROKEN));
    await expect(runner.ready()).rejects.toThrow(/rollout thread stopped \(exit code 1: cannot load the simulator\) before it was ready; is the build \(npm run build\) complete\?/);
    await expect(runner.run(task('a'))).rejects.toThrow('cannot load the simulator');
    await runner.close();
  });
});
