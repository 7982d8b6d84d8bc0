import { VEHICLE_PARAMS } from '../../../sim/dynamics/vehicle-params';
import { curvatureAt } from '../../../sim/geometry/polyline';
import { idmPolicy, nextLaneOnRoute, pointAhead, smoothAccel } from '../../../sim/policies/idm-policy';
import { routeAfter } from '../../../sim/world/lane-occupancy';
import { CURVE_LAT_ACCEL_MPS2 } from '../../../sim/policies/route-preview';
import { getLane, locate, projectOntoLane } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import type { EgoSetup, SimSetup } from '../../../sim/setup';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  OFF_ROAD_EGO,
  curveRoad,
  intersectionRoad,
  laneActor,
  laneStart,
  runSteps,
  simSetup,
  straightRoad,
  type Run,
} from '../../helpers/world-fixtures';

const LEFT_TURN = 'south_in_0>west_out_0';
const LEFT_ROUTE = ['south_in_0', LEFT_TURN, 'west_out_0'];

function egoOn(laneId: string, s: number, speedMps: number, route: readonly string[]): EgoSetup {
  return { ...OFF_ROAD_EGO, start: laneStart(laneId, s, speedMps), route };
}

function drive(setup: SimSetup, seconds: number): Run {
  return runSteps(setup, Math.round(seconds / setup.dtS), idmPolicy(createRuntime(setup)));
}

describe('idmPolicy', () => {
  test('follows a curve’s lane within 0.5 m', () => {
    const road = curveRoad(60);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 5, 10, ['lane0']) }), 25);
    const offsets = states.map((w) => Math.abs(projectOntoLane(road, 'lane0', w.ego.pose.x, w.ego.pose.y).d));
    expect(Math.max(...offsets)).toBeLessThan(0.5);
    // It did get round the 90-degree bend.
    expect(states[states.length - 1].ego.pose.yaw).toBeCloseTo(Math.PI / 2, 1);
  });

  describe('on the unprotected left turn', () => {
    const road = intersectionRoad();
    const { states } = drive(simSetup({ road, ego: egoOn('south_in_0', 30, 10, LEFT_ROUTE) }), 12);
    const onTurn = states.filter((w) => locate(road, w.ego.pose.x, w.ego.pose.y, LEFT_TURN)?.laneId === LEFT_TURN);

    test('slows down for the connector and completes the turn', () => {
      const approachMax = Math.max(...states.filter((w) => w.timeS < 3).map((w) => w.ego.speedMps));
      expect(onTurn.length).toBeGreaterThan(10);
      expect(Math.max(...onTurn.map((w) => w.ego.speedMps))).toBeLessThan(approachMax - 2);
      expect(locate(road, states[states.length - 1].ego.pose.x, states[states.length - 1].ego.pose.y)?.laneId).toBe('west_out_0');
    });

    test('keeps the lateral acceleration on the connector near the preview’s bound (3 m/s^2, +10 %)', () => {
      const pl = getLane(road, LEFT_TURN).centerline;
      const lateral = onTurn.map((w) => {
        const p = projectOntoLane(road, LEFT_TURN, w.ego.pose.x, w.ego.pose.y);
        return w.ego.speedMps ** 2 * Math.abs(curvatureAt(pl, p.s));
      });
      expect(Math.max(...lateral)).toBeLessThanOrEqual(1.1 * CURVE_LAT_ACCEL_MPS2);
    });
  });

  test('stops before the end of its route instead of driving off the map', () => {
    const road = straightRoad(1, 200);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 10, 15, ['lane0']) }), 30);
    const frontM = (x: number) => x + OFF_ROAD_EGO.size.lengthM / 2;
    const last = states[states.length - 1].ego;
    expect(last.speedMps).toBeLessThan(0.05);
    expect(Math.max(...states.map((w) => frontM(w.ego.pose.x)))).toBeLessThanOrEqual(200);
    // IDM keeps its jam gap s0 = 5 m to the stop line.
    expect(frontM(last.pose.x)).toBeGreaterThan(200 - 6);
  });

  test('follows a slower car at a safe distance', () => {
    const road = straightRoad(1, 2000);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 10, 20, ['lane0']), actors: [laneActor('lead', 'lane0', 60, 10, CONSTANT_SPEED)] }), 30);
    const gaps = states.map((w) => w.actors[0].pose.x - w.ego.pose.x - 4.6);
    expect(Math.min(...gaps)).toBeGreaterThan(5);
    expect(states[states.length - 1].ego.speedMps).toBeCloseTo(10, 0);
  });

  test('brakes as hard as it can when it has lost the road', () => {
    const setup = simSetup({ road: straightRoad(), ego: egoOn('lane0', 10, 10, ['lane0']) });
    const rt = createRuntime(setup);
    const w = initialWorld(rt);
    const lost = { ...w, ego: { ...w.ego, pose: { x: 500, y: 50, yaw: 0 } } };
    expect(idmPolicy(rt).act({ world: lost, road: setup.road, dtS: setup.dtS })).toEqual({ accelMps2: -VEHICLE_PARAMS.car.maxDecelMps2, steerRad: 0 });
  });
});

describe('smoothAccel', () => {
  // Comfort jerk 4 m/s^3: at most 0.4 m/s^2 of change per 0.1 s step, unless braking harder than 3 m/s^2.
  test.each<[number, number, number]>([
    [0, 2, 0.4],
    [0, -2, -0.4],
    [1, 1.2, 1.2],
    [-1, -2.9, -1.4],
    [0, -5, -5], // an emergency: no comfort limit
  ])('from %p towards %p m/s^2 gives %p', (current, wanted, expected) => {
    expect(smoothAccel(current, wanted, 0.1)).toBeCloseTo(expected, 12);
  });
});

describe('route helpers', () => {
  const junction: RoadNetwork = intersectionRoad();

  test.each<[string, readonly string[], string | null]>([
    ['south_in_0', LEFT_ROUTE, LEFT_TURN],
    [LEFT_TURN, LEFT_ROUTE, 'west_out_0'],
    ['west_out_0', LEFT_ROUTE, null],
    ['south_in_0', ['south_in_0>north_out_0'], 'south_in_0>north_out_0'], // a successor on the route
    ['south_in_0', [], LEFT_TURN], // the first successor
    ['north_in_0', LEFT_ROUTE, 'north_in_0>east_out_0'], // off the route: first successor
  ])('nextLaneOnRoute(%s) is %p', (laneId, route, expected) => {
    expect(nextLaneOnRoute(junction, laneId, route)).toBe(expected);
  });

  test.each<[readonly string[], string, readonly string[]]>([
    [LEFT_ROUTE, 'south_in_0', [LEFT_TURN, 'west_out_0']],
    [LEFT_ROUTE, 'west_out_0', []],
    [LEFT_ROUTE, 'north_in_0', LEFT_ROUTE],
  ])('routeAfter(%p, %s) is %p', (route, laneId, expected) => {
    expect(routeAfter(route, laneId)).toEqual(expected);
  });

  test('pointAhead continues past a lane end along the route (straight on: 5 m into north_out_0)', () => {
    const straightOn = ['south_in_0', 'south_in_0>north_out_0', 'north_out_0'];
    const connector = getLane(junction, 'south_in_0>north_out_0').centerline.lengthM;
    const p = pointAhead(junction, 'south_in_0', 75, 5 + connector + 5, straightOn);
    const start = getLane(junction, 'north_out_0').centerline;
    expect(p.x).toBeCloseTo(start.xs[0], 6);
    expect(p.y).toBeCloseTo(start.ys[0] + 5, 6);
  });

  test('pointAhead stops at the end of the last lane', () => {
    const p = pointAhead(straightRoad(1, 100), 'lane0', 90, 50, ['lane0']);
    expect(p).toEqual({ x: 100, y: 0, yaw: 0 });
  });
});
