import { worldToFrenet } from '../../sim/geometry/polyline';
import { getLane } from '../../sim/road/query';
import type { ResolvedWaypoint } from '../../scenarios/resolved-types';
import { constantSpeedPoints, laneChain, pointOnChain, trajectoryPoints, TRAJECTORY_SAMPLE_S } from '../../scenarios/trajectory-points';
import { curveRoad, intersectionRoad, straightRoad } from '../helpers/world-fixtures';

const ON_CENTRELINE_M = 0.01;
const lanePoint = (tS: number, laneId: string, s: number, d = 0): ResolvedWaypoint => ({ kind: 'lane', tS, laneId, s, d });

const straight = straightRoad(2, 500);
const curve = curveRoad(60);
const junction = intersectionRoad();

describe('trajectoryPoints', () => {
  test('samples every 0.2 s and keeps the waypoints’ times (hand-computed on a straight lane)', () => {
    const pts = trajectoryPoints(straight, [lanePoint(0, 'lane0', 10), lanePoint(1, 'lane0', 30)]);
    expect(pts.map((p) => p.tS)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => expect.closeTo(t, 12)));
    expect(pts.map((p) => p.x)).toEqual([10, 14, 18, 22, 26, 30].map((x) => expect.closeTo(x, 9)));
    expect(pts.every((p) => p.y === 0)).toBe(true);
  });

  test('returns the single point of a one-waypoint trajectory', () => {
    expect(trajectoryPoints(straight, [lanePoint(2, 'lane1', 40, 0.5)])).toEqual([{ tS: 2, x: 40, y: 4 }]);
  });

  test('puts same-lane points on the centreline of a curve, evenly spaced in s', () => {
    const pts = trajectoryPoints(curve, [lanePoint(0, 'lane0', 20), lanePoint(10, 'lane0', 150)]);
    const pl = getLane(curve, 'lane0').centerline;
    const frenet = pts.map((p) => worldToFrenet(pl, p.x, p.y));
    expect(Math.max(...frenet.map((f) => Math.abs(f.d)))).toBeLessThan(ON_CENTRELINE_M);
    frenet.forEach((f, k) => expect(f.s).toBeCloseTo(20 + 130 * (pts[k].tS / 10), 1));
  });

  test('blends smoothly into a neighbour lane: y is monotonic, flat at both ends, half way at half time', () => {
    const pts = trajectoryPoints(straight, [lanePoint(0, 'lane0', 20), lanePoint(4, 'lane1', 100)]);
    const ys = pts.map((p) => p.y);
    for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeGreaterThanOrEqual(ys[k - 1]);
    expect(ys[0]).toBeCloseTo(0, 9);
    expect(ys[ys.length - 1]).toBeCloseTo(3.5, 9);
    expect(pts.find((p) => Math.abs(p.tS - 2) < 1e-9)?.y).toBeCloseTo(1.75, 9);
    // Cubic blend: the first step moves 3.5 (3 u^2 - 2 u^3) at u = 0.05, about 2.6 cm.
    expect(ys[1]).toBeCloseTo(3.5 * (3 * 0.05 ** 2 - 2 * 0.05 ** 3), 9);
    // x keeps a constant pace along the lane.
    pts.forEach((p) => expect(p.x).toBeCloseTo(20 + 20 * p.tS, 6));
  });

  test('follows a successor chain through the junction’s connector', () => {
    // south_in_0 at s = 60 -> west_out_0 at s = 10: the left-turn connector (the first successor).
    const pts = trajectoryPoints(junction, [lanePoint(0, 'south_in_0', 60), lanePoint(6, 'west_out_0', 10)]);
    const chain = ['south_in_0', 'south_in_0>west_out_0', 'west_out_0'];
    for (const p of pts) {
      const nearest = Math.min(...chain.map((id) => {
        const pl = getLane(junction, id).centerline;
        const f = worldToFrenet(pl, p.x, p.y);
        return f.s >= -1e-6 && f.s <= pl.lengthM + 1e-6 ? Math.abs(f.d) : Infinity;
      }));
      expect(nearest).toBeLessThan(ON_CENTRELINE_M);
    }
    const connector = getLane(junction, 'south_in_0>west_out_0').centerline;
    const onConnector = pts.filter((p) => {
      const f = worldToFrenet(connector, p.x, p.y);
      return f.s > 1 && f.s < connector.lengthM - 1 && Math.abs(f.d) < ON_CENTRELINE_M;
    });
    expect(onConnector.length).toBeGreaterThan(3);
  });

  test('takes the route’s connector when one is given', () => {
    const straightOn = ['south_in_0', 'south_in_0>north_out_0', 'north_out_0'];
    const pts = trajectoryPoints(junction, [lanePoint(0, 'south_in_0', 60), lanePoint(6, 'north_out_0', 10)], straightOn);
    expect(pts.every((p) => Math.abs(p.x - 1.75) < ON_CENTRELINE_M)).toBe(true);
  });

  test('joins point waypoints with straight lines', () => {
    const pts = trajectoryPoints(straight, [
      { kind: 'point', tS: 0, x: 0, y: 0 },
      { kind: 'point', tS: 1, x: 10, y: 5 },
    ]);
    pts.forEach((p) => {
      expect(p.x).toBeCloseTo(10 * p.tS, 9);
      expect(p.y).toBeCloseTo(5 * p.tS, 9);
    });
  });
});

describe('laneChain', () => {
  test.each<[string, string, readonly string[], string[] | null]>([
    ['lane0', 'lane0', [], ['lane0']],
    ['south_in_0', 'north_out_0', [], ['south_in_0', 'south_in_0>north_out_0', 'north_out_0']],
    ['south_in_0', 'west_out_0', [], ['south_in_0', 'south_in_0>west_out_0', 'west_out_0']],
    ['south_in_0', 'south_out_0', [], null], // no U-turn connector
    ['west_out_0', 'south_in_0', [], null], // against the direction of travel
  ])('from %s to %s: %p', (from, to, preferred, expected) => {
    const road = from.startsWith('lane') ? straight : junction;
    expect(laneChain(road, from, to, preferred)).toEqual(expected);
  });
});

describe('pointOnChain', () => {
  test('walks along the chain into the next lane (hand-computed: 70 m from s = 60 straight on)', () => {
    const chain = ['south_in_0', 'south_in_0>north_out_0', 'north_out_0'];
    // 20 m to the end of south_in_0 (y = -11.5), the 23 m connector, then 27 m into north_out_0.
    const p = pointOnChain(junction, chain, 60, 70, 0);
    expect(p.x).toBeCloseTo(1.75, 9);
    expect(p.y).toBeCloseTo(11.5 + 27, 9);
  });

  test('clamps to the end of the last lane', () => {
    expect(pointOnChain(straight, ['lane0'], 400, 500, 0)).toEqual({ x: 500, y: 0 });
  });
});

describe('constantSpeedPoints', () => {
  test('spaces points speed * 0.2 s apart along the lane, up to the duration', () => {
    const pts = constantSpeedPoints(straight, { kind: 'lane', tS: 0, laneId: 'lane1', s: 10, d: 0 }, 12.5, 3, []);
    expect(pts).toHaveLength(3 / TRAJECTORY_SAMPLE_S + 1);
    for (let k = 1; k < pts.length; k++) {
      expect(pts[k].tS - pts[k - 1].tS).toBeCloseTo(TRAJECTORY_SAMPLE_S, 12);
      expect(Math.hypot(pts[k].x - pts[k - 1].x, pts[k].y - pts[k - 1].y)).toBeCloseTo(12.5 * TRAJECTORY_SAMPLE_S, 9);
    }
    expect(pts[0]).toEqual({ tS: 0, x: 10, y: 3.5 });
  });

  test('keeps the spacing along a curve (arc length, to the chord’s millimetres)', () => {
    const pts = constantSpeedPoints(curve, { kind: 'lane', tS: 0, laneId: 'lane0', s: 30, d: 0 }, 10, 8, ['lane0']);
    const pl = getLane(curve, 'lane0').centerline;
    pts.forEach((p, k) => expect(worldToFrenet(pl, p.x, p.y).s).toBeCloseTo(30 + 10 * k * TRAJECTORY_SAMPLE_S, 2));
  });

  test('continues along the route through a junction', () => {
    const route = ['south_in_0', 'south_in_0>north_out_0', 'north_out_0'];
    const pts = constantSpeedPoints(junction, { kind: 'lane', tS: 0, laneId: 'south_in_0', s: 60, d: 0 }, 10, 6, route);
    const last = pts[pts.length - 1];
    // 60 m from s = 60: 20 m + the 23 m connector + 17 m into north_out_0.
    expect(last.x).toBeCloseTo(1.75, 9);
    expect(last.y).toBeCloseTo(11.5 + 17, 6);
  });
});
