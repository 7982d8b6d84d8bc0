/**
 * The privileged driver: IDM for speed (leader found on the lane graph along the ego's route), MOBIL
 * for lane changes, and pure pursuit towards a look-ahead point on the target lane's centre for
 * steering. It reads the true world state, like a Waymax/nuPlan "IDM agent" planner.
 */
import { idmAccelMps2 } from '../behaviours/idm';
import { purePursuitSteerRad } from '../behaviours/pure-pursuit';
import { poseAt } from '../geometry/polyline';
import { getLane, locate, projectOntoLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import type { AgentState } from '../types';
import { buildOccupancy, EGO_INDEX, leaderAhead, routeAfter } from '../world/lane-occupancy';
import { egoMobilChoice } from '../world/mobil-choice';
import type { SimRuntime } from '../world/runtime';
import { idmWithSpeed } from '../world/step-lane-agent';
import { junctionStopGapM } from './junction-yield';
import type { Policy } from './policy';
import { CURVE_PLAN_DECEL_MPS2, previewRoute } from './route-preview';

/** Look-ahead distance of pure pursuit: LOOKAHEAD_MIN_M + LOOKAHEAD_TIME_S * speed (m). */
const LOOKAHEAD_MIN_M = 3;
const LOOKAHEAD_TIME_S = 0.6;
/**
 * Look-ahead time while changing lanes, s. Pure pursuit towards a point offset by a lane width w at
 * distance L curves at 2w/L^2, so the lateral acceleration is 2 w v^2 / L^2; L = 1.8 s * v keeps it
 * near 2 m/s^2 for w = 3.5 m at any speed (a lane change of about 4 s).
 */
const LANE_CHANGE_LOOKAHEAD_S = 1.8;
/** Time over which the ego closes an excess over the curve speed, s. */
const CURVE_SPEED_TIME_S = 0.5;
/** How far ahead the route is read for curves and its end, m. */
const PREVIEW_HORIZON_M = 150;
/** IDM needs a positive desired speed; the curve bound never asks for less than this, m/s. */
const MIN_DESIRED_SPEED_MPS = 1;
/** Minimum time between two lane-change decisions of the ego, s (no ping-pong between lanes). */
const MOBIL_COOLDOWN_S = 4;

/** The lane after `laneId` on the route, or the only/first successor. */
export function nextLaneOnRoute(road: RoadNetwork, laneId: string, route: readonly string[]): string | null {
  const lane = getLane(road, laneId);
  const at = route.indexOf(laneId);
  if (at >= 0 && at + 1 < route.length) return route[at + 1];
  const onRoute = lane.successorIds.find((id) => route.includes(id));
  return onRoute ?? lane.successorIds[0] ?? null;
}

/** A point `aheadM` metres ahead of s on the lane, continuing along the route past the lane's end. */
export function pointAhead(road: RoadNetwork, laneId: string, s: number, aheadM: number, route: readonly string[]) {
  let lane = getLane(road, laneId);
  let target = s + aheadM;
  for (let hops = 0; hops < 8 && target > lane.centerline.lengthM; hops++) {
    const next = nextLaneOnRoute(road, lane.id, route);
    if (next === null) break;
    target -= lane.centerline.lengthM;
    lane = getLane(road, next);
  }
  return poseAt(lane.centerline, target);
}

/** Jerk a calm driver allows itself, m/s^3 (nuPlan's comfort bound on longitudinal jerk is 4.13). */
const COMFORT_JERK_MPS3 = 4;
/** Braking harder than this is an emergency, where no comfort limit applies, m/s^2. */
const EMERGENCY_DECEL_MPS2 = 3;

/**
 * The requested acceleration, changed from the current one by at most COMFORT_JERK_MPS3 * dt,
 * except when IDM asks to brake hard: then safety wins and the vehicle's own jerk limit applies.
 */
export function smoothAccel(currentMps2: number, wantedMps2: number, dtS: number): number {
  if (wantedMps2 < -EMERGENCY_DECEL_MPS2) return wantedMps2;
  const step = COMFORT_JERK_MPS3 * dtS;
  return Math.max(currentMps2 - step, Math.min(currentMps2 + step, wantedMps2));
}

export function idmPolicy(rt: SimRuntime): Policy {
  const road = rt.setup.road;
  const route = rt.setup.ego.route;
  let laneId: string | null = null;
  let targetLaneId: string | null = null;
  let lastChangeS = -Infinity;

  const track = (ego: AgentState): { laneId: string; s: number } | null => {
    let pos = locate(road, ego.pose.x, ego.pose.y, laneId ?? route[0]);
    if (!pos && laneId !== null) {
      // Past the end of the lane (between lanes at a junction seam): continue on the next one.
      const next = nextLaneOnRoute(road, laneId, route);
      if (next !== null) pos = locate(road, ego.pose.x, ego.pose.y, next);
    }
    if (!pos) return null;
    laneId = pos.laneId;
    return pos;
  };

  return {
    name: 'idm',
    act: ({ world }) => {
      const ego = world.ego;
      const pos = track(ego);
      if (!pos) return { accelMps2: -rt.egoParams.maxDecelMps2, steerRad: 0 }; // lost the road: stop
      const occ = buildOccupancy(road, world, pos.laneId);
      const here = getLane(road, pos.laneId);
      const changing = targetLaneId !== null && (targetLaneId === here.leftId || targetLaneId === here.rightId);
      if (!changing) targetLaneId = pos.laneId;
      if (!changing && world.timeS - lastChangeS >= MOBIL_COOLDOWN_S) {
        const side = egoMobilChoice(rt, occ, world, pos.laneId, pos.s);
        if (side !== null) {
          targetLaneId = side;
          lastChangeS = world.timeS;
        }
      }
      const target = getLane(road, targetLaneId ?? pos.laneId);
      const onTarget = projectOntoLane(road, target.id, ego.pose.x, ego.pose.y);
      const lookM = Math.max(LOOKAHEAD_MIN_M + LOOKAHEAD_TIME_S * ego.speedMps, target.id === pos.laneId ? 0 : LANE_CHANGE_LOOKAHEAD_S * ego.speedMps);
      const aim = pointAhead(road, target.id, onTarget.s, lookM, route);
      const steerRad = purePursuitSteerRad(ego.pose, aim.x, aim.y, rt.egoParams.wheelbaseM);

      const half = ego.size.lengthM / 2;
      const leaders = [leaderAhead(occ, road, pos.laneId, pos.s, EGO_INDEX, half, routeAfter(route, pos.laneId))];
      if (target.id !== pos.laneId) leaders.push(leaderAhead(occ, road, target.id, onTarget.s, EGO_INDEX, half, routeAfter(route, target.id)));
      const preview = previewRoute(road, pos.laneId, pos.s, route, PREVIEW_HORIZON_M);
      // The end of the route is a stop line: the ego stops there instead of leaving the map.
      if (preview.endDistanceM < Infinity) leaders.push({ index: -2, gapM: preview.endDistanceM - half, speedMps: 0 });
      // A crossing where others go first is a stop line while they would arrive too soon.
      const yieldGap = junctionStopGapM(road, world, pos.laneId, pos.s, route);
      if (yieldGap !== null) leaders.push({ index: -2, gapM: yieldGap, speedMps: 0 });
      const limit = rt.setup.ego.desiredSpeedMps ?? getLane(road, pos.laneId).speedLimitMps;
      const desiredSpeedMps = Math.max(MIN_DESIRED_SPEED_MPS, Math.min(limit, preview.curveSpeedMps));
      const wanted = Math.min(...leaders.map((leader) => idmAccelMps2(ego.speedMps, leader, idmWithSpeed(desiredSpeedMps))));
      // IDM brakes only gently just above its desired speed; a curve ahead must be met at its speed.
      // The curve-speed profile falls at CURVE_PLAN_DECEL_MPS2 as the ego nears the bend: feed that
      // forward, and close what is left over CURVE_SPEED_TIME_S.
      const curveCap = (preview.curveSpeedMps - ego.speedMps) / CURVE_SPEED_TIME_S - CURVE_PLAN_DECEL_MPS2;
      return { accelMps2: smoothAccel(ego.accelMps2, Math.min(wanted, curveCap), rt.setup.dtS), steerRad };
    },
  };
}
