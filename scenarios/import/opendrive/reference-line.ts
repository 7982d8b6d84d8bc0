/**
 * The road reference line (OpenDRIVE planView): pose and curvature at arc length s.
 *
 * Each <geometry> starts at (x, y, hdg) at road s and runs `length` m:
 * - line: straight; arc: constant curvature k (chord formula, exact as k -> 0);
 * - spiral (Euler clothoid): k(ds) = k0 + (k1 - k0) ds / L, so yaw(ds) = hdg + k0 ds +
 *   (k1 - k0) ds^2 / (2 L) and p(ds) = p0 + int_0^ds (cos yaw, sin yaw). The Fresnel-type integral
 *   has no elementary form; we use 5-point Gauss-Legendre on panels short enough that the yaw
 *   turns < 0.25 rad per panel (error ~1e-12 m per panel, far under the 1 cm goal);
 * - poly3 (deprecated): v(u) = a + b u + c u^2 + d u^3 in the start frame; s is arc length along
 *   the curve, so u(ds) solves int_0^u sqrt(1 + v'^2) = ds (Newton on Gauss-Legendre arc length);
 * - paramPoly3: (U(p), V(p)) cubics in the start frame with p = ds ('arcLength', as esmini and
 *   libOpenDRIVE read it) or p = ds / length ('normalized').
 * Reference: ASAM OpenDRIVE 1.8, section 9.
 */
import { wrapAngle } from '../../../sim/geometry/angle';
import type { CurvePoint } from '../../../sim/geometry/sample-curves';
import type { OdGeometry, OdGeometryShape, OdRoad } from './od-types';

/** Nodes and weights of 5-point Gauss-Legendre on [-1, 1] (exact for degree-9 polynomials). */
const GL_NODES = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_WEIGHTS = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];

/** Longest quadrature panel, m, and most yaw change per panel, rad (keeps GL error ~1e-12 m). */
const MAX_PANEL_M = 1;
const MAX_PANEL_TURN_RAD = 0.25;
/** Newton on poly3 arc length stops below this residual, m (1e-9 of a road). */
const ARC_LENGTH_TOLERANCE_M = 1e-9;
const ARC_LENGTH_MAX_STEPS = 30;
/** Below |k s / 2| of this the arc chord uses the sinc series. */
const SINC_SERIES_LIMIT = 1e-4;

/** int_a^b f with 5-point Gauss-Legendre on `panels` equal panels. */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let i = 0; i < 5; i++) sum += GL_WEIGHTS[i] * f(mid + (GL_NODES[i] * h) / 2);
  }
  return (sum * h) / 2;
}

function panelCount(lengthM: number, maxCurvature: number): number {
  const byLength = lengthM / MAX_PANEL_M;
  const byTurn = (lengthM * maxCurvature) / MAX_PANEL_TURN_RAD;
  return Math.max(1, Math.ceil(Math.max(byLength, byTurn)));
}

function sinc(u: number): number {
  return Math.abs(u) < SINC_SERIES_LIMIT ? 1 - (u * u) / 6 : Math.sin(u) / u;
}

/** Local frame (u forward, v left) of the geometry start -> world point. */
function toWorld(g: OdGeometry, u: number, v: number, yawLocal: number, curvature: number): CurvePoint {
  const c = Math.cos(g.hdg);
  const s = Math.sin(g.hdg);
  return { x: g.x + c * u - s * v, y: g.y + s * u + c * v, yaw: wrapAngle(g.hdg + yawLocal), curvature };
}

/** Pose at `ds` (clamped to [0, length]) from the start of one geometry record. */
export function geometryPose(g: OdGeometry, dsIn: number): CurvePoint {
  const ds = Math.min(Math.max(dsIn, 0), g.length);
  const shape = g.shape;
  switch (shape.type) {
    case 'line':
      return toWorld(g, ds, 0, 0, 0);
    case 'arc': {
      const half = (shape.curvature * ds) / 2;
      const chord = ds * sinc(half);
      return toWorld(g, chord * Math.cos(half), chord * Math.sin(half), 2 * half, shape.curvature);
    }
    case 'spiral':
      return spiralPose(g, shape, ds, null);
    case 'poly3': {
      const dv = (u: number): number => shape.b + 2 * shape.c * u + 3 * shape.d * u * u;
      const ddv = (u: number): number => 2 * shape.c + 6 * shape.d * u;
      const speed = (u: number): number => Math.hypot(1, dv(u));
      let u = ds;
      for (let k = 0; k < ARC_LENGTH_MAX_STEPS; k++) {
        const arc = u === 0 ? 0 : gaussLegendre(speed, 0, u, panelCount(Math.abs(u), Math.abs(ddv(u))));
        const residual = arc - ds;
        if (Math.abs(residual) < ARC_LENGTH_TOLERANCE_M) break;
        u -= residual / speed(u);
      }
      const v = shape.a + shape.b * u + shape.c * u * u + shape.d * u * u * u;
      const slope = dv(u);
      return toWorld(g, u, v, Math.atan(slope), ddv(u) / Math.pow(1 + slope * slope, 1.5));
    }
    case 'paramPoly3': {
      const p = shape.pRange === 'normalized' ? ds / g.length : ds;
      const u = shape.aU + p * (shape.bU + p * (shape.cU + p * shape.dU));
      const v = shape.aV + p * (shape.bV + p * (shape.cV + p * shape.dV));
      const du = shape.bU + p * (2 * shape.cU + 3 * p * shape.dU);
      const dv = shape.bV + p * (2 * shape.cV + 3 * p * shape.dV);
      const ddu = 2 * shape.cU + 6 * p * shape.dU;
      const ddv = 2 * shape.cV + 6 * p * shape.dV;
      const norm = Math.hypot(du, dv);
      return toWorld(g, u, v, Math.atan2(dv, du), norm === 0 ? 0 : (du * ddv - dv * ddu) / (norm * norm * norm));
    }
  }
}

type SpiralShape = Extract<OdGeometryShape, { type: 'spiral' }>;

/** Local (u, v) of a spiral at `ds`, for continuing the integral from there. */
export interface SpiralState {
  readonly ds: number;
  readonly u: number;
  readonly v: number;
}

/**
 * Spiral pose at `ds`; integrates from `from` (an earlier point of the same spiral) when given, so
 * sampling a spiral in order costs O(length) instead of O(length^2).
 */
function spiralPose(g: OdGeometry, shape: SpiralShape, ds: number, from: SpiralState | null): CurvePoint & SpiralState {
  const k0 = shape.curvStart;
  const rate = (shape.curvEnd - k0) / g.length;
  const start = from !== null && from.ds <= ds ? from : { ds: 0, u: 0, v: 0 };
  const span = ds - start.ds;
  const panels = panelCount(span, Math.max(Math.abs(k0), Math.abs(shape.curvEnd)));
  // Inline 5-point Gauss-Legendre of (cos, sin)(yaw(q)) over [start.ds, ds] (hot: once per sample).
  const h = span / panels;
  let u = 0;
  let v = 0;
  for (let p = 0; p < panels; p++) {
    const mid = start.ds + (p + 0.5) * h;
    for (let i = 0; i < 5; i++) {
      const q = mid + (GL_NODES[i] * h) / 2;
      const yaw = k0 * q + (rate * q * q) / 2;
      u += GL_WEIGHTS[i] * Math.cos(yaw);
      v += GL_WEIGHTS[i] * Math.sin(yaw);
    }
  }
  u = start.u + (u * h) / 2;
  v = start.v + (v * h) / 2;
  const pose = toWorld(g, u, v, k0 * ds + (rate * ds * ds) / 2, k0 + rate * ds);
  return { x: pose.x, y: pose.y, yaw: pose.yaw, curvature: pose.curvature, ds, u, v };
}

/**
 * `referencePose` for calls in increasing s (lane sampling): remembers where it last was on a
 * spiral and integrates on from there. Same results as `referencePose` to ~1e-12 m.
 */
export function referenceCursor(road: OdRoad): (s: number) => CurvePoint {
  let lastIndex = -1;
  let last: SpiralState | null = null;
  return (sIn) => {
    const s = Math.min(Math.max(sIn, 0), road.length);
    const index = geometryIndexAt(road, s);
    const g = road.geometries[index];
    if (g.shape.type !== 'spiral') return geometryPose(g, s - g.s);
    const ds = Math.min(Math.max(s - g.s, 0), g.length);
    const pose = spiralPose(g, g.shape, ds, index === lastIndex ? last : null);
    lastIndex = index;
    last = pose;
    return { x: pose.x, y: pose.y, yaw: pose.yaw, curvature: pose.curvature };
  };
}

/** Index of the geometry that covers road s (the last one starting at or before s). */
export function geometryIndexAt(road: OdRoad, s: number): number {
  const gs = road.geometries;
  let lo = 0;
  let hi = gs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (gs[mid].s <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Reference-line pose and curvature at road s (clamped to [0, road length]). */
export function referencePose(road: OdRoad, sIn: number): CurvePoint {
  const s = Math.min(Math.max(sIn, 0), road.length);
  const g = road.geometries[geometryIndexAt(road, s)];
  return geometryPose(g, s - g.s);
}
