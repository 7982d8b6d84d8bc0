/**
 * What a driver reads from the road ahead along its route: the speed that the coming curves allow
 * (lateral acceleration bound), and where the drivable route ends (the edge of the map), so that
 * driving policies slow down before bends and stop before running out of road.
 */
import { curvatureAt } from '../geometry/polyline';
import { getLane } from '../road/query';
import type { RoadNetwork } from '../road/types';

/** Comfortable lateral acceleration in curves, m/s^2 (nuPlan's comfort bound is 4.89). */
export const CURVE_LAT_ACCEL_MPS2 = 3;
/** Deceleration planned for a curve ahead, m/s^2: below what the ego may use (2-3), since its jerk limit ramps braking in. */
export const CURVE_PLAN_DECEL_MPS2 = 1.5;
/** Spacing of curvature samples ahead, m. */
const PREVIEW_STEP_M = 2;
/** Curvatures below this are straight road, 1/m (radius 10 km). */
const STRAIGHT_CURVATURE = 1e-4;

export interface RoutePreview {
  /** Highest speed now from which every curve within the horizon can be taken, m/s (Infinity: no bound). */
  readonly curveSpeedMps: number;
  /** Distance from s to the end of the route's lanes, m, or Infinity beyond the horizon. */
  readonly endDistanceM: number;
}

function nextOnRoute(road: RoadNetwork, laneId: string, route: readonly string[]): string | null {
  const lane = getLane(road, laneId);
  const routed = route.find((id) => lane.successorIds.includes(id));
  return routed ?? lane.successorIds[0] ?? null;
}

export function previewRoute(road: RoadNetwork, laneId: string, s: number, route: readonly string[], horizonM: number): RoutePreview {
  let lane = getLane(road, laneId);
  let at = s;
  let travelled = 0;
  let curveSpeedMps = Infinity;
  while (travelled <= horizonM) {
    if (at > lane.centerline.lengthM) {
      const next = nextOnRoute(road, lane.id, route);
      if (next === null) return { curveSpeedMps, endDistanceM: travelled - (at - lane.centerline.lengthM) };
      at -= lane.centerline.lengthM;
      lane = getLane(road, next);
      continue;
    }
    const k = Math.abs(curvatureAt(lane.centerline, at));
    if (k > STRAIGHT_CURVATURE) {
      const vCurve = Math.sqrt(CURVE_LAT_ACCEL_MPS2 / k);
      curveSpeedMps = Math.min(curveSpeedMps, Math.sqrt(vCurve * vCurve + 2 * CURVE_PLAN_DECEL_MPS2 * travelled));
    }
    at += PREVIEW_STEP_M;
    travelled += PREVIEW_STEP_M;
  }
  return { curveSpeedMps, endDistanceM: Infinity };
}
