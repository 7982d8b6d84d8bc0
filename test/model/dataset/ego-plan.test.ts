import { KNOT_S, LONGITUDINAL_MODES, planEgo, speedProfile } from '../../../model/dataset/ego-plan';
import { createRng } from '../../../sim/rng';
import { buildRoad } from '../../../sim/road/build-road';

const road = buildRoad({ type: 'straight', lengthM: 400, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 25 });

describe('speedProfile', () => {
  it.each([
    ['cruise', (v: number[]) => v.every((x) => x === v[0])],
    ['accelerate', (v: number[]) => v[v.length - 1] > v[0] && v.every((x, i) => i === 0 || x >= v[i - 1])],
    ['brake', (v: number[]) => v[v.length - 1] < v[0] && v.every((x, i) => i === 0 || x <= v[i - 1])],
    ['stop', (v: number[]) => v[v.length - 1] === 0],
    ['stop_and_go', (v: number[]) => Math.min(...v) < v[0]],
  ] as const)('%s gives the speed shape its name says', (mode, check) => {
    for (let seed = 0; seed < 5; seed++) {
      const v = speedProfile(createRng(seed, 't'), mode, 12, 17, 25);
      expect(v).toHaveLength(17);
      expect(check(v)).toBe(true);
      expect(v.every((x) => x >= 0 && x <= 25)).toBe(true);
    }
  });

  it('covers every longitudinal mode', () => {
    expect(LONGITUDINAL_MODES).toEqual(['cruise', 'accelerate', 'brake', 'stop', 'stop_and_go']);
  });
});

describe('planEgo', () => {
  it('ends a left lane change one lane width to the left and spaces waypoints KNOT_S apart', () => {
    let plan = null;
    for (let seed = 0; plan === null || plan.lateral !== 'lane_change_left'; seed++) {
      plan = planEgo(createRng(seed, 'p'), { road, chain: ['lane0'], startS: 20, startSpeedMps: 15, durationS: 8, maxSpeedMps: 25, lateralChoices: ['lane_change_left'], laneWidthM: 3.5 });
    }
    const last = plan.waypoints[plan.waypoints.length - 1];
    expect(last.d).toBeCloseTo(3.5, 6);
    expect(plan.waypoints[1].t - plan.waypoints[0].t).toBeCloseTo(KNOT_S, 12);
    expect(plan.waypoints.every((w, i) => i === 0 || w.s >= plan!.waypoints[i - 1].s)).toBe(true);
  });

  it('is a pure function of the rng stream', () => {
    const req = { road, chain: ['lane0'], startS: 20, startSpeedMps: 10, durationS: 6, maxSpeedMps: 25, lateralChoices: ['keep', 'swerve_left'] as const, laneWidthM: 3.5 };
    expect(planEgo(createRng(4, 'p'), req)).toEqual(planEgo(createRng(4, 'p'), req));
  });
});
