/**
 * Authored trajectories (timed lane positions or points) -> dense timed world points that the
 * tracking controller follows. Between two lane waypoints the path follows the lane geometry
 * (along a lane, along successors, or across to a neighbouring lane with a smooth lateral blend),
 * so a trajectory authored as "lane1 at s=50, then lane2 at s=200" is a lane change on a curve too.
 */
import { shapeValue } from '../sim/behaviours/transition-shape';
import { frenetToWorld, worldToFrenet } from '../sim/geometry/polyline';
import { getLane } from '../sim/road/query';
import type { RoadNetwork } from '../sim/road/types';
import type { TimedPoint } from '../sim/setup';
import type { ResolvedWaypoint } from './resolved-types';

/** Spacing of the generated points in time, s (the tracker's spline needs ~0.5 s or finer on curves). */
export const TRAJECTORY_SAMPLE_S = 0.2;
/** Longest chain of successor lanes searched between two waypoints. */
const MAX_CHAIN_HOPS = 6;

type LaneWaypoint = Extract<ResolvedWaypoint, { kind: 'lane' }>;

/** Lane ids from `fromId` to `toId` following successors (BFS, first successor first), or null. */
export function laneChain(road: RoadNetwork, fromId: string, toId: string, preferred: readonly string[] = []): string[] | null {
  const queue: string[][] = [[fromId]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const last = chain[chain.length - 1];
    if (last === toId) return chain;
    if (chain.length > MAX_CHAIN_HOPS) continue;
    const next = [...getLane(road, last).successorIds].sort((a, b) => Number(!preferred.includes(a)) - Number(!preferred.includes(b)));
    for (const id of next) if (!chain.includes(id)) queue.push([...chain, id]);
  }
  return null;
}

/** World point at distance `distM` along a chain of lanes starting at s0 of the first, offset d. */
export function pointOnChain(road: RoadNetwork, chain: readonly string[], s0: number, distM: number, d: number): { x: number; y: number } {
  let s = s0 + distM;
  for (let i = 0; i < chain.length; i++) {
    const lane = getLane(road, chain[i]);
    if (s <= lane.centerline.lengthM || i === chain.length - 1) return frenetToWorld(lane.centerline, Math.min(s, lane.centerline.lengthM), d);
    s -= lane.centerline.lengthM;
  }
  throw new Error('empty lane chain');
}

function chainLengthM(road: RoadNetwork, chain: readonly string[], s0: number, s1: number): number {
  let total = s1 - s0;
  for (let i = 0; i < chain.length - 1; i++) total += getLane(road, chain[i]).centerline.lengthM;
  return total;
}

/** Position at fraction u in [0, 1] of the way from waypoint a to waypoint b. */
function between(road: RoadNetwork, a: ResolvedWaypoint, b: ResolvedWaypoint, u: number, route: readonly string[]): { x: number; y: number } {
  if (a.kind === 'lane' && b.kind === 'lane') {
    const la = getLane(road, a.laneId);
    if (a.laneId === b.laneId) return frenetToWorld(la.centerline, a.s + (b.s - a.s) * u, a.d + (b.d - a.d) * u);
    const lb = getLane(road, b.laneId);
    if (la.leftId === b.laneId || la.rightId === b.laneId) {
      const start = frenetToWorld(la.centerline, a.s, a.d);
      const fa = worldToFrenet(lb.centerline, start.x, start.y);
      return frenetToWorld(lb.centerline, fa.s + (b.s - fa.s) * u, fa.d + (b.d - fa.d) * shapeValue('cubic', u));
    }
    const chain = laneChain(road, a.laneId, b.laneId, route);
    if (chain) {
      const total = chainLengthM(road, chain, a.s, b.s);
      return pointOnChain(road, chain, a.s, total * u, a.d + (b.d - a.d) * u);
    }
  }
  const pa = worldOf(road, a);
  const pb = worldOf(road, b);
  return { x: pa.x + (pb.x - pa.x) * u, y: pa.y + (pb.y - pa.y) * u };
}

function worldOf(road: RoadNetwork, w: ResolvedWaypoint): { x: number; y: number } {
  if (w.kind === 'point') return { x: w.x, y: w.y };
  return frenetToWorld(getLane(road, w.laneId).centerline, w.s, w.d);
}

/** Dense timed world points through the waypoints (times kept as given). */
export function trajectoryPoints(road: RoadNetwork, waypoints: readonly ResolvedWaypoint[], route: readonly string[] = []): TimedPoint[] {
  if (waypoints.length === 1) {
    const p = worldOf(road, waypoints[0]);
    return [{ tS: waypoints[0].tS, x: p.x, y: p.y }];
  }
  const out: TimedPoint[] = [];
  for (let i = 0; i + 1 < waypoints.length; i++) {
    const a = waypoints[i];
    const b = waypoints[i + 1];
    const n = Math.max(1, Math.round((b.tS - a.tS) / TRAJECTORY_SAMPLE_S));
    for (let k = 0; k < n; k++) {
      const u = k / n;
      out.push({ tS: a.tS + (b.tS - a.tS) * u, ...between(road, a, b, u, route) });
    }
  }
  const last = waypoints[waypoints.length - 1];
  out.push({ tS: last.tS, ...worldOf(road, last) });
  return out;
}

/** Keep the lane (and its route successors) at a constant speed from a lane start, for `durationS`. */
export function constantSpeedPoints(road: RoadNetwork, start: LaneWaypoint, speedMps: number, durationS: number, route: readonly string[]): TimedPoint[] {
  const chain = [start.laneId];
  for (let i = 0; i < MAX_CHAIN_HOPS; i++) {
    const lane = getLane(road, chain[chain.length - 1]);
    const at = route.indexOf(lane.id);
    const next = at >= 0 && at + 1 < route.length ? route[at + 1] : lane.successorIds[0];
    if (next === undefined) break;
    chain.push(next);
  }
  const n = Math.max(1, Math.ceil(durationS / TRAJECTORY_SAMPLE_S));
  const out: TimedPoint[] = [];
  for (let k = 0; k <= n; k++) {
    const tS = k * TRAJECTORY_SAMPLE_S;
    out.push({ tS, ...pointOnChain(road, chain, start.s, speedMps * tS, start.d) });
  }
  return out;
}
