import { buildCurveRoad } from '../../../sim/road/curve-road';
import { curvatureAt, poseAt, worldToFrenet } from '../../../sim/geometry/polyline';

const base = { radiusM: 30, angleDeg: 90, lengthBeforeM: 20, lengthAfterM: 15, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 15 };

describe('buildCurveRoad', () => {
  test.each([
    ['left', 90, 1],
    ['right', -90, -1],
    ['gentle left', 30, 1],
    ['U-turn right', -180, -1],
  ])('a %s curve puts lane i on the concentric circle of radius R -/+ i * width', (_name, angleDeg, sign) => {
    const road = buildCurveRoad({ ...base, angleDeg });
    const angleRad = (angleDeg * Math.PI) / 180;
    const centre = { x: 20, y: sign * 30 };
    for (let i = 0; i < 2; i++) {
      const lane = road.lanes.get(`lane${i}`)!;
      const radiusM = 30 - sign * i * 3.5;
      const arcM = radiusM * Math.abs(angleRad);
      let worstM = 0;
      // Sample the arc part (after the straight entry, by the lane's own arc length).
      for (let k = 0; k <= 50; k++) {
        const p = poseAt(lane.centerline, 20 + (arcM * k) / 50);
        worstM = Math.max(worstM, Math.abs(Math.hypot(p.x - centre.x, p.y - centre.y) - radiusM));
      }
      expect(worstM).toBeLessThan(0.005); // chord sagitta at 0.5 m spacing
      const end = poseAt(lane.centerline, lane.centerline.lengthM);
      expect(Math.cos(end.yaw - angleRad)).toBeCloseTo(1, 12);
      expect(lane.centerline.lengthM).toBeCloseTo(20 + arcM + 15, 2);
      expect(curvatureAt(lane.centerline, 20 + arcM / 2)).toBeCloseTo(sign / radiusM, 9);
    }
  });

  test('a left quarter turn of radius 30 after 20 m ends 15 m north of (50, 30)', () => {
    const lane0 = buildCurveRoad(base).lanes.get('lane0')!;
    const end = poseAt(lane0.centerline, lane0.centerline.lengthM);
    expect(end.x).toBeCloseTo(50, 9);
    expect(end.y).toBeCloseTo(45, 9);
    expect(end.yaw).toBeCloseTo(Math.PI / 2, 9);
  });

  test('lane1 runs one lane width left of lane0 everywhere', () => {
    const road = buildCurveRoad(base);
    const lane0 = road.lanes.get('lane0')!.centerline;
    const lane1 = road.lanes.get('lane1')!.centerline;
    let worstM = 0;
    for (let s = 0; s <= lane1.lengthM; s += 0.7) {
      const p = poseAt(lane1, s);
      worstM = Math.max(worstM, Math.abs(worldToFrenet(lane0, p.x, p.y).d - 3.5));
    }
    expect(worstM).toBeLessThan(1e-3);
    expect(road.lanes.get('lane0')!.leftId).toBe('lane1');
  });

  test.each([
    [{ radiusM: 7 }, /road\.radiusM must be > laneCount\*laneWidthM = 7 \(got 7\)/],
    [{ radiusM: -5 }, /road\.radiusM must be a finite number > 0/],
    [{ angleDeg: 0 }, /road\.angleDeg must be non-zero with \|angleDeg\| <= 180 \(got 0\)/],
    [{ angleDeg: 200 }, /road\.angleDeg/],
    [{ lengthBeforeM: -1 }, /road\.lengthBeforeM must be a finite number >= 0/],
    [{ lengthAfterM: Infinity }, /road\.lengthAfterM/],
  ])('rejects %p', (patch, message) => {
    expect(() => buildCurveRoad({ ...base, ...patch })).toThrow(message);
  });

  test('accepts zero-length straights (a bare arc)', () => {
    const road = buildCurveRoad({ ...base, lengthBeforeM: 0, lengthAfterM: 0 });
    expect(road.lanes.get('lane0')!.centerline.lengthM).toBeCloseTo(15 * Math.PI, 2);
  });
});
