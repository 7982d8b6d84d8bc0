/**
 * The ego's route as one polyline (its lanes' centrelines end to end), so that progress is a plain
 * Frenet arc length: progress = s(ego now) - s(ego at start), as nuPlan's
 * `ego_progress_along_expert_route` and NAVSIM's `_calculate_progress` project the ego's centre
 * on the route's centreline.
 *
 * Which lanes: `ctx.egoRoute` when given, with the ego's start lane put in front when the route
 * begins at one of its successors (specs often list only the lanes after the start); without a
 * route, the start lane and its first successors until the graph ends, loops back, or
 * MAX_DERIVED_ROUTE_LANES is reached. A route may change lanes sideways (`['merge', 'lane0']`): the
 * neighbour then continues the path from where the previous lane ends.
 */
import { makePolyline, worldToFrenet, type Polyline, type PolylineVertex } from '../geometry/polyline';
import { getLane, locate } from '../road/query';
import type { Lane, RoadNetwork } from '../road/types';
import type { Pose2 } from '../types';

/** Longest route derived by following first successors; beyond it a road is not a scenario's route. */
export const MAX_DERIVED_ROUTE_LANES = 64;

/**
 * Consecutive lanes whose end and start lie closer than this, m, share the joint vertex. Builders
 * compute both ends from the same formulas, so they agree to rounding (~1e-9 m); a millimetre is
 * far below anything visible and far above that noise.
 */
const JOINT_MERGE_M = 1e-3;

export interface RoutePath {
  readonly laneIds: readonly string[];
  readonly polyline: Polyline;
  /** Lanes after laneIds[i] (what `leaderAhead` expects as a route), precomputed per index. */
  readonly after: readonly (readonly string[])[];
}

function laneVertices(lane: Lane): PolylineVertex[] {
  const pl = lane.centerline;
  const out: PolylineVertex[] = [];
  for (let i = 0; i < pl.xs.length; i++) {
    out.push({ x: pl.xs[i], y: pl.ys[i], yaw: pl.headings[i], curvature: pl.curvatures[i] });
  }
  return out;
}

/** Route lanes: the given ones (start lane prepended when needed) or the derived chain. */
export function routeLaneIds(road: RoadNetwork, egoRoute: readonly string[], egoStart: Pose2): string[] {
  egoRoute.forEach((id, i) => {
    if (!road.lanes.has(id)) throw new Error(`metrics: egoRoute[${i}] names unknown lane '${id}'`);
  });
  const start = locate(road, egoStart.x, egoStart.y);
  if (egoRoute.length > 0) {
    const first = getLane(road, egoRoute[0]);
    const prepend = start !== null && !egoRoute.includes(start.laneId) && first.predecessorIds.includes(start.laneId);
    return prepend ? [start.laneId, ...egoRoute] : [...egoRoute];
  }
  if (start === null) {
    throw new Error(
      `metrics: the ego starts off every lane at (${egoStart.x.toFixed(2)}, ${egoStart.y.toFixed(2)}) and egoRoute is ` +
        'empty, so progress has no reference path; give the ego a route',
    );
  }
  const ids = [start.laneId];
  let lane = getLane(road, start.laneId);
  while (ids.length < MAX_DERIVED_ROUTE_LANES && lane.successorIds.length > 0 && !ids.includes(lane.successorIds[0])) {
    lane = getLane(road, lane.successorIds[0]);
    ids.push(lane.id);
  }
  return ids;
}

/**
 * Vertices of `next` to append after `prev`. A successor contributes all of them. A side neighbour
 * (a lane change on the route) runs alongside `prev`, so only its part beyond `prev`'s end counts:
 * progress along parallel lanes is the same arc length.
 */
function continuation(prev: Lane, next: Lane): PolylineVertex[] {
  const vertices = laneVertices(next);
  if (prev.leftId !== next.id && prev.rightId !== next.id) return vertices;
  const endM = prev.centerline.lengthM + JOINT_MERGE_M;
  return vertices.filter((v) => worldToFrenet(prev.centerline, v.x, v.y).s > endM);
}

/**
 * The route polyline: the lanes' centrelines end to end. Joints closer than JOINT_MERGE_M share a
 * vertex and keep the lanes' own headings and curvatures (so the Frenet frame stays smooth); a gap
 * between two lanes (not linked, or a lane change) is bridged by a straight chord, and the headings
 * of the whole route are then re-estimated from the chords.
 */
export function buildRoutePath(road: RoadNetwork, laneIds: readonly string[]): RoutePath {
  if (laneIds.length === 0) throw new Error('metrics: a route needs at least one lane');
  const points: PolylineVertex[] = [];
  let bridged = false;
  let prev: Lane | null = null;
  for (const id of laneIds) {
    const lane = getLane(road, id);
    const vertices = prev === null ? laneVertices(lane) : continuation(prev, lane);
    const last = points[points.length - 1];
    if (last !== undefined && vertices.length > 0) {
      if (Math.hypot(vertices[0].x - last.x, vertices[0].y - last.y) < JOINT_MERGE_M) vertices.shift();
      else bridged = true;
    }
    points.push(...vertices);
    prev = lane;
  }
  const polyline = makePolyline(bridged ? points.map((p) => ({ x: p.x, y: p.y })) : points);
  const after = laneIds.map((_, i) => laneIds.slice(i + 1));
  return { laneIds, polyline, after };
}

/** Lanes after `laneId` along the route (for leader search), or none when it is not on the route. */
export function routeAfter(route: RoutePath, laneId: string): readonly string[] {
  const i = route.laneIds.indexOf(laneId);
  return i < 0 ? [] : route.after[i];
}

/** Arc length of (x, y) projected on the route, clamped to [0, length], and the segment (next hint). */
export function projectOnRoute(route: RoutePath, x: number, y: number, hintSegment?: number): { sM: number; segment: number } {
  const f = worldToFrenet(route.polyline, x, y, hintSegment);
  return { sM: Math.min(Math.max(f.s, 0), route.polyline.lengthM), segment: f.segment };
}
