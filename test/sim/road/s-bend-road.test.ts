import { buildSBendRoad } from '../../../sim/road/s-bend-road';
import { curvatureAt, poseAt, worldToFrenet } from '../../../sim/geometry/polyline';

const base = {
  radiusM: 20,
  angleDeg: 90,
  clothoidLengthM: 0,
  lengthBeforeM: 10,
  lengthAfterM: 0,
  laneCount: 2,
  laneWidthM: 3.5,
  speedLimitMps: 15,
};

describe('buildSBendRoad', () => {
  test('with pure arcs: left quarter circle to (30, 20), right quarter circle to (50, 40)', () => {
    const lane0 = buildSBendRoad(base).lanes.get('lane0')!.centerline;
    const end = poseAt(lane0, lane0.lengthM);
    expect(end.x).toBeCloseTo(50, 9);
    expect(end.y).toBeCloseTo(40, 9);
    expect(end.yaw).toBeCloseTo(0, 12);
    const middle = poseAt(lane0, 10 + 10 * Math.PI);
    expect(middle.x).toBeCloseTo(30, 2);
    expect(middle.y).toBeCloseTo(20, 2);
  });

  test.each([
    [90, 10],
    [45, 5],
    [-60, 15],
    [30, 20 * (Math.PI / 6)], // clothoids only: no arc left
  ])('angle %p with %p m ramps leaves parallel to the entry, curvature within +-1/R and continuous', (angleDeg, rampM) => {
    const road = buildSBendRoad({ ...base, angleDeg, clothoidLengthM: rampM, lengthAfterM: 10 });
    const lane0 = road.lanes.get('lane0')!.centerline;
    expect(Math.cos(poseAt(lane0, lane0.lengthM).yaw)).toBeCloseTo(1, 12);
    let maxJump = 0;
    let maxAbs = 0;
    for (let s = 0.1; s < lane0.lengthM; s += 0.1) {
      maxAbs = Math.max(maxAbs, Math.abs(curvatureAt(lane0, s)));
      maxJump = Math.max(maxJump, Math.abs(curvatureAt(lane0, s) - curvatureAt(lane0, s - 0.1)));
    }
    expect(maxAbs).toBeLessThanOrEqual(1 / 20 + 1e-12);
    // A ramp of length l changes curvature by 0.1 * (1/R) / l per 0.1 m: no steps. (Polyline s
    // sums chords, a hair shorter than the arc length, hence the 0.1 % slack.)
    expect(maxJump).toBeLessThan(((0.1 * (1 / 20)) / rampM) * 1.001);
    const first = Math.sign(angleDeg);
    expect(Math.sign(curvatureAt(lane0, 10 + rampM))).toBe(first);
  });

  test('lane1 stays exactly one lane width left of lane0 through the clothoids', () => {
    const road = buildSBendRoad({ ...base, clothoidLengthM: 12 });
    const lane0 = road.lanes.get('lane0')!.centerline;
    const lane1 = road.lanes.get('lane1')!.centerline;
    let worstM = 0;
    for (let s = 0; s <= lane1.lengthM; s += 0.3) {
      const p = poseAt(lane1, s);
      worstM = Math.max(worstM, Math.abs(worldToFrenet(lane0, p.x, p.y).d - 3.5));
    }
    expect(worstM).toBeLessThan(1e-3);
  });

  test.each([
    [{ clothoidLengthM: 40 }, /road\.clothoidLengthM must be <= radiusM\*\|angle\| = 31\.416/],
    [{ clothoidLengthM: -1 }, /road\.clothoidLengthM must be a finite number >= 0/],
    [{ radiusM: 6 }, /road\.radiusM must be > laneCount\*laneWidthM = 7/],
    [{ angleDeg: 181 }, /road\.angleDeg/],
  ])('rejects %p', (patch, message) => {
    expect(() => buildSBendRoad({ ...base, ...patch })).toThrow(message);
  });
});
