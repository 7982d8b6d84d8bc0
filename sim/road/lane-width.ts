/**
 * Lane width along the lane. Most lanes have one width (`widthM`); a lane whose width varies (an
 * OpenDRIVE lane with a width polynomial, e.g. a tapering acceleration lane) carries a profile of
 * sampled (s, width) pairs, linear in between and held constant beyond the first and last sample.
 */
import type { Lane, WidthProfile } from './types';

/** Lane width at lane s (arc length along the centreline), m. */
export function laneWidthAt(lane: Lane, s: number): number {
  const profile = lane.widthProfile;
  if (profile === undefined) return lane.widthM;
  const { s: ss, widthM } = profile;
  const n = ss.length;
  if (s <= ss[0]) return widthM[0];
  if (s >= ss[n - 1]) return widthM[n - 1];
  // Binary search for the last sample at or before s: profiles hold a sample per centreline vertex.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ss[mid] <= s) lo = mid;
    else hi = mid;
  }
  const t = (s - ss[lo]) / (ss[hi] - ss[lo]);
  return widthM[lo] + t * (widthM[hi] - widthM[lo]);
}

/** Widest the lane gets anywhere along it, m (for bounds and search reach). */
export function maxLaneWidthM(lane: Lane): number {
  const profile = lane.widthProfile;
  if (profile === undefined) return lane.widthM;
  let max = lane.widthM;
  for (const w of profile.widthM) max = Math.max(max, w);
  return max;
}

/**
 * A profile from widths sampled at increasing lane s; throws when the arrays differ in length,
 * hold fewer than 2 samples, s does not increase strictly, or a width is negative or not finite.
 */
export function makeWidthProfile(s: readonly number[] | Float64Array, widthM: readonly number[] | Float64Array): WidthProfile {
  if (s.length !== widthM.length) throw new Error(`makeWidthProfile: ${s.length} stations but ${widthM.length} widths`);
  if (s.length < 2) throw new Error(`makeWidthProfile: need at least 2 samples (got ${s.length})`);
  for (let i = 0; i < s.length; i++) {
    if (!(Number.isFinite(widthM[i]) && widthM[i] >= 0)) throw new Error(`makeWidthProfile: width ${i} is ${widthM[i]} (need a finite value >= 0)`);
    if (i > 0 && !(s[i] > s[i - 1])) throw new Error(`makeWidthProfile: s does not increase at sample ${i} (${s[i - 1]} then ${s[i]})`);
  }
  return { s: Float64Array.from(s), widthM: Float64Array.from(widthM) };
}
