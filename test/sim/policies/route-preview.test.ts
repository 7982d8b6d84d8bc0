import { curvatureAt } from '../../../sim/geometry/polyline';
import { CURVE_LAT_ACCEL_MPS2, CURVE_PLAN_DECEL_MPS2, previewRoute } from '../../../sim/policies/route-preview';
import { getLane } from '../../../sim/road/query';
import { curveRoad, intersectionRoad, straightRoad } from '../../helpers/world-fixtures';

const LEFT_TURN = 'south_in_0>west_out_0';
const LEFT_ROUTE = ['south_in_0', LEFT_TURN, 'west_out_0'];

/** Largest |curvature| of a lane, sampled every 0.1 m, 1/m. */
function maxCurvature(laneId: string, road = intersectionRoad()): number {
  const pl = getLane(road, laneId).centerline;
  let k = 0;
  for (let s = 0; s <= pl.lengthM; s += 0.1) k = Math.max(k, Math.abs(curvatureAt(pl, s)));
  return k;
}

describe('previewRoute', () => {
  test('puts no curve bound on a straight road and finds its end (hand-computed: 200 - 120)', () => {
    const road = straightRoad(1, 200);
    expect(previewRoute(road, 'lane0', 120, ['lane0'], 150)).toEqual({ curveSpeedMps: Infinity, endDistanceM: 80 });
  });

  test('reports no end beyond the horizon', () => {
    expect(previewRoute(straightRoad(1, 1000), 'lane0', 100, ['lane0'], 150).endDistanceM).toBe(Infinity);
  });

  test('bounds the speed at the start of an arc by sqrt(a_lat R) (R = 60 m: sqrt(180) m/s)', () => {
    const p = previewRoute(curveRoad(60), 'lane0', 40, ['lane0'], 150);
    expect(p.curveSpeedMps).toBeCloseTo(Math.sqrt(CURVE_LAT_ACCEL_MPS2 * 60), 0);
  });

  test.each([10, 20, 40])('allows sqrt(v_curve^2 + 2 b d) from d = %p m before the arc', (d) => {
    const p = previewRoute(curveRoad(60), 'lane0', 40 - d, ['lane0'], 150);
    expect(p.curveSpeedMps).toBeCloseTo(Math.sqrt(CURVE_LAT_ACCEL_MPS2 * 60 + 2 * CURVE_PLAN_DECEL_MPS2 * d), 0);
  });

  test('never allows more speed closer to a curve (the bound falls as the curve nears)', () => {
    const road = curveRoad(60);
    let previous = Infinity;
    for (let s = 0; s <= 40; s += 4) {
      const v = previewRoute(road, 'lane0', s, ['lane0'], 150).curveSpeedMps;
      expect(v).toBeLessThanOrEqual(previous + 1e-9);
      previous = v;
    }
  });

  test('bounds the unprotected left turn’s connector by sqrt(3 / kappa) wherever the car stands on it', () => {
    const road = intersectionRoad();
    const pl = getLane(road, LEFT_TURN).centerline;
    let peak = { s: 0, k: 0 };
    for (let s = 0; s <= pl.lengthM; s += 0.5) {
      const k = Math.abs(curvatureAt(pl, s));
      const bound = Math.sqrt(CURVE_LAT_ACCEL_MPS2 / k);
      expect(previewRoute(road, LEFT_TURN, s, LEFT_ROUTE, 150).curveSpeedMps).toBeLessThanOrEqual(bound + 1e-9);
      if (k > peak.k) peak = { s, k };
    }
    expect(peak.k).toBeCloseTo(maxCurvature(LEFT_TURN, road), 3);
    expect(previewRoute(road, LEFT_TURN, peak.s, LEFT_ROUTE, 150).curveSpeedMps).toBeCloseTo(Math.sqrt(CURVE_LAT_ACCEL_MPS2 / peak.k), 1);
    // Seen from the approach the bound is looser by the braking distance, yet below the 13.9 m/s limit.
    const approaching = previewRoute(road, 'south_in_0', 60, LEFT_ROUTE, 150);
    expect(approaching.curveSpeedMps).toBeGreaterThan(previewRoute(road, LEFT_TURN, 0, LEFT_ROUTE, 150).curveSpeedMps);
    // (samples are 2 m apart, so the peak may be seen up to 2 m later than it is)
    expect(approaching.curveSpeedMps).toBeLessThan(Math.sqrt(CURVE_LAT_ACCEL_MPS2 / peak.k + 2 * CURVE_PLAN_DECEL_MPS2 * (20 + peak.s + 2)));
    expect(approaching.curveSpeedMps).toBeLessThan(13.9);
  });

  test('follows the route through the junction to the end of its last lane', () => {
    const road = intersectionRoad();
    const total = 80 - 60 + getLane(road, LEFT_TURN).centerline.lengthM + 80;
    expect(previewRoute(road, 'south_in_0', 60, LEFT_ROUTE, 150).endDistanceM).toBeCloseTo(total, 0);
  });

  test('takes the route’s branch, not the first successor: going straight has no curve bound', () => {
    const road = intersectionRoad();
    const straightOn = previewRoute(road, 'south_in_0', 60, ['south_in_0', 'south_in_0>north_out_0', 'north_out_0'], 150);
    expect(straightOn.curveSpeedMps).toBe(Infinity);
    // Without a route the first successor is the left turn.
    expect(previewRoute(road, 'south_in_0', 60, [], 150).curveSpeedMps).toBeLessThan(15);
  });
});
