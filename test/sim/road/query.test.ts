import { buildStraightRoad } from '../../../sim/road/straight-road';
import { buildCurveRoad } from '../../../sim/road/curve-road';
import { buildIntersectionRoad } from '../../../sim/road/intersection-road';
import { getLane, isOnDrivable, laneChangeTarget, lanePose, locate, projectOntoLane } from '../../../sim/road/query';
import { makeLane } from '../../../sim/road/make-lane';
import { makeNetwork } from '../../../sim/road/make-network';
import { sampleLine } from '../../../sim/geometry/sample-curves';

const straight = buildStraightRoad({ lengthM: 100, laneCount: 3, laneWidthM: 3.5, speedLimitMps: 25 });
const curve = buildCurveRoad({ radiusM: 30, angleDeg: 90, lengthBeforeM: 20, lengthAfterM: 20, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 15 });
const junction = buildIntersectionRoad({ armLengthM: 50, lanesPerDirection: 1, laneWidthM: 3.5, speedLimitMps: 12 });

describe('getLane', () => {
  test('returns the lane or throws naming the unknown id', () => {
    expect(getLane(straight, 'lane1').id).toBe('lane1');
    expect(() => getLane(straight, 'lane9')).toThrow("unknown lane 'lane9'");
  });
});

describe('locate', () => {
  test.each([
    [50, 0, 'lane0', 50, 0],
    [50, 3.5, 'lane1', 50, 0],
    [12.25, 8, 'lane2', 12.25, 1],
    [0, -1.75, 'lane0', 0, -1.75], // corner of the road: still on it
    [100, 8.75, 'lane2', 100, 1.75],
    [50, 1.75, 'lane0', 50, 1.75], // on the lane0 / lane1 line: equal |d|, smaller id wins
  ])('(%p, %p) on the straight road is on %s at s %p, d %p', (x, y, laneId, s, d) => {
    const p = locate(straight, x, y);
    expect(p?.laneId).toBe(laneId);
    expect(p?.s).toBeCloseTo(s, 9);
    expect(p?.d).toBeCloseTo(d, 9);
  });

  test.each([
    [50, 9],
    [50, -2],
    [-0.5, 0],
    [100.5, 3.5],
    [1e6, -1e6],
    [NaN, 0],
  ])('(%p, %p) is off the straight road', (x, y) => {
    expect(locate(straight, x, y)).toBeNull();
    expect(isOnDrivable(straight, x, y)).toBe(false);
  });

  test('prefers the hint lane whenever the point is on it', () => {
    expect(locate(straight, 50, 1.75, 'lane1')?.laneId).toBe('lane1');
    expect(locate(straight, 50, 1.6, 'lane1')?.laneId).toBe('lane0'); // not on lane1: hint ignored
    expect(locate(straight, 50, 1.6, 'nope')?.laneId).toBe('lane0');
  });

  test('on a curve it returns the analytic polar coordinates of the point', () => {
    // Centre of the arc (20, 30); lane0 radius 30, lane1 radius 26.5.
    const phi = 0.6;
    const p = locate(curve, 20 + 28 * Math.sin(phi), 30 - 28 * Math.cos(phi));
    expect(p?.laneId).toBe('lane1');
    expect(p?.d).toBeCloseTo(-1.5, 2);
    expect(p?.s).toBeCloseTo(20 + 26.5 * phi, 1);
  });

  test('does not depend on the order lanes were inserted in', () => {
    const reversed = makeNetwork('straight', [...straight.lanes.values()].reverse());
    for (const [x, y] of [
      [50, 1.75],
      [50, 5.25],
      [70, 3.4],
    ]) {
      expect(locate(reversed, x, y)).toEqual(locate(straight, x, y));
    }
  });
});

describe('isOnDrivable', () => {
  test.each([
    [0, 0, true], // centre of the junction: connectors cross it
    [1.75, -40, true], // south arm, northbound
    [-1.75, 40, true], // north arm, southbound
    [30, 30, false], // between the arms
    [11, -11, false], // corner of the junction box outside every turn (kerb)
    [1.75, -80, false], // past the end of the arm
  ])('(%p, %p) in the intersection is drivable: %p', (x, y, expected) => {
    expect(isOnDrivable(junction, x, y)).toBe(expected);
  });

  test('ignores sidewalks and shoulders', () => {
    const walk = makeLane({ id: 'walk', kind: 'sidewalk', points: sampleLine({ x: 0, y: 0, yaw: 0 }, 10, 5), widthM: 2, speedLimitMps: 2 });
    const road = makeNetwork('custom', [walk]);
    expect(locate(road, 5, 0)?.laneId).toBe('walk');
    expect(isOnDrivable(road, 5, 0)).toBe(false);
  });
});

describe('lanePose and projectOntoLane', () => {
  test('lanePose on a straight lane by hand and on a curve consistent with locate', () => {
    expect(lanePose(straight, 'lane2', 30, -1)).toEqual({ x: 30, y: 6, yaw: 0 });
    const pose = lanePose(curve, 'lane0', 40, 0.5);
    const back = locate(curve, pose.x, pose.y, 'lane0');
    expect(back?.s).toBeCloseTo(40, 9);
    expect(back?.d).toBeCloseTo(0.5, 9);
    expect(pose.yaw).toBeCloseTo((40 - 20) / 30, 3);
  });

  test('projectOntoLane works on and far off the lane', () => {
    expect(projectOntoLane(straight, 'lane0', 20, 3.5)).toEqual({ laneId: 'lane0', s: 20, d: 3.5 });
    const far = projectOntoLane(straight, 'lane0', 150, 40);
    expect(far.s).toBeCloseTo(150, 9);
    expect(far.d).toBeCloseTo(40, 9);
    expect(() => projectOntoLane(straight, 'x', 0, 0)).toThrow("unknown lane 'x'");
  });
});

describe('laneChangeTarget', () => {
  test.each([
    ['lane0', 'left', 'lane1'],
    ['lane0', 'right', null],
    ['lane1', 'right', 'lane0'],
    ['lane2', 'left', null],
  ] as const)('%s to the %s is %p', (laneId, side, expected) => {
    expect(laneChangeTarget(straight, laneId, side)).toBe(expected);
    expect(laneChangeTarget(straight, laneId, side, 50)).toBe(expected);
  });

  test('checks the neighbour exists alongside at s on a curve (inner lane is shorter)', () => {
    const lane0 = getLane(curve, 'lane0');
    expect(laneChangeTarget(curve, 'lane0', 'left', lane0.centerline.lengthM - 1)).toBe('lane1');
    expect(laneChangeTarget(curve, 'lane0', 'left', lane0.centerline.lengthM + 5)).toBeNull();
  });
});
