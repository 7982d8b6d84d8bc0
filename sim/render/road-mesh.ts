/**
 * The static road scene of a RoadNetwork as triangles: lane surfaces (driving lanes and junction
 * connectors; shoulder and sidewalk lanes in their own materials), lane markings (solid, dashed 3 m on / 9 m off along s), gravel shoulders beyond
 * the outer edges, and at an intersection the junction box surface with kerbs along its edges.
 * Built once per network and cached in a WeakMap (networks are immutable).
 *
 * Surfaces are stacked a few millimetres apart (shoulder < road < marking) rather than drawn in a
 * fixed order, so the depth buffer alone resolves them. Along a ray from a camera at height h the
 * hit depth changes by the relative amount dz / h, e.g. 1 cm / 1.4 m = 0.7 %, far above float32
 * depth precision at any distance, and a centimetre is invisible at these resolutions.
 */
import { curvatureAt, frenetPose, frenetToWorld, type Polyline } from '../geometry/polyline';
import { isOnDrivable } from '../road/query';
import { laneWidthAt } from '../road/lane-width';
import type { Lane, MarkingKind, RoadNetwork, WidthProfile } from '../road/types';
import { ChunkBuilder, MATERIAL, type Material, type MeshChunk } from './mesh-chunk';

export const SHOULDER_Z_M = 0.005;
export const ROAD_Z_M = 0.01;
export const MARKING_Z_M = 0.02;
/** Painted line width, m (typical for lane lines, e.g. Vienna Convention / MUTCD 10-15 cm). */
export const MARKING_WIDTH_M = 0.15;
/** Dashed lines: 3 m painted, 9 m gap, measured along the lane's centreline from its start. */
export const DASH_ON_M = 3;
export const DASH_PERIOD_M = 12;
export const SHOULDER_WIDTH_M = 1.2;
/** Kerb stone size, m: 15 cm is a common kerb upstand. */
export const KERB_HEIGHT_M = 0.15;
export const KERB_WIDTH_M = 0.3;
/** Lane length per chunk, m: short enough to cull well, long enough to keep the chunk count low. */
export const CHUNK_LENGTH_M = 20;
/**
 * Lanes are re-sampled at stations whose chord deviates from the curve by at most this (sagitta
 * L^2 / (8 R) <= tolerance), m: a tenth of a 64 px image's pixel at 5 m is ~1 cm.
 */
const CHORD_TOLERANCE_M = 0.02;
const MIN_STATION_M = 0.5;
const MAX_STATION_M = 10;
/** Curvature under which a piece counts as straight, 1/m (radius 100 km). */
const STRAIGHT_CURVATURE = 1e-5;

export interface RoadMesh {
  readonly chunks: readonly MeshChunk[];
  /** Most vertices in one chunk (sizes the renderer's transform scratch). */
  readonly maxChunkVertices: number;
}

const meshCache = new WeakMap<RoadNetwork, RoadMesh>();

/** The road mesh of `network`, built on first use. */
export function roadMesh(network: RoadNetwork): RoadMesh {
  let mesh = meshCache.get(network);
  if (!mesh) {
    mesh = buildRoadMesh(network);
    meshCache.set(network, mesh);
  }
  return mesh;
}

/** Station step at s: the longest chord within tolerance for the largest curvature nearby. */
function stationStep(pl: Polyline, s: number): number {
  const kappa = Math.max(
    Math.abs(curvatureAt(pl, s)),
    Math.abs(curvatureAt(pl, s + MAX_STATION_M / 2)),
    Math.abs(curvatureAt(pl, s + MAX_STATION_M)),
  );
  if (kappa < STRAIGHT_CURVATURE) return MAX_STATION_M;
  return Math.min(MAX_STATION_M, Math.max(MIN_STATION_M, Math.sqrt((8 * CHORD_TOLERANCE_M) / kappa)));
}

/**
 * Stations over [s0, s1] (both included) at the chord-tolerance spacing, plus the samples of a width
 * profile inside (a tapering lane's edges bend there).
 */
function stations(pl: Polyline, s0: number, s1: number, profile?: WidthProfile): number[] {
  const out = [s0];
  let s = s0;
  while (s < s1) {
    s = Math.min(s1, s + stationStep(pl, s));
    // Drop a sliver shorter than a centimetre at the end rather than emit a degenerate quad.
    if (s1 - s < 0.01) s = s1;
    out.push(s);
  }
  if (profile === undefined) return out;
  const knots = Array.from(profile.s).filter((k) => k > s0 + 0.01 && k < s1 - 0.01 && !out.some((o) => Math.abs(o - k) < 0.01));
  return knots.length === 0 ? out : [...out, ...knots].sort((a, b) => a - b);
}

/** A lateral offset along the lane, m: constant, or following the lane's width. */
type Offset = (s: number) => number;
const constant = (d: number): Offset => () => d;

/** Strip between lateral offsets dA and dB over the stations, at height z. */
function strip(b: ChunkBuilder, pl: Polyline, ss: readonly number[], dA: Offset, dB: Offset, z: number, material: Material): void {
  let a0 = frenetToWorld(pl, ss[0], dA(ss[0]));
  let b0 = frenetToWorld(pl, ss[0], dB(ss[0]));
  for (let k = 1; k < ss.length; k++) {
    const a1 = frenetToWorld(pl, ss[k], dA(ss[k]));
    const b1 = frenetToWorld(pl, ss[k], dB(ss[k]));
    b.flatQuad(a0.x, a0.y, b0.x, b0.y, b1.x, b1.y, a1.x, a1.y, z, material);
    a0 = a1;
    b0 = b1;
  }
}

/** A line strip between lateral offsets dA < dB that the renderer may widen sideways. */
function lineStrip(b: ChunkBuilder, pl: Polyline, ss: readonly number[], dA: Offset, dB: Offset): void {
  let p0 = frenetPose(pl, ss[0], dA(ss[0]));
  let q0 = frenetPose(pl, ss[0], dB(ss[0]));
  for (let k = 1; k < ss.length; k++) {
    const p1 = frenetPose(pl, ss[k], dA(ss[k]));
    const q1 = frenetPose(pl, ss[k], dB(ss[k]));
    // Left normals (-sin yaw, cos yaw) at both ends; the edges widen along / against them.
    b.lineQuad(
      p0.x, p0.y, q0.x, q0.y, -Math.sin(p0.yaw), Math.cos(p0.yaw),
      p1.x, p1.y, q1.x, q1.y, -Math.sin(p1.yaw), Math.cos(p1.yaw),
      MARKING_Z_M, MATERIAL.marking,
    );
    p0 = p1;
    q0 = q1;
  }
}

/** A painted line centred on lateral offset d over [s0, s1]. */
function marking(b: ChunkBuilder, pl: Polyline, kind: MarkingKind, d: Offset, s0: number, s1: number, profile?: WidthProfile): void {
  const half = MARKING_WIDTH_M / 2;
  const lo: Offset = (s) => d(s) - half;
  const hi: Offset = (s) => d(s) + half;
  if (kind === 'solid') lineStrip(b, pl, stations(pl, s0, s1, profile), lo, hi);
  if (kind !== 'dashed') return;
  for (let start = Math.floor(s0 / DASH_PERIOD_M) * DASH_PERIOD_M; start < s1; start += DASH_PERIOD_M) {
    const a = Math.max(s0, start);
    const e = Math.min(s1, start + DASH_ON_M);
    if (e - a > 0.01) lineStrip(b, pl, stations(pl, a, e, profile), lo, hi);
  }
}

/** Whether the lane draws its right-edge line: not when the right neighbour paints the same line. */
function drawsRightMarking(network: RoadNetwork, lane: Lane): boolean {
  if (lane.markingRight === 'none') return false;
  const right = lane.rightId === null ? undefined : network.lanes.get(lane.rightId);
  return right === undefined || right.markingLeft !== lane.markingRight;
}

/** Shoulder strip on one side (sign +1 left, -1 right), only where that side is off the road. */
function shoulder(b: ChunkBuilder, network: RoadNetwork, lane: Lane, ss: readonly number[], sign: number, inJunction: (x: number, y: number) => boolean): void {
  const pl = lane.centerline;
  const half = halfWidth(lane);
  const inner: Offset = (s) => sign * half(s);
  const outer: Offset = (s) => sign * (half(s) + SHOULDER_WIDTH_M);
  for (let k = 1; k < ss.length; k++) {
    const sMid = (ss[k - 1] + ss[k]) / 2;
    const mid = frenetToWorld(pl, sMid, (inner(sMid) + outer(sMid)) / 2);
    if (isOnDrivable(network, mid.x, mid.y) || inJunction(mid.x, mid.y)) continue;
    strip(b, pl, [ss[k - 1], ss[k]], inner, outer, SHOULDER_Z_M, MATERIAL.shoulder);
  }
}

/** Half the lane's width along it: constant for most lanes, the width profile for tapering ones. */
function halfWidth(lane: Lane): Offset {
  return lane.widthProfile === undefined ? constant(lane.widthM / 2) : (s) => laneWidthAt(lane, s) / 2;
}

function laneChunks(network: RoadNetwork, lane: Lane, inJunction: (x: number, y: number) => boolean): MeshChunk[] {
  const pl = lane.centerline;
  const half = halfWidth(lane);
  const negHalf: Offset = (s) => -half(s);
  const profile = lane.widthProfile;
  const chunks: MeshChunk[] = [];
  for (let s0 = 0; s0 < pl.lengthM - 0.01; s0 += CHUNK_LENGTH_M) {
    const s1 = Math.min(pl.lengthM, s0 + CHUNK_LENGTH_M);
    const ss = stations(pl, s0, s1, profile);
    const b = new ChunkBuilder();
    if (lane.kind === 'shoulder') strip(b, pl, ss, negHalf, half, SHOULDER_Z_M, MATERIAL.shoulder);
    else if (lane.kind === 'sidewalk') strip(b, pl, ss, negHalf, half, KERB_HEIGHT_M, MATERIAL.kerbTop);
    else strip(b, pl, ss, negHalf, half, ROAD_Z_M, MATERIAL.road);
    marking(b, pl, lane.markingLeft, half, s0, s1, profile);
    if (drawsRightMarking(network, lane)) marking(b, pl, lane.markingRight, negHalf, s0, s1, profile);
    if (lane.kind === 'driving') {
      shoulder(b, network, lane, ss, 1, inJunction);
      shoulder(b, network, lane, ss, -1, inJunction);
    }
    chunks.push(b.build());
  }
  return chunks;
}

/** The junction box of an intersection network: centre, half size, half width of the arms. */
interface JunctionBox {
  readonly cx: number;
  readonly cy: number;
  readonly halfM: number;
  readonly armHalfWidthM: number;
}

/**
 * The square spanned by the connectors' centrelines (they start and end on the box edges), and
 * the arms' half width: the farthest lane edge from the box centre line of its arm.
 */
function junctionBox(network: RoadNetwork): JunctionBox | null {
  const lanes = [...network.lanes.values()];
  const connectors = lanes.filter((l) => l.kind === 'connector');
  if (network.kind !== 'intersection' || connectors.length === 0) return null;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const c of connectors) {
    for (let i = 0; i < c.centerline.xs.length; i++) {
      minX = Math.min(minX, c.centerline.xs[i]);
      maxX = Math.max(maxX, c.centerline.xs[i]);
      minY = Math.min(minY, c.centerline.ys[i]);
      maxY = Math.max(maxY, c.centerline.ys[i]);
    }
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  let armHalfWidthM = 0;
  for (const lane of lanes) {
    if (lane.kind !== 'driving') continue;
    const { xs, ys, headings } = lane.centerline;
    // Distance of the lane's (straight) line from the box centre, plus half its width.
    const offset = Math.abs((xs[0] - cx) * Math.sin(headings[0]) - (ys[0] - cy) * Math.cos(headings[0]));
    armHalfWidthM = Math.max(armHalfWidthM, offset + lane.widthM / 2);
  }
  return { cx, cy, halfM: Math.max(maxX - minX, maxY - minY) / 2, armHalfWidthM };
}

/** Junction surface plus kerbs just outside the box edges, from each arm's edge to the corners. */
function junctionChunk(box: JunctionBox): MeshChunk {
  const b = new ChunkBuilder();
  const { cx, cy, halfM: h, armHalfWidthM: a } = box;
  b.flatQuad(cx - h, cy - h, cx + h, cy - h, cx + h, cy + h, cx - h, cy + h, ROAD_Z_M, MATERIAL.road);
  const k = KERB_WIDTH_M;
  if (a < h) {
    for (const sy of [-1, 1]) {
      // East and west sides (x = +-h), then north and south (y = +-h); each runs from the arm edge
      // to the corner, and the east/west pieces also cover the corner square.
      for (const sx of [-1, 1]) {
        const x0 = cx + sx * h;
        const x1 = x0 + sx * k;
        b.prism(Math.min(x0, x1), cy + Math.min(sy * a, sy * (h + k)), Math.max(x0, x1), cy + Math.max(sy * a, sy * (h + k)), KERB_HEIGHT_M, MATERIAL.kerbTop, MATERIAL.kerbSide);
        const y0 = cy + sy * h;
        const y1 = y0 + sy * k;
        b.prism(cx + Math.min(sx * a, sx * h), Math.min(y0, y1), cx + Math.max(sx * a, sx * h), Math.max(y0, y1), KERB_HEIGHT_M, MATERIAL.kerbTop, MATERIAL.kerbSide);
      }
    }
  }
  return b.build();
}

export function buildRoadMesh(network: RoadNetwork): RoadMesh {
  const box = junctionBox(network);
  const inJunction = box === null
    ? () => false
    : (x: number, y: number) => Math.abs(x - box.cx) <= box.halfM + KERB_WIDTH_M && Math.abs(y - box.cy) <= box.halfM + KERB_WIDTH_M;
  const chunks: MeshChunk[] = [];
  // Sorted by id so that the triangle order, hence the image, does not depend on map order.
  const lanes = [...network.lanes.values()].sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
  for (const lane of lanes) {
    chunks.push(...laneChunks(network, lane, inJunction));
  }
  if (box) chunks.push(junctionChunk(box));
  const nonEmpty = chunks.filter((c) => c.triangles.length > 0);
  return { chunks: nonEmpty, maxChunkVertices: nonEmpty.reduce((n, c) => Math.max(n, c.vertices.length / 3), 0) };
}
