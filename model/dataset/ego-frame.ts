/**
 * World -> current-ego-frame transforms for the dataset's targets: the ego's future trajectory and
 * the actors' layout, both expressed in the frame of the ego at frame t (x forward, y left, yaw
 * counter-clockwise from the ego's heading), the frame a driving model plans in (as nuPlan/NAVSIM
 * ego-relative trajectories).
 *
 * For ego pose (x0, y0, psi0) and a world pose (x, y, psi):
 *   dx =  cos(psi0) (x - x0) + sin(psi0) (y - y0)
 *   dy = -sin(psi0) (x - x0) + cos(psi0) (y - y0)
 *   dyaw = wrap(psi - psi0) to (-pi, pi]
 */
import { wrapAngle } from '../../sim/geometry/angle';
import { toLocal } from '../../sim/geometry/se2';
import type { Pose2 } from '../../sim/types';

export interface RelativePose {
  readonly dx: number;
  readonly dy: number;
  readonly dyaw: number;
}

/** `pose` in the frame of `origin`. */
export function toEgoFrame(origin: Pose2, pose: Pose2): RelativePose {
  const p = toLocal(origin, pose.x, pose.y);
  return { dx: p.x, dy: p.y, dyaw: wrapAngle(pose.yaw - origin.yaw) };
}

/**
 * Future trajectory at every frame: for t in [0, frames) and k in [1, K], the pose at t + k in
 * the frame at t. `poses` holds every state of the episode (at least `frames`; more gives the
 * last frames a full horizon). Writes (frames, K, 3) into `out` and 1/0 validity into `valid`.
 */
export function futureTrajectories(poses: readonly Pose2[], frames: number, horizon: number, out: Float32Array, valid: Uint8Array, offset = 0, validOffset = 0): void {
  for (let t = 0; t < frames; t++) {
    for (let k = 1; k <= horizon; k++) {
      const o = offset + (t * horizon + (k - 1)) * 3;
      const v = validOffset + t * horizon + (k - 1);
      if (t + k < poses.length) {
        const r = toEgoFrame(poses[t], poses[t + k]);
        out[o] = r.dx;
        out[o + 1] = r.dy;
        out[o + 2] = r.dyaw;
        valid[v] = 1;
      } else {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
        valid[v] = 0;
      }
    }
  }
}
