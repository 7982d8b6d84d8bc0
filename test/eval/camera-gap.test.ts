import { aggregateOverall, aggregateScenarios, type ScoredRollout } from '../../eval/aggregate';
import { cameraGap } from '../../eval/camera-gap';
import type { PdmSubScores } from '../../sim/metrics/metrics';

const PERFECT: PdmSubScores = { nc: 1, dac: 1, ttc: 1, c: 1, ep: 1 };
const r = (scenario: string, camera: string, pdm: PdmSubScores | null, verdict: ScoredRollout['verdict'] = 'pass', policy = 'cam'): ScoredRollout => ({ scenario, policy, camera, verdict, pdm });

function gapOf(rollouts: ScoredRollout[]) {
  const scenarios = aggregateScenarios(rollouts);
  return cameraGap(scenarios, aggregateOverall(scenarios));
}

describe('cameraGap', () => {
  test('puts each metric side by side with model - reference, per scenario and overall', () => {
    const rows = gapOf([
      r('a', 'reference', PERFECT),
      r('a', 'model', { ...PERFECT, c: 0, ep: 0.5 }), // (5 + 0 + 2.5) / 12 = 0.625
      r('b', 'reference', PERFECT),
      r('b', 'model', { ...PERFECT, nc: 0 }, 'fail'),
    ]);
    expect(rows.map((g) => g.scenario)).toEqual([null, 'a', 'b']);
    const value = (scenario: string | null, metric: string) => rows.find((g) => g.scenario === scenario)!.values.find((v) => v.metric === metric)!;
    expect(value('a', 'score')).toEqual({ metric: 'score', reference: 1, model: 0.625, difference: -0.375 });
    expect(value('a', 'ep')).toEqual({ metric: 'ep', reference: 1, model: 0.5, difference: -0.5 });
    expect(value('b', 'passRate')).toEqual({ metric: 'passRate', reference: 1, model: 0, difference: -1 });
    expect(value(null, 'score').difference).toBeCloseTo((-0.375 - 1) / 2, 12);
  });

  test('shows no gap for a policy that does not read the camera (identical results)', () => {
    const rows = gapOf([r('a', 'reference', { ...PERFECT, ep: 0.7 }), r('a', 'model', { ...PERFECT, ep: 0.7 })]);
    for (const row of rows) for (const v of row.values) expect(v.difference).toBe(0);
  });

  test('is empty unless a policy ran under both cameras', () => {
    expect(gapOf([r('a', 'reference', PERFECT), r('a', 'none', PERFECT), r('a', 'model', PERFECT, 'pass', 'other')])).toEqual([]);
  });

  test('counts the model side’s errors (an unavailable world model) and compares its zero scores', () => {
    const rows = gapOf([r('a', 'reference', PERFECT), r('a', 'model', null, 'error')]);
    expect(rows[0].errors).toEqual({ reference: 0, model: 1 });
    expect(rows[0].values.find((v) => v.metric === 'score')).toEqual({ metric: 'score', reference: 1, model: 0, difference: -1 });
  });
});
