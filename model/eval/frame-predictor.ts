/**
 * What the evaluation asks of a camera that predicts frames: given K true context frames and the
 * ego's future trajectory (and, grounded, the actors' layout), roll out H frames. The world model
 * (world-model-predictor.ts) and the copy-last-frame baseline below answer the same request, so the
 * baseline is measured by the same code, on the same episodes, in the same run.
 *
 * Requests are indexed by frame, as the dataset is (FORMAT.md): the rollout's step h = 1..H
 * predicts frame K - 1 + h from context slots holding frames s_i = h - 1 + i (i = 0..K-1, true
 * frames at h = 1, then the model's own predictions), with `trajectory` row s_i and `layout` row
 * s_i + 1 (the frame being predicted), which is the contract of model/train/rollout_eval.py and of
 * the exported dynamics graph (model/train/README.md, "ONNX interface").
 */
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { TRAJECTORY_WIDTH } from '../runtime/ego-trajectory-input';

export interface RolloutRequest {
  /** K context frames, (K, H, W, 3) uint8, oldest first: frames 0..K-1. */
  readonly context: Uint8Array;
  /**
   * (K + horizon - 1, F, 4) float32: row s is the future of frame s, F steps of (dx, dy, dyaw,
   * valid), zeroed where invalid (the dataset's future[:, :F] with future_valid appended).
   */
  readonly trajectory: Float32Array;
  /** (K + horizon, M, 7) float32, row t the layout of frame t (row 0 is never read); null = ungrounded. */
  readonly layout: Float32Array | null;
}

export interface FramePredictor {
  /** Name in reports ('world-model', 'copy-last-frame'). */
  readonly name: string;
  /** Context frames K. */
  readonly contextFrames: number;
  /** Future steps per trajectory row F. */
  readonly futureSteps: number;
  /** Layout slots per frame M. */
  readonly layoutSlots: number;
  readonly widthPx: number;
  readonly heightPx: number;
  /**
   * `horizon` predicted frames per request, (horizon, H, W, 3) uint8 each, in request order.
   * Requests of one call may be batched together.
   */
  rollout(requests: readonly RolloutRequest[], horizon: number): Promise<Uint8Array[]>;
}

/** Throws with the field named unless `r` is a well-formed request for `p` and `horizon`. */
export function checkRequest(p: Pick<FramePredictor, 'name' | 'contextFrames' | 'futureSteps' | 'layoutSlots' | 'widthPx' | 'heightPx'>, r: RolloutRequest, horizon: number): void {
  const K = p.contextFrames;
  const frameBytes = p.widthPx * p.heightPx * 3;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`${p.name}: horizon must be an integer >= 1, got ${horizon}`);
  if (r.context.length !== K * frameBytes) throw new RangeError(`${p.name}: context must hold ${K} frames of ${p.widthPx}x${p.heightPx}x3 (${K * frameBytes} bytes), got ${r.context.length}`);
  const trajLen = (K + horizon - 1) * p.futureSteps * TRAJECTORY_WIDTH;
  if (r.trajectory.length !== trajLen) throw new RangeError(`${p.name}: trajectory must be (${K + horizon - 1}, ${p.futureSteps}, ${TRAJECTORY_WIDTH}) = ${trajLen} values, got ${r.trajectory.length}`);
  if (r.layout !== null) {
    const layLen = (K + horizon) * p.layoutSlots * LAYOUT_WIDTH;
    if (r.layout.length !== layLen) throw new RangeError(`${p.name}: layout must be (${K + horizon}, ${p.layoutSlots}, ${LAYOUT_WIDTH}) = ${layLen} values, got ${r.layout.length}`);
  }
}

/** The copy-last-frame baseline: every predicted frame is the last context frame. */
export function copyLastFramePredictor(shape: { contextFrames: number; futureSteps: number; layoutSlots: number; widthPx: number; heightPx: number }): FramePredictor {
  const p: FramePredictor = {
    name: 'copy-last-frame',
    ...shape,
    async rollout(requests, horizon) {
      const n = shape.widthPx * shape.heightPx * 3;
      return requests.map((r) => {
        checkRequest(p, r, horizon);
        const last = r.context.subarray((shape.contextFrames - 1) * n, shape.contextFrames * n);
        const out = new Uint8Array(horizon * n);
        for (let h = 0; h < horizon; h++) out.set(last, h * n);
        return out;
      });
    },
  };
  return p;
}
