/**
 * Uniform hash grid over oriented boxes: finds all overlapping pairs, or the boxes overlapping one
 * query box (the ego), testing only boxes that share a cell, so the cost grows with N, not N^2.
 *
 * Each box is registered in every cell its axis-aligned bounding box (AABB, inflated by
 * COLLISION_EPS_M so touching boxes share a cell) covers; boxes larger than a cell are therefore
 * fine. A pair sharing several cells is tested once, in the shared cell with the lowest (cx, cy):
 * (max(minCx_i, minCx_j), max(minCy_i, minCy_j)); no hash set of seen pairs is needed.
 *
 * The grid is meant to be reused across steps: `clear()` keeps every buffer and the cell map, and
 * typed arrays grow by doubling, so a steady-state step allocates nothing unless pairs are found.
 * Output is deterministic: pairs [i, j] with i < j sorted lexicographically, indices ascending.
 */
import type { AgentSize, Pose2 } from '../types';
import { CellTable } from './cell-table';
import { COLLISION_EPS_M, obbOverlapRaw } from './obb';

/**
 * Default cell edge, m: about two car lengths, so a car (radius ~2.4 m) covers 1 to 4 cells and a
 * cell holds only a few agents in dense traffic (a lane is ~3.5 m wide, cars ~7 m apart in a jam).
 */
export const DEFAULT_CELL_SIZE_M = 8;

/** Cell coordinates are stored as int32; |cx|, |cy| must stay below this (a margin under 2^31). */
const CELL_COORD_LIMIT = 2 ** 30;

/**
 * When more cells than this sit unused in the map (traffic moved on), `clear()` forgets them, so the
 * map stays bounded on long rollouts; below it, keeping them avoids re-hashing every step.
 */
const MAX_STALE_CELLS = 4096;

const INITIAL_CAPACITY = 64;

// Record layouts (strides) of the flat typed arrays below.
const BOX_STRIDE = 7; // x, y, cos(yaw), sin(yaw), half length, half width, bounding radius
const RANGE_STRIDE = 4; // minCx, minCy, maxCx, maxCy
const SLOT_STRIDE = 2; // stamp, head entry (-1 = none)
const ENTRY_STRIDE = 2; // box index, next entry in the cell's list (-1 ends it)

/** A box to insert: the agent's pose (box centre) and size. */
export interface BoxEntry {
  readonly pose: Pose2;
  readonly size: AgentSize;
}

function grownF64(a: Float64Array, minLength: number): Float64Array {
  if (a.length >= minLength) return a;
  const b = new Float64Array(Math.max(minLength, 2 * a.length));
  b.set(a);
  return b;
}

function grownI32(a: Int32Array, minLength: number): Int32Array {
  if (a.length >= minLength) return a;
  const b = new Int32Array(Math.max(minLength, 2 * a.length));
  b.set(a);
  return b;
}

/** Throws when the pose is not finite; `boxIndex` -1 names the query box. The message is built only on failure. */
function assertFinitePose(pose: Pose2, boxIndex: number): void {
  if (!(Number.isFinite(pose.x) && Number.isFinite(pose.y) && Number.isFinite(pose.yaw))) {
    const what = boxIndex === -1 ? 'the query box' : `box ${boxIndex}`;
    throw new RangeError(`CollisionGrid: ${what} has a non-finite pose (${pose.x}, ${pose.y}, ${pose.yaw})`);
  }
}

export class CollisionGrid {
  readonly cellSizeM: number;
  private readonly invCellSize: number;
  private boxCount = 0;
  private boxes: Float64Array = new Float64Array(INITIAL_CAPACITY * BOX_STRIDE);
  private ranges: Int32Array = new Int32Array(INITIAL_CAPACITY * RANGE_STRIDE);
  /** Cell (cx, cy) -> slot. A slot whose stamp differs from `stamp` is empty in this step. */
  private readonly cells = new CellTable();
  private stamp = 1;
  private slots: Int32Array = new Int32Array(INITIAL_CAPACITY * SLOT_STRIDE);
  private activeSlots: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private activeCount = 0;
  private entries: Int32Array = new Int32Array(INITIAL_CAPACITY * ENTRY_STRIDE);
  private entryCount = 0;
  private pairKeys: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private readonly queryRange = new Int32Array(RANGE_STRIDE);
  private readonly queryBox = new Float64Array(BOX_STRIDE);

  constructor(cellSizeM: number = DEFAULT_CELL_SIZE_M) {
    if (!(Number.isFinite(cellSizeM) && cellSizeM > 0)) {
      throw new RangeError(`CollisionGrid: cellSizeM must be a positive finite number, got ${cellSizeM}`);
    }
    this.cellSizeM = cellSizeM;
    this.invCellSize = 1 / cellSizeM;
  }

  /** Number of boxes inserted since the last clear(). */
  get size(): number {
    return this.boxCount;
  }

  /** Empties the grid, keeping its buffers (and, up to MAX_STALE_CELLS unused ones, its cells). */
  clear(): void {
    const staleCells = this.cells.count - this.activeCount;
    this.boxCount = 0;
    this.entryCount = 0;
    this.activeCount = 0;
    this.stamp++;
    if (staleCells > MAX_STALE_CELLS || this.stamp >= 0x7fffffff) {
      this.cells.reset();
      this.slots.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds a box and returns its index (0, 1, 2, ... in insertion order since the last clear()). */
  insert(pose: Pose2, size: AgentSize): number {
    const i = this.boxCount;
    assertFinitePose(pose, i);
    if (!(size.lengthM >= 0 && size.widthM >= 0 && Number.isFinite(size.lengthM + size.widthM))) {
      throw new RangeError(`CollisionGrid: box ${i} has an invalid size ${size.lengthM} x ${size.widthM} m`);
    }
    this.boxes = grownF64(this.boxes, (i + 1) * BOX_STRIDE);
    this.ranges = grownI32(this.ranges, (i + 1) * RANGE_STRIDE);
    this.fillBox(this.boxes, i * BOX_STRIDE, pose, size);
    this.cellRange(this.boxes, i * BOX_STRIDE, this.ranges, i * RANGE_STRIDE);
    this.boxCount = i + 1; // only now: a box that failed a check above is not half-inserted
    const r = i * RANGE_STRIDE;
    for (let cy = this.ranges[r + 1]; cy <= this.ranges[r + 3]; cy++) {
      for (let cx = this.ranges[r]; cx <= this.ranges[r + 2]; cx++) this.addToCell(cx, cy, i);
    }
    return i;
  }

  /** All overlapping (or touching) pairs [i, j], i < j, sorted by i then j. */
  pairs(): [number, number][] {
    const { slots, entries, ranges } = this;
    const n = this.boxCount;
    let pairCount = 0;
    for (let a = 0; a < this.activeCount; a++) {
      const slotIndex = this.activeSlots[a];
      const slot = slotIndex * SLOT_STRIDE;
      const cx = this.cells.cx(slotIndex);
      const cy = this.cells.cy(slotIndex);
      for (let e = slots[slot + 1]; e !== -1; e = entries[e * ENTRY_STRIDE + 1]) {
        const i = entries[e * ENTRY_STRIDE];
        for (let f = entries[e * ENTRY_STRIDE + 1]; f !== -1; f = entries[f * ENTRY_STRIDE + 1]) {
          const j = entries[f * ENTRY_STRIDE];
          // Test each pair only in its lowest shared cell.
          const ri = i * RANGE_STRIDE;
          const rj = j * RANGE_STRIDE;
          if (Math.max(ranges[ri], ranges[rj]) !== cx || Math.max(ranges[ri + 1], ranges[rj + 1]) !== cy) continue;
          if (!this.overlapAt(this.boxes, i * BOX_STRIDE, j * BOX_STRIDE)) continue;
          this.pairKeys = grownF64(this.pairKeys, pairCount + 1);
          this.pairKeys[pairCount++] = i < j ? i * n + j : j * n + i;
        }
      }
    }
    if (pairCount === 0) return []; // the common case: skip the sort and its subarray view
    const keys = this.pairKeys.subarray(0, pairCount).sort(); // typed arrays sort numerically
    const out: [number, number][] = new Array(pairCount);
    for (let k = 0; k < pairCount; k++) {
      const lo = Math.floor(keys[k] / n);
      out[k] = [lo, keys[k] - lo * n];
    }
    return out;
  }

  /** True when the query box overlaps (or touches) any inserted box other than `exceptIndex`. */
  overlapsAny(pose: Pose2, size: AgentSize, exceptIndex = -1): boolean {
    return this.query(pose, size, exceptIndex, null);
  }

  /** Indices (ascending) of the inserted boxes the query box overlaps or touches, except `exceptIndex`. */
  overlapping(pose: Pose2, size: AgentSize, exceptIndex = -1): number[] {
    const out: number[] = [];
    this.query(pose, size, exceptIndex, out);
    return out.sort((a, b) => a - b);
  }

  /** Walks the query box's cells; with `out` null it stops at the first hit. */
  private query(pose: Pose2, size: AgentSize, exceptIndex: number, out: number[] | null): boolean {
    assertFinitePose(pose, -1);
    const { slots, entries, ranges, queryRange: q } = this;
    this.fillBox(this.queryBox, 0, pose, size);
    this.cellRange(this.queryBox, 0, q, 0);
    let found = false;
    for (let cy = q[1]; cy <= q[3]; cy++) {
      for (let cx = q[0]; cx <= q[2]; cx++) {
        const slotIndex = this.cells.find(cx, cy);
        if (slotIndex === -1 || slots[slotIndex * SLOT_STRIDE] !== this.stamp) continue;
        for (let e = slots[slotIndex * SLOT_STRIDE + 1]; e !== -1; e = entries[e * ENTRY_STRIDE + 1]) {
          const i = entries[e * ENTRY_STRIDE];
          if (i === exceptIndex) continue;
          // Each box is tested only in the lowest cell it shares with the query box.
          const ri = i * RANGE_STRIDE;
          if (Math.max(ranges[ri], q[0]) !== cx || Math.max(ranges[ri + 1], q[1]) !== cy) continue;
          if (!this.overlapWithQuery(i * BOX_STRIDE)) continue;
          if (out === null) return true;
          out.push(i);
          found = true;
        }
      }
    }
    return found;
  }

  /** Writes a box record (see BOX_STRIDE) at offset `o`. */
  private fillBox(dst: Float64Array, o: number, pose: Pose2, size: AgentSize): void {
    dst[o] = pose.x;
    dst[o + 1] = pose.y;
    dst[o + 2] = Math.cos(pose.yaw);
    dst[o + 3] = Math.sin(pose.yaw);
    dst[o + 4] = 0.5 * size.lengthM;
    dst[o + 5] = 0.5 * size.widthM;
    dst[o + 6] = Math.sqrt(dst[o + 4] * dst[o + 4] + dst[o + 5] * dst[o + 5]); // = boxRadiusM
  }

  /** Cell range of a box's AABB (half extents hl|c| + hw|s|, hl|s| + hw|c|), inflated by COLLISION_EPS_M. */
  private cellRange(box: Float64Array, o: number, dst: Int32Array, r: number): void {
    const c = Math.abs(box[o + 2]);
    const s = Math.abs(box[o + 3]);
    const ex = box[o + 4] * c + box[o + 5] * s + COLLISION_EPS_M;
    const ey = box[o + 4] * s + box[o + 5] * c + COLLISION_EPS_M;
    const x0 = Math.floor((box[o] - ex) * this.invCellSize);
    const y0 = Math.floor((box[o + 1] - ey) * this.invCellSize);
    const x1 = Math.floor((box[o] + ex) * this.invCellSize);
    const y1 = Math.floor((box[o + 1] + ey) * this.invCellSize);
    if (Math.min(x0, y0) <= -CELL_COORD_LIMIT || Math.max(x1, y1) >= CELL_COORD_LIMIT) {
      const rangeM = CELL_COORD_LIMIT * this.cellSizeM;
      throw new RangeError(`CollisionGrid: box at (${box[o]}, ${box[o + 1]}) lies beyond the grid's range of ±${rangeM} m`);
    }
    dst[r] = x0;
    dst[r + 1] = y0;
    dst[r + 2] = x1;
    dst[r + 3] = y1;
  }

  /** Bounding-circle reject, then the separating-axis test, for two records of `this.boxes`. */
  private overlapAt(b: Float64Array, i: number, j: number): boolean {
    const dx = b[j] - b[i];
    const dy = b[j + 1] - b[i + 1];
    const reachM = b[i + 6] + b[j + 6] + COLLISION_EPS_M;
    if (dx * dx + dy * dy > reachM * reachM) return false;
    return obbOverlapRaw(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[j], b[j + 1], b[j + 2], b[j + 3], b[j + 4], b[j + 5]);
  }

  private overlapWithQuery(i: number): boolean {
    const b = this.boxes;
    const q = this.queryBox;
    const dx = b[i] - q[0];
    const dy = b[i + 1] - q[1];
    const reachM = b[i + 6] + q[6] + COLLISION_EPS_M;
    if (dx * dx + dy * dy > reachM * reachM) return false;
    return obbOverlapRaw(q[0], q[1], q[2], q[3], q[4], q[5], b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
  }

  private addToCell(cx: number, cy: number, box: number): void {
    const slot = this.cells.findOrAdd(cx, cy);
    if (slot >= this.activeSlots.length) {
      this.slots = grownI32(this.slots, (slot + 1) * SLOT_STRIDE);
      this.activeSlots = grownI32(this.activeSlots, slot + 1);
    }
    const s = slot * SLOT_STRIDE;
    if (this.slots[s] !== this.stamp) {
      this.slots[s] = this.stamp;
      this.slots[s + 1] = -1;
      this.activeSlots[this.activeCount++] = slot;
    }
    const e = this.entryCount++;
    this.entries = grownI32(this.entries, this.entryCount * ENTRY_STRIDE);
    this.entries[e * ENTRY_STRIDE] = box;
    this.entries[e * ENTRY_STRIDE + 1] = this.slots[s + 1];
    this.slots[s + 1] = e;
  }
}

/** True when the query box overlaps any box in the grid other than `exceptIndex` (e.g. the ego's own). */
export function overlapsAny(grid: CollisionGrid, pose: Pose2, size: AgentSize, exceptIndex = -1): boolean {
  return grid.overlapsAny(pose, size, exceptIndex);
}

/** One-shot convenience: all overlapping pairs among `boxes` (indices into the list), via a fresh grid. */
export function overlappingPairs(boxes: readonly BoxEntry[], cellSizeM: number = DEFAULT_CELL_SIZE_M): [number, number][] {
  const grid = new CollisionGrid(cellSizeM);
  for (const box of boxes) grid.insert(box.pose, box.size);
  return grid.pairs();
}
