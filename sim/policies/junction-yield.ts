/**
 * Right of way at junctions for the IDM driver: where the ego's route crosses a path whose traffic
 * goes first (road/conflicts.ts), and a vehicle on that path would reach the crossing before the
 * ego has cleared it (plus a safety gap), the crossing becomes a stop line. Once the ego is past
 * its stop point it is committed and clears the junction instead of stopping inside it.
 * A gap-acceptance rule in the spirit of SUMO's junction model, much simplified.
 */
import { getLane } from '../road/query';
import { laneConflicts } from '../road/conflicts';
import type { RoadNetwork } from '../road/types';
import type { AgentState, World } from '../types';

/** How far ahead along the route crossings are considered, m. */
const LOOKAHEAD_M = 60;
/** The ego stops this far before the crossing point (bumper to the other path's centre), m. */
const STOP_BEFORE_M = 3;
/** Room the other vehicle needs around the crossing point, m (half a car plus margin). */
const CLEAR_M = 3.5;
/** Time the other vehicle must still be away when the ego has cleared the crossing, s. */
const SAFETY_GAP_S = 2;
/** Speeds below this are taken as this when estimating arrival times, m/s (stopped cars start again). */
const MIN_PLANNING_SPEED_MPS = 2;
/** Vehicles further than this from a crossing are not considered, m. */
const OTHER_HORIZON_M = 100;

/** Distance along the other path from the vehicle's centre to the crossing, or null if it will not use it. */
function distanceToCrossing(road: RoadNetwork, a: AgentState, otherLaneId: string, sOther: number): number | null {
  if (!a.active || a.motion.kind !== 'lane') return null;
  const m = a.motion;
  if (m.laneId === otherLaneId) return sOther - m.s;
  const other = getLane(road, otherLaneId);
  if (!other.predecessorIds.includes(m.laneId)) return null;
  const lane = getLane(road, m.laneId);
  // A vehicle that has not chosen its way yet might take this path: assume it will (be careful).
  const heading = m.route.length > 0 ? m.route[0] === otherLaneId : lane.successorIds.includes(otherLaneId);
  return heading ? lane.centerline.lengthM - m.s + sOther : null;
}

/**
 * Gap from the ego's front bumper to the nearest stop line it must respect, m, or null. `route`
 * lists the ego's lanes; the walk starts on `laneId` at arc length `s`.
 */
export function junctionStopGapM(road: RoadNetwork, world: World, laneId: string, s: number, route: readonly string[]): number | null {
  const ego = world.ego;
  const half = ego.size.lengthM / 2;
  const egoSpeed = Math.max(ego.speedMps, MIN_PLANNING_SPEED_MPS);
  let best: number | null = null;
  let lane = getLane(road, laneId);
  let offset = -s;
  for (let hops = 0; hops < 4 && offset < LOOKAHEAD_M; hops++) {
    for (const c of laneConflicts(road, lane.id)) {
      if (!c.yieldToOther) continue;
      const toCrossing = offset + c.s;
      const stopGap = toCrossing - STOP_BEFORE_M - half;
      if (stopGap < 0 || toCrossing > LOOKAHEAD_M) continue; // committed, or too far to matter
      const egoClearS = (toCrossing + half + CLEAR_M) / egoSpeed;
      const mustYield = world.actors.some((a) => {
        const d = distanceToCrossing(road, a, c.otherLaneId, c.sOther);
        if (d === null || d < -CLEAR_M - a.size.lengthM / 2 || d > OTHER_HORIZON_M) return false;
        const arriveS = Math.max(0, d - CLEAR_M) / Math.max(a.speedMps, 0.1);
        return arriveS < egoClearS + SAFETY_GAP_S;
      });
      if (mustYield && (best === null || stopGap < best)) best = stopGap;
    }
    const at = route.indexOf(lane.id);
    const next = at >= 0 && at + 1 < route.length ? route[at + 1] : lane.successorIds.find((id) => route.includes(id));
    if (next === undefined) break;
    offset += lane.centerline.lengthM;
    lane = getLane(road, next);
  }
  return best;
}
