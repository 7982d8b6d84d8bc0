import { aggregateOverall, aggregateScenarios, AGGREGATION_SPEC, rolloutScore, SUB_SCORE_NAMES, type ScoredRollout } from '../../eval/aggregate';
import type { Verdict } from '../../eval/suite/rollout-outcome';
import { createRng } from '../../sim/rng';
import type { PdmSubScores } from '../../sim/metrics/metrics';

const PERFECT: PdmSubScores = { nc: 1, dac: 1, ttc: 1, c: 1, ep: 1 };

function rollout(scenario: string, pdm: PdmSubScores | null, verdict: Verdict = 'pass', policy = 'idm', camera = 'none'): ScoredRollout {
  return { scenario, policy, camera, verdict, pdm };
}

function overallOf(rollouts: readonly ScoredRollout[]) {
  return aggregateOverall(aggregateScenarios(rollouts));
}

describe('rolloutScore', () => {
  test.each<[string, PdmSubScores, number]>([
    ['all sub-scores 1', PERFECT, 1],
    // (5 * 1 + 2 * 0 + 5 * 0.5) / 12 = 7.5 / 12
    ['uncomfortable, half the progress', { nc: 1, dac: 1, ttc: 1, c: 0, ep: 0.5 }, 7.5 / 12],
    ['a collision', { ...PERFECT, nc: 0 }, 0],
    ['off road', { ...PERFECT, dac: 0 }, 0],
  ])('is the PDM score for %s', (_name, pdm, expected) => {
    expect(rolloutScore(rollout('a', pdm))).toBeCloseTo(expected, 12);
  });

  test('is 0 for an error and null (left out) for a skipped rollout', () => {
    expect(rolloutScore(rollout('a', null, 'error'))).toBe(0);
    expect(rolloutScore(rollout('a', PERFECT, 'error'))).toBe(0);
    expect(rolloutScore(rollout('a', null, 'skipped'))).toBeNull();
  });
});

describe('aggregation invariants', () => {
  test('all sub-scores 1 gives 1 for the rollout, the scenario and overall', () => {
    const rollouts = ['a', 'b', 'c'].flatMap((s, i) => Array.from({ length: i + 1 }, () => rollout(s, PERFECT)));
    const scenarios = aggregateScenarios(rollouts);
    for (const s of scenarios) {
      expect(s.score).toBe(1);
      expect(s.passRate).toBe(1);
      for (const k of SUB_SCORE_NAMES) expect(s.subScores![k]).toBe(1);
    }
    const [overall] = aggregateOverall(scenarios);
    expect(overall.score).toBe(1);
    expect(overall.passRate).toBe(1);
    expect(overall.scenarios).toBe(3);
  });

  test('a scenario with many rollouts weighs the same overall as one with a single rollout', () => {
    const many = Array.from({ length: 50 }, () => rollout('many', { ...PERFECT, nc: 0 }, 'fail'));
    const rollouts = [...many, rollout('one', PERFECT)];
    const [overall] = overallOf(rollouts);
    expect(overall.score).toBeCloseTo(0.5, 12);
    expect(overall.passRate).toBeCloseTo(0.5, 12);
    expect(overall.rollouts).toBe(51);
  });

  test('raising one sub-score of one rollout never lowers any aggregate (seeded random cases)', () => {
    const rng = createRng(7, 'aggregate-monotonic');
    for (let trial = 0; trial < 200; trial++) {
      const rollouts = Array.from({ length: 2 + Math.floor(rng.next() * 8) }, (_, i) => {
        const pdm = { nc: rng.next() < 0.8 ? 1 : 0, dac: rng.next() < 0.9 ? 1 : 0, ttc: rng.next() < 0.7 ? 1 : 0, c: rng.next() < 0.5 ? 1 : 0, ep: rng.next() };
        return rollout(`s${i % 3}`, pdm, 'pass', i % 2 === 0 ? 'idm' : 'trajectory');
      });
      const k = Math.floor(rng.next() * rollouts.length);
      const key = SUB_SCORE_NAMES[Math.floor(rng.next() * SUB_SCORE_NAMES.length)];
      const before = rollouts[k].pdm!;
      const raised = rollouts.map((r, i) => (i === k ? { ...r, pdm: { ...before, [key]: Math.min(1, before[key] + rng.next()) } } : r));
      const a = aggregateScenarios(rollouts);
      const b = aggregateScenarios(raised);
      a.forEach((s, i) => expect(b[i].score!).toBeGreaterThanOrEqual(s.score! - 1e-12));
      const oa = aggregateOverall(a);
      const ob = aggregateOverall(b);
      oa.forEach((o, i) => expect(ob[i].score!).toBeGreaterThanOrEqual(o.score! - 1e-12));
    }
  });

  test('every aggregate lies in [0, 1] and does not depend on the order of the rollouts', () => {
    const rng = createRng(3, 'aggregate-order');
    const rollouts = Array.from({ length: 30 }, (_, i) =>
      rollout(`s${i % 4}`, { nc: rng.next() < 0.8 ? 1 : 0, dac: 1, ttc: rng.next() < 0.5 ? 1 : 0, c: 1, ep: rng.next() }, rng.next() < 0.7 ? 'pass' : 'fail', i % 3 === 0 ? 'a' : 'b'),
    );
    const shuffled = [...rollouts].reverse();
    expect(aggregateScenarios(shuffled)).toEqual(aggregateScenarios(rollouts));
    for (const o of overallOf(rollouts)) {
      expect(o.score!).toBeGreaterThanOrEqual(0);
      expect(o.score!).toBeLessThanOrEqual(1);
    }
  });
});

describe('aggregateScenarios and aggregateOverall', () => {
  test('compute a hand-checked case: errors score 0 and count against the pass rate, skips are left out', () => {
    const rollouts = [
      rollout('cut_in', PERFECT, 'pass'),
      rollout('cut_in', { nc: 1, dac: 1, ttc: 1, c: 0, ep: 0.5 }, 'pass'), // 7.5 / 12 = 0.625
      rollout('cut_in', null, 'error'),
      rollout('cut_in', null, 'skipped'),
      rollout('stop_and_go', null, 'skipped'),
    ];
    const scenarios = aggregateScenarios(rollouts);
    const cutIn = scenarios.find((s) => s.scenario === 'cut_in')!;
    expect(cutIn).toMatchObject({ rollouts: 4, passed: 2, failed: 0, errors: 1, skipped: 1 });
    expect(cutIn.score).toBeCloseTo((1 + 0.625 + 0) / 3, 12);
    expect(cutIn.passRate).toBeCloseTo(2 / 3, 12);
    expect(cutIn.subScores!.ep).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(cutIn.subScores!.c).toBeCloseTo(1 / 3, 12);
    const stop = scenarios.find((s) => s.scenario === 'stop_and_go')!;
    expect(stop).toMatchObject({ score: null, passRate: null, subScores: null, skipped: 1 });
    // The all-skipped scenario does not enter the overall means.
    const [overall] = aggregateOverall(scenarios);
    expect(overall.scenarios).toBe(1);
    expect(overall.score).toBeCloseTo(cutIn.score!, 12);
    expect(overall).toMatchObject({ rollouts: 5, passed: 2, errors: 1, skipped: 2 });
  });

  test('keep policies and cameras apart, sorted by policy, camera and scenario', () => {
    const rollouts = [rollout('b', PERFECT, 'pass', 'z', 'model'), rollout('a', PERFECT, 'pass', 'z', 'reference'), rollout('a', PERFECT, 'pass', 'y', 'none')];
    expect(aggregateScenarios(rollouts).map((s) => [s.policy, s.camera, s.scenario])).toEqual([
      ['y', 'none', 'a'],
      ['z', 'model', 'b'],
      ['z', 'reference', 'a'],
    ]);
    expect(overallOf(rollouts).map((o) => [o.policy, o.camera])).toEqual([
      ['y', 'none'],
      ['z', 'model'],
      ['z', 'reference'],
    ]);
  });

  test('state their rules with a version, so reports can record how scores were aggregated', () => {
    expect(AGGREGATION_SPEC.version).toBe('dreamdrive-aggregation/1');
    expect(AGGREGATION_SPEC.rollout).toContain('NC * DAC * (5 TTC + 2 C + 5 EP) / 12');
    expect(AGGREGATION_SPEC.overall).toContain('every scenario weighs the same');
  });
});
