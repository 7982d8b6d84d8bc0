/**
 * Pedestrians walk a polyline at a given speed: the state is the distance walked, s (m), and the
 * pose is the point at s facing along the current segment. Walking ends at the last point.
 * The path is struct-of-arrays (typed arrays in practice) so that a step allocates nothing but
 * its result.
 */
import type { Pose2 } from '../types';

export interface WalkPath {
  /** Point coordinates in the world frame, m; at least one point. */
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** Cumulative length along the path up to each point, m (0 at the first, non-decreasing). */
  readonly cumLengthM: ArrayLike<number>;
}

export interface WalkStep {
  /** Distance walked after the step, m, in [0, path length]. */
  readonly sM: number;
  /** Position at sM; yaw along the segment being walked (the last non-empty one at the end). */
  readonly pose: Pose2;
  /** True once the end of the path is reached. */
  readonly done: boolean;
}

/** Builds a path with cumulative lengths; throws on an empty list or a non-finite coordinate. */
export function makeWalkPath(points: readonly { readonly x: number; readonly y: number }[], where = 'path'): WalkPath {
  const n = points.length;
  if (n === 0) throw new Error(`${where}: needs at least one point`);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const cumLengthM = new Float64Array(n);
  points.forEach((p, i) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new Error(`${where}[${i}]: x and y must be finite numbers, got (${p.x}, ${p.y})`);
    }
    xs[i] = p.x;
    ys[i] = p.y;
    if (i > 0) cumLengthM[i] = cumLengthM[i - 1] + Math.hypot(p.x - xs[i - 1], p.y - ys[i - 1]);
  });
  return { xs, ys, cumLengthM };
}

/** Index i of the last point with cumLength_i <= sM, limited to the last segment's start; n >= 2. */
function segmentIndex(cum: ArrayLike<number>, sM: number): number {
  let lo = 0;
  let hi = cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid] <= sM) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Direction of the first non-empty segment at or after i, else the last non-empty one before, else 0. */
function segmentYaw(path: WalkPath, i: number): number {
  const { xs, ys, cumLengthM: cum } = path;
  const n = cum.length;
  for (let j = i; j < n - 1; j++) {
    if (cum[j + 1] > cum[j]) return Math.atan2(ys[j + 1] - ys[j], xs[j + 1] - xs[j]);
  }
  for (let j = Math.min(i, n - 1) - 1; j >= 0; j--) {
    if (cum[j + 1] > cum[j]) return Math.atan2(ys[j + 1] - ys[j], xs[j + 1] - xs[j]);
  }
  return 0;
}

/** Total length of the path, m. */
export function walkPathLengthM(path: WalkPath): number {
  return path.cumLengthM[path.cumLengthM.length - 1];
}

/** Pose at distance sM along the path (clamped to [0, length]). */
export function poseAlongPath(path: WalkPath, sM: number): Pose2 {
  const { xs, ys, cumLengthM: cum } = path;
  const n = cum.length;
  if (n === 1) return { x: xs[0], y: ys[0], yaw: 0 };
  if (sM >= cum[n - 1]) return { x: xs[n - 1], y: ys[n - 1], yaw: segmentYaw(path, n - 1) };
  const s = sM > 0 ? sM : 0;
  const i = segmentIndex(cum, s);
  const segM = cum[i + 1] - cum[i];
  const u = segM > 0 ? (s - cum[i]) / segM : 0;
  return { x: xs[i] + u * (xs[i + 1] - xs[i]), y: ys[i] + u * (ys[i + 1] - ys[i]), yaw: segmentYaw(path, i) };
}

/**
 * Walks `speedMps * dtS` further along `path` from `sM`. Negative speeds and steps are treated
 * as 0 (pedestrians do not walk paths backwards); the walk stops at the end of the path.
 */
export function walkAlong(path: WalkPath, sM: number, speedMps: number, dtS: number): WalkStep {
  if (path.cumLengthM.length === 0) throw new Error('walkAlong: path has no points');
  const lengthM = walkPathLengthM(path);
  const advanced = sM + Math.max(speedMps, 0) * Math.max(dtS, 0);
  const s1 = advanced >= lengthM ? lengthM : advanced > 0 ? advanced : 0;
  return { sM: s1, pose: poseAlongPath(path, s1), done: s1 >= lengthM };
}
