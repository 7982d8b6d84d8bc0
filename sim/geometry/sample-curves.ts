/**
 * Analytic plane curves sampled as point lists, each from a start pose, a length and a maximum
 * spacing. Every sample carries the exact heading and curvature of the analytic curve, so a
 * polyline built from it has a smooth heading (see `makePolyline`).
 *
 * Curvature kappa is in 1/m, positive turning left (counter-clockwise). Heading along a curve with
 * curvature kappa(s): yaw(s) = yaw0 + integral_0^s kappa; position: (x, y)(s) = (x0, y0) +
 * integral_0^s (cos yaw, sin yaw).
 */
import type { Pose2 } from '../types';
import { wrapAngle } from './angle';

/** A sample of an analytic curve: pose (yaw = tangent heading) plus curvature, 1/m, + = left. */
export interface CurvePoint extends Pose2 {
  readonly curvature: number;
}

/**
 * Simpson sub-step for clothoid position integrals, m. The composite-Simpson error is
 * ~ L * h^4 * |d^4 cos(yaw)/ds^4| / 180; with h = 5 cm and |kappa| <= 1/m it stays below 1e-7 m
 * over 100 m, far under the 1 cm the lanes need.
 */
const SIMPSON_STEP_M = 0.05;

/** Below |kappa * s / 2| of this the chord uses the sinc series (sin(u)/u loses digits near 0). */
const SINC_SERIES_LIMIT = 1e-4;

function requireLengthAndSpacing(fn: string, lengthM: number, maxSpacingM: number): void {
  if (!(Number.isFinite(lengthM) && lengthM > 0)) {
    throw new Error(`${fn}: lengthM must be a finite number > 0 (got ${lengthM})`);
  }
  if (!(Number.isFinite(maxSpacingM) && maxSpacingM > 0)) {
    throw new Error(`${fn}: maxSpacingM must be a finite number > 0 (got ${maxSpacingM})`);
  }
}

/** Number of equal intervals so that none is longer than maxSpacingM. */
function intervalCount(lengthM: number, maxSpacingM: number): number {
  return Math.max(1, Math.ceil(lengthM / maxSpacingM - 1e-9));
}

function sinc(u: number): number {
  return Math.abs(u) < SINC_SERIES_LIMIT ? 1 - (u * u) / 6 : Math.sin(u) / u;
}

/**
 * The point at arc length s on the circle (or line, kappa = 0) through `start`: the chord has
 * length s * sinc(kappa s / 2) and direction yaw0 + kappa s / 2, which stays exact as kappa -> 0.
 */
function arcPoint(start: Pose2, curvature: number, s: number): CurvePoint {
  const half = (curvature * s) / 2;
  const chordM = s * sinc(half);
  const chordYaw = start.yaw + half;
  return {
    x: start.x + chordM * Math.cos(chordYaw),
    y: start.y + chordM * Math.sin(chordYaw),
    yaw: wrapAngle(start.yaw + curvature * s),
    curvature,
  };
}

/** A straight segment of `lengthM` from `start` along its heading. */
export function sampleLine(start: Pose2, lengthM: number, maxSpacingM: number): CurvePoint[] {
  requireLengthAndSpacing('sampleLine', lengthM, maxSpacingM);
  return sampleArcUnchecked(start, 0, lengthM, maxSpacingM);
}

/** A circular arc of signed `curvature` (1/m, + = left) and arc length `lengthM`. */
export function sampleArc(
  start: Pose2,
  curvature: number,
  lengthM: number,
  maxSpacingM: number,
): CurvePoint[] {
  requireLengthAndSpacing('sampleArc', lengthM, maxSpacingM);
  if (!Number.isFinite(curvature)) throw new Error(`sampleArc: curvature must be finite (got ${curvature})`);
  return sampleArcUnchecked(start, curvature, lengthM, maxSpacingM);
}

function sampleArcUnchecked(start: Pose2, curvature: number, lengthM: number, maxSpacingM: number): CurvePoint[] {
  const n = intervalCount(lengthM, maxSpacingM);
  const points: CurvePoint[] = [];
  for (let k = 0; k <= n; k++) points.push(arcPoint(start, curvature, (lengthM * k) / n));
  return points;
}

/**
 * A clothoid (Euler spiral): curvature linear in arc length from `curvatureStart` to
 * `curvatureEnd` over `lengthM`, so yaw(s) = yaw0 + k0 s + (k1 - k0) s^2 / (2 L). The Fresnel-type
 * position integrals are evaluated by composite Simpson between consecutive samples.
 */
export function sampleClothoid(
  start: Pose2,
  curvatureStart: number,
  curvatureEnd: number,
  lengthM: number,
  maxSpacingM: number,
): CurvePoint[] {
  requireLengthAndSpacing('sampleClothoid', lengthM, maxSpacingM);
  if (!Number.isFinite(curvatureStart) || !Number.isFinite(curvatureEnd)) {
    throw new Error(`sampleClothoid: curvatures must be finite (got ${curvatureStart}, ${curvatureEnd})`);
  }
  const sharpness = (curvatureEnd - curvatureStart) / lengthM; // d kappa / ds, 1/m^2
  const yawAt = (s: number): number => start.yaw + curvatureStart * s + 0.5 * sharpness * s * s;
  const n = intervalCount(lengthM, maxSpacingM);
  const points: CurvePoint[] = [{ x: start.x, y: start.y, yaw: wrapAngle(start.yaw), curvature: curvatureStart }];
  let x = start.x;
  let y = start.y;
  for (let k = 1; k <= n; k++) {
    const s0 = (lengthM * (k - 1)) / n;
    const s1 = (lengthM * k) / n;
    const steps = 2 * Math.ceil((s1 - s0) / (2 * SIMPSON_STEP_M)); // Simpson needs an even count
    const h = (s1 - s0) / steps;
    let sumCos = 0;
    let sumSin = 0;
    for (let j = 0; j <= steps; j++) {
      const weight = j === 0 || j === steps ? 1 : j % 2 === 1 ? 4 : 2;
      const yaw = yawAt(s0 + j * h);
      sumCos += weight * Math.cos(yaw);
      sumSin += weight * Math.sin(yaw);
    }
    x += (h / 3) * sumCos;
    y += (h / 3) * sumSin;
    points.push({ x, y, yaw: wrapAngle(yawAt(s1)), curvature: curvatureStart + sharpness * s1 });
  }
  return points;
}

/**
 * The parallel curve at signed lateral `offsetM` (+ = left): p + d * n, same heading, curvature
 * kappa / (1 - d kappa). Exact for any curve whose samples carry the true heading; throws when
 * the offset reaches a centre of curvature (1 - d kappa <= 0), where the parallel curve folds.
 */
export function offsetCurve(points: readonly CurvePoint[], offsetM: number): CurvePoint[] {
  return points.map((p, i) => {
    const stretch = 1 - offsetM * p.curvature;
    if (stretch <= 0) {
      throw new Error(
        `offsetCurve: offset ${offsetM} m reaches the centre of curvature at point ${i} (radius ${1 / p.curvature} m)`,
      );
    }
    return {
      x: p.x - offsetM * Math.sin(p.yaw),
      y: p.y + offsetM * Math.cos(p.yaw),
      yaw: p.yaw,
      curvature: p.curvature / stretch,
    };
  });
}
