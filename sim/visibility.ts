/**
 * Line of sight on the ground plane: whether an agent can be seen from a viewpoint past the boxes
 * of other agents. Heights are ignored (every box is taken as taller than the eye), which is the
 * right call for a pedestrian behind a parked van and a conservative one for low cars.
 */
import { boxCorners } from './collision/obb';
import type { AgentSize, Pose2 } from './types';

export interface Box {
  readonly pose: Pose2;
  readonly size: AgentSize;
}

/** For segments on one line: whether their extents along it overlap. */
function collinearOverlap(px: number, py: number, qx: number, qy: number, ax: number, ay: number, bx: number, by: number): boolean {
  const ux = qx - px;
  const uy = qy - py;
  const len2 = ux * ux + uy * uy;
  if (len2 === 0) return false;
  const ta = ((ax - px) * ux + (ay - py) * uy) / len2;
  const tb = ((bx - px) * ux + (by - py) * uy) / len2;
  return Math.max(ta, tb) >= 0 && Math.min(ta, tb) <= 1;
}

/** Whether segment p->q crosses segment a->b (proper or touching intersection). */
function segmentsCross(px: number, py: number, qx: number, qy: number, ax: number, ay: number, bx: number, by: number): boolean {
  const d1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  const d2 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
  const d3 = (qx - px) * (ay - py) - (qy - py) * (ax - px);
  const d4 = (qx - px) * (by - py) - (qy - py) * (bx - px);
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0) return collinearOverlap(px, py, qx, qy, ax, ay, bx, by);
  return d1 * d2 <= 0 && d3 * d4 <= 0;
}

/** Whether the sight line from (ex, ey) to (tx, ty) passes through the box. */
export function sightBlocked(ex: number, ey: number, tx: number, ty: number, box: Box): boolean {
  const c = boxCorners(box.pose, box.size);
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    if (segmentsCross(ex, ey, tx, ty, c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1])) return true;
  }
  return false;
}

/**
 * Fraction of the target's sample points (its four corners and centre) visible from the eye.
 * 0 = fully occluded, 1 = fully visible.
 */
export function visibleFraction(eyeX: number, eyeY: number, target: Box, occluders: readonly Box[]): number {
  const c = boxCorners(target.pose, target.size);
  const pts: [number, number][] = [
    [target.pose.x, target.pose.y],
    [c[0], c[1]],
    [c[2], c[3]],
    [c[4], c[5]],
    [c[6], c[7]],
  ];
  let seen = 0;
  for (const [x, y] of pts) {
    if (!occluders.some((o) => sightBlocked(eyeX, eyeY, x, y, o))) seen++;
  }
  return seen / pts.length;
}
