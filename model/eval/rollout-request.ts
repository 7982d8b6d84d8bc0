/**
 * Builds a predictor's RolloutRequest from dataset-shaped arrays: the first K frames as context,
 * the future ego trajectory cut to the model's F steps with validity appended (zeroed where
 * invalid, as model/train/rollout_eval.py builds `traj_all`), and the layout rows.
 */
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { TRAJECTORY_WIDTH } from '../runtime/ego-trajectory-input';
import type { RolloutRequest } from './frame-predictor';
import type { EvalEpisode } from './test-episodes';

export interface ModelShape {
  readonly contextFrames: number;
  readonly futureSteps: number;
  readonly layoutSlots: number;
}

/**
 * (rows, F, 4) trajectory rows from a dataset future (rows, datasetK, 3) and its validity
 * (rows, datasetK): the first F steps, (dx, dy, dyaw) * valid, then valid.
 */
export function trajectoryRows(future: Float32Array, valid: Uint8Array, datasetK: number, rows: number, F: number): Float32Array {
  if (F > datasetK) throw new RangeError(`trajectoryRows: the model wants ${F} future steps, the data has ${datasetK}`);
  if (future.length < rows * datasetK * 3 || valid.length < rows * datasetK) {
    throw new RangeError(`trajectoryRows: ${rows} rows of ${datasetK} steps need ${rows * datasetK * 3} values and ${rows * datasetK} flags, got ${future.length} and ${valid.length}`);
  }
  const out = new Float32Array(rows * F * TRAJECTORY_WIDTH);
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < F; k++) {
      const v = valid[s * datasetK + k];
      const i = (s * datasetK + k) * 3;
      const o = (s * F + k) * TRAJECTORY_WIDTH;
      out[o] = v ? future[i] : 0;
      out[o + 1] = v ? future[i + 1] : 0;
      out[o + 2] = v ? future[i + 2] : 0;
      out[o + 3] = v ? 1 : 0;
    }
  }
  return out;
}

/** Layout rows 0..rows-1 re-sliced to the model's M slots (the dataset writes M = 16 nearest first). */
export function layoutRows(layout: Float32Array, datasetM: number, rows: number, M: number): Float32Array {
  if (M > datasetM) throw new RangeError(`layoutRows: the model wants ${M} layout slots, the data has ${datasetM}`);
  const out = new Float32Array(rows * M * LAYOUT_WIDTH);
  for (let t = 0; t < rows; t++) out.set(layout.subarray(t * datasetM * LAYOUT_WIDTH, (t * datasetM + M) * LAYOUT_WIDTH), t * M * LAYOUT_WIDTH);
  return out;
}

/** The request for a rollout of `horizon` frames after the episode's first K frames. */
export function episodeRequest(e: EvalEpisode, shape: ModelShape, horizon: number, grounded: boolean): RolloutRequest {
  const K = shape.contextFrames;
  const frames = K + horizon;
  if (e.frames < frames) throw new RangeError(`episode ${e.ref.index}: a rollout of ${horizon} frames after ${K} needs ${frames} rendered frames, it has ${e.frames}`);
  const frameBytes = e.camera.widthPx * e.camera.heightPx * 3;
  return {
    context: e.rgb.subarray(0, K * frameBytes),
    trajectory: trajectoryRows(e.future, e.futureValid, e.futureSteps, frames - 1, shape.futureSteps),
    layout: grounded ? layoutRows(e.layout, e.layoutSlots, frames, shape.layoutSlots) : null,
  };
}
