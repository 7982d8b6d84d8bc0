/**
 * The world model (model/runtime) as a FramePredictor: requests are run in batches of up to
 * `maxBatch` rollouts through the runtime's ModelRollout (rolling latent context, predicted latents
 * fed back as they are, as model/train/rollout_eval.py), grounded and ungrounded requests in
 * separate batches (they run different graphs).
 *
 * Step h of a rollout reads the trajectory rows of frames h-1 .. h+K-2 (its context slots) and,
 * grounded, the layout rows one frame later (frame-predictor.ts).
 */
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { TRAJECTORY_WIDTH } from '../runtime/ego-trajectory-input';
import { ModelRollout, type RolloutOptions } from '../runtime/model-rollout';
import type { WorldModel } from '../runtime/world-model';
import { checkRequest, type FramePredictor, type RolloutRequest } from './frame-predictor';

/** Batch of the evaluation's rollouts: 8, one of the two batch sizes whose throughput is reported. */
export const DEFAULT_MAX_BATCH = 8;

/**
 * `options` as ModelRollout.fromFrames takes them: anchored decoding (prediction added to the last
 * real frame) unless `anchored` is false, with the card's gains per horizon step and the card's
 * guidance unless they say otherwise (null: plain anchored decoding; no guidance).
 */
export function worldModelPredictor(model: WorldModel, maxBatch = DEFAULT_MAX_BATCH, options: RolloutOptions = {}): FramePredictor {
  const anchored = options.anchored !== false;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`worldModelPredictor: maxBatch must be an integer >= 1, got ${maxBatch}`);
  const { contextFrames: K, futureSteps: F, layoutSlots: M } = model.info;
  const { widthPx, heightPx } = model.info.frame;
  const frameBytes = widthPx * heightPx * 3;
  const trajRow = F * TRAJECTORY_WIDTH;
  const layRow = M * LAYOUT_WIDTH;

  async function runBatch(batch: readonly RolloutRequest[], horizon: number): Promise<Uint8Array[]> {
    const B = batch.length;
    const grounded = batch[0].layout !== null;
    const context = new Uint8Array(B * K * frameBytes);
    batch.forEach((r, b) => context.set(r.context, b * K * frameBytes));
    const rollout = await ModelRollout.fromFrames(model, B, context, options);
    const outputs = batch.map(() => new Uint8Array(horizon * frameBytes));
    const trajectory = new Float32Array(B * K * trajRow);
    const layout = grounded ? new Float32Array(B * K * layRow) : null;
    for (let h = 1; h <= horizon; h++) {
      batch.forEach((r, b) => {
        // Slots hold frames h-1 .. h+K-2: K consecutive rows of each array.
        trajectory.set(r.trajectory.subarray((h - 1) * trajRow, (h - 1 + K) * trajRow), b * K * trajRow);
        if (layout !== null) layout.set(r.layout!.subarray(h * layRow, (h + K) * layRow), b * K * layRow);
      });
      const { rgb } = await rollout.step(trajectory, layout);
      for (let b = 0; b < B; b++) outputs[b].set(rgb.subarray(b * frameBytes, (b + 1) * frameBytes), (h - 1) * frameBytes);
    }
    return outputs;
  }

  const p: FramePredictor = {
    name: anchored ? 'world-model' : 'world-model (direct decoding)',
    contextFrames: K,
    futureSteps: F,
    layoutSlots: M,
    widthPx,
    heightPx,
    async rollout(requests, horizon) {
      for (const r of requests) checkRequest(p, r, horizon);
      const out: Uint8Array[] = new Array(requests.length);
      for (const grounded of [false, true]) {
        const indices = requests.map((r, i) => ((r.layout !== null) === grounded ? i : -1)).filter((i) => i >= 0);
        for (let start = 0; start < indices.length; start += maxBatch) {
          const chunk = indices.slice(start, start + maxBatch);
          const frames = await runBatch(chunk.map((i) => requests[i]), horizon);
          chunk.forEach((i, k) => (out[i] = frames[k]));
        }
      }
      return out;
    },
  };
  return p;
}
