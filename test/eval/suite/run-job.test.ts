/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * One rollout of a suite, with each camera source (the model camera runs the shipped world model).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RolloutLogReader } from '../../../api/log/read-log';
import { runScenario } from '../../../eval/run-scenario';
import { jobId, type EvalJob } from '../../../eval/suite/eval-job';
import { failureMessage } from '../../../eval/suite/rollout-outcome';
import { createJobCameras } from '../../../eval/suite/job-cameras';
import { createSpecCache, runEvalJob, type JobContext } from '../../../eval/suite/run-job';
import { findScenario } from '../../../scenarios/library';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { createHash } from 'node:crypto';

function libraryJob(scenario: string, changes: Partial<EvalJob> = {}): EvalJob {
  const specPath = findScenario(scenario)!;
  const base = { scenario, parameters: {}, seed: 0, policy: 'idm' as const, camera: 'none' as const, ...changes };
  return {
    id: jobId(base),
    specPath,
    specSha1: createHash('sha1').update(fs.readFileSync(specPath, 'utf8')).digest('hex'),
    expected: 'pass',
    ...base,
    ...changes,
  };
}

const noLog = (job: EvalJob) => ({ job, logPath: null, logRef: null });

let dir: string;
let context: JobContext;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-job-'));
  context = { specs: createSpecCache(), cameras: createJobCameras() };
});
afterAll(async () => {
  await context.cameras.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runEvalJob', () => {
  test('gives the verdict and metrics of dreamdrive run for the same scenario, seed, parameters and policy', async () => {
    const job = libraryJob('lead_vehicle_hard_brake', { policy: 'trajectory', parameters: { gap: 25 }, expected: 'fail' });
    const outcome = await runEvalJob(noLog(job), context);
    const direct = runScenario(loadSpecFile(job.specPath).spec, { seed: 0, overrides: { gap: 25 }, policy: 'trajectory' }).report;
    expect(outcome).toMatchObject({ id: job.id, verdict: 'fail', expected: 'fail', asExpected: true, criteria: direct.criteria, log: null });
    expect(outcome.metrics).toEqual(direct.metrics);
    expect(outcome.run).toEqual({ steps: direct.steps, simulatedS: direct.simulatedS, doneReason: 'collision', finalHash: direct.finalHash, resolvedParameters: direct.parameters });
    expect(outcome.message).toMatch(/^criteria 'not collision' failed: collision = true \(with 'lead' at \d+\.\d s\)$/);
  });

  test('skips a policy that does not apply, with the reason', async () => {
    const outcome = await runEvalJob(noLog(libraryJob('stop_and_go', { policy: 'trajectory' })), context);
    expect(outcome).toMatchObject({ verdict: 'skipped', asExpected: true, metrics: null, run: null });
    expect(outcome.message).toContain('ego.trajectory');
  });

  test('shows the rollout to the world model: the same rollout, K warm-up frames, then predictions', async () => {
    const job = libraryJob('lead_vehicle_hard_brake', { camera: 'model', policy: 'trajectory', expected: 'fail' });
    const outcome = await runEvalJob(noLog(job), context);
    const without = await runEvalJob(noLog({ ...job, camera: 'none' }), context);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.run).toEqual(without.run);
    expect(outcome.metrics).toEqual(without.metrics);
    const stats = outcome.cameraStats!;
    expect(stats.label).toMatch(/^model \(ungrounded, /);
    expect(stats.frames).toBe(outcome.run!.steps + 1);
    expect(stats.referenceFrames).toBeGreaterThan(0);
    expect(stats.modelFrames).toBe(stats.frames - stats.referenceFrames);
    expect(without.cameraStats).toBeNull();
  });

  test("fails a 'model' rollout the world model cannot serve (another step than it was trained at), with the reason", async () => {
    const specPath = path.join(dir, 'fine_step.yaml');
    fs.writeFileSync(specPath, 'version: 2\nname: fine_step\nduration: 1\ndt: 0.05\nroad: { type: straight, length: 200, lanes: 1 }\nego: { start: { lane: lane0, s: 10, speed: 5 }, route: [lane0] }\n');
    const job = { ...libraryJob('lead_vehicle_hard_brake'), id: 'fine_step|-|seed=0|idm|model', scenario: 'fine_step', camera: 'model' as const, specPath, specSha1: createHash('sha1').update(fs.readFileSync(specPath, 'utf8')).digest('hex') };
    const outcome = await runEvalJob(noLog(job), context);
    expect(outcome).toMatchObject({ verdict: 'error', asExpected: false, metrics: null });
    expect(outcome.message).toMatch(/trained at a 0\.1 s step; this simulation steps 0\.05 s/);
  });

  test('reports parameters that cannot be built as an error of that rollout only', async () => {
    const outcome = await runEvalJob(noLog(libraryJob('cut_in', { parameters: { ego_speed: 99 } })), context);
    expect(outcome.verdict).toBe('error');
    expect(outcome.message).toMatch(/ego_speed/);
    expect(outcome.message).not.toMatch(/internal error/);
  });

  test('refuses a spec file that changed after the suite was expanded', async () => {
    const outcome = await runEvalJob(noLog(libraryJob('cut_in', { specSha1: '0'.repeat(40) })), context);
    expect(outcome.verdict).toBe('error');
    expect(outcome.message).toMatch(/changed after the suite was expanded/);
  });

  test('writes a log with reference camera frames that holds the same rollout', async () => {
    // Hard brake: the collision ends it after about 5 s, so few frames are rendered.
    const job = libraryJob('lead_vehicle_hard_brake', { camera: 'reference', policy: 'trajectory' });
    const logPath = path.join(dir, 'logs', 'brake.mcap');
    const logged = await runEvalJob({ job, logPath, logRef: 'logs/brake.mcap' }, context);
    const plain = await runEvalJob(noLog(job), context);
    expect(logged.log).toBe('logs/brake.mcap');
    expect(logged.run!.finalHash).toBe(plain.run!.finalHash);
    const reader = await RolloutLogReader.open(logPath);
    try {
      const metadata = await reader.metadata();
      expect(metadata).toMatchObject({ scenarioName: 'lead_vehicle_hard_brake', policy: 'trajectory', cameraSource: 'reference', createdAt: null });
      expect((await reader.result()).finalHash).toBe(plain.run!.finalHash);
      const frame = await reader.frameAt(1.0);
      expect(frame).not.toBeNull();
      expect(Buffer.from(frame!.subarray(1, 4)).toString('ascii')).toBe('PNG');
      expect(reader.channels.find((c) => c.topic === '/camera/image')?.messageCount).toBe(logged.run!.steps + 1);
    } finally {
      await reader.close();
    }
  });
});

describe('failureMessage', () => {
  test('lists the metrics the criteria name, in their order, with who and when', () => {
    const { report } = runScenario(loadSpecFile(findScenario('cut_in')!).spec, { policy: 'trajectory' });
    const message = failureMessage('min_ttc > 1.0 and not collision', report.metrics);
    expect(message).toMatch(/^criteria 'min_ttc > 1.0 and not collision' failed: min_ttc = 0 \(with 'cutter' at [\d.]+ s\); collision = true \(with 'cutter' at [\d.]+ s\)$/);
  });
});
