/**
 * Kinematic bicycle model: a pure forward step with actuator limits, plus its steering inverse.
 *
 * Why kinematic: at the speeds and lateral accelerations of ordinary traffic (< ~4 m/s^2) tyre
 * slip is small and the kinematic model tracks a dynamic one closely (Kong et al., "Kinematic and
 * Dynamic Vehicle Models for Autonomous Driving Control Design", IV 2015); Waymax and nuPlan use
 * the same model for their agents and ego.
 *
 * Reference point. `state.pose` is the centre of the agent's box (the sim-wide convention). The
 * model integrates the rear axle, which we place REAR_AXLE_OFFSET = wheelbase / 2 behind the box
 * centre (the box centre is assumed to sit midway between the axles; equivalently this is Kong's
 * centre-of-gravity model with l_r = l_f = L/2). With x_r the rear axle, psi the yaw, v the
 * longitudinal speed (the speed along the heading, the same for every point on the body axis),
 * delta the front-wheel angle and L the wheelbase:
 *
 *   x_r' = v cos(psi),  y_r' = v sin(psi),  psi' = v tan(delta) / L,  v' = a
 *   x_c = x_r + (L/2) cos(psi),  y_c = y_r + (L/2) sin(psi)
 *
 * So the rear axle drives a circle of radius R = L / tan(delta) (`turningRadiusM`) and the box
 * centre one of radius sqrt(R^2 + (L/2)^2) (`centreTurningRadiusM`).
 *
 * Integration over one step of dt. Limits first: the steering request is clamped to
 * [-maxSteer, maxSteer] and its change to maxSteerRate * dt; the acceleration request is clamped
 * to [-maxDecel, maxAccel] and its change to maxJerk * dt. Then the new acceleration a1 is held
 * over the step, speed is clamped to [0, maxSpeed] (no reversing) and the distance ds is the
 * exact area under that clamped speed ramp. The rear axle moves ds along an arc of curvature
 * kappa = tan(delta_mid) / L with delta_mid the mean of the old and new steering angles:
 *
 *   dpsi = kappa ds,  chord = ds * sinc(dpsi / 2) in direction psi + dpsi / 2
 *
 * which is exact for constant speed and steering (any curvature, including straight lines).
 */
import type { Pose2, VehicleAction } from '../types';
import type { VehicleParams } from './vehicle-params';
import { wrapAngle } from '../geometry/angle';

export interface BicycleState {
  /** Box-centre pose in the world frame. */
  readonly pose: Pose2;
  /** Longitudinal speed along the heading, m/s, in [0, maxSpeedMps]. */
  readonly speedMps: number;
  /** Acceleration held over the last step, m/s^2 (0 while stopped and braking, or at top speed). */
  readonly accelMps2: number;
  /** Front-wheel steering angle, rad, positive turns left. */
  readonly steerRad: number;
}

/** Below this |dpsi/2| (rad) sinc uses its Taylor series; the error x^4/120 is < 1e-18 there. */
const SINC_SERIES_BELOW_RAD = 1e-4;

/** Distance from the box centre back to the rear axle, m (see the file comment). */
export function rearAxleOffsetM(wheelbaseM: number): number {
  return wheelbaseM / 2;
}

/** Rear-axle pose of a vehicle whose box-centre pose is `pose`. */
export function rearAxlePose(pose: Pose2, wheelbaseM: number): Pose2 {
  const b = rearAxleOffsetM(wheelbaseM);
  return { x: pose.x - b * Math.cos(pose.yaw), y: pose.y - b * Math.sin(pose.yaw), yaw: pose.yaw };
}

/**
 * Signed turning radius of the rear axle, m: R = L / tan(delta); positive turns left,
 * Infinity (with the sign of a zero angle) when driving straight.
 */
export function turningRadiusM(wheelbaseM: number, steerRad: number): number {
  return wheelbaseM / Math.tan(steerRad);
}

/** Unsigned turning radius of the box centre, m: sqrt(R^2 + (L/2)^2). */
export function centreTurningRadiusM(wheelbaseM: number, steerRad: number): number {
  const r = turningRadiusM(wheelbaseM, steerRad);
  return Math.hypot(r, rearAxleOffsetM(wheelbaseM));
}

/** Inverse of the model's curvature: the steering angle (rad) whose rear-axle curvature is `curvature` (1/m, left positive). */
export function steerForCurvature(curvature: number, wheelbaseM: number): number {
  return Math.atan(curvature * wheelbaseM);
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/**
 * Distance covered in dt starting at v0 with constant acceleration a, speed clamped to [0, vMax].
 * Exact: the area under the clamped speed ramp.
 */
function clampedDistanceM(v0: number, a: number, vMax: number, dtS: number): number {
  const v1 = v0 + a * dtS;
  if (a < 0 && v1 < 0) {
    const tStopS = v0 / -a;
    return 0.5 * v0 * tStopS;
  }
  if (a > 0 && v1 > vMax) {
    const tHitS = Math.max(0, (vMax - v0) / a);
    return 0.5 * (v0 + vMax) * tHitS + vMax * (dtS - tHitS);
  }
  return 0.5 * (v0 + v1) * dtS;
}

/**
 * One step of the kinematic bicycle (see the file comment for equations and limits).
 * Pure: returns a new state; `state` is not modified. Throws when dtS is not a positive number.
 */
export function stepBicycle(
  state: BicycleState,
  action: VehicleAction,
  params: VehicleParams,
  dtS: number,
): BicycleState {
  if (!(dtS > 0) || !Number.isFinite(dtS)) {
    throw new Error(`stepBicycle: dtS must be a finite number > 0, got ${dtS}`);
  }
  const L = params.wheelbaseM;

  // Steering: clamp the request, then limit its rate.
  const steerTarget = clamp(action.steerRad, -params.maxSteerRad, params.maxSteerRad);
  const maxSteerDelta = params.maxSteerRateRadps * dtS;
  const steer1 = clamp(
    clamp(steerTarget, state.steerRad - maxSteerDelta, state.steerRad + maxSteerDelta),
    -params.maxSteerRad,
    params.maxSteerRad,
  );

  // Acceleration: clamp the request, then limit its change (jerk).
  const accelTarget = clamp(action.accelMps2, -params.maxDecelMps2, params.maxAccelMps2);
  const maxAccelDelta = params.maxJerkMps3 * dtS;
  let accel1 = clamp(
    clamp(accelTarget, state.accelMps2 - maxAccelDelta, state.accelMps2 + maxAccelDelta),
    -params.maxDecelMps2,
    params.maxAccelMps2,
  );

  const v0 = clamp(state.speedMps, 0, params.maxSpeedMps);
  const v1 = clamp(v0 + accel1 * dtS, 0, params.maxSpeedMps);
  const dsM = clampedDistanceM(v0, accel1, params.maxSpeedMps, dtS);
  // A stopped car held by its brakes, or one at top speed, has no acceleration; resetting it
  // here keeps the next start (or slow-down) from waiting for the jerk limit to unwind it.
  if ((v1 === 0 && accel1 < 0) || (v1 === params.maxSpeedMps && accel1 > 0)) accel1 = 0;

  // Pose: the rear axle moves ds along an arc of the mean steering angle's curvature. Headings
  // at the middle and end of the arc come from rotating (cos, sin) by dpsi/2 twice (5 trig calls
  // instead of 8: this is the world loop's hot path).
  const yaw0 = state.pose.yaw;
  const kappa = Math.tan(0.5 * (state.steerRad + steer1)) / L;
  const half = 0.5 * kappa * dsM;
  const sinHalf = Math.sin(half);
  const cosHalf = Math.cos(half);
  const sinc = Math.abs(half) < SINC_SERIES_BELOW_RAD ? 1 - (half * half) / 6 : sinHalf / half;
  const chordM = dsM * sinc;
  const c0 = Math.cos(yaw0);
  const s0 = Math.sin(yaw0);
  const cMid = c0 * cosHalf - s0 * sinHalf;
  const sMid = s0 * cosHalf + c0 * sinHalf;
  const c1 = cMid * cosHalf - sMid * sinHalf;
  const s1 = sMid * cosHalf + cMid * sinHalf;
  const b = rearAxleOffsetM(L);
  // centre1 = centre0 - b*dir(yaw0) + chord*dir(yawMid) + b*dir(yaw1)
  const x1 = state.pose.x + chordM * cMid + b * (c1 - c0);
  const y1 = state.pose.y + chordM * sMid + b * (s1 - s0);
  const yaw1 = yaw0 + 2 * half;

  return {
    pose: { x: x1, y: y1, yaw: wrapAngle(yaw1) },
    speedMps: v1,
    accelMps2: accel1,
    steerRad: steer1,
  };
}
