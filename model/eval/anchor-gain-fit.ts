/**
 * Fits anchored decoding's gains (model/runtime/anchor-gains.ts): for every horizon step h, the
 * (a_h, b_h) that minimise the mean square error of
 *
 *   last + a * (decoded_h - last) + b * (last - decodedLast)
 *
 * against the true frame, over rollouts decoded directly (decoded_h = decode(z_h); decodedLast =
 * decode(encode(last))): ordinary least squares in the two regressors x1 = decoded_h - last and
 * x2 = last - decodedLast for the target y = true_h - last, pooled over every pixel, channel and
 * rollout. With `panned` (the fit of pan gains), also (c_h, d_h) of two more regressors, the last
 * frame and its residual reprojected by the motion commanded since it: x3 = W_h(last) - last and
 * x4 = (W_h(last) - W_h(decodedLast)) - (last - decodedLast). Each gain is then clamped to
 * [0, MAX_ANCHOR_GAIN]. Where the regressors are collinear (no residual at all, or no predicted
 * change) the step falls back to plain anchored decoding's b = 1 and the one-regressor fit of a
 * (a = 1 when nothing was predicted to change), and to c = d = 0.
 */
import { MAX_ANCHOR_GAIN, type GainSeries } from '../runtime/anchor-gains';

const clamp = (g: number) => Math.min(MAX_ANCHOR_GAIN, Math.max(0, g));

/** The last frame and its tokenizer reconstruction reprojected per horizon step, (horizon, H, W, 3) 8-bit each. */
export interface PannedAnchors {
  readonly last: Uint8Array;
  readonly decodedLast: Uint8Array;
}

/** x of A x = y for a small symmetric positive definite A (row-major), or null when (nearly) singular. */
function solveNormal(a: Float64Array, y: Float64Array): number[] | null {
  const r = y.length;
  const m = Array.from({ length: r }, (_, i) => [...a.subarray(i * r, (i + 1) * r), y[i]]);
  for (let c = 0; c < r; c++) {
    let p = c;
    for (let i = c + 1; i < r; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
    [m[c], m[p]] = [m[p], m[c]];
    if (!(Math.abs(m[c][c]) > 1e-9 * Math.max(1e-300, ...Array.from({ length: r }, (_, i) => a[i * r + i])))) return null;
    for (let i = 0; i < r; i++) {
      if (i === c) continue;
      const f = m[i][c] / m[c][c];
      for (let k = c; k <= r; k++) m[i][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[r] / row[i]);
}

export class AnchorGainFit {
  /** Regressors per step: 2, or 4 with pan gains. */
  readonly #terms: number;
  /** Per step: the normal equations' X'X (terms^2) then X'y (terms). */
  readonly #sums: Float64Array;
  #rollouts = 0;

  constructor(
    readonly horizon: number,
    readonly frameBytes: number,
    readonly panned = false,
  ) {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`AnchorGainFit: horizon must be an integer >= 1, got ${horizon}`);
    this.#terms = panned ? 4 : 2;
    this.#sums = new Float64Array(horizon * (this.#terms * this.#terms + this.#terms));
  }

  /**
   * One rollout: `decoded` and `truth` hold frames 1..horizon, `last` the last real frame and
   * `decodedLast` its tokenizer reconstruction (all 8-bit RGB); `pans` their reprojections per
   * step, required by a panned fit and refused by a plain one.
   */
  add(decoded: Uint8Array, truth: Uint8Array, last: Uint8Array, decodedLast: Uint8Array, pans?: PannedAnchors): void {
    const n = this.frameBytes;
    const size = this.horizon * n;
    if (decoded.length !== size || truth.length !== size || last.length !== n || decodedLast.length !== n) {
      throw new RangeError(`AnchorGainFit.add: ${this.horizon} frames of ${n} bytes (decoded, truth) and one each (last, decodedLast) expected, got ${decoded.length}, ${truth.length}, ${last.length} and ${decodedLast.length} bytes`);
    }
    if ((pans !== undefined) !== this.panned) throw new RangeError(`AnchorGainFit.add: a ${this.panned ? 'panned fit needs' : 'plain fit takes no'} reprojected anchors`);
    if (pans !== undefined && (pans.last.length !== size || pans.decodedLast.length !== size)) {
      throw new RangeError(`AnchorGainFit.add: ${this.horizon} reprojected frames of ${n} bytes each expected (last, decodedLast), got ${pans.last.length} and ${pans.decodedLast.length} bytes`);
    }
    const R = this.#terms;
    const x = new Float64Array(R);
    const xx = new Float64Array(R * R);
    const xy = new Float64Array(R);
    for (let h = 0; h < this.horizon; h++) {
      xx.fill(0);
      xy.fill(0);
      for (let i = 0, o = h * n; i < n; i++, o++) {
        const residual = last[i] - decodedLast[i];
        x[0] = decoded[o] - last[i];
        x[1] = residual;
        if (pans !== undefined) {
          x[2] = pans.last[o] - last[i];
          x[3] = pans.last[o] - pans.decodedLast[o] - residual;
        }
        const y = truth[o] - last[i];
        for (let a = 0; a < R; a++) {
          xy[a] += x[a] * y;
          for (let b = a; b < R; b++) xx[a * R + b] += x[a] * x[b];
        }
      }
      const k = h * (R * R + R);
      for (let a = 0; a < R; a++) {
        for (let b = a; b < R; b++) {
          this.#sums[k + a * R + b] += xx[a * R + b];
          if (b !== a) this.#sums[k + b * R + a] += xx[a * R + b];
        }
        this.#sums[k + R * R + a] += xy[a];
      }
    }
    this.#rollouts++;
  }

  get rollouts(): number {
    return this.#rollouts;
  }

  gains(): GainSeries {
    const R = this.#terms;
    const change: number[] = [];
    const residual: number[] = [];
    const pan: number[] = [];
    const panResidual: number[] = [];
    for (let h = 0; h < this.horizon; h++) {
      const k = h * (R * R + R);
      const xx = this.#sums.subarray(k, k + R * R);
      const xy = this.#sums.subarray(k + R * R, k + R * R + R);
      const plain = (): number[] => {
        const [s11, s12, s22] = [xx[0], xx[1], xx[R + 1]];
        const [s1y, s2y] = [xy[0], xy[1]];
        const det = s11 * s22 - s12 * s12;
        if (det > 1e-9 * s11 * s22) return [(s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det, 0, 0];
        // b = 1: y - x2 = a x1
        return [s11 > 0 ? (s1y - s12) / s11 : 1, 1, 0, 0];
      };
      const g = (R === 4 ? solveNormal(xx, xy) : null) ?? plain();
      change.push(clamp(g[0]));
      residual.push(clamp(g[1]));
      pan.push(clamp(g[2]));
      panResidual.push(clamp(g[3]));
    }
    return this.panned ? { change, residual, pan, panResidual } : { change, residual };
  }
}
