import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import type { RoadNetwork } from '../../../sim/road/types';
import type { EgoSetup } from '../../../sim/setup';
import type { World } from '../../../sim/types';
import { initialWorld } from '../../../sim/world/init';
import {
  buildOccupancy,
  DEAD_END_INDEX,
  EGO_INDEX,
  followerBehind,
  isDeadEnd,
  leaderAhead,
} from '../../../sim/world/lane-occupancy';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  intersectionRoad,
  laneActor,
  laneStart,
  mergeRoad,
  runSteps,
  simSetup,
  straightRoad,
  walker,
  type SetupParts,
} from '../../helpers/world-fixtures';

const HALF_CAR_M = DEFAULT_SIZES.car.lengthM / 2; // 2.3
const straight = straightRoad(3, 500);
const junction = intersectionRoad();
const merge = mergeRoad();

const worldOf = (parts: SetupParts): World => initialWorld(createRuntime(simSetup(parts)));

describe('buildOccupancy', () => {
  test('lists each lane’s occupants sorted by s, ego included on its lane, inactive agents left out', () => {
    const ego: EgoSetup = { cls: 'car', size: DEFAULT_SIZES.car, start: laneStart('lane0', 60, 10), route: [], desiredSpeedMps: null, trajectory: [] };
    const w = worldOf({
      road: straight,
      ego,
      actors: [laneActor('far', 'lane0', 120, 10), laneActor('near', 'lane0', 30, 10), laneActor('side', 'lane1', 40, 10), laneActor('gone', 'lane0', 90, 10)],
    });
    const gone: World = { ...w, actors: w.actors.map((a) => (a.id === 'gone' ? { ...a, active: false } : a)) };
    const occ = buildOccupancy(straight, gone);
    expect(occ.get('lane0')?.map((o) => [o.index, o.s])).toEqual([
      [1, 30],
      [EGO_INDEX, 60],
      [0, 120],
    ]);
    expect(occ.get('lane1')?.map((o) => o.index)).toEqual([2]);
    expect(occ.has('lane2')).toBe(false);
  });

  test('puts a car astride the lane line in both lanes', () => {
    const a = laneActor('astride', 'lane0', 50, 10, CONSTANT_SPEED);
    const w = worldOf({ road: straight, actors: [{ ...a, start: laneStart('lane0', 50, 10, 1.75) }] });
    const occ = buildOccupancy(straight, w);
    expect(occ.get('lane0')?.[0]).toMatchObject({ index: 0, s: 50 });
    expect(occ.get('lane1')?.[0].index).toBe(0);
    expect(occ.get('lane1')?.[0].s).toBeCloseTo(50, 9);
  });

  test('lets a walking pedestrian claim the lanes it reaches within 3 s, at speed 0', () => {
    // Crossing north at x = 100 from y = 0 at 1.4 m/s: after one step it stands at y = 0.14 and
    // looks ahead to y = 1.54, 2.94, 4.34 (lane0 and lane1); lane2 starts at y = 5.25.
    const { states } = runSteps(simSetup({ road: straight, actors: [laneActor('car', 'lane1', 50, 10), walker('ped', [{ x: 100, y: 0 }, { x: 100, y: 20 }], 1.4, true)] }), 1);
    const occ = buildOccupancy(straight, states[1]);
    const claims = (laneId: string) => occ.get(laneId)?.filter((o) => o.index === 1) ?? [];
    expect(claims('lane0')).toHaveLength(1);
    expect(claims('lane1')).toHaveLength(1);
    expect(claims('lane2')).toHaveLength(0);
    expect(claims('lane1')[0].speedMps).toBe(0);
    const carS = 50 + 1; // the car moved 1 m in the step
    const leader = leaderAhead(occ, straight, 'lane1', carS, 0, HALF_CAR_M, []);
    expect(leader?.index).toBe(1);
    expect(leader?.gapM).toBeCloseTo(100 - carS - 0.25 - HALF_CAR_M, 6);
  });

  test('does not let a waiting pedestrian on the kerb claim the lane it would walk into', () => {
    const w = worldOf({ road: straight, actors: [walker('ped', [{ x: 100, y: -3 }, { x: 100, y: 20 }], 1.4, false)] });
    expect([...buildOccupancy(straight, w).values()].flat()).toEqual([]);
  });
});

describe('leaderAhead', () => {
  const w = worldOf({ road: straight, actors: [laneActor('back', 'lane0', 50, 10), laneActor('front', 'lane0', 80, 7), laneActor('side', 'lane1', 60, 9)] });
  const occ = buildOccupancy(straight, w);

  test.each<[string, string, number, number, { index: number; gapM: number; speedMps: number } | null]>([
    // gap = 80 - 50 - 2.3 - 2.3
    ['the car ahead on the same lane (hand-computed gap)', 'lane0', 50, 0, { index: 1, gapM: 25.4, speedMps: 7 }],
    ['nothing for the front car on a road that simply ends', 'lane0', 80, 1, null],
    ['the front car from a point between the two', 'lane0', 65, -1, { index: 1, gapM: 80 - 65 - 2 * HALF_CAR_M, speedMps: 7 }],
    ['the car on its own lane only', 'lane1', 20, -1, { index: 2, gapM: 60 - 20 - 2 * HALF_CAR_M, speedMps: 9 }],
  ])('finds %s', (_name, laneId, s, self, expected) => {
    const leader = leaderAhead(occ, straight, laneId, s, self, HALF_CAR_M, []);
    if (expected === null) expect(leader).toBeNull();
    else {
      expect(leader?.index).toBe(expected.index);
      expect(leader?.gapM).toBeCloseTo(expected.gapM, 9);
      expect(leader?.speedMps).toBe(expected.speedMps);
    }
  });

  describe('across a lane end (intersection: south_in_0 is 80 m, connectors start at its end)', () => {
    const jw = worldOf({
      road: junction,
      actors: [
        laneActor('me', 'south_in_0', 70, 10),
        laneActor('straight', 'south_in_0>north_out_0', 5, 8),
        laneActor('left', 'south_in_0>west_out_0', 8, 6),
      ],
    });
    const jocc = buildOccupancy(junction, jw);

    test.each<[string, readonly string[], string | null, number]>([
      // gap = (80 - 70) + s on the connector - 2.3 - 2.3
      ['the route through the straight connector', ['south_in_0>north_out_0', 'north_out_0'], 'straight', 10 + 5 - 4.6],
      ['the first successor (the left turn) without a route', [], 'left', 10 + 8 - 4.6],
      ['nobody on the right-turn route', ['south_in_0>east_out_0', 'east_out_0'], null, 0],
    ])('follows %s', (_name, route, leaderId, gapM) => {
      const leader = leaderAhead(jocc, junction, 'south_in_0', 70, 0, HALF_CAR_M, route);
      if (leaderId === null) expect(leader).toBeNull();
      else {
        expect(leader?.index).toBe(jw.actors.findIndex((a) => a.id === leaderId));
        expect(leader?.gapM).toBeCloseTo(gapM, 9);
      }
    });
  });

  test('puts a virtual stopped leader at the end of the merge road’s acceleration lane', () => {
    const mw = worldOf({ road: merge, actors: [laneActor('merging', 'merge', 40, 15)] });
    const leader = leaderAhead(buildOccupancy(merge, mw), merge, 'merge', 40, 0, HALF_CAR_M, []);
    // merge is 100 m long: gap = 100 - 40 - 2.3.
    expect(leader).toEqual({ index: DEAD_END_INDEX, gapM: expect.closeTo(57.7, 9), speedMps: 0 });
  });

  test('sees the virtual wall from the ramp, through the lane end into merge', () => {
    const mw = worldOf({ road: merge, actors: [laneActor('ramping', 'ramp', 90, 15)] });
    const rampLength = merge.lanes.get('ramp')!.centerline.lengthM;
    const leader = leaderAhead(buildOccupancy(merge, mw), merge, 'ramp', 90, 0, HALF_CAR_M, []);
    expect(leader?.index).toBe(DEAD_END_INDEX);
    expect(leader?.gapM).toBeCloseTo(rampLength - 90 + 100 - HALF_CAR_M, 6);
  });
});

describe('isDeadEnd', () => {
  test.each<[string, RoadNetwork, string, boolean]>([
    ['merge on the merge road', merge, 'merge', true],
    ['lane0 on the merge road (it runs to the end of the map)', merge, 'lane0', false],
    ['lane1 on the merge road', merge, 'lane1', false],
    ['ramp (it has a successor)', merge, 'ramp', false],
    ['lane0 of a straight road', straight, 'lane0', false],
    ['an outgoing arm of the intersection', junction, 'west_out_0', false],
  ])('%s: %p', (_name, road, laneId, expected) => {
    expect(isDeadEnd(road, laneId)).toBe(expected);
  });
});

describe('followerBehind', () => {
  const w = worldOf({ road: straight, actors: [laneActor('back', 'lane0', 50, 10), laneActor('front', 'lane0', 80, 7)] });
  const occ = buildOccupancy(straight, w);

  test('finds the car behind with the bumper gap (hand-computed: 80 - 50 - 4.6)', () => {
    expect(followerBehind(occ, 'lane0', 80, 1, HALF_CAR_M)).toEqual({ index: 0, gapM: expect.closeTo(25.4, 9), speedMps: 10 });
  });

  test.each<[string, string, number, number]>([
    ['the rearmost car', 'lane0', 50, 0],
    ['an empty lane', 'lane1', 80, -1],
    ['a point behind everyone', 'lane0', 10, -1],
  ])('is null for %s', (_name, laneId, s, self) => {
    expect(followerBehind(occ, laneId, s, self, HALF_CAR_M)).toBeNull();
  });

  test('is the mirror of leaderAhead: each is the other’s neighbour with the same gap', () => {
    const ahead = leaderAhead(occ, straight, 'lane0', 50, 0, HALF_CAR_M, []);
    const behind = followerBehind(occ, 'lane0', 80, 1, HALF_CAR_M);
    expect(ahead?.index).toBe(1);
    expect(behind?.index).toBe(0);
    expect(behind?.gapM).toBeCloseTo(ahead!.gapM, 12);
  });
});
