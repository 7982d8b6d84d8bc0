import { isBehind, stepMetrics } from '../../../sim/metrics/step-measure';
import type { AgentState } from '../../../sim/types';
import { context, cruise, egoAt, laneCarAt, parkedAt, score, worldAt } from './fixtures';

function pedestrianAt(id: string, x: number, y: number): AgentState {
  return {
    ...parkedAt(id, x, y),
    cls: 'pedestrian',
    size: { lengthM: 0.5, widthM: 0.5, heightM: 1.8 },
    motion: { kind: 'walk', pathIndex: 0, s: 0, walking: false, walkSpeedMps: 1.4 },
  };
}

describe('off_road: any corner of the ego box off the driving lanes', () => {
  // lane0 covers y in [-1.75, 1.75], lane1 [1.75, 5.25], x in [0, 200]; the ego is 4.5 x 1.8 m.
  it.each([
    ['centred in lane0', 50, 0, true],
    ['straddling the two lanes', 50, 1.75, true],
    ['with a corner exactly on the right edge', 50, -0.85, true],
    ['a corner 5 cm over the right edge', 50, -0.9, false],
    ['a corner 5 cm over the left edge', 50, 4.4, false],
    ['with the front bumper exactly at the road end', 197.75, 0, true],
    ['past the road end', 198, 0, false],
    ['with the rear sticking out before the road start', 2, 0, false],
  ])('is on road %s: %p', (_what, x, y, onRoad) => {
    expect(stepMetrics(worldAt(0, egoAt(x, { y })), context()).onRoad).toBe(onRoad);
  });

  it('counts a box rotated across the edge as off road though its centre is on the lane', () => {
    // Yawed 90 degrees at y = 0: the 4.5 m length spans y in [-2.25, 2.25], past lane0's right edge.
    expect(stepMetrics(worldAt(0, egoAt(50, { yaw: Math.PI / 2 })), context()).onRoad).toBe(false);
  });

  it('records the first time off road and zeroes the score', () => {
    const worlds = [0, 1, 2, 3].map((k) => worldAt(k, egoAt(20 + k, { y: -0.3 * k, speedMps: 10 })));
    // Right corners at y = -0.9 - 0.3 k: on the lane up to k = 2 (-1.5), off at k = 3 (-1.8).
    const report = score(worlds);
    expect(report.values.off_road).toBe(true);
    expect(report.offRoadAtS).toBeCloseTo(0.3, 9);
    expect(report.pdm.dac).toBe(0);
    expect(report.values.score).toBe(0);
  });
});

describe('time-to-collision at one step (3 s horizon, 0.1 s grid)', () => {
  // Ego at x = 10 on lane0, 4.5 m long: front bumper at 12.25.
  it.each([
    // Parked car at 40: rear at 37.75, gap 25.5 m at 10 m/s -> contact after 2.55 s -> first grid time 2.6 s.
    ['a parked car ahead', 10, [parkedAt('p', 40)], 2.6, 'p'],
    // Same gap at 5 m/s: 5.1 s, beyond the horizon.
    ['a parked car ahead, slowly', 5, [parkedAt('p', 40)], Infinity, null],
    // Pedestrian (0.5 m) at 30: near side at 29.75, gap 17.5 m at 10 m/s -> 1.75 s -> 1.8 s.
    ['a pedestrian standing in the lane', 10, [pedestrianAt('ped', 30, 0)], 1.8, 'ped'],
    // Lane-bound car at 30 doing 5 m/s: gap 15.5 m closing at 5 m/s -> 3.1 s, beyond the horizon.
    ['a slower car ahead', 10, [laneCarAt('lead', 0, 30, 5)], Infinity, null],
    // Oncoming car in lane1: 3.5 m apart sideways, 1.7 m lateral clearance, never overlaps.
    ['an oncoming car in the other lane', 10, [{ ...parkedAt('on', 30, 3.5, Math.PI), speedMps: 10 }], Infinity, null],
    // Faster car behind would close the 5.5 m gap in ~0.4 s, but actors behind are ignored.
    ['a faster car behind', 10, [laneCarAt('back', 0, 0, 25)], Infinity, null],
    // Two candidates: the nearer contact wins.
    ['the nearer of two', 10, [parkedAt('p', 40), pedestrianAt('ped', 30, 0)], 1.8, 'ped'],
  ])('against %s', (_what, speedMps, actors, ttcS, withId) => {
    const m = stepMetrics(worldAt(0, egoAt(10, { speedMps }), actors), context());
    if (ttcS === Infinity) expect(m.ttcS).toBe(Infinity);
    else expect(m.ttcS).toBeCloseTo(ttcS, 9);
    expect(m.ttcWithId).toBe(withId);
  });

  it('is not computed while the ego is stopped, even with a car coming at it', () => {
    const oncoming = { ...parkedAt('on', 20, 0, Math.PI), speedMps: 10 };
    const m = stepMetrics(worldAt(0, egoAt(10, { speedMps: 0 }), [oncoming]), context());
    expect(m.ttcS).toBe(Infinity);
    expect(stepMetrics(worldAt(0, egoAt(10, { speedMps: 0.1 }), [oncoming]), context()).ttcS).toBeLessThan(1);
  });

  it('ignores inactive actors for contact and TTC', () => {
    const gone = { ...parkedAt('gone', 10, 0), active: false };
    const m = stepMetrics(worldAt(0, egoAt(10, { speedMps: 10 }), [gone]), context());
    expect(m.inCollision).toBe(false);
    expect(m.ttcS).toBe(Infinity);
  });

  it('takes min_ttc as the minimum over the rollout and remembers with whom', () => {
    // Closing on the parked car at 10 m/s for 1 s: gap 25.5 -> 15.5 m, TTC 2.6 s -> 1.6 s.
    const report = score(cruise(10, 10, 10, () => [parkedAt('p', 40)]));
    expect(report.values.min_ttc).toBeCloseTo(1.6, 9);
    expect(report.minTtc).toEqual({ withId: 'p', atS: expect.closeTo(1.0, 9) });
    expect(report.pdm.ttc).toBe(1);
  });
});

describe('isBehind (nuPlan is_agent_behind, 150 degrees)', () => {
  it.each([
    ['straight ahead', 10, 0, false],
    ['straight behind', -10, 0, true],
    ['abeam', 0, 10, false],
    ['at 149 degrees', -10, 6, false],
    ['at 150.3 degrees', -10, 5.7, true],
    ['at the ego centre', 0, 0, false],
  ])('%s', (_what, dx, dy, behind) => {
    expect(isBehind(dx, dy, 1, 0)).toBe(behind);
  });
});

describe('headway to the leader in the ego lane', () => {
  it.each([
    // Ego at 10 (front 12.25). Leader centre at 50 -> rear 47.75 -> gap 35.5 m.
    ['a lane-bound car ahead', [laneCarAt('lead', 0, 50, 10)], 35.5, 'lead'],
    ['a parked car ahead (located on its lane)', [parkedAt('p', 30)], 15.5, 'p'],
    ['the nearer of two cars ahead', [laneCarAt('a', 0, 80, 10), laneCarAt('b', 0, 50, 10)], 35.5, 'b'],
    ['a car in the other lane only', [laneCarAt('side', 1, 30, 10)], Infinity, null],
    ['a car behind only', [laneCarAt('back', 0, 0, 10)], Infinity, null],
  ])('with %s', (_what, actors, headwayM, leaderId) => {
    const m = stepMetrics(worldAt(0, egoAt(10, { speedMps: 10 }), actors), context());
    if (headwayM === Infinity) expect(m.headwayM).toBe(Infinity);
    else expect(m.headwayM).toBeCloseTo(headwayM, 9);
    expect(m.leaderId).toBe(leaderId);
  });

  it('takes min_headway as the minimum over the rollout, finite while min_ttc stays Infinity', () => {
    // Leader from s = 50 at 5 m/s, ego at 10 m/s: the gap shrinks 0.5 m a step, 35.5 -> 25.5 m in 2 s.
    // Closing at 5 m/s over >= 25.5 m takes > 5 s, beyond the TTC horizon.
    const report = score(cruise(10, 10, 20, (k) => [laneCarAt('lead', 0, 50 + 5 * k * 0.1, 5)]));
    expect(report.values.min_headway).toBeCloseTo(25.5, 9);
    expect(report.values.min_ttc).toBe(Infinity);
  });
});
