/**
 * Pure pursuit steering (Coulter, "Implementation of the Pure Pursuit Path Tracking Algorithm",
 * CMU-RI-TR-92-01, 1992): steer the rear axle onto the circle through a target point,
 *
 *   kappa = 2 sin(alpha) / l_d,   delta = atan(L kappa)
 *
 * where alpha is the target's bearing from the heading and l_d its distance, both seen from the
 * rear axle. A target anywhere on a circular path through the rear axle yields exactly that
 * circle's curvature, so pure pursuit tracks arcs without steady-state error.
 *
 * `pose` is the box-centre pose (the sim convention); the rear axle sits wheelbase / 2 behind it
 * (see dynamics/bicycle.ts). The result is not clamped: stepBicycle applies the vehicle's limits.
 */
import { rearAxleOffsetM } from '../dynamics/bicycle';
import type { Pose2 } from '../types';

/** Targets closer than this (m) to the rear axle give no usable bearing; steer straight. */
const MIN_TARGET_DISTANCE_M = 1e-6;

/** Curvature (1/m, left positive) of the circle through the rear axle, tangent to the heading, through the target. */
export function purePursuitCurvature(pose: Pose2, targetX: number, targetY: number, wheelbaseM: number): number {
  const cosYaw = Math.cos(pose.yaw);
  const sinYaw = Math.sin(pose.yaw);
  const b = rearAxleOffsetM(wheelbaseM);
  const dx = targetX - (pose.x - b * cosYaw);
  const dy = targetY - (pose.y - b * sinYaw);
  const distSq = dx * dx + dy * dy;
  if (distSq < MIN_TARGET_DISTANCE_M * MIN_TARGET_DISTANCE_M) return 0;
  // Lateral offset of the target in the vehicle frame: l_d sin(alpha); 2 sin(alpha)/l_d = 2 y / l_d^2.
  const lateralM = -sinYaw * dx + cosYaw * dy;
  return (2 * lateralM) / distSq;
}

/** Front-wheel angle, rad (left positive), that steers the rear axle through the target. */
export function purePursuitSteerRad(pose: Pose2, targetX: number, targetY: number, wheelbaseM: number): number {
  return Math.atan(wheelbaseM * purePursuitCurvature(pose, targetX, targetY, wheelbaseM));
}
