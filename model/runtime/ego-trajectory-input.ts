/**
 * The ego-trajectory input of the dynamics, built from ego poses by the dataset's own code
 * (model/dataset/ego-frame.ts futureTrajectories), so that training and runtime inputs agree.
 *
 * Context slot i holds frame s_i (oldest first); its row is the ego's motion after s_i: the poses
 * at s_i + 1 .. s_i + F in the ego frame at s_i, as (dx, dy, dyaw, valid), zeroed where invalid
 * (model/train/data.py window()). A closed-loop camera at step s knows the realised poses up to s;
 * the F - 1 poses after s come from a plan, or from extrapolateConstantTwist when there is none.
 */
import { composePose } from '../../sim/geometry/se2';
import type { Pose2 } from '../../sim/types';
import { futureTrajectories, toEgoFrame } from '../dataset/ego-frame';

/** Values per trajectory step: dx, dy (m) and dyaw (rad) in the ego frame of the slot's frame, and 1/0 validity. */
export const TRAJECTORY_FIELDS = ['dx', 'dy', 'dyaw', 'valid'] as const;
export const TRAJECTORY_WIDTH = TRAJECTORY_FIELDS.length;

/**
 * `steps` poses after `current`, repeating the last step's motion (previous -> current) in the
 * ego frame: constant speed and constant yaw rate, i.e. a circular arc (a straight line at zero yaw
 * rate). The usual open-loop prior for a vehicle's next half second when no plan is known (the
 * constant-turn-rate-and-velocity model of tracking filters).
 */
export function extrapolateConstantTwist(previous: Pose2, current: Pose2, steps: number): Pose2[] {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`extrapolateConstantTwist: steps must be an integer >= 0, got ${steps}`);
  const r = toEgoFrame(previous, current);
  const delta: Pose2 = { x: r.dx, y: r.dy, yaw: r.dyaw };
  const out: Pose2[] = [];
  let pose = current;
  for (let k = 0; k < steps; k++) {
    pose = composePose(pose, delta);
    out.push(pose);
  }
  return out;
}

/**
 * Writes the (K, F, 4) trajectory input of one rollout at `offset` of `out`. `poses[j]` is the ego
 * pose of frame s_0 + j (world frame), at least K + 1 of them (slot K - 1 needs the pose after it);
 * K + F of them make every step valid, fewer leave the last steps invalid, as at the end of a
 * dataset episode.
 */
export function writeTrajectoryInput(poses: readonly Pose2[], contextFrames: number, futureSteps: number, out: Float32Array, offset = 0): void {
  const K = contextFrames;
  const F = futureSteps;
  if (poses.length < K + 1) throw new RangeError(`writeTrajectoryInput: need at least K + 1 = ${K + 1} poses (frames s_0 .. s_0 + K), got ${poses.length}`);
  if (offset + K * F * TRAJECTORY_WIDTH > out.length) throw new RangeError(`writeTrajectoryInput: out has ${out.length} values, need ${K * F * TRAJECTORY_WIDTH} from offset ${offset}`);
  const deltas = new Float32Array(K * F * 3);
  const valid = new Uint8Array(K * F);
  futureTrajectories(poses, K, F, deltas, valid);
  for (let j = 0; j < K * F; j++) {
    const o = offset + j * TRAJECTORY_WIDTH;
    out[o] = deltas[3 * j];
    out[o + 1] = deltas[3 * j + 1];
    out[o + 2] = deltas[3 * j + 2];
    out[o + 3] = valid[j];
  }
}
