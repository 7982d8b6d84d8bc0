/**
 * Fits anchored decoding's gains (model/runtime/anchor-gains.ts): for every horizon step h, the
 * (a_h, b_h) that minimise the mean square error of
 *
 *   last + a * (decoded_h - last) + b * (last - decodedLast)
 *
 * against the true frame, over rollouts decoded directly (decoded_h = decode(z_h); decodedLast =
 * decode(encode(last))): ordinary least squares in the two regressors x1 = decoded_h - last and
 * x2 = last - decodedLast for the target y = true_h - last, pooled over every pixel, channel and
 * rollout. Each gain is then clamped to [0, MAX_ANCHOR_GAIN]. Where the regressors are collinear
 * (no residual at all, or no predicted change) the step falls back to plain anchored decoding's
 * b = 1 and the one-regressor fit of a (a = 1 when nothing was predicted to change).
 */
import { MAX_ANCHOR_GAIN, type GainSeries } from '../runtime/anchor-gains';

const clamp = (g: number) => Math.min(MAX_ANCHOR_GAIN, Math.max(0, g));

export class AnchorGainFit {
  /** Per step: sums of x1 x1, x1 x2, x2 x2, x1 y, x2 y. */
  readonly #sums: Float64Array;
  #rollouts = 0;

  constructor(
    readonly horizon: number,
    readonly frameBytes: number,
  ) {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`AnchorGainFit: horizon must be an integer >= 1, got ${horizon}`);
    this.#sums = new Float64Array(horizon * 5);
  }

  /**
   * One rollout: `decoded` and `truth` hold frames 1..horizon, `last` the last real frame and
   * `decodedLast` its tokenizer reconstruction (all 8-bit RGB).
   */
  add(decoded: Uint8Array, truth: Uint8Array, last: Uint8Array, decodedLast: Uint8Array): void {
    const n = this.frameBytes;
    const size = this.horizon * n;
    if (decoded.length !== size || truth.length !== size || last.length !== n || decodedLast.length !== n) {
      throw new RangeError(`AnchorGainFit.add: ${this.horizon} frames of ${n} bytes (decoded, truth) and one each (last, decodedLast) expected, got ${decoded.length}, ${truth.length}, ${last.length} and ${decodedLast.length} bytes`);
    }
    for (let h = 0; h < this.horizon; h++) {
      let s11 = 0;
      let s12 = 0;
      let s22 = 0;
      let s1y = 0;
      let s2y = 0;
      for (let i = 0, o = h * n; i < n; i++, o++) {
        const x1 = decoded[o] - last[i];
        const x2 = last[i] - decodedLast[i];
        const y = truth[o] - last[i];
        s11 += x1 * x1;
        s12 += x1 * x2;
        s22 += x2 * x2;
        s1y += x1 * y;
        s2y += x2 * y;
      }
      const k = h * 5;
      this.#sums[k] += s11;
      this.#sums[k + 1] += s12;
      this.#sums[k + 2] += s22;
      this.#sums[k + 3] += s1y;
      this.#sums[k + 4] += s2y;
    }
    this.#rollouts++;
  }

  get rollouts(): number {
    return this.#rollouts;
  }

  gains(): GainSeries {
    const change: number[] = [];
    const residual: number[] = [];
    for (let h = 0; h < this.horizon; h++) {
      const [s11, s12, s22, s1y, s2y] = this.#sums.subarray(h * 5, h * 5 + 5);
      const det = s11 * s22 - s12 * s12;
      if (det > 1e-9 * s11 * s22) {
        change.push(clamp((s1y * s22 - s2y * s12) / det));
        residual.push(clamp((s2y * s11 - s1y * s12) / det));
      } else {
        // b = 1: y - x2 = a x1
        change.push(s11 > 0 ? clamp((s1y - s12) / s11) : 1);
        residual.push(1);
      }
    }
    return { change, residual };
  }
}
