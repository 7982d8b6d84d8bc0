/**
 * Polylines with a smooth Frenet frame: the reference for lanes and paths.
 *
 * Positions are linear between vertices, but the heading is interpolated linearly in angle between
 * the vertex headings (the tangent of the curve the vertices were sampled from), so the pose along
 * a sampled curve turns continuously instead of stair-stepping at every vertex. On segment i with
 * t = (s - s_i) / L_i in [0, 1]:
 *
 *   p(t) = P_i + t (P_{i+1} - P_i),   yaw(t) = yaw_i + t * wrap(yaw_{i+1} - yaw_i),
 *   frenetToWorld(s, d) = p(t) + d * (-sin yaw(t), cos yaw(t)).
 *
 * `worldToFrenet` inverts exactly this map (root of (q - p(t)) . T(yaw(t)) = 0), so round trips
 * are exact to ~1e-10 m wherever the frame is one-to-one (|d * kappa| < 1, as for any Frenet frame).
 * Beyond the ends the frame continues straight along the end tangents (s < 0 or s > length).
 */
import type { Pose2 } from '../types';
import { wrapAngle } from './angle';
import type { Point2 } from './se2';

export { sampleLine, sampleArc, sampleClothoid, offsetCurve, type CurvePoint } from './sample-curves';

export interface Polyline {
  /** Vertex coordinates in the world frame, m. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Cumulative arc length (sum of chords) at each vertex, m; s[0] = 0. */
  readonly s: Float64Array;
  /** Tangent heading at each vertex, rad in (-pi, pi]. */
  readonly headings: Float64Array;
  /** Signed curvature at each vertex, 1/m, + = turning left. */
  readonly curvatures: Float64Array;
  readonly lengthM: number;
}

/** A vertex; `yaw` and `curvature` are used when every vertex has them (e.g. from sample-curves). */
export interface PolylineVertex {
  readonly x: number;
  readonly y: number;
  readonly yaw?: number;
  readonly curvature?: number;
}

/** Frenet coordinates of a point, plus the segment it projects onto (a hint for the next call). */
export interface FrenetPoint {
  readonly s: number;
  readonly d: number;
  readonly segment: number;
}

/** Shortest segment accepted, m: shorter ones have no meaningful direction in float64. */
const MIN_SEGMENT_M = 1e-9;
/** Newton stops once a step moves the foot point by less than this, m (well under the 1 mm goal). */
const NEWTON_TOLERANCE_M = 1e-10;
/** Interpolation probes in `segmentAt` before it falls back to bisection (worst case O(log n)). */
const INTERPOLATION_PROBES = 4;
/** Newton converges in 2-3 steps (the residual is nearly linear in t); bisection fallback needs ~40. */
const NEWTON_MAX_STEPS = 50;

/** Builds a polyline; throws when there are fewer than 2 vertices or a segment has zero length. */
export function makePolyline(points: readonly PolylineVertex[]): Polyline {
  const n = points.length;
  if (n < 2) throw new Error(`makePolyline: need at least 2 points (got ${n})`);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const s = new Float64Array(n);
  points.forEach((p, i) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new Error(`makePolyline: point ${i} is not finite (${p.x}, ${p.y})`);
    }
    xs[i] = p.x;
    ys[i] = p.y;
  });
  const segmentYaws = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    const lengthM = Math.hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]);
    if (!(lengthM >= MIN_SEGMENT_M)) {
      throw new Error(`makePolyline: segment ${i} (points ${i} and ${i + 1}) has zero length`);
    }
    s[i + 1] = s[i] + lengthM;
    segmentYaws[i] = Math.atan2(ys[i + 1] - ys[i], xs[i + 1] - xs[i]);
  }
  const headings = points.every((p) => Number.isFinite(p.yaw))
    ? givenHeadings(points, segmentYaws)
    : estimateHeadings(s, segmentYaws);
  const curvatures = points.every((p) => Number.isFinite(p.curvature))
    ? Float64Array.from(points, (p) => p.curvature as number)
    : estimateCurvatures(s, segmentYaws);
  return { xs, ys, s, headings, curvatures, lengthM: s[n - 1] };
}

function givenHeadings(points: readonly PolylineVertex[], segmentYaws: Float64Array): Float64Array {
  const headings = Float64Array.from(points, (p) => wrapAngle(p.yaw as number));
  headings.forEach((yaw, i) => {
    for (const seg of [i - 1, i]) {
      if (seg >= 0 && seg < segmentYaws.length && Math.abs(wrapAngle(yaw - segmentYaws[seg])) >= Math.PI / 2) {
        throw new Error(`makePolyline: yaw of point ${i} points against segment ${seg}`);
      }
    }
  });
  return headings;
}

/**
 * Vertex tangents from chord directions. A chord of a circle points along the tangent at its
 * midpoint, so weighting the neighbouring chords by the other's length is exact on circles even
 * with uneven spacing: yaw_i = a + (L_{i-1} / (L_{i-1} + L_i)) * wrap(b - a).
 */
function estimateHeadings(s: Float64Array, segmentYaws: Float64Array): Float64Array {
  const n = s.length;
  const headings = new Float64Array(n);
  if (n === 2) return headings.fill(segmentYaws[0]);
  for (let i = 1; i < n - 1; i++) {
    const before = s[i] - s[i - 1];
    const after = s[i + 1] - s[i];
    const turn = wrapAngle(segmentYaws[i] - segmentYaws[i - 1]);
    headings[i] = wrapAngle(segmentYaws[i - 1] + (before / (before + after)) * turn);
  }
  // Ends: mirror the inner vertex's deviation from the end chord (exact on circles).
  headings[0] = wrapAngle(2 * segmentYaws[0] - headings[1]);
  headings[n - 1] = wrapAngle(2 * segmentYaws[n - 2] - headings[n - 2]);
  return headings;
}

/** kappa_i = turn of the chords at vertex i / mean length of the two chords; ends copy neighbours. */
function estimateCurvatures(s: Float64Array, segmentYaws: Float64Array): Float64Array {
  const n = s.length;
  const curvatures = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    curvatures[i] = wrapAngle(segmentYaws[i] - segmentYaws[i - 1]) / (0.5 * (s[i + 1] - s[i - 1]));
  }
  if (n > 2) {
    curvatures[0] = curvatures[1];
    curvatures[n - 1] = curvatures[n - 2];
  }
  return curvatures;
}

/**
 * Index of the segment holding arc length s (the last one starting at or before s); s outside
 * [0, length] gives an end segment. Interpolation search: sampled curves have near-uniform
 * spacing, so the proportional guess lands within a segment or two and 2-3 probes suffice; after
 * a few probes it falls back to bisection, so the worst case stays O(log n).
 */
export function segmentAt(pl: Polyline, s: number): number {
  const last = pl.s.length - 2;
  if (!(s > 0)) return 0;
  if (s >= pl.lengthM) return last;
  // Invariant: pl.s[lo] <= s < pl.s[hi] (vertex indices).
  let lo = 0;
  let hi = last + 1;
  for (let probe = 0; hi - lo > 1; probe++) {
    const i =
      probe < INTERPOLATION_PROBES
        ? Math.min(hi - 1, Math.max(lo + 1, lo + Math.floor(((s - pl.s[lo]) / (pl.s[hi] - pl.s[lo])) * (hi - lo))))
        : (lo + hi) >> 1;
    if (pl.s[i] <= s) lo = i;
    else hi = i;
    if (probe === 0 && lo === i && pl.s[i + 1] > s) return i; // the usual case: the first guess
  }
  return lo;
}

/** Heading change across segment i, rad (the short way round). */
function segmentTurn(pl: Polyline, i: number): number {
  return wrapAngle(pl.headings[i + 1] - pl.headings[i]);
}

/** Pose at (s, d): position of frenetToWorld and the centreline heading at s. */
export function frenetPose(pl: Polyline, s: number, d: number): Pose2 {
  const last = pl.s.length - 1;
  let x: number;
  let y: number;
  let yaw: number;
  if (s <= 0 || s >= pl.lengthM) {
    const v = s <= 0 ? 0 : last; // straight continuation along the end tangent
    yaw = pl.headings[v];
    const along = s - pl.s[v];
    x = pl.xs[v] + along * Math.cos(yaw);
    y = pl.ys[v] + along * Math.sin(yaw);
  } else {
    const i = segmentAt(pl, s);
    const t = (s - pl.s[i]) / (pl.s[i + 1] - pl.s[i]);
    x = pl.xs[i] + t * (pl.xs[i + 1] - pl.xs[i]);
    y = pl.ys[i] + t * (pl.ys[i + 1] - pl.ys[i]);
    yaw = wrapAngle(pl.headings[i] + t * segmentTurn(pl, i));
  }
  return { x: x - d * Math.sin(yaw), y: y + d * Math.cos(yaw), yaw };
}

/** Pose on the centreline at s, clamped to [0, length]. */
export function poseAt(pl: Polyline, s: number): Pose2 {
  return frenetPose(pl, Math.min(Math.max(s, 0), pl.lengthM), 0);
}

/** World point at arc length s and lateral offset d (+ = left). */
export function frenetToWorld(pl: Polyline, s: number, d: number): Point2 {
  const pose = frenetPose(pl, s, d);
  return { x: pose.x, y: pose.y };
}

/** Curvature at s (clamped to [0, length]), linear between vertices, 1/m. */
export function curvatureAt(pl: Polyline, s: number): number {
  const clamped = Math.min(Math.max(s, 0), pl.lengthM);
  const i = segmentAt(pl, clamped);
  const t = (clamped - pl.s[i]) / (pl.s[i + 1] - pl.s[i]);
  return pl.curvatures[i] + t * (pl.curvatures[i + 1] - pl.curvatures[i]);
}

/** Offset of (x, y) along the tangent at vertex v: the residual F(s_v) = (q - P_v) . T(yaw_v). */
function tangentOffset(pl: Polyline, v: number, x: number, y: number): number {
  const yaw = pl.headings[v];
  return (x - pl.xs[v]) * Math.cos(yaw) + (y - pl.ys[v]) * Math.sin(yaw);
}

/**
 * Parameter t in [0, 1] of the foot point of (x, y) on segment i, given the residuals at its ends
 * (f(0) >= 0 >= f(1)): the root of f(t) = (q - p(t)) . T(t), with
 * f'(t) = -D . T + turn * (q - p(t)) . N. Newton from the secant guess, kept inside a shrinking
 * bracket (bisection when a step would leave it), so it always converges.
 */
function footParameter(pl: Polyline, i: number, x: number, y: number, f0: number, f1: number): number {
  const x0 = pl.xs[i];
  const y0 = pl.ys[i];
  const dx = pl.xs[i + 1] - x0;
  const dy = pl.ys[i + 1] - y0;
  const lengthM = pl.s[i + 1] - pl.s[i];
  const turn = segmentTurn(pl, i);
  let lo = 0;
  let hi = 1;
  let t = f0 === f1 ? 0 : f0 / (f0 - f1);
  for (let step = 0; step < NEWTON_MAX_STEPS; step++) {
    const yaw = pl.headings[i] + t * turn;
    const cos = Math.cos(yaw);
    const sin = Math.sin(yaw);
    const rx = x - x0 - t * dx;
    const ry = y - y0 - t * dy;
    const f = rx * cos + ry * sin;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    const slope = -(dx * cos + dy * sin) + turn * (-rx * sin + ry * cos);
    let next = slope < 0 ? t - f / slope : NaN;
    if (!(next >= lo && next <= hi)) next = 0.5 * (lo + hi);
    const movedM = Math.abs(next - t) * lengthM;
    t = next;
    if (movedM < NEWTON_TOLERANCE_M) break;
  }
  return t;
}

/** Frenet coordinates of (x, y) from the foot point at vertex v's tangent line (ends, vertices). */
function fromVertex(pl: Polyline, v: number, x: number, y: number, segment: number, along: boolean): FrenetPoint {
  const yaw = pl.headings[v];
  const rx = x - pl.xs[v];
  const ry = y - pl.ys[v];
  const s = pl.s[v] + (along ? rx * Math.cos(yaw) + ry * Math.sin(yaw) : 0);
  return { s, d: -rx * Math.sin(yaw) + ry * Math.cos(yaw), segment };
}

/** Segment whose chord is closest to (x, y) (first one on ties). O(n). */
function nearestSegment(pl: Polyline, x: number, y: number): number {
  let best = 0;
  let bestSq = Infinity;
  for (let i = 0; i < pl.s.length - 1; i++) {
    const dx = pl.xs[i + 1] - pl.xs[i];
    const dy = pl.ys[i + 1] - pl.ys[i];
    const t = Math.min(1, Math.max(0, ((x - pl.xs[i]) * dx + (y - pl.ys[i]) * dy) / (dx * dx + dy * dy)));
    const ex = x - pl.xs[i] - t * dx;
    const ey = y - pl.ys[i] - t * dy;
    const distSq = ex * ex + ey * ey;
    if (distSq < bestSq) {
      bestSq = distSq;
      best = i;
    }
  }
  return best;
}

/**
 * Frenet coordinates (s, d) of a world point. With `hintSegment` (e.g. the previous call's
 * `segment`) the search walks from there, jumping by the estimated s and bracketing the segments
 * already ruled out: amortised O(1) for agents moving along the lane, and it finds the local
 * projection nearest the hint. Without a hint it starts from the segment with the closest chord
 * (O(n)). Points before the start or past the end get s < 0 or s > length.
 */
export function worldToFrenet(pl: Polyline, x: number, y: number, hintSegment?: number): FrenetPoint {
  const lastSegment = pl.s.length - 2;
  let i =
    hintSegment === undefined || !Number.isFinite(hintSegment)
      ? nearestSegment(pl, x, y)
      : Math.min(Math.max(Math.trunc(hintSegment), 0), lastSegment);
  let lo = 0;
  let hi = lastSegment;
  for (;;) {
    const f0 = tangentOffset(pl, i, x, y);
    const f1 = tangentOffset(pl, i + 1, x, y);
    let sEstimate: number;
    if (f0 < 0) {
      if (i === 0) return fromVertex(pl, 0, x, y, 0, true);
      hi = i - 1;
      sEstimate = pl.s[i] + f0;
    } else if (f1 > 0) {
      if (i === lastSegment) return fromVertex(pl, lastSegment + 1, x, y, lastSegment, true);
      lo = i + 1;
      sEstimate = pl.s[i + 1] + f1;
    } else {
      const t = footParameter(pl, i, x, y, f0, f1);
      const yaw = pl.headings[i] + t * segmentTurn(pl, i);
      const rx = x - pl.xs[i] - t * (pl.xs[i + 1] - pl.xs[i]);
      const ry = y - pl.ys[i] - t * (pl.ys[i + 1] - pl.ys[i]);
      return { s: pl.s[i] + t * (pl.s[i + 1] - pl.s[i]), d: -rx * Math.sin(yaw) + ry * Math.cos(yaw), segment: i };
    }
    // Only where the residual is not monotone (far from the curve, beyond a centre of curvature)
    // can the bracket close on a vertex: take that vertex's normal line.
    if (lo > hi) return fromVertex(pl, lo, x, y, Math.min(lo, lastSegment), false);
    i = Math.min(Math.max(segmentAt(pl, sEstimate), lo), hi);
  }
}
