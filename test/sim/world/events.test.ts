import type { ConditionContext, EventAction } from '../../../sim/setup';
import { applyAction, EventActionError, fireEvents } from '../../../sim/world/events';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  actorIn,
  atTime,
  brake,
  event,
  followTrajectory,
  idm,
  laneActor,
  laneChangeBy,
  laneMotionOf,
  runSteps,
  simSetup,
  speedChangeAt,
  speedChangeOver,
  startWalking,
  straightRoad,
  walker,
} from '../../helpers/world-fixtures';

const road = straightRoad(2, 2000);
const DT_S = 0.1;
const stepAt = (timeS: number): number => Math.round(timeS / DT_S);

function speedsOf(actions: readonly EventAction[], triggerS: number, seconds: number, behaviour = CONSTANT_SPEED) {
  const setup = simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20, behaviour)], events: [event('e', atTime(triggerS), actions)] });
  return runSteps(setup, stepAt(seconds)).states.map((w) => actorIn(w, 'car').speedMps);
}

describe('applyAction: speed changes', () => {
  const rt = createRuntime(simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20, CONSTANT_SPEED)] }));
  const car = initialWorld(rt).actors[0];

  test.each<[string, EventAction, { toMps: number; shape: string; durationS: number }]>([
    ['a duration is taken as given', speedChangeOver('car', 10, 4), { toMps: 10, shape: 'linear', durationS: 4 }],
    ['a rate gives |dv| / rate (hand-computed: 10 / 2 = 5 s)', speedChangeAt('car', 10, 2), { toMps: 10, shape: 'linear', durationS: 5 }],
    ['a rate works upwards too (6 / 3 = 2 s)', speedChangeAt('car', 26, 3, 'cubic'), { toMps: 26, shape: 'cubic', durationS: 2 }],
    ['a step ignores the duration', speedChangeOver('car', 10, 4, 'step'), { toMps: 10, shape: 'step', durationS: 0 }],
    ['a rate of 0 becomes a step instead of never ending', speedChangeAt('car', 10, 0), { toMps: 10, shape: 'step', durationS: 0 }],
  ])('%s', (_name, action, expected) => {
    const m = laneMotionOf(applyAction(rt, car, action, '0:0', { ...initialWorld(rt), timeS: 1.5 }));
    expect(m.longitudinal).toEqual({ kind: 'speed_profile', fromMps: 20, startS: 1.5, ignoreLeader: true, ...expected });
  });

  test('a speed change of an IDM driver still respects its leader (ignoreLeader false)', () => {
    const idmRt = createRuntime(simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20, idm(20))] }));
    const m = laneMotionOf(applyAction(idmRt, initialWorld(idmRt).actors[0], speedChangeOver('car', 10, 4), '0:0', initialWorld(idmRt)));
    expect(m.longitudinal).toMatchObject({ kind: 'speed_profile', ignoreLeader: false });
  });
});

describe('events in the world loop', () => {
  test('speed_change linear reaches the target at trigger + duration, half way at half time', () => {
    const speeds = speedsOf([speedChangeOver('car', 10, 4)], 1, 8);
    expect(speeds[stepAt(1)]).toBe(20);
    expect(speeds[stepAt(3)]).toBeCloseTo(15, 9);
    expect(speeds[stepAt(5)]).toBeCloseTo(10, 9);
    expect(speeds[stepAt(8)]).toBeCloseTo(10, 9);
  });

  test('speed_change by rate lasts |dv| / rate (20 -> 10 m/s at 2 m/s^2: 5 s)', () => {
    const speeds = speedsOf([speedChangeAt('car', 10, 2)], 1, 8);
    expect(speeds[stepAt(3.5)]).toBeCloseTo(15, 9);
    expect(speeds[stepAt(6)]).toBeCloseTo(10, 9);
    expect(speeds[stepAt(5.5)]).toBeGreaterThan(10.5);
  });

  test('speed_change of an IDM driver on a free road follows a slowing profile and keeps the new speed', () => {
    const speeds = speedsOf([speedChangeOver('car', 10, 4)], 1, 10, idm(20));
    expect(speeds[stepAt(5)]).toBeCloseTo(10, 2);
    expect(speeds[stepAt(10)]).toBeCloseTo(10, 2);
  });

  test('brake stops the car at the given deceleration (4 m/s^2: 16 m/s after 1 s, stopped after 5 s)', () => {
    const setup = simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20, CONSTANT_SPEED)], events: [event('stop', atTime(1), [brake('car', 4)])] });
    const { states } = runSteps(setup, stepAt(9));
    const speed = (t: number) => actorIn(states[stepAt(t)], 'car').speedMps;
    expect(speed(2)).toBeCloseTo(16, 9);
    expect(speed(6)).toBeCloseTo(0, 9);
    expect(speed(9)).toBe(0);
    // Distance while braking: 20^2 / (2 * 4) = 50 m after the 20 m driven before the trigger.
    expect(laneMotionOf(actorIn(states[stepAt(9)], 'car')).s).toBeCloseTo(50 + 20 + 50, 6);
  });

  test('start_walking starts a waiting pedestrian', () => {
    const setup = simSetup({
      road,
      actors: [walker('ped', [{ x: 100, y: -5 }, { x: 100, y: 10 }], 1.4, false)],
      events: [event('go', atTime(1), [startWalking('ped')])],
    });
    const { states } = runSteps(setup, stepAt(2));
    const ped = (t: number) => actorIn(states[stepAt(t)], 'ped');
    expect(ped(1).pose).toEqual(ped(0).pose);
    expect(ped(1).motion).toMatchObject({ kind: 'walk', walking: false, s: 0 });
    expect(ped(2).motion).toMatchObject({ kind: 'walk', walking: true });
    expect(ped(2).pose.y).toBeCloseTo(-5 + 1.4, 9); // walked for the 1 s since the trigger
    expect(ped(2).speedMps).toBe(1.4);
  });

  test('follow_trajectory waypoint times count from the trigger', () => {
    // The car holds 10 m/s from s = 50, so at the trigger (t = 3) it is at x = 80; the waypoints
    // continue at 10 m/s from there, timed from 0. Absolute times would put the reference 30 m ahead.
    const waypoints = Array.from({ length: 11 }, (_, k) => ({ tS: k, x: 80 + 10 * k, y: 0 }));
    const setup = simSetup({
      road,
      actors: [laneActor('car', 'lane0', 50, 10, CONSTANT_SPEED)],
      events: [event('take', atTime(3), [followTrajectory('car', waypoints)])],
    });
    const { states } = runSteps(setup, stepAt(8));
    const car = actorIn(states[stepAt(8)], 'car');
    expect(car.motion).toEqual({ kind: 'bicycle', trajectoryIndex: 1, timeOffsetS: expect.closeTo(3, 9) });
    expect(car.pose.x).toBeCloseTo(130, 0);
    expect(Math.abs(car.pose.y)).toBeLessThan(0.05);
    expect(car.speedMps).toBeCloseTo(10, 1);
  });

  test('an event fires once: its condition is not asked again and its action is not repeated', () => {
    let asked = 0;
    const always = (_ctx: ConditionContext) => {
      asked++;
      return true;
    };
    const setup = simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20, CONSTANT_SPEED)], events: [event('once', always, [speedChangeOver('car', 10, 4)])] });
    const { states } = runSteps(setup, 30);
    expect(asked).toBe(1);
    expect(states[0].events).toEqual([{ id: 'once', firedAtS: null }]);
    for (const w of states.slice(1)) expect(w.events).toEqual([{ id: 'once', firedAtS: 0 }]);
    expect(laneMotionOf(actorIn(states[30], 'car')).longitudinal).toMatchObject({ kind: 'speed_profile', startS: 0 });
  });

  test('conditions read the state at t: an event triggered by another fires one step later', () => {
    const firstFired = (ctx: ConditionContext) => ctx.world.events[0].firedAtS !== null;
    const setup = simSetup({
      road,
      actors: [laneActor('car', 'lane0', 50, 20, CONSTANT_SPEED)],
      events: [event('a', atTime(0.5), [brake('car', 1)]), event('b', firstFired, [brake('car', 2)])],
    });
    const { states } = runSteps(setup, 10);
    expect(states[10].events.map((e) => e.firedAtS)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(0.6, 9)]);
  });

  test('applies every action of an event, to the actors they name', () => {
    const setup = simSetup({
      road,
      actors: [laneActor('a', 'lane0', 50, 20, CONSTANT_SPEED), laneActor('b', 'lane1', 50, 20, CONSTANT_SPEED)],
      events: [event('both', atTime(0), [brake('a', 4), speedChangeOver('b', 30, 2)])],
    });
    const { states } = runSteps(setup, 10);
    expect(actorIn(states[10], 'a').speedMps).toBeCloseTo(16, 9);
    expect(actorIn(states[10], 'b').speedMps).toBeCloseTo(25, 9);
  });

  test('a lane change to a lane that does not exist does nothing, but the event counts as fired', () => {
    const rt = createRuntime(simSetup({ road, actors: [laneActor('car', 'lane1', 50, 20)], events: [event('left', atTime(0), [laneChangeBy('car', 1, 3)])] }));
    const w = initialWorld(rt);
    const fired = fireEvents(rt, w);
    expect(fired.actors[0]).toBe(w.actors[0]);
    expect(fired.events).toEqual([{ id: 'left', firedAtS: 0 }]);
  });

  test('leaves the world untouched (same arrays) when nothing fires', () => {
    const rt = createRuntime(simSetup({ road, actors: [laneActor('car', 'lane0', 50, 20)], events: [event('later', atTime(5), [brake('car', 3)])] }));
    const w = initialWorld(rt);
    const r = fireEvents(rt, w);
    expect(r.actors).toBe(w.actors);
    expect(r.events).toBe(w.events);
  });
});

describe('event errors', () => {
  test.each<[string, EventAction, RegExp]>([
    ['an unknown actor', brake('ghost', 3), /event 'e' names unknown actor 'ghost'/],
    ['a speed change of a walker', speedChangeOver('ped', 3, 1), /speed_change needs actor 'ped' to drive on a lane, but it is walk/],
    ['start_walking of a car', startWalking('car'), /start_walking needs actor 'car' to be a walker/],
  ])('name %s', (_name, action, message) => {
    const setup = simSetup({
      road,
      actors: [laneActor('car', 'lane0', 50, 20), walker('ped', [{ x: 100, y: -5 }, { x: 100, y: 10 }], 1.4, false)],
      events: [event('e', atTime(0), [action])],
    });
    const rt = createRuntime(setup);
    expect(() => fireEvents(rt, initialWorld(rt))).toThrow(EventActionError);
    expect(() => fireEvents(rt, initialWorld(rt))).toThrow(message);
  });
});
