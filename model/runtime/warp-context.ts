/**
 * The rolling warp input of a pixel_warp dynamics (model/train/model.py, DynamicsConfig.pixel_warp):
 * for each context slot, the encoding of its frame reprojected by the ego's motion after it, minus
 * the frame's own encoding (the warp graph). Slots hold the real context frames first, then the
 * model's own predictions decoded directly (what the model predicted, not the anchored picture).
 *
 * A slot's delta depends on its frame and on the motion after it, which is the first step of that
 * slot's trajectory row (dx, dy, dyaw; zero where invalid). The row of a frame normally stays the
 * same as it moves back through the slots, so each delta is computed once, when its motion is first
 * seen; a caller that replans (a closed loop changing the step after a past frame) gets it again.
 */
import { TRAJECTORY_WIDTH } from './ego-trajectory-input';
import type { WorldModel } from './world-model';

export class WarpContext {
  readonly #model: WorldModel;
  readonly #frameValues: number;
  readonly #latentValues: number;
  /** (B,K,H,W,3) in [0,1]. */
  readonly #frames: Float32Array;
  /** (B,K,3) the motion each slot's delta was computed for; NaN: none yet. */
  readonly #motion: Float32Array;
  /** (B,K,C,h,w). */
  readonly #deltas: Float32Array;

  /** `frames` (B,K,H,W,3) in [0,1], the context's frames, oldest first (copied). */
  constructor(
    model: WorldModel,
    readonly batch: number,
    frames: Float32Array,
  ) {
    const { widthPx, heightPx } = model.info.frame;
    const { channels, heightCells, widthCells } = model.info.latent;
    const K = model.info.contextFrames;
    this.#model = model;
    this.#frameValues = widthPx * heightPx * 3;
    this.#latentValues = channels * heightCells * widthCells;
    if (frames.length !== batch * K * this.#frameValues) throw new RangeError(`WarpContext: frames must be (${batch}, ${K}, ${heightPx}, ${widthPx}, 3) = ${batch * K * this.#frameValues} values, got ${frames.length}`);
    this.#frames = Float32Array.from(frames);
    this.#motion = new Float32Array(batch * K * 3).fill(NaN);
    this.#deltas = new Float32Array(batch * K * this.#latentValues);
  }

  /** The (B,K,C,h,w) warp deltas for `trajectory` (B,K,F,4), computing those whose motion is new. */
  async deltas(trajectory: Float32Array): Promise<Float32Array> {
    const K = this.#model.info.contextFrames;
    const row = this.#model.info.futureSteps * TRAJECTORY_WIDTH;
    const stale: number[] = [];
    for (let slot = 0; slot < this.batch * K; slot++) {
      for (let c = 0; c < 3; c++) {
        if (this.#motion[slot * 3 + c] !== trajectory[slot * row + c]) {
          stale.push(slot);
          break;
        }
      }
    }
    if (stale.length === 0) return this.#deltas;
    const frames = new Float32Array(stale.length * this.#frameValues);
    const motion = new Float32Array(stale.length * 3);
    stale.forEach((slot, i) => {
      frames.set(this.#frames.subarray(slot * this.#frameValues, (slot + 1) * this.#frameValues), i * this.#frameValues);
      motion.set(trajectory.subarray(slot * row, slot * row + 3), i * 3);
    });
    const out = await this.#model.warpDelta(frames, motion, stale.length);
    stale.forEach((slot, i) => {
      this.#deltas.set(out.subarray(i * this.#latentValues, (i + 1) * this.#latentValues), slot * this.#latentValues);
      this.#motion.set(motion.subarray(i * 3, i * 3 + 3), slot * 3);
    });
    return this.#deltas;
  }

  /** Drops each rollout's oldest slot and appends its newly predicted frame (B,H,W,3), delta unknown. */
  push(frames: Float32Array): void {
    const K = this.#model.info.contextFrames;
    const unknownMotion = new Float32Array(3).fill(NaN);
    const noDelta = new Float32Array(this.#latentValues);
    for (let b = 0; b < this.batch; b++) {
      shiftIn(this.#frames, b, K, this.#frameValues, frames.subarray(b * this.#frameValues, (b + 1) * this.#frameValues));
      shiftIn(this.#motion, b, K, 3, unknownMotion);
      shiftIn(this.#deltas, b, K, this.#latentValues, noDelta);
    }
  }
}

/** In rollout b's K slots of `size` values each: drop the oldest, append `newest`. */
export function shiftIn(slots: Float32Array, b: number, K: number, size: number, newest: Float32Array): void {
  const base = b * K * size;
  slots.copyWithin(base, base + size, base + K * size);
  slots.set(newest, base + (K - 1) * size);
}
