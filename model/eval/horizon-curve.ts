/**
 * A metric's mean at every horizon step h = 1..H over the judged rollouts (each rollout adds one
 * value per step), as rollout_eval.py reports PSNR: the mean of per-frame values, not the metric
 * of a mean error.
 */
export class HorizonCurve {
  readonly #sums: Float64Array;
  readonly #counts: Uint32Array;

  constructor(readonly horizon: number) {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`HorizonCurve: horizon must be an integer >= 1, got ${horizon}`);
    this.#sums = new Float64Array(horizon);
    this.#counts = new Uint32Array(horizon);
  }

  /** Adds one rollout's value at step h (1-based). */
  add(h: number, value: number): void {
    if (!Number.isInteger(h) || h < 1 || h > this.horizon) throw new RangeError(`HorizonCurve: step must be an integer in 1..${this.horizon}, got ${h}`);
    if (!Number.isFinite(value)) throw new RangeError(`HorizonCurve: value at step ${h} must be finite, got ${value} (cap PSNR with psnrForMeanDb)`);
    this.#sums[h - 1] += value;
    this.#counts[h - 1]++;
  }

  /** Mean per step, null where nothing was added. */
  means(): (number | null)[] {
    return Array.from(this.#sums, (s, i) => (this.#counts[i] > 0 ? s / this.#counts[i] : null));
  }

  /** Values added per step. */
  counts(): number[] {
    return Array.from(this.#counts);
  }
}
