import { frenetToWorld } from '../../../sim/geometry/polyline';
import { getLane } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import { initialWorld } from '../../../sim/world/init';
import { laneByOffset, startLaneChange } from '../../../sim/world/lane-change';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  actorIn,
  atTime,
  curveRoad,
  event,
  laneActor,
  laneChangeTo,
  laneMotionOf,
  runSteps,
  simSetup,
  straightRoad,
} from '../../helpers/world-fixtures';

const CENTRED_M = 0.01;
const straight = straightRoad(3, 1000);

function actorOn(road: RoadNetwork, laneId: string, s: number) {
  return initialWorld(createRuntime(simSetup({ road, actors: [laneActor('car', laneId, s, 10, CONSTANT_SPEED)] }))).actors[0];
}

describe('startLaneChange', () => {
  test('re-expresses the car in the target lane without moving it (hand-computed on a straight road)', () => {
    const car = actorOn(straight, 'lane0', 50);
    const changed = startLaneChange(straight, car, 'lane1', 3, 'cubic', 2);
    const m = laneMotionOf(changed);
    expect(changed.pose).toEqual(car.pose);
    expect(m).toMatchObject({ laneId: 'lane1', route: [], lastLaneChangeS: 2 });
    expect(m.s).toBeCloseTo(50, 9);
    expect(m.d).toBeCloseTo(-3.5, 9);
    expect(m.lateral).toEqual({ kind: 'lane_change', targetLaneId: 'lane1', shape: 'cubic', fromD: m.d, toD: 0, startS: 2, durationS: 3 });
  });

  test('on a curve the target-lane Frenet coordinates map back to the same point (round trip)', () => {
    const curve = curveRoad(60);
    const car = actorOn(curve, 'lane0', 80); // on the arc
    const m = laneMotionOf(startLaneChange(curve, car, 'lane1', 4, 'sinusoidal', 0));
    const back = frenetToWorld(getLane(curve, 'lane1').centerline, m.s, m.d);
    expect(Math.hypot(back.x - car.pose.x, back.y - car.pose.y)).toBeLessThan(1e-3);
    expect(m.d).toBeCloseTo(-3.5, 2);
    // lane1 is the inner lane of the left curve: radius 56.5 instead of 60 over the arc.
    expect(m.s).toBeCloseTo(40 + (80 - 40) * (56.5 / 60), 1);
  });
});

describe('laneByOffset', () => {
  test.each<[string, number, string | null]>([
    ['lane0', 1, 'lane1'],
    ['lane0', 2, 'lane2'],
    ['lane2', -2, 'lane0'],
    ['lane1', 0, 'lane1'],
    ['lane0', -1, null],
    ['lane2', 1, null],
    ['lane1', 3, null],
  ])('%s offset by %p is %p', (laneId, offset, expected) => {
    expect(laneByOffset(straight, laneId, offset)).toBe(expected);
  });
});

describe('a scripted lane change in the world loop', () => {
  const TRIGGER_S = 2;
  const DURATION_S = 3;

  test.each(['linear', 'cubic', 'sinusoidal'] as const)(
    '%s: ends centred in the target lane at trigger + duration, with a monotonic lateral offset',
    (shape) => {
      const setup = simSetup({
        road: straight,
        actors: [laneActor('car', 'lane0', 50, 15, CONSTANT_SPEED)],
        events: [event('change', atTime(TRIGGER_S), [laneChangeTo('car', 'lane1', DURATION_S, shape)])],
      });
      const { states } = runSteps(setup, 70);
      const ys = states.map((w) => actorIn(w, 'car').pose.y);
      for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeGreaterThanOrEqual(ys[k - 1] - 1e-12);

      const endStep = Math.round((TRIGGER_S + DURATION_S) / setup.dtS);
      const atEnd = actorIn(states[endStep], 'car');
      expect(laneMotionOf(atEnd).laneId).toBe('lane1');
      expect(Math.abs(laneMotionOf(atEnd).d)).toBeLessThan(CENTRED_M);
      expect(Math.abs(atEnd.pose.y - 3.5)).toBeLessThan(CENTRED_M);
      expect(laneMotionOf(atEnd).lateral).toEqual({ kind: 'keep', offsetM: 0, mobil: false });
      // One step earlier it is still on its way (the smooth shapes are within a centimetre by then).
      expect(Math.abs(laneMotionOf(actorIn(states[endStep - 1], 'car')).d)).toBeGreaterThan(1e-3);
      // Before the trigger it had not moved sideways.
      expect(actorIn(states[Math.round(TRIGGER_S / setup.dtS)], 'car').pose.y).toBe(0);
      // The heading follows the sideways motion (left: positive yaw) and is straight again after.
      expect(actorIn(states[endStep - 10], 'car').pose.yaw).toBeGreaterThan(0);
      expect(actorIn(states[endStep + 5], 'car').pose.yaw).toBeCloseTo(0, 12);
    },
  );
});
