/**
 * Rational B-splines (the Nurbs shape of an OpenSCENARIO trajectory), evaluated by de Boor's
 * algorithm in homogeneous coordinates. A control point's optional time is carried as a third
 * coordinate of the same spline, so a timed Nurbs gives a time at every sample.
 */

export interface NurbsControlPoint {
  readonly x: number;
  readonly y: number;
  /** Time of the control point, s; null when the file gives none. */
  readonly t: number | null;
  readonly weight: number;
}

export interface NurbsSample {
  readonly x: number;
  readonly y: number;
  /** Null unless every control point has a time. */
  readonly t: number | null;
}

/** Why `points`, `knots` and `order` do not make a NURBS, or null when they do. */
export function nurbsProblem(points: readonly NurbsControlPoint[], knots: readonly number[], order: number): string | null {
  if (!Number.isInteger(order) || order < 1) return `order must be a positive integer, got ${order}`;
  if (points.length < order) return `order ${order} needs at least ${order} control points, got ${points.length}`;
  if (knots.length !== points.length + order) return `${points.length} control points of order ${order} need ${points.length + order} knots, got ${knots.length}`;
  for (let i = 1; i < knots.length; i++) if (knots[i] < knots[i - 1]) return `knots must not decrease (knot ${i}: ${knots[i]} < ${knots[i - 1]})`;
  if (!(knots[points.length] > knots[order - 1])) return 'the knots span no parameter range';
  const bad = points.findIndex((p) => !(p.weight > 0));
  if (bad >= 0) return `weights must be positive (control point ${bad} has ${points[bad].weight})`;
  return null;
}

/** The curve at parameter `u` (clamped to the valid range). Assumes `nurbsProblem` returned null. */
export function evalNurbs(points: readonly NurbsControlPoint[], knots: readonly number[], order: number, u: number): NurbsSample {
  const p = order - 1; // degree
  const n = points.length;
  const uc = Math.min(knots[n], Math.max(knots[p], u));
  // The knot span k with knots[k] <= u < knots[k+1], p <= k <= n-1 (the last span includes its end).
  let k = p;
  while (k < n - 1 && uc >= knots[k + 1]) k++;
  const timed = points.every((c) => c.t !== null);
  // Homogeneous: (w x, w y, w t, w).
  const d = points.slice(k - p, k + 1).map((c) => [c.weight * c.x, c.weight * c.y, c.weight * (c.t ?? 0), c.weight]);
  for (let r = 1; r <= p; r++) {
    for (let j = p; j >= r; j--) {
      const i = j + k - p;
      const den = knots[i + p - r + 1] - knots[i];
      const a = den === 0 ? 0 : (uc - knots[i]) / den;
      d[j] = d[j].map((v, c) => (1 - a) * d[j - 1][c] + a * v);
    }
  }
  const [wx, wy, wt, w] = d[p];
  return { x: wx / w, y: wy / w, t: timed ? wt / w : null };
}

/**
 * Samples the whole curve, parameter-uniform, with at most `spacingM` between neighbours (the spacing
 * is refined until the longest chord is short enough, so strongly weighted curves are sampled densely).
 */
export function sampleNurbs(points: readonly NurbsControlPoint[], knots: readonly number[], order: number, spacingM: number): NurbsSample[] {
  const u0 = knots[order - 1];
  const u1 = knots[points.length];
  let polygon = 0;
  for (let i = 1; i < points.length; i++) polygon += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  let count = Math.max(2, Math.ceil(polygon / spacingM) + 1);
  for (;;) {
    const out: NurbsSample[] = [];
    for (let i = 0; i < count; i++) out.push(evalNurbs(points, knots, order, u0 + ((u1 - u0) * i) / (count - 1)));
    let longest = 0;
    for (let i = 1; i < out.length; i++) longest = Math.max(longest, Math.hypot(out[i].x - out[i - 1].x, out[i].y - out[i - 1].y));
    if (longest <= spacingM || count > 100_000) return out;
    count = Math.ceil(count * (longest / spacingM)) + 1;
  }
}
