/**
 * Resolves a supersampled raster into the output frame: a box filter over each ss x ss block for
 * RGB (the anti-aliasing). The class map takes the block's most frequent class (ties to the
 * nearest sample) and the depth map that sample's depth, so class and depth always describe the
 * same surface and never blend two objects into a value neither has.
 */
import type { RasterTarget } from './raster';

/** Largest number of semantic ids the vote counts (ids are < 16). */
const MAX_CLASS_IDS = 16;
const votes = new Int32Array(MAX_CLASS_IDS);

/**
 * 2 x 2 box filter, unrolled (the default and the hot path). Channels are summed two at a time
 * in one integer ("SIMD within a register"): red and blue sit 16 bits apart in 0x00BBGGRR and
 * four samples sum to at most 1020, so they never collide; + 2 rounds the division by 4.
 */
function downsample2(t: RasterTarget, out: Uint8Array): void {
  const wIn = t.widthPx;
  const wOut = wIn >> 1;
  const hOut = t.heightPx >> 1;
  const colour = t.colour;
  let o = 0;
  for (let oy = 0; oy < hOut; oy++) {
    let i = 2 * oy * wIn;
    for (let ox = 0; ox < wOut; ox++, i += 2, o += 3) {
      const c0 = colour[i];
      const c1 = colour[i + 1];
      const c2 = colour[i + wIn];
      const c3 = colour[i + wIn + 1];
      const rb = (c0 & 0xff00ff) + (c1 & 0xff00ff) + (c2 & 0xff00ff) + (c3 & 0xff00ff) + 0x20002;
      const g = (c0 & 0xff00) + (c1 & 0xff00) + (c2 & 0xff00) + (c3 & 0xff00) + 0x200;
      out[o] = (rb >>> 2) & 0xff;
      out[o + 1] = g >>> 10;
      out[o + 2] = rb >>> 18;
    }
  }
}

/** Any ss: the same sums in plain numbers (a 16 x 16 block sums to at most 65280 per channel). */
function downsample(t: RasterTarget, ss: number, out: Uint8Array): void {
  const wIn = t.widthPx;
  const wOut = wIn / ss;
  const hOut = t.heightPx / ss;
  const n = ss * ss;
  const half = n >> 1;
  const colour = t.colour;
  for (let oy = 0; oy < hOut; oy++) {
    for (let ox = 0; ox < wOut; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        const row = (oy * ss + sy) * wIn + ox * ss;
        for (let sx = 0; sx < ss; sx++) {
          const c = colour[row + sx];
          r += c & 0xff;
          g += (c >>> 8) & 0xff;
          b += c >>> 16;
        }
      }
      const o = 3 * (oy * wOut + ox);
      out[o] = Math.floor((r + half) / n);
      out[o + 1] = Math.floor((g + half) / n);
      out[o + 2] = Math.floor((b + half) / n);
    }
  }
}

/** RGB output: each ss x ss block's mean colour, rounded half up. */
export function resolveRgb(t: RasterTarget, ss: number, out: Uint8Array): void {
  if (ss === 2) downsample2(t, out);
  else if (ss === 1) unpack(t, out);
  else downsample(t, ss, out);
}

/** No supersampling: unpack 0x00BBGGRR into RGB bytes. */
function unpack(t: RasterTarget, out: Uint8Array): void {
  const colour = t.colour;
  for (let i = 0, o = 0; i < colour.length; i++, o += 3) {
    const c = colour[i];
    out[o] = c & 0xff;
    out[o + 1] = (c >>> 8) & 0xff;
    out[o + 2] = c >>> 16;
  }
}

/** The better of two samples for the class vote: more votes, then nearer (larger q). */
function better(votesA: number, qA: number, votesB: number, qB: number): boolean {
  return votesA > votesB || (votesA === votesB && qA > qB);
}

/** The class/depth vote for 2 x 2 blocks, unrolled: each sample's votes are its matches among the four. */
function classesAndDepth2(t: RasterTarget, rowDepthM: Float64Array, classesOut: Uint8Array | null, depthOut: Float32Array | null): void {
  const wIn = t.widthPx;
  const wOut = wIn >> 1;
  const hOut = t.heightPx >> 1;
  const { classes, inverseDepth } = t;
  let o = 0;
  for (let oy = 0; oy < hOut; oy++) {
    let i = 2 * oy * wIn;
    for (let ox = 0; ox < wOut; ox++, i += 2, o++) {
      const k0 = i;
      const k1 = i + 1;
      const k2 = i + wIn;
      const k3 = i + wIn + 1;
      const c0 = classes[k0];
      const c1 = classes[k1];
      const c2 = classes[k2];
      const c3 = classes[k3];
      const v0 = 1 + +(c1 === c0) + +(c2 === c0) + +(c3 === c0);
      const v1 = 1 + +(c0 === c1) + +(c2 === c1) + +(c3 === c1);
      const v2 = 1 + +(c0 === c2) + +(c1 === c2) + +(c3 === c2);
      const v3 = 1 + +(c0 === c3) + +(c1 === c3) + +(c2 === c3);
      let best = k0;
      let bestVotes = v0;
      let bestQ = inverseDepth[k0];
      if (better(v1, inverseDepth[k1], bestVotes, bestQ)) {
        best = k1;
        bestVotes = v1;
        bestQ = inverseDepth[k1];
      }
      if (better(v2, inverseDepth[k2], bestVotes, bestQ)) {
        best = k2;
        bestVotes = v2;
        bestQ = inverseDepth[k2];
      }
      if (better(v3, inverseDepth[k3], bestVotes, bestQ)) {
        best = k3;
        bestQ = inverseDepth[k3];
      }
      if (classesOut) classesOut[o] = classes[best];
      if (depthOut) depthOut[o] = bestQ > 0 ? 1 / bestQ : rowDepthM[best === k0 || best === k1 ? 2 * oy : 2 * oy + 1];
    }
  }
}

/**
 * Class map and/or depth map. `rowDepthM` gives, per supersampled row, the depth where no
 * triangle was drawn (the ground's, or Infinity for sky).
 */
export function resolveClassesAndDepth(t: RasterTarget, ss: number, rowDepthM: Float64Array, classesOut: Uint8Array | null, depthOut: Float32Array | null): void {
  if (ss === 2) {
    classesAndDepth2(t, rowDepthM, classesOut, depthOut);
    return;
  }
  const wIn = t.widthPx;
  const wOut = wIn / ss;
  const hOut = t.heightPx / ss;
  const { classes, inverseDepth } = t;
  for (let oy = 0; oy < hOut; oy++) {
    for (let ox = 0; ox < wOut; ox++) {
      const first = oy * ss * wIn + ox * ss;
      for (let sy = 0; sy < ss; sy++) {
        const row = first + sy * wIn;
        for (let sx = 0; sx < ss; sx++) votes[classes[row + sx]]++;
      }
      let best = first;
      let bestVotes = 0;
      let bestQ = -1;
      for (let sy = 0; sy < ss; sy++) {
        const row = first + sy * wIn;
        for (let sx = 0; sx < ss; sx++) {
          const i = row + sx;
          const v = votes[classes[i]];
          const q = inverseDepth[i];
          if (v > bestVotes || (v === bestVotes && q > bestQ)) {
            best = i;
            bestVotes = v;
            bestQ = q;
          }
        }
      }
      // Reset only the counters this block touched.
      for (let sy = 0; sy < ss; sy++) {
        const row = first + sy * wIn;
        for (let sx = 0; sx < ss; sx++) votes[classes[row + sx]] = 0;
      }
      const o = oy * wOut + ox;
      if (classesOut) classesOut[o] = classes[best];
      if (depthOut) depthOut[o] = bestQ > 0 ? 1 / bestQ : rowDepthM[(best - (best % wIn)) / wIn];
    }
  }
}
