import { ARMS, buildIntersectionRoad, CORNER_RADIUS_M } from '../../../sim/road/intersection-road';
import { curvatureAt, poseAt } from '../../../sim/geometry/polyline';
import type { Lane, RoadNetwork } from '../../../sim/road/types';

/** Requirement: connectors meet their lanes within 1 mm. */
const JOIN_TOLERANCE_M = 1e-3;

const base = { armLengthM: 60, lanesPerDirection: 2, laneWidthM: 3.5, speedLimitMps: 13 };

function lanesWhere(road: RoadNetwork, pred: (l: Lane) => boolean): Lane[] {
  return [...road.lanes.values()].filter(pred);
}

function gapM(a: Lane, b: Lane): { gapM: number; turnRad: number } {
  const end = poseAt(a.centerline, a.centerline.lengthM);
  const start = poseAt(b.centerline, 0);
  return { gapM: Math.hypot(end.x - start.x, end.y - start.y), turnRad: Math.abs(Math.sin(end.yaw - start.yaw)) };
}

describe('buildIntersectionRoad', () => {
  const road = buildIntersectionRoad(base);
  const lane = (id: string) => road.lanes.get(id)!;

  test('has n incoming and n outgoing lanes per arm plus three connectors per incoming lane', () => {
    expect(lanesWhere(road, (l) => l.kind === 'driving')).toHaveLength(4 * 2 * 2);
    expect(lanesWhere(road, (l) => l.kind === 'connector')).toHaveLength(4 * 2 * 3);
    expect(road.kind).toBe('intersection');
  });

  test('places the south arm by hand: northbound on the east side, rightmost lane outermost', () => {
    const halfBoxM = 2 * 3.5 + CORNER_RADIUS_M; // 15
    expect(poseAt(lane('south_in_0').centerline, 0)).toEqual({ x: 5.25, y: -(halfBoxM + 60), yaw: Math.PI / 2 });
    expect(poseAt(lane('south_in_1').centerline, 60).x).toBeCloseTo(1.75, 12);
    expect(poseAt(lane('south_in_1').centerline, 60).y).toBeCloseTo(-halfBoxM, 12);
    expect(poseAt(lane('south_out_0').centerline, 0)).toEqual({ x: -5.25, y: -halfBoxM, yaw: -Math.PI / 2 });
    expect(lane('south_in_0').leftId).toBe('south_in_1');
    expect(lane('south_in_1').rightId).toBe('south_in_0');
    expect(lane('south_in_1').leftId).toBeNull();
  });

  test.each([
    ['north_in_0', -5.25, 15 + 60, -Math.PI / 2],
    ['east_in_0', 15 + 60, 5.25, Math.PI],
    ['west_in_0', -(15 + 60), -5.25, 0],
    ['east_out_0', 15, -5.25, 0],
  ])('drives on the right: %s starts at (%p, %p) heading %p', (id, x, y, yaw) => {
    const p = poseAt(lane(id).centerline, 0);
    expect(p.x).toBeCloseTo(x, 9);
    expect(p.y).toBeCloseTo(y, 9);
    expect(Math.cos(p.yaw - yaw)).toBeCloseTo(1, 12);
  });

  test('every incoming lane has left, straight and right successors onto the matching arms', () => {
    ARMS.forEach((arm, k) => {
      for (let i = 0; i < 2; i++) {
        const from = `${arm}_in_${i}`;
        const expected = [3, 2, 1].map((q) => `${from}>${ARMS[(k + q) % 4]}_out_${i}`);
        expect(lane(from).successorIds).toEqual(expected);
        for (const id of expected) expect(lane(id).predecessorIds).toEqual([from]);
      }
    });
  });

  test('connectors start where their incoming lane ends and end where their outgoing lane starts, within 1 mm', () => {
    const problems: string[] = [];
    for (const c of lanesWhere(road, (l) => l.kind === 'connector')) {
      const joins = [gapM(lane(c.predecessorIds[0]), c), gapM(c, lane(c.successorIds[0]))];
      for (const j of joins) if (j.gapM > JOIN_TOLERANCE_M || j.turnRad > 1e-9) problems.push(`${c.id}: ${JSON.stringify(j)}`);
    }
    expect(problems).toEqual([]);
  });

  test('every outgoing lane is reached from the three other arms', () => {
    for (const out of lanesWhere(road, (l) => l.id.includes('_out_') && l.kind === 'driving')) {
      expect(out.predecessorIds).toHaveLength(3);
      expect(new Set(out.predecessorIds.map((id) => id.split('_')[0])).size).toBe(3);
      expect(out.predecessorIds).toEqual([...out.predecessorIds].sort());
    }
  });

  test('turns start and end straight and keep curvature continuous and moderate', () => {
    for (const c of lanesWhere(road, (l) => l.kind === 'connector')) {
      const pl = c.centerline;
      expect(curvatureAt(pl, 0)).toBeCloseTo(0, 9);
      expect(curvatureAt(pl, pl.lengthM)).toBeCloseTo(0, 9);
      let maxJump = 0;
      let maxAbs = 0;
      for (let s = 0.05; s <= pl.lengthM; s += 0.05) {
        maxAbs = Math.max(maxAbs, Math.abs(curvatureAt(pl, s)));
        maxJump = Math.max(maxJump, Math.abs(curvatureAt(pl, s) - curvatureAt(pl, s - 0.05)));
      }
      expect(maxAbs).toBeLessThan(1.45 / 9.75); // tightest: right turn, equivalent radius 1.75 + 8 m
      expect(maxJump).toBeLessThan(0.002);
    }
  });

  test.each([
    [{ armLengthM: 0 }, /road\.armLengthM must be a finite number > 0/],
    [{ lanesPerDirection: 0 }, /road\.lanesPerDirection must be an integer from 1 to 8 \(got 0\)/],
    [{ laneWidthM: 0 }, /road\.laneWidthM/],
    [{ speedLimitMps: -1 }, /road\.speedLimitMps/],
  ])('rejects %p', (patch, message) => {
    expect(() => buildIntersectionRoad({ ...base, ...patch })).toThrow(message);
  });

  test('a single lane per direction builds 20 lanes whose bounds cover the arms', () => {
    const one = buildIntersectionRoad({ ...base, lanesPerDirection: 1 });
    expect(one.lanes.size).toBe(8 + 12);
    const reachM = 3.5 + CORNER_RADIUS_M + 60;
    expect(one.bounds.maxY).toBeCloseTo(reachM + 1.75, 9);
    expect(one.bounds.minX).toBeCloseTo(-reachM - 1.75, 9);
  });
});
