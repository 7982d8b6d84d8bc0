import { PROGRESS_DISTANCE_THRESHOLD_M } from '../../../sim/metrics/progress-metrics';
import { buildRoutePath, routeLaneIds } from '../../../sim/metrics/route-path';
import { startMetrics } from '../../../sim/metrics/accumulator';
import { buildMergeRoad } from '../../../sim/road/merge-road';
import { getLane, lanePose } from '../../../sim/road/query';
import type { World } from '../../../sim/types';
import { context, cruise, egoAt, ROAD, score, worldAt } from './fixtures';

describe('progress and route_completion on the straight road', () => {
  // The ego starts at x = 10 on lane0 (200 m) and drives 10 m/s for 5 s: 50 m.
  it.each([
    ['without an expert: of the remaining 190 m of route', null, 50 / 190],
    ['with the expert ending at x = 110: of 100 m', { x: 110, y: 0 }, 0.5],
    ['past the expert end: clipped to 1', { x: 35, y: 0 }, 1],
    ['with the expert end beside the route: projected onto it', { x: 110, y: 3.5 }, 0.5],
  ])('%s', (_what, expertFinal, completion) => {
    const report = score(cruise(10, 10, 50), context({ expertFinal }));
    expect(report.values.progress).toBeCloseTo(50, 9);
    expect(report.values.route_completion).toBeCloseTo(completion, 12);
    expect(report.pdm.ep).toBe(report.values.route_completion);
  });

  it('gives full completion when the reference is under the 5 m threshold, as NAVSIM does', () => {
    expect(PROGRESS_DISTANCE_THRESHOLD_M).toBe(5);
    const stopped = cruise(10, 0, 20);
    expect(score(stopped, context({ expertFinal: { x: 14, y: 0 } })).values.route_completion).toBe(1);
    expect(score(stopped, context({ expertFinal: { x: 16, y: 0 } })).values.route_completion).toBe(0);
  });

  it('scores a stopped ego with somewhere to go (5 TTC + 2 C + 0 EP) / 12', () => {
    const report = score(cruise(10, 0, 20), context({ expertFinal: { x: 60, y: 0 } }));
    expect(report.values.progress).toBe(0);
    expect(report.values.score).toBeCloseTo(7 / 12, 12);
  });

  it('measures progress along the lane, not the lateral drift of a lane change', () => {
    const worlds = [0, 1, 2].map((k) => worldAt(k, egoAt(10 + k, { y: 1.75 * k, speedMps: 10 })));
    expect(score(worlds).values.progress).toBeCloseTo(2, 9);
  });

  it('reports the duration from the first sample to the last', () => {
    expect(score(cruise(10, 10, 37)).values.duration).toBeCloseTo(3.7, 9);
  });
});

describe('the route through several lanes (merge road: ramp -> merge)', () => {
  const road = buildMergeRoad({
    laneCount: 2,
    laneWidthM: 3.5,
    speedLimitMps: 20,
    lengthM: 300,
    rampLengthM: 120,
    mergeStartM: 100,
    mergeLengthM: 150,
  });
  const rampLengthM = getLane(road, 'ramp').centerline.lengthM;
  const egoOn = (laneId: string, s: number, step: number): World => {
    const pose = lanePose(road, laneId, s, 0);
    return worldAt(step, { ...egoAt(pose.x, { y: pose.y, yaw: pose.yaw, speedMps: 10 }) });
  };

  it.each([
    ['the full route', ['ramp', 'merge']],
    ['only the lanes after the start (the start lane is put in front)', ['merge']],
    ['no route (the start lane and its successors)', []],
  ])('adds up arc length across lane ends given %s', (_what, egoRoute) => {
    // From s = 100 on the ramp to s = 20 on the merge lane: (ramp - 100) + 20 m. The worlds are
    // a jump, not a drive; progress only compares the first and the last sample.
    const ctx = { ...context({ egoRoute }), road };
    const report = score([egoOn('ramp', 100, 0), egoOn('merge', 20, 1)], ctx);
    expect(report.values.progress).toBeCloseTo(rampLengthM - 100 + 20, 6);
    expect(report.values.route_completion).toBeCloseTo((rampLengthM - 100 + 20) / (rampLengthM + 150 - 100), 6);
  });

  it('lists the route lanes it measures along', () => {
    const start = lanePose(road, 'ramp', 10, 0);
    expect(routeLaneIds(road, ['merge'], start)).toEqual(['ramp', 'merge']);
    expect(routeLaneIds(road, [], start)).toEqual(['ramp', 'merge']);
    expect(routeLaneIds(road, ['lane0'], start)).toEqual(['lane0']);
    expect(buildRoutePath(road, ['ramp', 'merge']).polyline.lengthM).toBeCloseTo(rampLengthM + 150, 6);
  });

  it('follows a lane change on the route from where the previous lane ends', () => {
    // merge ends at x = 250 (y = -3.5); lane0 goes on to x = 300, its vertices every 5 m: the path
    // bridges from (250, -3.5) to lane0's next vertex (255, 0), then runs to 300.
    const path = buildRoutePath(road, ['ramp', 'merge', 'lane0']);
    expect(path.polyline.lengthM).toBeCloseTo(rampLengthM + 150 + Math.hypot(5, 3.5) + 45, 6);
    expect(buildRoutePath(ROAD, ['lane0', 'lane1']).polyline.lengthM).toBeCloseTo(200, 9);
  });

  it('names an unknown route lane', () => {
    expect(() => startMetrics({ ...context({ egoRoute: ['nope'] }), road }, egoOn('ramp', 10, 0))).toThrow(/egoRoute\[0\].*'nope'/);
  });

  it('refuses an ego that starts off every lane without a route', () => {
    expect(() => startMetrics({ ...context({ egoRoute: [] }), road }, worldAt(0, egoAt(50, { y: 40 })))).toThrow(/off every lane/);
  });
});
