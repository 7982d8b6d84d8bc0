import { curvatureAt } from '../../../sim/geometry/polyline';
import { CURVE_LAT_ACCEL_MPS2, CURVE_PLAN_DECEL_MPS2 } from '../../../sim/policies/route-preview';
import { purePursuitPolicy, routeLaneChange, speedTarget, STOP_DECEL_MPS2 } from '../../../sim/policies/pure-pursuit-policy';
import { getLane, locate, projectOntoLane } from '../../../sim/road/query';
import type { EgoSetup, SimSetup } from '../../../sim/setup';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import { CONSTANT_SPEED, OFF_ROAD_EGO, curveRoad, laneActor, laneStart, mergeRoad, runSteps, simSetup, straightRoad, type Run } from '../../helpers/world-fixtures';

function egoOn(laneId: string, s: number, speedMps: number, route: readonly string[]): EgoSetup {
  return { ...OFF_ROAD_EGO, start: laneStart(laneId, s, speedMps), route };
}

function drive(setup: SimSetup, seconds: number): Run {
  return runSteps(setup, Math.round(seconds / setup.dtS), purePursuitPolicy(createRuntime(setup)));
}

describe('speedTarget', () => {
  test.each<[string, number, number, number, number, number]>([
    // name, limit, curve speed, stop distance -> target, profile slope
    ['the speed limit on open road', 20, Infinity, Infinity, 20, 0],
    ['the curve speed below the limit, falling at the curve plan deceleration', 20, 12, Infinity, 12, -CURVE_PLAN_DECEL_MPS2],
    // sqrt(2 * 2 m/s^2 * 25 m) = 10 m/s
    ['the stop profile 25 m before the end of the route', 20, 15, 25, 10, -STOP_DECEL_MPS2],
    ['zero at (or past) the end of the route', 20, Infinity, -3, 0, -STOP_DECEL_MPS2],
    ['the limit when the profiles allow more', 10, 12, 100, 10, 0],
  ])('is %s', (_name, limit, curve, stop, speed, slope) => {
    const t = speedTarget(limit, curve, stop);
    expect(t.speedMps).toBeCloseTo(speed, 9);
    expect(t.profileAccelMps2).toBe(slope);
  });
});

describe('routeLaneChange', () => {
  const road = straightRoad(3);
  test.each<[string, string, readonly string[], string | null]>([
    ['a left neighbour next on the route', 'lane0', ['lane0', 'lane1'], 'lane1'],
    ['a right neighbour next on the route', 'lane2', ['lane2', 'lane1'], 'lane1'],
    ['nothing at the end of the route', 'lane1', ['lane0', 'lane1'], null],
    ['nothing for a lane two lanes away', 'lane0', ['lane0', 'lane2'], null],
    ['nothing off the route', 'lane2', ['lane0', 'lane1'], null],
  ])('finds %s', (_name, lane, route, expected) => {
    expect(routeLaneChange(road, lane, 100, route)).toBe(expected);
  });
});

describe('purePursuitPolicy', () => {
  test('reaches and holds the speed limit on a straight road, on the lane centre', () => {
    const road = straightRoad(2, 2000, 25);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 10, 10, ['lane0']) }), 15);
    const last = states[states.length - 1].ego;
    expect(last.speedMps).toBeGreaterThan(24.5);
    expect(last.speedMps).toBeLessThanOrEqual(25 + 1e-6);
    expect(Math.abs(projectOntoLane(road, 'lane0', last.pose.x, last.pose.y).d)).toBeLessThan(0.05);
  });

  test('takes a bend at the curve speed and stays within 0.5 m of the lane centre', () => {
    const road = curveRoad(40);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 5, 15, ['lane0']) }), 20);
    const lane0 = getLane(road, 'lane0');
    let maxOffset = 0;
    let maxLatAccel = 0;
    for (const w of states) {
      const p = projectOntoLane(road, 'lane0', w.ego.pose.x, w.ego.pose.y);
      maxOffset = Math.max(maxOffset, Math.abs(p.d));
      maxLatAccel = Math.max(maxLatAccel, w.ego.speedMps ** 2 * Math.abs(curvatureAt(lane0.centerline, p.s)));
    }
    expect(maxOffset).toBeLessThan(0.5);
    // Planned at CURVE_LAT_ACCEL_MPS2 (3); the speed loop lags its falling profile by a little.
    expect(maxLatAccel).toBeLessThan(CURVE_LAT_ACCEL_MPS2 * 1.2);
    expect(states[states.length - 1].ego.pose.yaw).toBeCloseTo(Math.PI / 2, 1);
  });

  test('stops before the end of its route instead of leaving the map', () => {
    const road = straightRoad(1, 200, 20);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 10, 15, ['lane0']) }), 30);
    const last = states[states.length - 1].ego;
    expect(last.speedMps).toBeLessThan(0.1);
    const front = projectOntoLane(road, 'lane0', last.pose.x, last.pose.y).s + last.size.lengthM / 2;
    expect(front).toBeLessThan(200);
    expect(front).toBeGreaterThan(195);
  });

  test('changes lanes where its route steps to the neighbouring lane', () => {
    const road = straightRoad(2, 1000, 20);
    const { states } = drive(simSetup({ road, ego: egoOn('lane0', 10, 15, ['lane0', 'lane1']) }), 10);
    const last = states[states.length - 1].ego;
    expect(locate(road, last.pose.x, last.pose.y)?.laneId).toBe('lane1');
    expect(Math.abs(projectOntoLane(road, 'lane1', last.pose.x, last.pose.y).d)).toBeLessThan(0.3);
  });

  test('merges from the acceleration lane to the main lane along a ramp route', () => {
    const road = mergeRoad();
    const { states } = drive(simSetup({ road, ego: egoOn('ramp', 5, 15, ['ramp', 'merge', 'lane0']) }), 20);
    const last = states[states.length - 1].ego;
    expect(locate(road, last.pose.x, last.pose.y)?.laneId).toBe('lane0');
  });

  test('never reads other actors: its actions are the same with and without traffic', () => {
    const road = straightRoad(2, 1000, 20);
    const ego = egoOn('lane0', 10, 15, ['lane0']);
    const empty = simSetup({ road, ego });
    const busy = simSetup({ road, ego, actors: [laneActor('slow', 'lane0', 40, 5, CONSTANT_SPEED), laneActor('beside', 'lane1', 12, 15)] });
    const quiet = purePursuitPolicy(createRuntime(empty));
    const crowded = purePursuitPolicy(createRuntime(busy));
    // Step the busy world and ask both policies about the same ego states.
    const { states } = runSteps(busy, 40, purePursuitPolicy(createRuntime(busy)));
    const emptyWorld = initialWorld(createRuntime(empty));
    for (const w of states) {
      const withTraffic = crowded.act({ world: w, road, dtS: 0.1 });
      const without = quiet.act({ world: { ...emptyWorld, step: w.step, timeS: w.timeS, ego: w.ego }, road, dtS: 0.1 });
      expect(withTraffic).toEqual(without);
    }
    // ... so it drives into the slow car ahead: the non-reactive baseline it is meant to be.
    const gap = states[states.length - 1].actors[0].pose.x - states[states.length - 1].ego.pose.x;
    expect(gap).toBeLessThan(5);
  });

  test('brakes to a stop when it is off every lane', () => {
    const road = straightRoad(1, 300, 20);
    const setup = simSetup({ road, ego: { ...OFF_ROAD_EGO, start: { kind: 'pose', pose: { x: 50, y: 30, yaw: 0 }, speedMps: 10 }, route: ['lane0'] } });
    const rt = createRuntime(setup);
    const action = purePursuitPolicy(rt).act({ world: initialWorld(rt), road, dtS: 0.1 });
    expect(action).toEqual({ accelMps2: -rt.egoParams.maxDecelMps2, steerRad: 0 });
  });
});
