import { buildMergeRoad, RAMP_ANGLE_DEG } from '../../../sim/road/merge-road';
import { poseAt } from '../../../sim/geometry/polyline';
import { laneChangeTarget, locate, projectOntoLane } from '../../../sim/road/query';

const base = { lengthM: 400, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 30, rampLengthM: 150, mergeStartM: 150, mergeLengthM: 100 };

describe('buildMergeRoad', () => {
  const road = buildMergeRoad(base);
  const lane = (id: string) => road.lanes.get(id)!;

  test('has the main lanes, the ramp and the acceleration lane, linked ramp -> merge', () => {
    expect([...road.lanes.keys()]).toEqual(['lane0', 'lane1', 'ramp', 'merge']);
    expect(lane('ramp').successorIds).toEqual(['merge']);
    expect(lane('merge').predecessorIds).toEqual(['ramp']);
    expect(lane('merge').successorIds).toEqual([]);
    expect(lane('merge').leftId).toBe('lane0');
    expect(lane('lane0').rightId).toBe('merge');
    expect(lane('lane1').rightId).toBe('lane0');
  });

  test('the acceleration lane runs one lane right of lane0 from mergeStartM for mergeLengthM', () => {
    const merge = lane('merge').centerline;
    expect(poseAt(merge, 0)).toEqual({ x: 150, y: -3.5, yaw: 0 });
    expect(poseAt(merge, merge.lengthM).x).toBeCloseTo(250, 12);
    expect(poseAt(merge, merge.lengthM).y).toBeCloseTo(-3.5, 12);
  });

  test('the ramp comes from the right-back at the ramp angle and meets the merge lane smoothly', () => {
    const ramp = lane('ramp').centerline;
    const start = poseAt(ramp, 0);
    const end = poseAt(ramp, ramp.lengthM);
    expect(start.x).toBeLessThan(150);
    expect(start.y).toBeLessThan(-3.5 - 10);
    expect(start.yaw).toBeCloseTo((RAMP_ANGLE_DEG * Math.PI) / 180, 12);
    expect(Math.hypot(end.x - 150, end.y + 3.5)).toBeLessThan(1e-3);
    expect(end.yaw).toBeCloseTo(0, 9);
    expect(ramp.lengthM).toBeCloseTo(150, 3);
    // Never crosses onto the main road: its left edge stays right of lane0's right edge.
    let maxY = -Infinity;
    for (let i = 0; i < ramp.ys.length; i++) maxY = Math.max(maxY, ramp.ys[i]);
    expect(maxY).toBeLessThanOrEqual(-3.5 + 1e-9);
  });

  test('a vehicle in the acceleration lane can change left into lane0, and lane0 right only alongside it', () => {
    expect(laneChangeTarget(road, 'merge', 'left')).toBe('lane0');
    expect(laneChangeTarget(road, 'merge', 'left', 50)).toBe('lane0');
    expect(laneChangeTarget(road, 'merge', 'right', 50)).toBeNull();
    expect(laneChangeTarget(road, 'lane0', 'right')).toBe('merge');
    expect(laneChangeTarget(road, 'lane0', 'right', 100)).toBeNull();
    expect(laneChangeTarget(road, 'lane0', 'right', 200)).toBe('merge');
    expect(laneChangeTarget(road, 'lane0', 'right', 300)).toBeNull();
    const onLane0 = projectOntoLane(road, 'lane0', 180, -3.5);
    expect(onLane0.s).toBeCloseTo(180, 9);
    expect(onLane0.d).toBeCloseTo(-3.5, 9);
    expect(locate(road, 180, -3.5)?.laneId).toBe('merge');
  });

  test.each([
    [{ mergeLengthM: 300 }, /road\.mergeLengthM must end on the main road: mergeStartM \+ mergeLengthM = 450 > lengthM = 400/],
    [{ rampLengthM: 0 }, /road\.rampLengthM must be a finite number > 0/],
    [{ mergeStartM: -1 }, /road\.mergeStartM must be a finite number >= 0/],
    [{ laneCount: 9 }, /road\.laneCount must be an integer from 1 to 8/],
  ])('rejects %p', (patch, message) => {
    expect(() => buildMergeRoad({ ...base, ...patch })).toThrow(message);
  });

  test('a short ramp still ends parallel to the road', () => {
    const ramp = buildMergeRoad({ ...base, rampLengthM: 20 }).lanes.get('ramp')!.centerline;
    expect(poseAt(ramp, ramp.lengthM).yaw).toBeCloseTo(0, 9);
  });
});
