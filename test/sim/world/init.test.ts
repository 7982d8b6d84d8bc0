import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import { streamState } from '../../../sim/rng';
import type { ActorSetup, SimSetup } from '../../../sim/setup';
import { initialWorld, SetupError } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  OFF_ROAD_EGO,
  atTime,
  brake,
  curveRoad,
  event,
  idm,
  laneActor,
  laneStart,
  simSetup,
  straightRoad,
  walker,
} from '../../helpers/world-fixtures';

const road = straightRoad(2, 500);
const start = (setup: SimSetup) => initialWorld(createRuntime(setup));

describe('initialWorld', () => {
  const setup = simSetup({
    road,
    seed: 42,
    actors: [
      laneActor('lead', 'lane1', 80, 12, idm(14, { mobil: true, route: ['lane1'] })),
      laneActor('truck', 'lane0', 40, 9, CONSTANT_SPEED, 'truck'),
      { id: 'van', cls: 'car', size: DEFAULT_SIZES.car, start: { kind: 'pose', pose: { x: 200, y: -1, yaw: 0.1 }, speedMps: 5 }, behaviour: { type: 'parked' } },
      walker('ped', [{ x: 300, y: -6 }, { x: 303, y: -2 }], 1.4, false),
      { id: 'scripted', cls: 'car', size: DEFAULT_SIZES.car, start: laneStart('lane0', 10, 8), behaviour: { type: 'follow_trajectory', waypoints: [{ tS: 0, x: 10, y: 0 }, { tS: 5, x: 50, y: 0 }] } },
    ],
    events: [event('e1', atTime(1), [brake('lead', 3)])],
  });
  const world = start(setup);
  const actor = (id: string) => world.actors.find((a) => a.id === id)!;

  test('starts at step 0, time 0, with no event fired', () => {
    expect(world).toMatchObject({ step: 0, timeS: 0, events: [{ id: 'e1', firedAtS: null }] });
    expect(world.actors.map((a) => a.id)).toEqual(['lead', 'truck', 'van', 'ped', 'scripted']);
    expect(world.actors.every((a) => a.active && a.accelMps2 === 0 && a.steerRad === 0)).toBe(true);
  });

  test('places a lane actor on its lane with IDM (and MOBIL) from its behaviour, route minus its own lane', () => {
    expect(actor('lead')).toMatchObject({ pose: { x: 80, y: 3.5, yaw: 0 }, speedMps: 12, size: DEFAULT_SIZES.car });
    expect(actor('lead').motion).toEqual({
      kind: 'lane',
      laneId: 'lane1',
      s: 80,
      d: 0,
      longitudinal: { kind: 'idm', desiredSpeedMps: 14 },
      lateral: { kind: 'keep', offsetM: 0, mobil: true },
      route: [],
      lastLaneChangeS: -Infinity,
    });
  });

  test('gives constant_speed actors the hold mode, without MOBIL', () => {
    expect(actor('truck').motion).toMatchObject({ kind: 'lane', longitudinal: { kind: 'hold' }, lateral: { kind: 'keep', mobil: false } });
    expect(actor('truck').size).toEqual(DEFAULT_SIZES.truck);
  });

  test('stands a parked actor at its pose with speed 0, whatever its start speed', () => {
    expect(actor('van')).toMatchObject({ pose: { x: 200, y: -1, yaw: 0.1 }, speedMps: 0, motion: { kind: 'parked' } });
  });

  test('puts a walker at its first path point facing the second (hand-computed: atan2(4, 3))', () => {
    const ped = actor('ped');
    expect(ped.pose.x).toBe(300);
    expect(ped.pose.y).toBe(-6);
    expect(ped.pose.yaw).toBeCloseTo(Math.atan2(4, 3), 12);
    expect(ped.speedMps).toBe(0);
    expect(ped.motion).toEqual({ kind: 'walk', pathIndex: 0, s: 0, walking: false, walkSpeedMps: 1.4 });
  });

  test('gives a trajectory follower a bicycle motion on its own trajectory', () => {
    expect(actor('scripted').motion).toEqual({ kind: 'bicycle', trajectoryIndex: 1, timeOffsetS: 0 });
    expect(actor('scripted').speedMps).toBe(8);
  });

  test('gives each agent its own RNG stream from the seed and its id', () => {
    expect(world.ego.rng).toBe(streamState(42, 'ego'));
    expect(actor('lead').rng).toBe(streamState(42, 'actor:lead'));
    expect(new Set(world.actors.map((a) => a.rng)).size).toBe(world.actors.length);
  });

  test("adding an actor changes no other agent's initial state", () => {
    const more = start({ ...setup, actors: [laneActor('new', 'lane0', 150, 10), ...setup.actors] });
    expect(more.actors.slice(1)).toEqual(world.actors);
    expect(more.ego).toEqual(world.ego);
  });

  test('makes the ego a bicycle, on its trajectory when it has one', () => {
    expect(world.ego).toMatchObject({ id: 'ego', motion: { kind: 'bicycle', trajectoryIndex: -1 }, pose: OFF_ROAD_EGO.start.kind === 'pose' ? OFF_ROAD_EGO.start.pose : {} });
    const withTrajectory = start({ ...setup, ego: { ...OFF_ROAD_EGO, start: laneStart('lane0', 20, 10), trajectory: [{ tS: 0, x: 20, y: 0 }, { tS: 1, x: 30, y: 0 }] } });
    expect(withTrajectory.ego).toMatchObject({ pose: { x: 20, y: 0, yaw: 0 }, speedMps: 10, motion: { kind: 'bicycle', trajectoryIndex: 0 } });
  });

  test('locates a lane actor given by pose on the lane under it', () => {
    const curve = curveRoad(60);
    const a: ActorSetup = { ...laneActor('p', 'lane0', 0, 10), start: { kind: 'pose', pose: { x: 20, y: 3.6, yaw: 0 }, speedMps: 10 } };
    const m = start(simSetup({ road: curve, actors: [a] })).actors[0].motion;
    expect(m).toMatchObject({ kind: 'lane', laneId: 'lane1' });
    if (m.kind === 'lane') {
      expect(m.s).toBeCloseTo(20, 9);
      expect(m.d).toBeCloseTo(0.1, 9);
    }
  });
});

describe('initialWorld errors', () => {
  test.each<[string, ActorSetup, RegExp]>([
    ['a start beyond the lane end', laneActor('far', 'lane0', 600, 10), /actor 'far': start s=600 m is outside lane 'lane0' \(0\.\.500\.0 m\)/],
    ['a negative start s', laneActor('back', 'lane0', -1, 10), /actor 'back': start s=-1 m is outside lane 'lane0'/],
    [
      'a lane behaviour starting off the lanes',
      { ...laneActor('off', 'lane0', 0, 10), start: { kind: 'pose', pose: { x: 50, y: 30, yaw: 0 }, speedMps: 10 } },
      /actor 'off': start \(50, 30\) is not on any lane/,
    ],
  ])('names the actor and the problem for %s', (_name, actor, message) => {
    const rt = createRuntime(simSetup({ road, actors: [actor] }));
    expect(() => initialWorld(rt)).toThrow(SetupError);
    expect(() => initialWorld(rt)).toThrow(message);
  });

  test('checks the ego’s lane start too', () => {
    const rt = createRuntime(simSetup({ road, ego: { ...OFF_ROAD_EGO, start: laneStart('lane1', 501, 10) } }));
    expect(() => initialWorld(rt)).toThrow(/^ego: start s=501 m is outside lane 'lane1'/);
  });

  test('rejects duplicate actor ids when the runtime is built', () => {
    expect(() => createRuntime(simSetup({ road, actors: [laneActor('a', 'lane0', 1, 1), laneActor('a', 'lane1', 1, 1)] }))).toThrow("duplicate actor id 'a'");
  });
});
