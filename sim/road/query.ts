/**
 * Queries on a road network: lanes by id, which lane a world point is on, poses on lanes.
 *
 * Point queries go through a uniform grid over the lane centreline segments, built lazily on the
 * first query of each network and cached in a WeakMap (networks are immutable, so it never goes
 * stale). Each cell lists (lane, segment) pairs of every segment whose lane surface may reach the
 * cell, so a query reads one cell and refines a few candidates with `worldToFrenet`.
 */
import type { Pose2 } from '../types';
import { wrapAngle } from '../geometry/angle';
import { frenetPose, frenetToWorld, poseAt, worldToFrenet } from '../geometry/polyline';
import { laneWidthAt, maxLaneWidthM } from './lane-width';
import type { Lane, LanePosition, RoadNetwork } from './types';

/**
 * Grid cell size, m: about a lane and a half, so a cell holds few segments (a junction's centre
 * cell still lists every connector crossing it) while the grid stays small. 5 m measured ~10 %
 * faster than 10 m for `locate` on curves and junctions.
 */
const CELL_SIZE_M = 5;

/**
 * Extra reach of a segment's entry beyond half its lane width, m. The Frenet |d| of a point differs
 * from its distance to the chord by at most the sagitta (millimetres); 1 m is ample and cheap.
 */
const INDEX_MARGIN_M = 1;

/** Slack on "inside the lane" tests, m, so points exactly on an edge or lane end count as inside. */
const CONTAINS_TOLERANCE_M = 1e-9;

interface LaneIndex {
  /** Lanes sorted by id: candidate order, hence tie breaks, do not depend on insertion order. */
  readonly lanes: readonly Lane[];
  readonly laneIndexById: ReadonlyMap<string, number>;
  readonly originX: number;
  readonly originY: number;
  readonly columns: number;
  /**
   * Per lane: squared bound on the distance from a point on its surface to the start vertex of
   * the segment it projects onto, (width / 2 + longest segment)^2 plus slack; lanes whose nearest
   * start vertex in the cell is farther are skipped without refinement.
   */
  readonly reachSq: Float64Array;
  /** Cell key (row * columns + column) -> flat (laneIndex, segmentIndex) pairs, lane-major. */
  readonly cells: ReadonlyMap<number, Int32Array>;
}

const indexCache = new WeakMap<RoadNetwork, LaneIndex>();

function segmentDistanceSq(lane: Lane, i: number, x: number, y: number): number {
  const { xs, ys } = lane.centerline;
  const dx = xs[i + 1] - xs[i];
  const dy = ys[i + 1] - ys[i];
  const t = Math.min(1, Math.max(0, ((x - xs[i]) * dx + (y - ys[i]) * dy) / (dx * dx + dy * dy)));
  const ex = x - xs[i] - t * dx;
  const ey = y - ys[i] - t * dy;
  return ex * ex + ey * ey;
}

function buildIndex(network: RoadNetwork): LaneIndex {
  const lanes = [...network.lanes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { minX, minY, maxX } = network.bounds;
  const originX = minX - CELL_SIZE_M;
  const originY = minY - CELL_SIZE_M;
  const columns = Math.ceil((maxX - originX) / CELL_SIZE_M) + 2;
  const lists = new Map<number, number[]>();
  const halfDiagonalM = (CELL_SIZE_M * Math.SQRT2) / 2;
  lanes.forEach((lane, laneIndex) => {
    // The widest point bounds every segment's reach (equal to widthM on constant-width lanes).
    const reachM = maxLaneWidthM(lane) / 2 + INDEX_MARGIN_M;
    const { xs, ys } = lane.centerline;
    for (let i = 0; i < xs.length - 1; i++) {
      const c0 = Math.floor((Math.min(xs[i], xs[i + 1]) - reachM - originX) / CELL_SIZE_M);
      const c1 = Math.floor((Math.max(xs[i], xs[i + 1]) + reachM - originX) / CELL_SIZE_M);
      const r0 = Math.floor((Math.min(ys[i], ys[i + 1]) - reachM - originY) / CELL_SIZE_M);
      const r1 = Math.floor((Math.max(ys[i], ys[i + 1]) + reachM - originY) / CELL_SIZE_M);
      for (let row = r0; row <= r1; row++) {
        for (let col = c0; col <= c1; col++) {
          const cx = originX + (col + 0.5) * CELL_SIZE_M;
          const cy = originY + (row + 0.5) * CELL_SIZE_M;
          if (Math.sqrt(segmentDistanceSq(lane, i, cx, cy)) > reachM + halfDiagonalM) continue;
          const key = row * columns + col;
          const list = lists.get(key);
          if (list) list.push(laneIndex, i);
          else lists.set(key, [laneIndex, i]);
        }
      }
    }
  });
  const cells = new Map<number, Int32Array>();
  for (const [key, list] of lists) cells.set(key, Int32Array.from(list));
  const laneIndexById = new Map(lanes.map((lane, i) => [lane.id, i]));
  const reachSq = Float64Array.from(lanes, (lane) => {
    const { s } = lane.centerline;
    let longestM = 0;
    for (let i = 0; i < s.length - 1; i++) longestM = Math.max(longestM, s[i + 1] - s[i]);
    return (maxLaneWidthM(lane) / 2 + longestM + INDEX_MARGIN_M) ** 2;
  });
  return { lanes, laneIndexById, reachSq, originX, originY, columns, cells };
}

function indexOf(network: RoadNetwork): LaneIndex {
  let index = indexCache.get(network);
  if (!index) {
    index = buildIndex(network);
    indexCache.set(network, index);
  }
  return index;
}

function cellAt(index: LaneIndex, x: number, y: number): Int32Array | undefined {
  const col = Math.floor((x - index.originX) / CELL_SIZE_M);
  const row = Math.floor((y - index.originY) / CELL_SIZE_M);
  if (col < 0 || col >= index.columns || row < 0) return undefined;
  return index.cells.get(row * index.columns + col);
}

/** The lane's segment in `cell` whose start vertex is nearest to (x, y), or -1 if it has none there. */
function nearestSegmentInCell(index: LaneIndex, cell: Int32Array, laneIndex: number, x: number, y: number): number {
  const { xs, ys } = index.lanes[laneIndex].centerline;
  let best = -1;
  let bestSq = Infinity;
  for (let k = 0; k < cell.length; k += 2) {
    if (cell[k] !== laneIndex) continue;
    const i = cell[k + 1];
    const distSq = (x - xs[i]) ** 2 + (y - ys[i]) ** 2;
    if (distSq < bestSq) {
      bestSq = distSq;
      best = i;
    }
  }
  return best;
}

/** Frenet position of (x, y) on the lane if it lies on the lane's surface, else null. */
function positionOnLane(lane: Lane, hintSegment: number, x: number, y: number): LanePosition | null {
  const f = worldToFrenet(lane.centerline, x, y, hintSegment);
  if (f.s < -CONTAINS_TOLERANCE_M || f.s > lane.centerline.lengthM + CONTAINS_TOLERANCE_M) return null;
  const s = Math.min(Math.max(f.s, 0), lane.centerline.lengthM);
  return Math.abs(f.d) <= laneWidthAt(lane, s) / 2 + CONTAINS_TOLERANCE_M ? { laneId: lane.id, s, d: f.d } : null;
}

/** The lane with the given id; throws `unknown lane 'x'` when there is none. */
export function getLane(network: RoadNetwork, id: string): Lane {
  const lane = network.lanes.get(id);
  if (!lane) throw new Error(`unknown lane '${id}'`);
  return lane;
}

function locateWhere(
  network: RoadNetwork,
  x: number,
  y: number,
  hintLaneId: string | undefined,
  accept: (lane: Lane) => boolean,
): LanePosition | null {
  const index = indexOf(network);
  const cell = cellAt(index, x, y);
  if (!cell) return null;
  const hintIndex = hintLaneId === undefined ? undefined : index.laneIndexById.get(hintLaneId);
  if (hintIndex !== undefined && accept(index.lanes[hintIndex])) {
    const segment = nearestSegmentInCell(index, cell, hintIndex, x, y);
    const onHint = segment < 0 ? null : positionOnLane(index.lanes[hintIndex], segment, x, y);
    if (onHint) return onHint;
  }
  let best: LanePosition | null = null;
  // Pairs are lane-major, so each lane's entries are contiguous: refine once per lane, from the
  // segment whose start vertex is nearest, and only if that vertex is near enough to matter.
  for (let k = 0; k < cell.length; ) {
    const laneIndex = cell[k];
    const { xs, ys } = index.lanes[laneIndex].centerline;
    let segment = -1;
    let bestSq = Infinity;
    for (; k < cell.length && cell[k] === laneIndex; k += 2) {
      const i = cell[k + 1];
      const distSq = (x - xs[i]) ** 2 + (y - ys[i]) ** 2;
      if (distSq < bestSq) {
        bestSq = distSq;
        segment = i;
      }
    }
    const lane = index.lanes[laneIndex];
    if (laneIndex === hintIndex || bestSq > index.reachSq[laneIndex] || !accept(lane)) continue;
    const here = positionOnLane(lane, segment, x, y);
    // Lanes arrive sorted by id, so strict < keeps the smaller id on equal |d|.
    if (here && (best === null || Math.abs(here.d) < Math.abs(best.d))) best = here;
  }
  return best;
}

/**
 * The lane whose surface holds (x, y) (|d| <= laneWidthAt(s) / 2, 0 <= s <= length): the hint lane if it
 * does, else the one with the smallest |d|, ties broken by the smaller id. Null when off all lanes.
 */
export function locate(network: RoadNetwork, x: number, y: number, hintLaneId?: string): LanePosition | null {
  return locateWhere(network, x, y, hintLaneId, () => true);
}

/** True when (x, y) lies on a lane of kind 'driving' or 'connector'. */
export function isOnDrivable(network: RoadNetwork, x: number, y: number): boolean {
  return locateWhere(network, x, y, undefined, (lane) => lane.kind === 'driving' || lane.kind === 'connector') !== null;
}

/**
 * Frenet position of (x, y) relative to one lane, whether or not the point is on it (s may fall
 * outside [0, length]). Uses the grid near the lane, else a full search of its centreline.
 */
export function projectOntoLane(network: RoadNetwork, laneId: string, x: number, y: number): LanePosition {
  const lane = getLane(network, laneId);
  const index = indexOf(network);
  const cell = cellAt(index, x, y);
  const laneIndex = index.laneIndexById.get(laneId) as number;
  const segment = cell ? nearestSegmentInCell(index, cell, laneIndex, x, y) : -1;
  const f = worldToFrenet(lane.centerline, x, y, segment < 0 ? undefined : segment);
  return { laneId, s: f.s, d: f.d };
}

/**
 * Pose at (s, d) on the lane; yaw is the centreline heading at s. s outside [0, length] continues
 * straight along the end tangent.
 */
export function lanePose(network: RoadNetwork, laneId: string, s: number, d: number): Pose2 {
  return frenetPose(getLane(network, laneId).centerline, s, d);
}

/**
 * The same-direction neighbour on `side`, or null. With `atS` it is returned only where it exists
 * alongside: the point on the shared lane edge at atS must project inside the neighbour's length
 * (e.g. `merge` is right of `lane0` only over the merge section).
 */
export function laneChangeTarget(
  network: RoadNetwork,
  laneId: string,
  side: 'left' | 'right',
  atS?: number,
): string | null {
  const lane = getLane(network, laneId);
  const targetId = side === 'left' ? lane.leftId : lane.rightId;
  if (targetId === null || atS === undefined) return targetId;
  const halfWidthM = laneWidthAt(lane, atS) / 2;
  const edge = frenetToWorld(lane.centerline, atS, side === 'left' ? halfWidthM : -halfWidthM);
  const onTarget = projectOntoLane(network, targetId, edge.x, edge.y);
  const targetLengthM = getLane(network, targetId).centerline.lengthM;
  return onTarget.s >= 0 && onTarget.s <= targetLengthM ? targetId : null;
}

/**
 * The lane nearest (x, y) (smallest |d|, the point alongside it) among those heading within
 * `maxHeadingDiffRad` of `yaw` with (x, y) at most `maxOffsetM` from their centre line; sidewalks
 * are not driven. Null when none: for an agent off its lanes, or in a lane of the other direction.
 */
export function nearestLaneHeading(network: RoadNetwork, x: number, y: number, yaw: number, maxHeadingDiffRad: number, maxOffsetM: number): LanePosition | null {
  let best: LanePosition | null = null;
  for (const lane of network.lanes.values()) {
    if (lane.kind === 'sidewalk') continue;
    const f = projectOntoLane(network, lane.id, x, y);
    if (f.s < 0 || f.s > lane.centerline.lengthM || Math.abs(f.d) > maxOffsetM) continue;
    if (Math.abs(wrapAngle(poseAt(lane.centerline, f.s).yaw - yaw)) >= maxHeadingDiffRad) continue;
    if (best === null || Math.abs(f.d) < Math.abs(best.d)) best = f;
  }
  return best;
}
