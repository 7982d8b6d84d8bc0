/**
 * Fits anchored decoding's gains (model/runtime/anchor-gains.ts): for every horizon step h, the
 * g_h that minimises the mean square error of last + g_h * (pred_h - last) against the true frame,
 * over rollouts made with gain 1:
 *
 *   g_h = sum <pred_h - last, true_h - last> / sum |pred_h - last|^2
 *
 * (per pixel and channel, summed over rollouts), clamped to [0, MAX_ANCHOR_GAIN]. A step where the
 * model predicted no change anywhere keeps gain 1 (any gain gives the same frame).
 */
import { MAX_ANCHOR_GAIN } from '../runtime/anchor-gains';

export class AnchorGainFit {
  readonly #dot: Float64Array;
  readonly #norm: Float64Array;
  #rollouts = 0;

  constructor(
    readonly horizon: number,
    readonly frameBytes: number,
  ) {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`AnchorGainFit: horizon must be an integer >= 1, got ${horizon}`);
    this.#dot = new Float64Array(horizon);
    this.#norm = new Float64Array(horizon);
  }

  /** One rollout: `predicted` and `truth` hold frames 1..horizon, `last` the last real frame. */
  add(predicted: Uint8Array, truth: Uint8Array, last: Uint8Array): void {
    const n = this.frameBytes;
    const size = this.horizon * n;
    if (predicted.length !== size || truth.length !== size || last.length !== n) {
      throw new RangeError(`AnchorGainFit.add: ${this.horizon} frames of ${n} bytes and one last frame expected, got ${predicted.length}, ${truth.length} and ${last.length} bytes`);
    }
    for (let h = 0; h < this.horizon; h++) {
      let dot = 0;
      let norm = 0;
      for (let i = 0, o = h * n; i < n; i++, o++) {
        const dp = predicted[o] - last[i];
        dot += dp * (truth[o] - last[i]);
        norm += dp * dp;
      }
      this.#dot[h] += dot;
      this.#norm[h] += norm;
    }
    this.#rollouts++;
  }

  get rollouts(): number {
    return this.#rollouts;
  }

  gains(): number[] {
    return Array.from(this.#dot, (dot, h) => (this.#norm[h] > 0 ? Math.min(MAX_ANCHOR_GAIN, Math.max(0, dot / this.#norm[h])) : 1));
  }
}
