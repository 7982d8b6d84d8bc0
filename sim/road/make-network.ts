/** Assembles built lanes into a `RoadNetwork`, checking the lane graph is closed. */
import { maxLaneWidthM } from './lane-width';
import type { Bounds, Lane, RoadNetwork } from './types';

/**
 * Axis-aligned bounds of all lane surfaces: every centreline vertex padded by half its lane's widest width
 * on both axes (a slight over-estimate on diagonals, never an under-estimate).
 */
export function lanesBounds(lanes: Iterable<Lane>): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const lane of lanes) {
    const pad = maxLaneWidthM(lane) / 2;
    const { xs, ys } = lane.centerline;
    for (let i = 0; i < xs.length; i++) {
      minX = Math.min(minX, xs[i] - pad);
      maxX = Math.max(maxX, xs[i] + pad);
      minY = Math.min(minY, ys[i] - pad);
      maxY = Math.max(maxY, ys[i] + pad);
    }
  }
  return { minX, minY, maxX, maxY };
}

/**
 * The network of `lanes`, keyed by id in the given order. Throws on duplicate ids or links to
 * lanes that do not exist: both are builder bugs, never user errors.
 */
export function makeNetwork(kind: string, lanes: readonly Lane[]): RoadNetwork {
  const byId = new Map<string, Lane>();
  for (const lane of lanes) {
    if (byId.has(lane.id)) throw new Error(`makeNetwork(${kind}): duplicate lane id '${lane.id}'`);
    byId.set(lane.id, lane);
  }
  for (const lane of lanes) {
    const links = [lane.leftId, lane.rightId, ...lane.successorIds, ...lane.predecessorIds];
    for (const id of links) {
      if (id !== null && !byId.has(id)) {
        throw new Error(`makeNetwork(${kind}): lane '${lane.id}' links to unknown lane '${id}'`);
      }
    }
  }
  return { kind, lanes: byId, bounds: lanesBounds(lanes) };
}
