/**
 * Geometry for the map, in the world frame (x east, y north, m): oriented boxes, trigger region
 * shapes, and the projection of a dragged point onto a lane (arc length s, offset d, + left),
 * which is how a lane-frame waypoint follows the mouse. Pure functions, tested without WebGL.
 */
import type { LaneJson, TriggerRegion } from './wire';

export type Xy = readonly [number, number];

/** Corners of a box centred at (x, y) with heading yaw: rear-right, front-right, front-left, rear-left. */
export function boxPolygon(x: number, y: number, yawRad: number, lengthM: number, widthM: number): [number, number][] {
  const c = Math.cos(yawRad);
  const s = Math.sin(yawRad);
  const hl = lengthM / 2;
  const hw = widthM / 2;
  const corner = (l: number, w: number): [number, number] => [x + l * c - w * s, y + l * s + w * c];
  return [corner(-hl, -hw), corner(hl, -hw), corner(hl, hw), corner(-hl, hw)];
}

/** A triangle marking the front of a box (its front third), to show the heading at a glance. */
export function headingTriangle(x: number, y: number, yawRad: number, lengthM: number, widthM: number): [number, number][] {
  const c = Math.cos(yawRad);
  const s = Math.sin(yawRad);
  const at = (l: number, w: number): [number, number] => [x + l * c - w * s, y + l * s + w * c];
  return [at(lengthM / 2, 0), at(lengthM / 6, widthM / 2), at(lengthM / 6, -widthM / 2)];
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** A polygon approximating a circle (segments chords). */
export function circlePolygon(cx: number, cy: number, radiusM: number, segments = 48): [number, number][] {
  return Array.from({ length: segments }, (_, i) => {
    const a = (2 * Math.PI * i) / segments;
    return [cx + radiusM * Math.cos(a), cy + radiusM * Math.sin(a)] as [number, number];
  });
}

/** `b` grown by `m` on every side. */
export function growBounds(b: Bounds, m: number): Bounds {
  return { minX: b.minX - m, minY: b.minY - m, maxX: b.maxX + m, maxY: b.maxY + m };
}

/**
 * The part of `bounds` (grown by `marginM`) where a half-plane trigger holds, or null when it
 * holds nowhere there. `centres` gives the current position of a circle's centre agent.
 */
export function triggerPolygon(region: TriggerRegion, bounds: Bounds, centre: Xy | null, marginM = 10): [number, number][] | null {
  if (region.kind === 'circle') return centre === null ? null : circlePolygon(centre[0], centre[1], region.radiusM);
  const b = growBounds(bounds, marginM);
  const lo = region.axis === 'x' ? b.minX : b.minY;
  const hi = region.axis === 'x' ? b.maxX : b.maxY;
  const from = region.side === 'above' ? Math.max(lo, region.value) : lo;
  const to = region.side === 'above' ? hi : Math.min(hi, region.value);
  if (!(to > from)) return null;
  return region.axis === 'x'
    ? [[from, b.minY], [to, b.minY], [to, b.maxY], [from, b.maxY]]
    : [[b.minX, from], [b.maxX, from], [b.maxX, to], [b.minX, to]];
}

/**
 * Frenet coordinates of (x, y) on a lane's centreline polyline: the closest point over all
 * segments (s along the lane, d signed, + to the left of travel). Linear between vertices, which
 * matches the server's frame to well under a centimetre at its vertex spacing.
 */
export function projectOnLane(lane: LaneJson, x: number, y: number): { s: number; d: number } {
  const p = lane.centreline;
  let best = { dist2: Infinity, s: 0, d: 0 };
  for (let i = 0; i + 3 < p.length; i += 2) {
    const ax = p[i];
    const ay = p[i + 1];
    const dx = p[i + 2] - ax;
    const dy = p[i + 3] - ay;
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const fx = ax + t * dx;
    const fy = ay + t * dy;
    const dist2 = (x - fx) ** 2 + (y - fy) ** 2;
    if (dist2 < best.dist2) {
      const len = Math.sqrt(len2);
      // Cross product sign: positive when the point lies to the left of the segment direction.
      const d = (dx * (y - ay) - dy * (x - ax)) / len;
      best = { dist2, s: lane.s[i / 2] + t * (lane.s[i / 2 + 1] - lane.s[i / 2]), d };
    }
  }
  return { s: best.s, d: best.d };
}

/** Rounds to centimetres: what an author means by a dragged position, and what the YAML shows. */
export function roundCm(v: number): number {
  return Math.round(v * 100) / 100;
}
