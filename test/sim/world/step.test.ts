import { getLane } from '../../../sim/road/query';
import type { ActorSetup, SimSetup } from '../../../sim/setup';
import { hashWorld } from '../../../sim/state-hash';
import type { World } from '../../../sim/types';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import { stepWorld } from '../../../sim/world/step';
import {
  CONSTANT_SPEED,
  COAST,
  OFF_ROAD_EGO,
  actorIn,
  atTime,
  brake,
  event,
  idm,
  intersectionRoad,
  laneActor,
  laneChangeTo,
  laneMotionOf,
  laneStart,
  runSteps,
  simSetup,
  startWalking,
  straightRoad,
  walker,
} from '../../helpers/world-fixtures';

/** A little of everything: MOBIL traffic, a slow truck, a scripted lane change, a walker. */
function busySetup(seed = 1): SimSetup {
  const actors: ActorSetup[] = [];
  for (let i = 0; i < 12; i++) actors.push(laneActor(`car${i}`, `lane${i % 3}`, 20 + 25 * i, 18 + (i % 4), idm(22 + (i % 5), { mobil: true })));
  actors.push(laneActor('truck', 'lane0', 400, 12, CONSTANT_SPEED, 'truck'));
  actors.push(walker('ped', [{ x: 500, y: -4 }, { x: 500, y: 12 }], 1.4, false));
  return simSetup({
    road: straightRoad(3, 2000),
    seed,
    ego: { ...OFF_ROAD_EGO, start: laneStart('lane1', 5, 20) },
    actors,
    events: [event('cut', atTime(2), [laneChangeTo('car5', 'lane2', 3, 'cubic')]), event('walk', atTime(4), [startWalking('ped')])],
  });
}

describe('stepWorld', () => {
  test('gives identical worlds when the same setup is stepped twice (deep equal, equal hashes)', () => {
    const a = runSteps(busySetup(), 200).states;
    const b = runSteps(busySetup(), 200).states;
    expect(b[200]).toEqual(a[200]);
    expect(b.map(hashWorld)).toEqual(a.map(hashWorld));
    // Something happened: lane changes and a walk, so the check is not vacuous.
    expect(a[200].actors.some((x) => x.motion.kind === 'lane' && x.motion.lastLaneChangeS > 0)).toBe(true);
    expect(actorIn(a[200], 'ped').pose.y).toBeGreaterThan(0);
  });

  test('keeps time at exactly step * dt (no running sum)', () => {
    const { states } = runSteps(busySetup(), 100);
    states.forEach((w, k) => {
      expect(w.step).toBe(k);
      expect(w.timeS).toBe(k * 0.1);
    });
    // A running sum would have drifted: ten additions of 0.1 are not 1.
    expect(Array.from({ length: 10 }).reduce<number>((t) => t + 0.1, 0)).not.toBe(1);
    expect(states[10].timeS).toBe(1);
  });

  test('does not modify the world it is given', () => {
    const rt = createRuntime(busySetup());
    const w = initialWorld(rt);
    const before = JSON.stringify(w);
    stepWorld(rt, w, { accelMps2: 1, steerRad: 0.1 });
    expect(JSON.stringify(w)).toBe(before);
  });

  test('moves the ego by the bicycle model with the given action', () => {
    const { states } = runSteps(simSetup({ road: straightRoad(), ego: { ...OFF_ROAD_EGO, start: laneStart('lane0', 10, 10) } }), 10, { accelMps2: 2, steerRad: 0 });
    const ego = states[10].ego;
    // 1 s at up to 2 m/s^2 (the jerk limit delays the start a little): a bit under 12 m/s.
    expect(ego.speedMps).toBeGreaterThan(11.8);
    expect(ego.speedMps).toBeLessThanOrEqual(12);
    expect(ego.pose.y).toBe(0);
    expect(ego.pose.x).toBeGreaterThan(10 + 10.8);
  });

  test('applies events before moving the actors: a brake at t = 0 shows in the first step', () => {
    const setup = simSetup({ road: straightRoad(), actors: [laneActor('car', 'lane0', 50, 20, CONSTANT_SPEED)], events: [event('b', atTime(0), [brake('car', 4)])] });
    expect(actorIn(runSteps(setup, 1).states[1], 'car').speedMps).toBeCloseTo(19.6, 12);
  });
});

describe('random choices at forks (intersection, no route)', () => {
  const junction = intersectionRoad();
  const inLength = getLane(junction, 'south_in_0').centerline.lengthM;

  /** The lane `id` is on once it has crossed the end of south_in_0 (the connector it drew). */
  function choice(seed: number, extra: readonly ActorSetup[] = []): { connector: string; drew: boolean } {
    const setup = simSetup({ road: junction, seed, actors: [laneActor('car', 'south_in_0', inLength - 5, 10, idm(10)), ...extra] });
    const { states } = runSteps(setup, 10);
    const before = actorIn(states[0], 'car');
    const after = actorIn(states[10], 'car');
    return { connector: laneMotionOf(after).laneId, drew: after.rng !== before.rng };
  }

  test('draws from the agent’s own RNG stream, the same way for the same seed', () => {
    const first = choice(7);
    expect(first.drew).toBe(true);
    expect(getLane(junction, 'south_in_0').successorIds).toContain(first.connector);
    expect(choice(7)).toEqual(first);
  });

  test('is not changed by other actors (one stream per agent)', () => {
    const other = laneActor('other', 'north_in_0', inLength - 5, 10, idm(10));
    for (const seed of [1, 2, 3, 4, 5]) expect(choice(seed, [other]).connector).toBe(choice(seed).connector);
  });

  test('takes more than one branch over a range of seeds', () => {
    const branches = new Set(Array.from({ length: 20 }, (_, seed) => choice(seed).connector));
    expect(branches.size).toBeGreaterThan(1);
  });

  test('does not draw when the lane has a single successor', () => {
    const setup = simSetup({ road: junction, actors: [laneActor('car', 'south_in_0>north_out_0', 20, 10, idm(10))] });
    const { states } = runSteps(setup, 10);
    expect(laneMotionOf(actorIn(states[10], 'car')).laneId).toBe('north_out_0');
    expect(actorIn(states[10], 'car').rng).toBe(actorIn(states[0], 'car').rng);
  });
});

describe('COAST', () => {
  test('leaves a standing ego standing', () => {
    const w: World = runSteps(simSetup({ road: straightRoad() }), 5, COAST).states[5];
    expect(w.ego.speedMps).toBe(0);
  });
});
