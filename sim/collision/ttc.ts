/**
 * Geometry the safety metrics need between two agents: time-to-collision under constant velocity,
 * and the minimum distance between two oriented boxes (distance headway).
 */
import type { AgentSize, Pose2 } from '../types';
import { COLLISION_EPS_M, boxCorners, boxRadiusM, boxesOverlap, obbOverlapRaw } from './obb';

/**
 * Slack on horizonS / stepS before flooring: 3.0 / 0.1 is 29.999999999999996 in doubles, and the
 * sample at the horizon itself must not be lost to that rounding.
 */
const STEP_COUNT_TOLERANCE = 1e-9;

/** Most projection samples one call may take; more means a unit mix-up (ms for s) in the caller. */
const MAX_TTC_STEPS = 100_000;

/**
 * Time-to-collision, s: both boxes move at constant velocity along their current headings (no yaw
 * change) and are sampled at t = 0, stepS, 2 stepS, ... <= horizonS; returns the first sampled time
 * at which they overlap or touch (boxesOverlap), or Infinity. The true first contact t* satisfies
 * t* <= result < t* + stepS, except that a contact shorter than stepS can fall between samples.
 *
 * Follows nuPlan's `time_to_collision_within_bound` (`_compute_time_to_collision_at_timestamp`):
 * constant-velocity projection of ego and track boxes with a fixed time step. Where ours differs:
 * - t = 0 is sampled: boxes overlapping now give 0 (nuPlan starts at stepS and sets 0 only for
 *   at-fault collisions found by its collision metric).
 * - The horizon is inclusive (nuPlan's `np.arange(step, horizon, step)` stops before it).
 * - No stopped-ego rule (nuPlan returns no TTC when ego speed <= 5e-3 m/s) and no choice of relevant
 *   tracks (ahead / crossing): the metric layer decides which pairs to ask about.
 * - Touching counts as a collision (COLLISION_EPS_M); nuPlan's radius pre-check uses a strict `<`.
 * - The pre-filter is exact, not an elongated-box overlap: with p the relative centre position and v
 *   the relative velocity, the centres can only be within R = rEgo + rOther (bounding radii) while
 *   |p + v t| <= R, a quadratic in t; outside that window no sample can collide, so only the samples
 *   inside it (widened by one step each side against rounding) run the separating-axis test.
 *
 * Speeds are along the heading (m/s, negative = reversing); stepS > 0, horizonS >= 0.
 */
export function timeToCollisionS(
  egoPose: Pose2,
  egoSize: AgentSize,
  egoSpeedMps: number,
  otherPose: Pose2,
  otherSize: AgentSize,
  otherSpeedMps: number,
  horizonS: number,
  stepS: number,
): number {
  if (!(Number.isFinite(stepS) && stepS > 0)) {
    throw new RangeError(`timeToCollisionS: stepS must be a positive finite number of seconds, got ${stepS}`);
  }
  if (!(Number.isFinite(horizonS) && horizonS >= 0)) {
    throw new RangeError(`timeToCollisionS: horizonS must be a finite number of seconds >= 0, got ${horizonS}`);
  }
  if (!(Number.isFinite(egoSpeedMps) && Number.isFinite(otherSpeedMps))) {
    throw new RangeError(`timeToCollisionS: speeds must be finite, got ego ${egoSpeedMps}, other ${otherSpeedMps} m/s`);
  }
  const lastStep = Math.floor(horizonS / stepS + STEP_COUNT_TOLERANCE);
  if (lastStep > MAX_TTC_STEPS) {
    throw new RangeError(
      `timeToCollisionS: horizonS / stepS = ${horizonS} / ${stepS} needs ${lastStep} samples (max ${MAX_TTC_STEPS}); check units`,
    );
  }
  if (boxesOverlap(egoPose, egoSize, otherPose, otherSize)) {
    return 0;
  }
  const ec = Math.cos(egoPose.yaw);
  const es = Math.sin(egoPose.yaw);
  const oc = Math.cos(otherPose.yaw);
  const os = Math.sin(otherPose.yaw);
  // Relative position and velocity of the other box's centre with respect to the ego's.
  const px = otherPose.x - egoPose.x;
  const py = otherPose.y - egoPose.y;
  const vx = otherSpeedMps * oc - egoSpeedMps * ec;
  const vy = otherSpeedMps * os - egoSpeedMps * es;
  // Centre distance beyond which the boxes cannot touch; the same arithmetic as in boxesOverlap.
  const radiusM = boxRadiusM(egoSize) + boxRadiusM(otherSize) + COLLISION_EPS_M;
  // |p + v t|^2 = R^2  <=>  a t^2 + 2 b t + c = 0.
  const a = vx * vx + vy * vy;
  if (a === 0) {
    return Infinity; // the relative pose never changes, and it does not overlap now
  }
  const b = px * vx + py * vy;
  const c = px * px + py * py - radiusM * radiusM;
  const disc = b * b - a * c;
  if (disc < 0) {
    return Infinity; // closest approach of the centres stays beyond the bounding circles
  }
  const root = Math.sqrt(disc);
  const enterS = (-b - root) / a;
  const exitS = (-b + root) / a;
  if (exitS < 0 || enterS > horizonS) {
    return Infinity;
  }
  const firstStep = Math.max(1, Math.floor(enterS / stepS));
  const endStep = Math.min(lastStep, Math.ceil(exitS / stepS));
  const ehl = 0.5 * egoSize.lengthM;
  const ehw = 0.5 * egoSize.widthM;
  const ohl = 0.5 * otherSize.lengthM;
  const ohw = 0.5 * otherSize.widthM;
  const egoVx = egoSpeedMps * ec;
  const egoVy = egoSpeedMps * es;
  const otherVx = otherSpeedMps * oc;
  const otherVy = otherSpeedMps * os;
  for (let k = firstStep; k <= endStep; k++) {
    // t from the step index, not an accumulated sum, so that rounding does not drift.
    const t = k * stepS;
    const ex = egoPose.x + egoVx * t;
    const ey = egoPose.y + egoVy * t;
    const ox = otherPose.x + otherVx * t;
    const oy = otherPose.y + otherVy * t;
    // Same bounding-circle gate as boxesOverlap, so the result is exactly its first true sample.
    if ((ox - ex) * (ox - ex) + (oy - ey) * (oy - ey) > radiusM * radiusM) continue;
    if (obbOverlapRaw(ex, ey, ec, es, ehl, ehw, ox, oy, oc, os, ohl, ohw)) return t;
  }
  return Infinity;
}

// Scratch corner buffers for distanceBetweenBoxesM: JS is single-threaded and the function does not
// re-enter, so sharing them keeps it allocation-free and still pure as seen by callers.
const scratchA = new Float64Array(8);
const scratchB = new Float64Array(8);

/** Distance from point p to segment [a, b], m; a degenerate segment (a == b) is a point. */
function pointSegmentDistanceM(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const lengthSq = ex * ex + ey * ey;
  // Projection parameter of p on the segment's line, clamped to [0, 1]; guarded for a zero-size box.
  let t = lengthSq > 0 ? ((px - ax) * ex + (py - ay) * ey) / lengthSq : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = px - (ax + t * ex);
  const dy = py - (ay + t * ey);
  return Math.sqrt(dx * dx + dy * dy);
}

/** Smallest distance from any corner of ring `from` to any edge of ring `to` (4 corners each). */
function cornersToEdgesM(from: Float64Array, to: Float64Array): number {
  let best = Infinity;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const k = (j + 1) & 3;
      const d = pointSegmentDistanceM(from[2 * i], from[2 * i + 1], to[2 * j], to[2 * j + 1], to[2 * k], to[2 * k + 1]);
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * Minimum Euclidean distance between two oriented boxes, m; 0 when they overlap or touch
 * (boxesOverlap). For disjoint convex polygons the minimum is attained between two edges, and the
 * distance between two non-crossing segments is the least of their four endpoint-to-segment
 * distances, so the minimum over (corners of A to edges of B) and (corners of B to edges of A) is
 * exactly the minimum over all edge pairs.
 */
export function distanceBetweenBoxesM(poseA: Pose2, sizeA: AgentSize, poseB: Pose2, sizeB: AgentSize): number {
  if (boxesOverlap(poseA, sizeA, poseB, sizeB)) {
    return 0;
  }
  boxCorners(poseA, sizeA, scratchA);
  boxCorners(poseB, sizeB, scratchB);
  return Math.min(cornersToEdgesM(scratchA, scratchB), cornersToEdgesM(scratchB, scratchA));
}
