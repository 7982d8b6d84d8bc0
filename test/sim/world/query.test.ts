import type { AgentState, World } from '../../../sim/types';
import { initialWorld } from '../../../sim/world/init';
import { agentById, agentLanePosition, centreDistanceM, gapAlongLaneM, timeHeadwayS, ttcBetweenS, UnknownAgentError } from '../../../sim/world/query';
import { createRuntime } from '../../../sim/world/runtime';
import { CONSTANT_SPEED, laneActor, simSetup, straightRoad } from '../../helpers/world-fixtures';

const road = straightRoad(2, 500);
const world: World = initialWorld(
  createRuntime(
    simSetup({
      road,
      actors: [
        laneActor('back', 'lane0', 50, 10, CONSTANT_SPEED),
        laneActor('front', 'lane0', 80, 4, CONSTANT_SPEED),
        laneActor('side', 'lane1', 80, 10, CONSTANT_SPEED),
        { id: 'parked', cls: 'car', size: { lengthM: 4, widthM: 2, heightM: 1.5 }, start: { kind: 'pose', pose: { x: 120, y: 0.5, yaw: 0 }, speedMps: 0 }, behaviour: { type: 'parked' } },
      ],
    }),
  ),
);
const get = (id: string): AgentState => agentById(world, id);

describe('agentById', () => {
  test('finds the ego and actors by id', () => {
    expect(get('ego')).toBe(world.ego);
    expect(get('side').id).toBe('side');
  });

  test('throws UnknownAgentError naming the id', () => {
    expect(() => get('ghost')).toThrow(UnknownAgentError);
    expect(() => get('ghost')).toThrow("unknown actor 'ghost'");
  });
});

describe('agentLanePosition', () => {
  test('is the lane motion of a lane agent and the located lane of a free one', () => {
    expect(agentLanePosition(road, get('side'))).toEqual({ laneId: 'lane1', s: 80, d: 0 });
    const p = agentLanePosition(road, get('parked'));
    expect(p).toMatchObject({ laneId: 'lane0' });
    expect(p?.s).toBeCloseTo(120, 9);
    expect(p?.d).toBeCloseTo(0.5, 9);
  });

  test('is null off the lanes (the test ego stands far off the road)', () => {
    expect(agentLanePosition(road, world.ego)).toBeNull();
  });
});

describe('gapAlongLaneM', () => {
  test.each<[string, string, string, number]>([
    ['the car ahead (hand-computed: 80 - 50 - 2.3 - 2.3)', 'back', 'front', 25.4],
    ['a car ahead in the next lane, projected onto mine (a cut-in gap)', 'back', 'side', 25.4],
    ['a parked car of another size (120 - 80 - 2.3 - 2)', 'front', 'parked', 35.7],
    ['a car behind', 'front', 'back', Infinity],
    ['a car level with me', 'front', 'side', Infinity],
    ['anyone, from off the road', 'ego', 'front', Infinity],
  ])('to %s', (_name, a, b, expected) => {
    const gap = gapAlongLaneM(road, get(a), get(b));
    if (expected === Infinity) expect(gap).toBe(Infinity);
    else expect(gap).toBeCloseTo(expected, 9);
  });
});

describe('centreDistanceM', () => {
  test('is the Euclidean distance between centres (3-4-5 triangle) and symmetric', () => {
    const a = { ...get('back'), pose: { x: 0, y: 0, yaw: 0 } };
    const b = { ...get('back'), pose: { x: 3, y: 4, yaw: 1 } };
    expect(centreDistanceM(a, b)).toBe(5);
    expect(centreDistanceM(b, a)).toBe(5);
  });
});

describe('timeHeadwayS', () => {
  test.each<[string, string, string, number]>([
    ['gap / own speed (25.4 m at 10 m/s)', 'back', 'front', 2.54],
    ['Infinity when the other is not ahead', 'front', 'back', Infinity],
    ['Infinity when standing still', 'parked', 'front', Infinity],
  ])('is %s', (_name, a, b, expected) => {
    const h = timeHeadwayS(road, get(a), get(b));
    if (expected === Infinity) expect(h).toBe(Infinity);
    else expect(h).toBeCloseTo(expected, 9);
  });

  test('is 0, not negative, when the boxes overlap', () => {
    const touching = { ...get('front'), pose: { ...get('front').pose, x: 52 } };
    expect(timeHeadwayS(road, get('back'), touching)).toBe(0);
  });
});

describe('ttcBetweenS', () => {
  test('is the time to contact closing on a slower car (25.4 m at 6 m/s closing: about 4.2 s)', () => {
    expect(ttcBetweenS(get('back'), get('front'))).toBeCloseTo(25.4 / 6, 0);
  });

  test('is symmetric in its two agents', () => {
    expect(ttcBetweenS(get('front'), get('back'))).toBe(ttcBetweenS(get('back'), get('front')));
  });

  test('is Infinity for cars side by side in their lanes at the same speed', () => {
    expect(ttcBetweenS(get('back'), get('side'))).toBe(Infinity);
  });
});
