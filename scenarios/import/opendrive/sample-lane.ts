/**
 * Samples one OpenDRIVE lane of one lane section into world points in its direction of travel
 * (right-hand traffic: lanes right of the reference line (id < 0) run with s, lanes left of it
 * (id > 0) against s). A point at road (s, t) is P(s) + t N(s), N the left normal of the reference
 * line; its tangent is T (1 - t k) + t' N, so yaw = hdg + atan2(t', 1 - t k).
 */
import type { CurvePoint } from '../../../sim/geometry/sample-curves';
import { wrapAngle } from '../../../sim/geometry/angle';
import { laneT, outerBorderAt } from './lane-offsets';
import type { OdLane, OdLaneSection, OdRoad } from './od-types';
import { referenceCursor } from './reference-line';

/** Centreline spacing on gentle roads, m (as the parametric builders: mm-level chord error). */
export const SAMPLE_SPACING_M = 0.5;
/** Most yaw change between samples, rad: 0.05 rad keeps the chord sagitta < R * 3e-4 on tight curves. */
const MAX_TURN_PER_SAMPLE_RAD = 0.05;
/** Smallest spacing kept, m: closer samples (e.g. at a record boundary) add nothing. */
const MIN_SPACING_M = 1e-3;
/** Widths that differ by no more than this along the lane count as constant, m. */
const WIDTH_VARIATION_M = 1e-9;
/** 1 - t k below this means the lane crosses the centre of curvature (a cusp, not a lane). */
const MIN_FRAME_SCALE = 1e-3;

export interface SampledLane {
  readonly points: readonly CurvePoint[];
  /** Mean width over the section (the lane's nominal width), m. */
  readonly meanWidthM: number;
  /** Width at each of `points` (the polynomial sampled), or null when it is the same everywhere, m. */
  readonly pointWidthsM: readonly number[] | null;
}

export type SampleResult = { readonly ok: true; readonly lane: SampledLane } | { readonly ok: false; readonly reason: string };

/** Road s values where the shape changes (geometry or width record starts), inside (s0, s1). */
function breakpoints(road: OdRoad, section: OdLaneSection, s0: number, s1: number): number[] {
  const cuts = road.geometries.map((g) => g.s);
  for (const lane of section.lanes) for (const w of [...lane.widths, ...lane.borders]) cuts.push(section.s + w.sOffset);
  for (const o of road.laneOffsets) cuts.push(o.sOffset);
  return [...new Set(cuts)].filter((s) => s > s0 && s < s1).sort((a, b) => a - b);
}

function pointAt(road: OdRoad, ref: CurvePoint, section: OdLaneSection, laneId: number, s: number): CurvePoint | null {
  const t = laneT(road, section, laneId, s, 0.5);
  const scale = 1 - t.value * ref.curvature;
  if (scale < MIN_FRAME_SCALE) return null;
  return {
    x: ref.x - t.value * Math.sin(ref.yaw),
    y: ref.y + t.value * Math.cos(ref.yaw),
    yaw: wrapAngle(ref.yaw + Math.atan2(t.rate, scale)),
    curvature: ref.curvature / scale,
  };
}

/** Lane width at road s, m: outer minus inner border (works for width and border records). */
function widthAt(section: OdLaneSection, laneId: number, s: number): number {
  return Math.max(0, outerBorderAt(section, laneId, s).value - outerBorderAt(section, laneId - Math.sign(laneId), s).value);
}

export function sampleLane(road: OdRoad, section: OdLaneSection, lane: OdLane): SampleResult {
  const s0 = section.s;
  const s1 = Math.min(section.sEnd, road.length);
  const stops = [...breakpoints(road, section, s0, s1), s1];
  const points: CurvePoint[] = [];
  const widths: number[] = [];
  const reference = referenceCursor(road);
  let widthIntegral = 0;
  let s = s0;
  let prevWidth = widthAt(section, lane.id, s0);
  const push = (at: number): boolean => {
    const p = pointAt(road, reference(at), section, lane.id, at);
    if (p === null) return false;
    const width = widthAt(section, lane.id, at);
    const last = points[points.length - 1];
    if (last !== undefined && Math.hypot(p.x - last.x, p.y - last.y) < MIN_SPACING_M) {
      points[points.length - 1] = p;
      widths[widths.length - 1] = width;
    } else {
      points.push(p);
      widths.push(width);
    }
    return true;
  };
  if (!push(s)) return { ok: false, reason: `crosses the centre of curvature at s=${s.toFixed(2)}` };
  for (const stop of stops) {
    while (s < stop) {
      const k = Math.abs(points[points.length - 1].curvature);
      const step = Math.min(SAMPLE_SPACING_M, MAX_TURN_PER_SAMPLE_RAD / Math.max(k, 1e-9));
      const next = stop - s <= step * 1.0001 ? stop : s + step;
      if (!push(next)) return { ok: false, reason: `crosses the centre of curvature at s=${next.toFixed(2)}` };
      const width = widthAt(section, lane.id, next);
      widthIntegral += ((prevWidth + width) / 2) * (next - s);
      prevWidth = width;
      s = next;
    }
  }
  if (points.length < 2) return { ok: false, reason: `is shorter than ${MIN_SPACING_M} m` };
  const meanWidthM = s1 > s0 ? widthIntegral / (s1 - s0) : 0;
  const travel = lane.id < 0 ? points : [...points].reverse().map((p) => ({ ...p, yaw: wrapAngle(p.yaw + Math.PI), curvature: -p.curvature }));
  // Constant widths need no profile: such lanes stay exactly what they were before profiles existed.
  const varies = widths.some((w) => Math.abs(w - widths[0]) > WIDTH_VARIATION_M);
  const pointWidthsM = !varies ? null : lane.id < 0 ? widths : [...widths].reverse();
  return { ok: true, lane: { points: travel, meanWidthM, pointWidthsM } };
}
