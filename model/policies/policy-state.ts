/**
 * The state vector an ONNX policy may read besides the camera frame: what the ego knows about
 * itself (its speedometer, its own controls) and the cruise-control set speed, never the road or
 * other road users. A policy card (policy-card.ts) lists the fields it wants, in order; the
 * demonstration generator (model/policy-data/) writes the same fields with the same functions, so
 * training and driving read identical numbers.
 *
 *   speed_mps       ego speed along its heading, m/s
 *   accel_mps2      ego longitudinal acceleration held over the last step, m/s^2
 *   steer_rad       ego front-wheel angle now, rad, + left
 *   set_speed_mps   the cruise-control set speed of the run, m/s (setSpeedMps below)
 */
import { getLane, locate } from '../../sim/road/query';
import type { RoadNetwork } from '../../sim/road/types';
import type { EgoSetup } from '../../sim/setup';
import type { AgentState } from '../../sim/types';

export const STATE_FIELDS = ['speed_mps', 'accel_mps2', 'steer_rad', 'set_speed_mps'] as const;
export type StateField = (typeof STATE_FIELDS)[number];

/** Below this start speed the ego counts as standing, m/s: cruise control cannot be set there. */
const MIN_SET_SPEED_MPS = 1;

/**
 * The set speed a driver would engage: the scenario ego's desired speed when the spec gives one,
 * else the speed the ego starts with (cruise control set at the current speed), else, for an ego
 * that starts standing, the speed limit of its start lane. Fixed for the whole run: the policy
 * reads no speed-limit signs.
 */
export function setSpeedMps(ego: EgoSetup, road: RoadNetwork): number {
  if (ego.desiredSpeedMps !== null) return ego.desiredSpeedMps;
  if (ego.start.speedMps >= MIN_SET_SPEED_MPS) return ego.start.speedMps;
  const laneId = ego.start.kind === 'lane' ? ego.start.laneId : locate(road, ego.start.pose.x, ego.start.pose.y)?.laneId;
  if (laneId === undefined) throw new RangeError('set speed: the ego starts standing off every lane, so no speed limit applies; give the ego a speed');
  return getLane(road, laneId).speedLimitMps;
}

/** Writes `fields` of the ego's state into `out` at `offset`, in order. */
export function writeState(fields: readonly StateField[], ego: AgentState, setSpeed: number, out: Float32Array, offset = 0): void {
  fields.forEach((f, i) => {
    out[offset + i] = f === 'speed_mps' ? ego.speedMps : f === 'accel_mps2' ? ego.accelMps2 : f === 'steer_rad' ? ego.steerRad : setSpeed;
  });
}
