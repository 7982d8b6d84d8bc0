/**
 * The ego's leader and bumper-to-bumper gap, as the world loop's IDM finds leaders
 * (world/lane-occupancy.ts: `buildOccupancy` then `leaderAhead`), but indexing only the actors that
 * can matter: the occupancy index locates every free vehicle on the map (a lane query each), which
 * would cost the metrics as much as the world step itself.
 *
 * Kept: active actors whose centre lies within HEADWAY_RANGE_M + both bounding radii +
 * LATERAL_SLACK_M of the ego's centre and, for lane-bound actors, whose lane is one `leaderAhead`
 * walks or a neighbour of one (a lane-changing actor occupies its lane and one side lane only).
 * Any gap below HEADWAY_RANGE_M is therefore the one `leaderAhead` finds on the full occupancy:
 * a leader closer than that along the lanes, or any occupant between, lies within the kept circle
 * (a straight line is never longer than the lane path, plus both centres' lateral offsets). Beyond
 * it the metric may miss a leader and report Infinity, where leaderAhead would report a long gap.
 * The virtual stopped leader leaderAhead puts at the end of a dead-end lane is not an actor and
 * gives no headway (the ego reaching it would leave the drivable area, which off_road catches).
 */
import { boxRadiusM } from '../collision/obb';
import { getLane } from '../road/query';
import type { LanePosition, RoadNetwork } from '../road/types';
import type { AgentState, World } from '../types';
import { buildOccupancy, EGO_INDEX, LEADER_LOOKAHEAD_M, leaderAhead } from '../world/lane-occupancy';

/** Gaps up to this are exact, m; IDM's own look-ahead, far beyond any gap a safety metric cares about. */
export const HEADWAY_RANGE_M = LEADER_LOOKAHEAD_M;

/** Room for both centres' offsets from their lane centrelines, m: two lane widths, generously. */
const LATERAL_SLACK_M = 10;

/** Most lanes `leaderAhead` walks through (its hop limit). */
const MAX_HOPS = 8;

/** Lane ids `leaderAhead` may visit from (laneId, s) along `route`, plus their side neighbours. */
function lanesNearPath(road: RoadNetwork, pos: LanePosition, route: readonly string[]): Set<string> {
  const near = new Set<string>();
  let lane = getLane(road, pos.laneId);
  let offsetM = -pos.s;
  let routeAt = 0;
  for (let hops = 0; hops < MAX_HOPS && offsetM < LEADER_LOOKAHEAD_M; hops++) {
    near.add(lane.id);
    if (lane.leftId !== null) near.add(lane.leftId);
    if (lane.rightId !== null) near.add(lane.rightId);
    const nextId = route[routeAt] ?? lane.successorIds[0];
    if (nextId === undefined) break;
    routeAt += route[routeAt] === undefined ? 0 : 1;
    offsetM += lane.centerline.lengthM;
    lane = getLane(road, nextId);
  }
  return near;
}

export interface EgoLeader {
  readonly id: string;
  /** Bumper-to-bumper distance along the lanes, m (negative when the boxes overlap lengthwise). */
  readonly gapM: number;
}

/** The ego's leader from its lane position `pos`, or null (see the file comment for the range). */
export function egoLeader(road: RoadNetwork, world: World, pos: LanePosition, route: readonly string[]): EgoLeader | null {
  const ego = world.ego;
  const near = lanesNearPath(road, pos, route);
  const reachM = HEADWAY_RANGE_M + boxRadiusM(ego.size) + LATERAL_SLACK_M;
  const kept: AgentState[] = [];
  for (const a of world.actors) {
    if (!a.active) continue;
    const dx = a.pose.x - ego.pose.x;
    const dy = a.pose.y - ego.pose.y;
    const { lengthM, widthM } = a.size;
    const r = reachM + 0.5 * Math.sqrt(lengthM * lengthM + widthM * widthM); // boxRadiusM without the slow hypot
    if (dx * dx + dy * dy > r * r) continue;
    if (a.motion.kind === 'lane' && !near.has(a.motion.laneId)) continue;
    kept.push(a);
  }
  const occ = buildOccupancy(road, { ...world, actors: kept }, pos.laneId);
  const leader = leaderAhead(occ, road, pos.laneId, pos.s, EGO_INDEX, ego.size.lengthM / 2, route);
  // Negative indices are not actors (the virtual wall at a dead-end lane's end): no leader for headway.
  return leader === null || leader.index < 0 ? null : { id: kept[leader.index].id, gapM: leader.gapM };
}
