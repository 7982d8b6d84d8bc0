/**
 * A geometric baseline: every predicted frame is the last context frame reprojected by the ego's
 * motion since then (model/runtime/ego-reprojection.ts: flat ground, sky at infinity). It knows the
 * commanded trajectory and the camera but nothing of the scene's depth or of other road users.
 */
import { composeMotion, NO_MOTION, reproject, reprojectionMap, type EgoMotion } from '../../runtime/ego-reprojection';
import { TRAJECTORY_WIDTH } from '../../runtime/ego-trajectory-input';
import type { CameraModel } from '../../../sim/render/camera-model';
import { checkRequest, type FramePredictor } from '../frame-predictor';

export function reprojectionPredictor(camera: CameraModel, shape: { contextFrames: number; futureSteps: number; layoutSlots: number }): FramePredictor {
  const { widthPx, heightPx } = camera;
  const p: FramePredictor = {
    name: 'ego-reprojection',
    ...shape,
    widthPx,
    heightPx,
    async rollout(requests, horizon) {
      const K = shape.contextFrames;
      const n = widthPx * heightPx * 3;
      const row = shape.futureSteps * TRAJECTORY_WIDTH;
      return requests.map((r) => {
        checkRequest(p, r, horizon);
        const last = r.context.subarray((K - 1) * n, K * n);
        const out = new Uint8Array(horizon * n);
        let motion: EgoMotion = NO_MOTION;
        for (let h = 1; h <= horizon; h++) {
          const o = (K - 2 + h) * row;
          if (r.trajectory[o + 3] > 0) motion = composeMotion(motion, { dx: r.trajectory[o], dy: r.trajectory[o + 1], dyaw: r.trajectory[o + 2] });
          reproject(last, widthPx, heightPx, reprojectionMap(camera, motion), out.subarray((h - 1) * n, h * n));
        }
        return out;
      });
    },
  };
  return p;
}
