/**
 * `pure-pursuit`: a route follower that sees the road and nothing else. It steers by pure pursuit
 * along the lanes of the ego's route (changing lanes where the route steps to a neighbour, without
 * looking: it cannot see other actors) and drives a speed profile from the road alone:
 *
 *   v_target = min(v_limit, v_curve, v_stop)
 *   v_limit  = the ego's desired speed if the spec sets one, else the lane's speed limit
 *   v_curve  = route-preview.ts: the highest speed from which every bend within 150 m can be taken
 *              at CURVE_LAT_ACCEL_MPS2 lateral acceleration, braking at CURVE_PLAN_DECEL_MPS2
 *   v_stop   = sqrt(2 * STOP_DECEL_MPS2 * distance to the end of the route), so it stops there
 *
 * and a = (v_target - v) / SPEED_TIME_CONSTANT_S, minus the profile's own slope when a falling
 * profile (curve or stop) binds, then limited to a comfortable jerk (idm-policy smoothAccel).
 *
 * It reads only the ego's state and the road from the observation, never `world.actors`, so it is
 * the non-reactive baseline of a closed-loop benchmark (like nuPlan's SimplePlanner): it shows what
 * a route and a speed profile alone achieve, and it fails wherever another road user must be seen.
 */
import { purePursuitSteerRad } from '../behaviours/pure-pursuit';
import { getLane, laneChangeTarget, projectOntoLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import type { AgentState, VehicleAction } from '../types';
import type { SimRuntime } from '../world/runtime';
import { pointAhead, smoothAccel } from './idm-policy';
import { createLaneTracker } from './lane-tracker';
import type { Policy } from './policy';
import { CURVE_PLAN_DECEL_MPS2, previewRoute } from './route-preview';

/** Pure-pursuit look-ahead on the lane: LOOKAHEAD_MIN_M + LOOKAHEAD_TIME_S * speed, m (as the idm policy). */
const LOOKAHEAD_MIN_M = 3;
const LOOKAHEAD_TIME_S = 0.6;
/** Look-ahead while changing lanes, s of travel: about 2 m/s^2 lateral acceleration (see idm-policy.ts). */
const LANE_CHANGE_LOOKAHEAD_S = 1.8;
/** Time constant of the speed loop, s: closes a speed error within about a second. */
const SPEED_TIME_CONSTANT_S = 0.5;
/** Deceleration planned for the stop at the route's end, m/s^2 (a gentle stop). */
export const STOP_DECEL_MPS2 = 2;
/** Gap left between the ego's front bumper and the route's end, m. */
const STOP_MARGIN_M = 1;
/** How far ahead the route is read for bends and its end, m. */
const PREVIEW_HORIZON_M = 150;

/** The speed the profile allows at this point of the route, and whether a falling profile binds. */
export interface SpeedTarget {
  readonly speedMps: number;
  /** The slope of the binding profile as the ego drives along it, m/s^2 (0 for the flat limit). */
  readonly profileAccelMps2: number;
}

/** min(limit, curve, stop) with the binding term's slope; pure, for tests. */
export function speedTarget(limitMps: number, curveSpeedMps: number, stopDistanceM: number): SpeedTarget {
  const stopSpeedMps = Math.sqrt(2 * STOP_DECEL_MPS2 * Math.max(0, stopDistanceM));
  const speedMps = Math.min(limitMps, curveSpeedMps, stopSpeedMps);
  if (speedMps >= limitMps) return { speedMps: limitMps, profileAccelMps2: 0 };
  return { speedMps, profileAccelMps2: stopSpeedMps <= curveSpeedMps ? -STOP_DECEL_MPS2 : -CURVE_PLAN_DECEL_MPS2 };
}

/** The route lane after `laneId` when it is a neighbour alongside at `s` (a lane change the route asks for). */
export function routeLaneChange(road: RoadNetwork, laneId: string, s: number, route: readonly string[]): string | null {
  const at = route.indexOf(laneId);
  if (at < 0 || at + 1 >= route.length) return null;
  const next = route[at + 1];
  for (const side of ['left', 'right'] as const) if (laneChangeTarget(road, laneId, side, s) === next) return next;
  return null;
}

/**
 * The route follower's command before its comfort jerk limit: the steering angle and the
 * acceleration its speed profile wants, or null off every lane. A stateful function of the ego
 * (it tracks the ego's lane), called once per step. The policy below smooths the acceleration;
 * behaviour cloning (model/policy-data/) learns the wanted one, since the ego's current
 * acceleration, which the smoothing starts from, is the action a learner would copy.
 */
export function purePursuitCommand(rt: SimRuntime): (ego: AgentState) => VehicleAction | null {
  const road = rt.setup.road;
  const route = rt.setup.ego.route;
  const tracker = createLaneTracker(road, route);
  return (ego) => {
    const pos = tracker.locate(ego.pose);
    if (pos === null) return null;
    const targetId = routeLaneChange(road, pos.laneId, pos.s, route) ?? pos.laneId;
    const onTarget = targetId === pos.laneId ? pos : projectOntoLane(road, targetId, ego.pose.x, ego.pose.y);
    const lookM = Math.max(LOOKAHEAD_MIN_M + LOOKAHEAD_TIME_S * ego.speedMps, targetId === pos.laneId ? 0 : LANE_CHANGE_LOOKAHEAD_S * ego.speedMps);
    const aim = pointAhead(road, targetId, onTarget.s, lookM, route);
    const steerRad = purePursuitSteerRad(ego.pose, aim.x, aim.y, rt.egoParams.wheelbaseM);

    const preview = previewRoute(road, targetId, onTarget.s, route, PREVIEW_HORIZON_M);
    const limitMps = rt.setup.ego.desiredSpeedMps ?? getLane(road, pos.laneId).speedLimitMps;
    const target = speedTarget(limitMps, preview.curveSpeedMps, preview.endDistanceM - ego.size.lengthM / 2 - STOP_MARGIN_M);
    const wanted = (target.speedMps - ego.speedMps) / SPEED_TIME_CONSTANT_S + target.profileAccelMps2;
    return { accelMps2: Math.max(-rt.egoParams.maxDecelMps2, Math.min(rt.egoParams.maxAccelMps2, wanted)), steerRad };
  };
}

export function purePursuitPolicy(rt: SimRuntime): Policy {
  const command = purePursuitCommand(rt);
  const dtS = rt.setup.dtS;
  const drive = (ego: AgentState): VehicleAction => {
    const c = command(ego);
    if (c === null) return { accelMps2: -rt.egoParams.maxDecelMps2, steerRad: 0 }; // off every lane: stop
    return { accelMps2: smoothAccel(ego.accelMps2, c.accelMps2, dtS), steerRad: c.steerRad };
  };

  // Only the ego and the road: the actors are never read.
  return { name: 'pure-pursuit', act: ({ world }) => drive(world.ego) };
}
