/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The camera policy from the CLI, as a user runs it (the compiled CLI in a child process):
 * `dreamdrive run --policy camera` and the shipped camera-gap suite, whose report puts the
 * reference and world-model cameras side by side. The world model is retrained from time to time,
 * so the model side's numbers are not pinned here: only that its rollouts ran (not errors) and
 * that the report has the gap rows for both scenarios. The reference side is pinned: it passes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResultsDocument } from '../../eval/report/results-document';
import { metricsFromJson } from '../../sim/metrics/metrics';
import { describeCall, runCli, STACK_LINE } from '../helpers/cli';

/** Four rollouts of ~250 steps, two of them with the world model, on one worker. */
const SUITE_TIMEOUT_MS = 120_000;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camera-gap-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the camera policy from the CLI', () => {
  test('dreamdrive run curved_road --policy camera drives on the reference camera by default and passes', async () => {
    const r = await runCli(['run', 'curved_road', '--policy', 'camera', '--json']);
    expect({ code: r.code, call: r.code === 0 ? '' : describeCall(r) }).toEqual({ code: 0, call: '' });
    const report = JSON.parse(r.stdout) as { policy: string; passed: boolean; steps: number; camera: { kind: string; frames: number } };
    expect({ policy: report.policy, passed: report.passed, camera: report.camera.kind, frames: report.camera.frames }).toEqual({ policy: 'camera', passed: true, camera: 'reference', frames: report.steps + 1 });
  });

  test('refuses --camera none for a policy that reads frames, without a stack trace', async () => {
    const r = await runCli(['run', 's_bend', '--policy', 'camera', '--camera', 'none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("policy 'camera' reads camera frames: run it with a camera (reference or model), not 'none'");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  test(
    'dreamdrive eval camera-gap runs the camera policy under both cameras and reports the gap per scenario',
    async () => {
      const out = path.join(dir, 'gap');
      const r = await runCli(['eval', 'camera-gap', '--workers', '1', '--out', out, '--json'], { timeoutMs: SUITE_TIMEOUT_MS });
      expect(r.code === 0 || r.code === 1).toBe(true); // 1 when the world model makes the policy fail: the gap itself
      expect(r.stderr).not.toMatch(STACK_LINE);
      const doc = metricsFromJson<ResultsDocument>(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      expect(doc.rollouts.map((x) => x.id).sort()).toEqual([
        'curved_road|-|seed=0|camera|model',
        'curved_road|-|seed=0|camera|reference',
        's_bend|-|seed=0|camera|model',
        's_bend|-|seed=0|camera|reference',
      ]);
      for (const x of doc.rollouts) expect({ id: x.id, verdict: x.verdict === 'error' ? `error: ${x.message}` : 'ran' }).toEqual({ id: x.id, verdict: 'ran' });
      expect(doc.rollouts.filter((x) => x.camera === 'reference').map((x) => x.verdict)).toEqual(['pass', 'pass']);
      const model = doc.rollouts.find((x) => x.camera === 'model')!;
      expect(model.cameraStats!.modelFrames).toBeGreaterThan(0);
      expect(doc.gap.map((g) => g.scenario)).toEqual([null, 'curved_road', 's_bend']);
      for (const g of doc.gap) expect(g.values.find((v) => v.metric === 'score')!.difference).not.toBeNull();
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      expect(html).toContain('Neural-simulation gap: reference camera vs world model');
    },
    SUITE_TIMEOUT_MS + 10_000,
  );
});
