/** Chart scales (pure, no DOM): the y range of a series, where strips go, the sample at a time. */

export function seriesRange(values: readonly (number | null)[], clipMax = Infinity): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    const c = Math.min(v, clipMax);
    lo = Math.min(lo, c);
    hi = Math.max(hi, c);
  }
  if (lo === Infinity) return { lo: 0, hi: 1 };
  if (hi - lo < 1e-9) return { lo: lo - 1, hi: hi + 1 };
  return { lo, hi };
}

/** Where things go on a w x h canvas (device px): the time axis and each strip's top and bottom. */
export function chartLayout(w: number, h: number, rows: number, t0: number, t1: number, dpr: number) {
  const left = rows > 1 ? 110 * dpr : 4 * dpr;
  const span = Math.max(t1 - t0, 1e-6);
  return {
    left,
    xOf: (t: number) => left + ((t - t0) / span) * (w - left - 4 * dpr),
    strip: (row: number) => ({ top: (row * h) / rows + 3 * dpr, bottom: ((row + 1) * h) / rows - 3 * dpr }),
  };
}

/** Index of the last sample at or before t (binary search over increasing times). */
export function sampleAt(timeS: readonly number[], t: number): number {
  let lo = 0;
  let hi = timeS.length - 1;
  if (hi < 0 || t <= timeS[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timeS[mid] <= t + 1e-9) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
