/** Angles in radians; the world frame measures yaw counter-clockwise from +x. */

const TWO_PI = 2 * Math.PI;

/**
 * Wraps an angle to (-pi, pi], the range `Pose2.yaw` promises. Already-wrapped input (the common
 * case in the world loop) returns unchanged without a division.
 */
export function wrapAngle(rad: number): number {
  if (rad > -Math.PI && rad <= Math.PI) return rad;
  let wrapped = rad % TWO_PI; // in (-2pi, 2pi), same sign as rad
  if (wrapped <= -Math.PI) wrapped += TWO_PI;
  else if (wrapped > Math.PI) wrapped -= TWO_PI;
  return wrapped;
}
