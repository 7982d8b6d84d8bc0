import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import type { ActorSetup, EgoSetup } from '../../../sim/setup';
import type { World } from '../../../sim/types';
import { initialWorld } from '../../../sim/world/init';
import { buildOccupancy } from '../../../sim/world/lane-occupancy';
import { egoMobilChoice, LANE_CHANGE_COOLDOWN_S, MOBIL_INTERVAL_S, mobilLaneChoice } from '../../../sim/world/mobil-choice';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  actorIn,
  idm,
  laneActor,
  laneMotionOf,
  laneStart,
  runSteps,
  simSetup,
  straightRoad,
  type Run,
} from '../../helpers/world-fixtures';

const road = straightRoad(2, 3000);
const DT_S = 0.1;

/** A car at 20 m/s wanting 30, 20 m behind the bumper of a truck doing 15 m/s in lane0. */
const stuck = laneActor('car', 'lane0', 100, 20, idm(30, { mobil: true }));
const truck = laneActor('truck', 'lane0', 100 + 20 + 2.3 + 6, 15, CONSTANT_SPEED, 'truck');

function run(actors: readonly ActorSetup[], seconds: number): Run {
  return runSteps(simSetup({ road, actors }), Math.round(seconds / DT_S));
}

/** First time the car's lane change started (its lateral mode left 'keep'), s, or null. */
function changeStartS(r: Run, id = 'car'): number | null {
  const w = r.states.find((s) => laneMotionOf(actorIn(s, id)).lateral.kind === 'lane_change');
  return w === undefined ? null : laneMotionOf(actorIn(w, id)).lastLaneChangeS;
}

describe('MOBIL lane choice in the world loop', () => {
  test('a car stuck behind a slow truck with a free left lane changes left within a few seconds', () => {
    const r = run([stuck, truck], 8);
    const startS = changeStartS(r);
    expect(startS).not.toBeNull();
    expect(startS!).toBeLessThanOrEqual(3);
    const last = actorIn(r.states[r.states.length - 1], 'car');
    expect(laneMotionOf(last).laneId).toBe('lane1');
    expect(last.speedMps).toBeGreaterThan(15);
  });

  test('does not change while the left lane is occupied alongside', () => {
    const alongside = laneActor('alongside', 'lane1', 100, 15, CONSTANT_SPEED);
    const slowStuck = { ...stuck, start: laneStart('lane0', 100, 15) };
    const nearTruck = { ...truck, start: laneStart('lane0', 100 + 10 + 2.3 + 6, 15) };
    const r = run([slowStuck, nearTruck, alongside], 5);
    expect(changeStartS(r)).toBeNull();
    expect(laneMotionOf(actorIn(r.states[r.states.length - 1], 'car')).laneId).toBe('lane0');
    // The same car without the neighbour goes at once: the neighbour is what holds it.
    expect(changeStartS(run([slowStuck, nearTruck], 5))).toBe(0);
  });

  test('does not change when nobody holds it up', () => {
    expect(changeStartS(run([stuck], 5))).toBeNull();
  });

  test('does not change lanes when MOBIL is off', () => {
    expect(changeStartS(run([{ ...stuck, behaviour: idm(30) }, truck], 5))).toBeNull();
  });
});

describe('mobilLaneChoice timing', () => {
  const rt = createRuntime(simSetup({ road, actors: [stuck, truck] }));
  const world = initialWorld(rt);
  const occ = buildOccupancy(road, world);
  const car = world.actors[0];

  test('decides only on its own steps, once per MOBIL_INTERVAL_S (staggered by actor index)', () => {
    const period = Math.round(MOBIL_INTERVAL_S / DT_S);
    const decidesAt = (timeS: number) => mobilLaneChoice(rt, occ, car, 0, timeS) !== car;
    expect(decidesAt(0)).toBe(true);
    expect(decidesAt(DT_S)).toBe(false);
    expect(decidesAt(period * DT_S)).toBe(true);
    // Actor 1 would decide one step earlier in each period.
    expect(mobilLaneChoice(rt, occ, car, 1, (period - 1) * DT_S)).not.toBe(car);
  });

  test('waits LANE_CHANGE_COOLDOWN_S after its last lane change', () => {
    const recent = { ...car, motion: { ...laneMotionOf(car), lastLaneChangeS: 0 } };
    expect(mobilLaneChoice(rt, occ, recent, 0, LANE_CHANGE_COOLDOWN_S - 1)).toBe(recent);
    expect(mobilLaneChoice(rt, occ, recent, 0, LANE_CHANGE_COOLDOWN_S)).not.toBe(recent);
  });

  test('starts a 4 s sinusoidal change into the chosen lane', () => {
    const changed = laneMotionOf(mobilLaneChoice(rt, occ, car, 0, 0));
    expect(changed.laneId).toBe('lane1');
    expect(changed.lateral).toMatchObject({ kind: 'lane_change', targetLaneId: 'lane1', shape: 'sinusoidal', durationS: 4, startS: 0 });
  });
});

describe('egoMobilChoice', () => {
  const ego = (s: number, speedMps: number): EgoSetup => ({
    cls: 'car',
    size: DEFAULT_SIZES.car,
    start: laneStart('lane0', s, speedMps),
    route: [],
    desiredSpeedMps: 30,
    trajectory: [],
  });

  function choice(actors: readonly ActorSetup[]): string | null {
    const rt = createRuntime(simSetup({ road, ego: ego(100, 20), actors }));
    const w: World = initialWorld(rt);
    return egoMobilChoice(rt, buildOccupancy(road, w), w, 'lane0', 100);
  }

  test('sends the ego left past a slow truck', () => {
    expect(choice([truck])).toBe('lane1');
  });

  test('keeps the ego in lane when the left lane is taken alongside', () => {
    expect(choice([truck, laneActor('alongside', 'lane1', 100, 20, CONSTANT_SPEED)])).toBeNull();
  });
});
