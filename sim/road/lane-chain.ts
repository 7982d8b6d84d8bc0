/**
 * Lane chains: a lane followed by the lanes it runs into, and positions measured along them. Used
 * wherever a distance "ahead along the lanes" is meant: the dataset's ego plans, counterfactual plans,
 * and trajectories placed relative to an agent when an event fires.
 */
import { getLane } from './query';
import type { RoadNetwork } from './types';

/**
 * `laneId`, then the lanes of `route` after it when it lies on the route, else first successors,
 * until the chain is `minLengthM` long past the start of `laneId` (or the lanes end).
 */
export function laneChainAhead(road: RoadNetwork, laneId: string, route: readonly string[], minLengthM: number): string[] {
  const onRoute = route.indexOf(laneId);
  const chain = onRoute >= 0 ? route.slice(onRoute) : [laneId];
  let lengthM = chain.reduce((sum, id) => sum + getLane(road, id).centerline.lengthM, 0);
  while (lengthM < minLengthM) {
    const next = getLane(road, chain[chain.length - 1]).successorIds;
    if (next.length === 0 || chain.includes(next[0])) break;
    chain.push(next[0]);
    lengthM += getLane(road, next[0]).centerline.lengthM;
  }
  return chain;
}

/**
 * Lane and s at distance `distM` past `startS` along the chain, clamped to the chain's end; a
 * negative distance that reaches behind the first lane walks its first predecessors, clamped to the
 * start of the last one.
 */
export function chainPosition(road: RoadNetwork, chain: readonly string[], startS: number, distM: number): { lane: string; s: number } {
  if (chain.length === 0) throw new Error('chainPosition: empty lane chain');
  let s = startS + distM;
  let lane = chain[0];
  const seen = new Set(chain);
  while (s < 0) {
    const before = getLane(road, lane).predecessorIds[0];
    if (before === undefined || seen.has(before)) return { lane, s: 0 };
    seen.add(before);
    lane = before;
    s += getLane(road, lane).centerline.lengthM;
  }
  if (lane !== chain[0]) return { lane, s };
  for (let i = 0; i < chain.length; i++) {
    const lengthM = getLane(road, chain[i]).centerline.lengthM;
    if (s <= lengthM || i === chain.length - 1) return { lane: chain[i], s: Math.min(s, lengthM) };
    s -= lengthM;
  }
  throw new Error('unreachable');
}
