/**
 * A per-pixel-row, per-horizon blend of two frame predictors, w A + (1 - w) B, with the weights
 * fitted by least squares against true frames (reprojection-blend.ts blends the model's frames with
 * the reprojected last frame). Steps past the fitted horizon use its last weights.
 */
import type { FramePredictor } from '../frame-predictor';

/** Per (horizon step, row) weight of A in w A + (1 - w) B, clamped to [0, 1]. */
export class RowBlendFit {
  readonly #num: Float64Array;
  readonly #den: Float64Array;
  constructor(
    readonly horizon: number,
    readonly widthPx: number,
    readonly heightPx: number,
  ) {
    this.#num = new Float64Array(horizon * heightPx);
    this.#den = new Float64Array(horizon * heightPx);
  }

  add(a: Uint8Array, b: Uint8Array, truth: (h: number) => Uint8Array): void {
    const n = this.widthPx * this.heightPx * 3;
    const rowBytes = this.widthPx * 3;
    for (let h = 0; h < this.horizon; h++) {
      const t = truth(h + 1);
      for (let i = 0; i < n; i++) {
        const d = a[h * n + i] - b[h * n + i];
        const k = h * this.heightPx + Math.floor(i / rowBytes);
        this.#num[k] += d * (t[i] - b[h * n + i]);
        this.#den[k] += d * d;
      }
    }
  }

  weights(): Float64Array {
    return this.#num.map((v, k) => (this.#den[k] > 0 ? Math.min(1, Math.max(0, v / this.#den[k])) : 0));
  }
}

export function blendPredictor(a: FramePredictor, b: FramePredictor, w: Float64Array, fittedHorizon: number): FramePredictor {
  const { widthPx, heightPx } = b;
  return {
    ...b,
    name: 'model + reprojection',
    async rollout(requests, horizon) {
      const [as, bs] = [await a.rollout(requests, horizon), await b.rollout(requests, horizon)];
      const n = widthPx * heightPx * 3;
      const rowBytes = widthPx * 3;
      return bs.map((frames, r) => {
        const out = new Uint8Array(frames.length);
        for (let i = 0; i < out.length; i++) {
          const h = Math.floor(i / n);
          const wk = w[Math.min(h, fittedHorizon - 1) * heightPx + Math.floor((i % n) / rowBytes)];
          out[i] = Math.round(wk * as[r][i] + (1 - wk) * frames[i]);
        }
        return out;
      });
    },
  };
}
