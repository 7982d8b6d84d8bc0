import { egoLeader, HEADWAY_RANGE_M } from '../../../sim/metrics/ego-leader';
import { buildCurveRoad } from '../../../sim/road/curve-road';
import { lanePose, locate } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import type { AgentState, World } from '../../../sim/types';
import { buildOccupancy, EGO_INDEX, leaderAhead } from '../../../sim/world/lane-occupancy';
import { egoAt, laneCarAt, parkedAt, ROAD, worldAt } from './fixtures';

/** Park-Miller LCG: a few deterministic draws in [0, 1) for the scattered worlds below. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Lane-bound cars and parked cars scattered over the road's lanes, the ego on lane0. */
function scatteredWorld(road: RoadNetwork, seed: number): World {
  const rand = lcg(seed);
  const laneIds = [...road.lanes.keys()];
  const place = (laneId: string, s: number, d: number) => lanePose(road, laneId, s, d);
  const actors: AgentState[] = [];
  for (let i = 0; i < 30; i++) {
    const laneId = laneIds[Math.floor(rand() * laneIds.length)];
    const lengthM = road.lanes.get(laneId)!.centerline.lengthM;
    const s = rand() * lengthM;
    const d = (rand() - 0.5) * 2.5; // some mid lane change, straddling the lane edge
    const pose = place(laneId, s, d);
    const base = i % 3 === 0 ? parkedAt(`p${i}`, pose.x, pose.y, pose.yaw) : laneCarAt(`c${i}`, 0, s, 10);
    actors.push(
      base.motion.kind === 'lane'
        ? { ...base, pose, motion: { ...base.motion, laneId, s, d } }
        : base,
    );
  }
  const start = place('lane0', rand() * 100, 0);
  return worldAt(0, egoAt(start.x, { y: start.y, yaw: start.yaw, speedMps: 10 }), actors);
}

describe('egoLeader indexes only the actors that can lead the ego', () => {
  const curve = buildCurveRoad({
    laneCount: 3,
    laneWidthM: 3.5,
    speedLimitMps: 15,
    radiusM: 30,
    angleDeg: 180,
    lengthBeforeM: 60,
    lengthAfterM: 300,
  });
  it.each([
    ['the straight road', ROAD],
    ['a hairpin', curve],
  ])('finds the same leader and gap as leaderAhead on the full occupancy, on %s', (_what, road) => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const world = scatteredWorld(road, seed);
      const pos = locate(road, world.ego.pose.x, world.ego.pose.y)!;
      const full = leaderAhead(buildOccupancy(road, world, pos.laneId), road, pos.laneId, pos.s, EGO_INDEX, 2.25, []);
      const ours = egoLeader(road, world, pos, []);
      if (full === null || full.index < 0 || full.gapM >= HEADWAY_RANGE_M) continue;
      expect(ours).toEqual({ id: world.actors[full.index].id, gapM: full.gapM });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('ignores inactive actors', () => {
    const world = worldAt(0, egoAt(10, { speedMps: 10 }), [{ ...laneCarAt('gone', 0, 30, 10), active: false }]);
    expect(egoLeader(ROAD, world, { laneId: 'lane0', s: 10, d: 0 }, [])).toBeNull();
  });
});
