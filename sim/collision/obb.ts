/**
 * Oriented bounding boxes (OBB) on the ground plane: corners and overlap (separating-axis theorem).
 * The minimum distance between two boxes lives with the other metric geometry in ttc.ts.
 *
 * A box is centred at its pose, its length lies along the heading (yaw) and its width across it;
 * height is ignored (collisions are 2-D, as in nuPlan and Waymax).
 *
 * Convention: boxes that TOUCH (separation <= COLLISION_EPS_M) count as overlapping. A safety metric
 * should be conservative, as CARLA's contact sensor is and as nuPlan's `in_collision` (shapely
 * `intersects`, true for touching polygons) is.
 *
 * Hot paths (the spatial grid, TTC) call `obbOverlapRaw` with precomputed cos/sin and half extents so
 * that no Pose2 is allocated per test.
 */
import type { AgentSize, Pose2 } from '../types';

/**
 * Slack in metres under which two boxes count as touching, hence colliding. Poses come out of float
 * arithmetic (Frenet to world, integration) whose rounding at kilometre coordinates is ~1e-12 m, so
 * boxes that touch in exact arithmetic can come out a hair apart; a micrometre absorbs that and is far
 * below any physically meaningful gap. (The test uses the 4 face axes, so the effective Euclidean
 * threshold lies between COLLISION_EPS_M and sqrt(2) * COLLISION_EPS_M.)
 */
export const COLLISION_EPS_M = 1e-6;

/**
 * Radius of the circle around the box centre that contains the box: hypot(length, width) / 2.
 * (Math.sqrt of the sum of squares: Math.hypot is several times slower in V8 and box sizes cannot
 * overflow.)
 */
export function boxRadiusM(size: AgentSize): number {
  return 0.5 * Math.sqrt(size.lengthM * size.lengthM + size.widthM * size.widthM);
}

/**
 * The four corners of a box as [x0, y0, x1, y1, x2, y2, x3, y3], counter-clockwise:
 * front-left, rear-left, rear-right, front-right ("front" is along the heading).
 * Pass `out` to reuse a buffer in a hot loop.
 */
export function boxCorners(pose: Pose2, size: AgentSize, out: Float64Array = new Float64Array(8)): Float64Array {
  if (out.length < 8) {
    throw new RangeError(`boxCorners: out buffer needs 8 entries, got ${out.length}`);
  }
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  // Half-length along the heading (c, s) and half-width along the left normal (-s, c).
  const lx = 0.5 * size.lengthM * c;
  const ly = 0.5 * size.lengthM * s;
  const wx = -0.5 * size.widthM * s;
  const wy = 0.5 * size.widthM * c;
  out[0] = pose.x + lx + wx;
  out[1] = pose.y + ly + wy;
  out[2] = pose.x - lx + wx;
  out[3] = pose.y - ly + wy;
  out[4] = pose.x - lx - wx;
  out[5] = pose.y - ly - wy;
  out[6] = pose.x + lx - wx;
  out[7] = pose.y + ly - wy;
  return out;
}

/**
 * Separating-axis test of two oriented boxes given as raw numbers (no bounding-circle reject; callers
 * do that with cached radii). Axes are the two edge normals of each box. With Δ the yaw difference,
 * A's axes project B's half extents with k1 = |cos Δ| and k2 = |sin Δ| (and symmetrically), so the
 * boxes are separated iff for some axis n: |d · n| - (rA(n) + rB(n)) > COLLISION_EPS_M, d = cB - cA.
 */
export function obbOverlapRaw(
  ax: number,
  ay: number,
  aCos: number,
  aSin: number,
  aHalfLengthM: number,
  aHalfWidthM: number,
  bx: number,
  by: number,
  bCos: number,
  bSin: number,
  bHalfLengthM: number,
  bHalfWidthM: number,
): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const k1 = Math.abs(aCos * bCos + aSin * bSin); // |cos Δ| = |uA · uB| = |vA · vB|
  const k2 = Math.abs(aSin * bCos - aCos * bSin); // |sin Δ| = |uA · vB| = |vA · uB|
  // A's heading axis uA = (aCos, aSin).
  if (Math.abs(dx * aCos + dy * aSin) - (aHalfLengthM + bHalfLengthM * k1 + bHalfWidthM * k2) > COLLISION_EPS_M) {
    return false;
  }
  // A's lateral axis vA = (-aSin, aCos).
  if (Math.abs(-dx * aSin + dy * aCos) - (aHalfWidthM + bHalfLengthM * k2 + bHalfWidthM * k1) > COLLISION_EPS_M) {
    return false;
  }
  // B's heading axis uB = (bCos, bSin).
  if (Math.abs(dx * bCos + dy * bSin) - (bHalfLengthM + aHalfLengthM * k1 + aHalfWidthM * k2) > COLLISION_EPS_M) {
    return false;
  }
  // B's lateral axis vB = (-bSin, bCos).
  if (Math.abs(-dx * bSin + dy * bCos) - (bHalfWidthM + aHalfLengthM * k2 + aHalfWidthM * k1) > COLLISION_EPS_M) {
    return false;
  }
  return true;
}

/**
 * True when the two boxes overlap or touch (see COLLISION_EPS_M). Rejects quickly when the bounding
 * circles are apart, then runs the separating-axis test (4 axes).
 */
export function boxesOverlap(poseA: Pose2, sizeA: AgentSize, poseB: Pose2, sizeB: AgentSize): boolean {
  const dx = poseB.x - poseA.x;
  const dy = poseB.y - poseA.y;
  const reachM = boxRadiusM(sizeA) + boxRadiusM(sizeB) + COLLISION_EPS_M;
  if (dx * dx + dy * dy > reachM * reachM) {
    return false;
  }
  return obbOverlapRaw(
    poseA.x,
    poseA.y,
    Math.cos(poseA.yaw),
    Math.sin(poseA.yaw),
    0.5 * sizeA.lengthM,
    0.5 * sizeA.widthM,
    poseB.x,
    poseB.y,
    Math.cos(poseB.yaw),
    Math.sin(poseB.yaw),
    0.5 * sizeB.lengthM,
    0.5 * sizeB.widthM,
  );
}
