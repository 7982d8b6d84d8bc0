/**
 * Who is where along each lane at one step: per lane, occupants sorted by arc length. Built once per
 * step (O(n log n)) so that leader and follower look-ups cost a binary search, not a scan of all agents.
 * An agent in the middle of a lane change occupies both lanes its box overlaps, as a driver sees it.
 */
import { poseAt, worldToFrenet } from '../geometry/polyline';
import { getLane, locate, projectOntoLane } from '../road/query';
import { laneWidthAt } from '../road/lane-width';
import type { RoadNetwork } from '../road/types';
import type { AgentState, World } from '../types';

/** Index of the ego in occupancy lists; actors use their index in `world.actors`. */
export const EGO_INDEX = -1;

export interface Occupant {
  readonly index: number;
  readonly s: number;
  readonly halfLengthM: number;
  readonly speedMps: number;
}

export interface Neighbour {
  readonly index: number;
  /** Bumper-to-bumper distance along the lanes, m (negative when the boxes overlap longitudinally). */
  readonly gapM: number;
  readonly speedMps: number;
}

export type LaneOccupancy = ReadonlyMap<string, readonly Occupant[]>;

/** Index of the virtual stopped leader at the end of a dead-end lane. */
export const DEAD_END_INDEX = -2;

const deadEnds = new WeakMap<RoadNetwork, Map<string, boolean>>();

/**
 * Whether the lane ends (no successor) while a same-direction neighbour goes on past its end:
 * traffic must leave it sideways. A road that simply ends is not a dead end (traffic leaves the map).
 */
export function isDeadEnd(road: RoadNetwork, laneId: string): boolean {
  let cache = deadEnds.get(road);
  if (!cache) {
    cache = new Map();
    deadEnds.set(road, cache);
  }
  const known = cache.get(laneId);
  if (known !== undefined) return known;
  const lane = getLane(road, laneId);
  let result = false;
  if (lane.successorIds.length === 0) {
    const end = poseAt(lane.centerline, lane.centerline.lengthM);
    for (const sideId of [lane.leftId, lane.rightId]) {
      if (sideId === null) continue;
      const side = getLane(road, sideId);
      const f = worldToFrenet(side.centerline, end.x, end.y);
      if (side.centerline.lengthM - f.s > DEAD_END_MARGIN_M || side.successorIds.length > 0) result = true;
    }
  }
  cache.set(laneId, result);
  return result;
}

/** A neighbour must go on at least this far past a lane's end for the lane to be a dead end, m. */
const DEAD_END_MARGIN_M = 1;

/** How far along the lane graph leaders are searched for, m (beyond IDM's interaction range at 40 m/s). */
export const LEADER_LOOKAHEAD_M = 200;

function push(map: Map<string, Occupant[]>, laneId: string, o: Occupant): void {
  const list = map.get(laneId);
  if (list) list.push(o);
  else map.set(laneId, [o]);
}

/** The lane the ego is on (with its Frenet coordinates), or null when it is off the lanes. */
export function egoLanePosition(road: RoadNetwork, ego: AgentState, hintLaneId?: string) {
  return locate(road, ego.pose.x, ego.pose.y, hintLaneId);
}

function registerLaneAgent(map: Map<string, Occupant[]>, road: RoadNetwork, a: AgentState, index: number): void {
  if (a.motion.kind !== 'lane') return;
  const lane = getLane(road, a.motion.laneId);
  const halfLengthM = a.size.lengthM / 2;
  const halfW = a.size.widthM / 2;
  const { d } = a.motion;
  const halfLaneM = laneWidthAt(lane, a.motion.s) / 2;
  if (Math.abs(d) - halfW < halfLaneM) push(map, lane.id, { index, s: a.motion.s, halfLengthM, speedMps: a.speedMps });
  if (Math.abs(d) + halfW > halfLaneM) {
    const sideId = d > 0 ? lane.leftId : lane.rightId;
    if (sideId === null) return;
    const side = getLane(road, sideId);
    const f = projectOntoLane(road, sideId, a.pose.x, a.pose.y);
    if (Math.abs(f.d) - halfW < laneWidthAt(side, f.s) / 2) push(map, sideId, { index, s: f.s, halfLengthM, speedMps: a.speedMps });
  }
}

/** How far ahead a crossing pedestrian's path claims the lanes it will walk into, s. */
const PEDESTRIAN_CLAIM_S = 3;

/**
 * A walking pedestrian occupies the lane it stands on and the lanes it will reach within
 * PEDESTRIAN_CLAIM_S, so drivers yield to it instead of swerving into the lane it is heading for.
 * Its speed along the lanes is taken as 0 (it crosses, it does not travel with traffic).
 */
function registerWalker(map: Map<string, Occupant[]>, road: RoadNetwork, a: AgentState, index: number): void {
  const seen = new Set<string>();
  const c = Math.cos(a.pose.yaw);
  const sn = Math.sin(a.pose.yaw);
  for (let k = 0; k <= PEDESTRIAN_CLAIM_S; k++) {
    const ahead = a.speedMps * k;
    const p = locate(road, a.pose.x + c * ahead, a.pose.y + sn * ahead);
    if (p === null || seen.has(p.laneId)) continue;
    seen.add(p.laneId);
    push(map, p.laneId, { index, s: p.s, halfLengthM: a.size.lengthM / 2, speedMps: 0 });
  }
}

export function buildOccupancy(road: RoadNetwork, world: World, egoLaneHint?: string): LaneOccupancy {
  const map = new Map<string, Occupant[]>();
  const egoPos = egoLanePosition(road, world.ego, egoLaneHint);
  if (egoPos) {
    push(map, egoPos.laneId, { index: EGO_INDEX, s: egoPos.s, halfLengthM: world.ego.size.lengthM / 2, speedMps: world.ego.speedMps });
  }
  world.actors.forEach((a, i) => {
    if (!a.active) return;
    if (a.motion.kind === 'lane') registerLaneAgent(map, road, a, i);
    else if (a.motion.kind === 'walk' && a.motion.walking) registerWalker(map, road, a, i);
    else {
      // Free vehicles and parked cars occupy whatever lane they stand on.
      const p = locate(road, a.pose.x, a.pose.y);
      if (p) push(map, p.laneId, { index: i, s: p.s, halfLengthM: a.size.lengthM / 2, speedMps: a.speedMps });
    }
  });
  for (const list of map.values()) list.sort((a, b) => a.s - b.s || a.index - b.index);
  return map;
}

/** First index in `list` whose s is greater than `s` (binary search). */
function firstAfter(list: readonly Occupant[], s: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].s <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The nearest occupant ahead of (laneId, s), following `route` (then first successors) through lane
 * ends, within LEADER_LOOKAHEAD_M. `selfIndex` is skipped.
 */
export function leaderAhead(
  occ: LaneOccupancy,
  road: RoadNetwork,
  laneId: string,
  s: number,
  selfIndex: number,
  selfHalfLengthM: number,
  route: readonly string[],
): Neighbour | null {
  let lane = getLane(road, laneId);
  let offsetM = -s;
  let fromS = s;
  let routeAt = 0;
  for (let hops = 0; hops < 8 && offsetM < LEADER_LOOKAHEAD_M; hops++) {
    const list = occ.get(lane.id);
    if (list) {
      for (let k = firstAfter(list, fromS - 1e-9); k < list.length; k++) {
        const o = list[k];
        if (o.index === selfIndex) continue;
        if (hops === 0 && o.s < s) continue;
        if (offsetM + o.s > LEADER_LOOKAHEAD_M) return null;
        return { index: o.index, gapM: offsetM + o.s - o.halfLengthM - selfHalfLengthM, speedMps: o.speedMps };
      }
    }
    // Follow the route where it continues along the lane graph; else the first successor.
    const routed = route[routeAt];
    const onRoute = routed !== undefined && lane.successorIds.includes(routed);
    const nextId = onRoute ? routed : lane.successorIds[0];
    if (nextId === undefined) {
      // A lane that ends beside one that goes on (an acceleration lane) ends like a wall: drivers
      // brake for it and MOBIL sees the gain of leaving it, as in the MOBIL paper's on-ramp model.
      if (!isDeadEnd(road, lane.id)) return null;
      return { index: DEAD_END_INDEX, gapM: offsetM + lane.centerline.lengthM - selfHalfLengthM, speedMps: 0 };
    }
    if (onRoute) routeAt++;
    offsetM += lane.centerline.lengthM;
    lane = getLane(road, nextId);
    fromS = -Infinity;
  }
  return null;
}

/** The nearest occupant behind (laneId, s) on the same lane (MOBIL's new and old followers). */
export function followerBehind(
  occ: LaneOccupancy,
  laneId: string,
  s: number,
  selfIndex: number,
  selfHalfLengthM: number,
): Neighbour | null {
  const list = occ.get(laneId);
  if (!list) return null;
  for (let k = firstAfter(list, s) - 1; k >= 0; k--) {
    const o = list[k];
    if (o.index === selfIndex) continue;
    return { index: o.index, gapM: s - o.s - o.halfLengthM - selfHalfLengthM, speedMps: o.speedMps };
  }
  return null;
}

/** The lanes of the route after `laneId` (the whole route when the lane is not on it). */
export function routeAfter(route: readonly string[], laneId: string): readonly string[] {
  const at = route.indexOf(laneId);
  return at >= 0 ? route.slice(at + 1) : route;
}
