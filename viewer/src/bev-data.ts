/**
 * The map's layer data as deck.gl binary data (`{length, startIndices, attributes}` over typed
 * arrays): plain triangles, coloured per vertex, and only those near the view.
 *
 * Why: in headless Chromium WebGL runs on SwiftShader, on the CPU, where a frame's cost grows
 * with the triangles drawn (~5 us each on this machine, with deck.gl's shaders as with a trivial
 * one), more with instanced layers (~40 us a LineLayer segment) and with the pixels filled
 * (measured as the browser's CPU time per frame). A 2,000-step, 100-actor highway is 8.5 km of
 * road mesh (18k triangles) and 100 trails, of which a 90 m view shows a few percent. So the
 * road is cut into tiles and only the tiles near the view are drawn, and trails, the plan and
 * the agents are triangles of one non-instanced layer rebuilt each frame from what is in view.
 * Pure, no DOM or WebGL: tested in node.
 */
import type { Rgba } from './colours';
import type { Bounds, Xy } from './geometry';
import type { Track } from './track';

export interface BinaryAttribute<T extends Float32Array | Uint8Array> {
  readonly value: T;
  readonly size: number;
  /** Colours: bytes 0..255 that the shader reads as 0..1. */
  readonly normalized?: boolean;
}

/** Polygons with their triangulation given (SolidPolygonLayer with `_normalize: false`). */
export interface BinaryPolygons {
  readonly length: number;
  /** Index of each polygon's first vertex (the last one ends where the positions end). */
  readonly startIndices: Uint32Array;
  readonly attributes: {
    readonly getPolygon: BinaryAttribute<Float32Array>;
    readonly indices: Uint32Array;
    readonly getFillColor: BinaryAttribute<Uint8Array>;
  };
}

export function boundsContain(outer: Bounds, inner: Bounds): boolean {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

export function inBounds(b: Bounds, x: number, y: number): boolean {
  return x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY;
}

/**
 * Convex polygons (each split into a fan of triangles) in arrays that grow as needed and are
 * reused: `begin`, add, then `data()` hands deck.gl views of what was added. Each polygon may
 * name the agent it draws, so a picked polygon maps back to its agent.
 */
export class TriangleBatch {
  #xy = new Float32Array(1024);
  #rgba = new Uint8Array(1024);
  #indices = new Uint32Array(1024);
  #starts = new Uint32Array(256);
  #agents = new Int32Array(256);
  #vertices = 0;
  #triangles = 0;
  #polygons = 0;

  get polygonCount(): number {
    return this.#polygons;
  }

  get triangleCount(): number {
    return this.#triangles;
  }

  begin(): void {
    this.#vertices = 0;
    this.#triangles = 0;
    this.#polygons = 0;
  }

  /** A convex polygon (vertices in order around it) in one colour; `agent` -1 for none. */
  polygon(points: readonly Xy[], colour: Rgba, agent = -1): void {
    const n = points.length;
    if (n < 3) return;
    this.#reserve(n, n - 2);
    const v0 = this.#vertices;
    points.forEach(([x, y], k) => {
      this.#xy[(v0 + k) * 2] = x;
      this.#xy[(v0 + k) * 2 + 1] = y;
      this.#rgba.set(colour, (v0 + k) * 4);
    });
    for (let k = 1; k + 1 < n; k++) this.#indices.set([v0, v0 + k, v0 + k + 1], (this.#triangles + k - 1) * 3);
    this.#starts[this.#polygons] = v0;
    this.#agents[this.#polygons] = agent;
    this.#vertices += n;
    this.#triangles += n - 2;
    this.#polygons++;
  }

  /** A straight band of `widthM` from a to b (one quad, ends square at a and b). */
  segment(ax: number, ay: number, bx: number, by: number, widthM: number, colour: Rgba): void {
    const len = Math.hypot(bx - ax, by - ay);
    if (len < 1e-6) return;
    const nx = (-(by - ay) / len) * (widthM / 2);
    const ny = ((bx - ax) / len) * (widthM / 2);
    this.polygon(
      [
        [ax + nx, ay + ny],
        [bx + nx, by + ny],
        [bx - nx, by - ny],
        [ax - nx, ay - ny],
      ],
      colour,
    );
  }

  /** A polyline [x0, y0, x1, y1, ...] as bands, one per segment. */
  polyline(xy: ArrayLike<number>, widthM: number, colour: Rgba): void {
    for (let i = 0; i + 3 < xy.length; i += 2) this.segment(xy[i], xy[i + 1], xy[i + 2], xy[i + 3], widthM, colour);
  }

  /** What was added since `begin`, as deck.gl binary data (views of the reused arrays). */
  data(): BinaryPolygons {
    const v = this.#vertices;
    return {
      length: this.#polygons,
      startIndices: this.#starts.subarray(0, this.#polygons),
      attributes: {
        getPolygon: { value: this.#xy.subarray(0, v * 2), size: 2 },
        indices: this.#indices.subarray(0, this.#triangles * 3),
        getFillColor: { value: this.#rgba.subarray(0, v * 4), size: 4, normalized: true },
      },
    };
  }

  /** The agent drawn by polygon i, or -1. */
  agentOf(polygon: number): number {
    return polygon >= 0 && polygon < this.#polygons ? this.#agents[polygon] : -1;
  }

  #reserve(vertices: number, triangles: number): void {
    const grow = <T extends Float32Array | Uint8Array | Uint32Array | Int32Array>(a: T, need: number, make: (n: number) => T): T => {
      if (a.length >= need) return a;
      const b = make(Math.max(need, a.length * 2));
      b.set(a);
      return b;
    };
    const v = this.#vertices + vertices;
    this.#xy = grow(this.#xy, v * 2, (n) => new Float32Array(n));
    this.#rgba = grow(this.#rgba, v * 4, (n) => new Uint8Array(n));
    this.#indices = grow(this.#indices, (this.#triangles + triangles) * 3, (n) => new Uint32Array(n));
    this.#starts = grow(this.#starts, this.#polygons + 1, (n) => new Uint32Array(n));
    this.#agents = grow(this.#agents, this.#polygons + 1, (n) => new Int32Array(n));
  }
}

/** Triangles of one colour (a road material), drawn in the order given. */
export interface TriangleSet {
  /** [ax, ay, bx, by, cx, cy, ...], m. */
  readonly triangles: readonly number[];
  readonly colour: Rgba;
}

interface Tile {
  readonly bounds: { minX: number; minY: number; maxX: number; maxY: number };
  /** Per set, in the sets' order: its triangles in this tile. */
  readonly triangles: number[][];
}

/**
 * Road triangles (several materials, one colour each) cut into square tiles by centroid, so a
 * frame draws only the tiles that meet the view, all materials in one layer. `select` keeps
 * the materials in their order (a marking is drawn over the road under it, whichever tile
 * each is in) and returns the same object while the set of tiles is unchanged, so deck.gl
 * uploads road only when the view reaches new tiles.
 */
export class RoadTiles {
  readonly #tiles = new Map<string, Tile>();
  readonly #colours: readonly Rgba[];
  readonly #batch = new TriangleBatch();
  #key: string | null = null;
  #selected: BinaryPolygons;

  constructor(
    sets: readonly TriangleSet[],
    readonly tileM: number,
  ) {
    this.#colours = sets.map((s) => s.colour);
    sets.forEach(({ triangles: flat }, set) => {
      for (let i = 0; i + 5 < flat.length; i += 6) {
        const cx = (flat[i] + flat[i + 2] + flat[i + 4]) / 3;
        const cy = (flat[i + 1] + flat[i + 3] + flat[i + 5]) / 3;
        const key = `${Math.floor(cx / tileM)},${Math.floor(cy / tileM)}`;
        let tile = this.#tiles.get(key);
        if (tile === undefined) {
          tile = { bounds: { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }, triangles: sets.map(() => []) };
          this.#tiles.set(key, tile);
        }
        const b = tile.bounds;
        for (let k = 0; k < 6; k += 2) {
          b.minX = Math.min(b.minX, flat[i + k]);
          b.maxX = Math.max(b.maxX, flat[i + k]);
          b.minY = Math.min(b.minY, flat[i + k + 1]);
          b.maxY = Math.max(b.maxY, flat[i + k + 1]);
          tile.triangles[set].push(flat[i + k], flat[i + k + 1]);
        }
      }
    });
    this.#selected = this.#batch.data();
  }

  get tileCount(): number {
    return this.#tiles.size;
  }

  /** The triangles of the tiles whose extent meets `view`, material by material. */
  select(view: Bounds): BinaryPolygons {
    const tiles = [...this.#tiles].filter(([, t]) => t.bounds.maxX >= view.minX && t.bounds.minX <= view.maxX && t.bounds.maxY >= view.minY && t.bounds.minY <= view.maxY);
    const key = tiles.map(([k]) => k).join(';');
    if (key !== this.#key) {
      this.#key = key;
      // A batch of its own, so a selection stays valid while the dynamic batch is rebuilt.
      const batch = new TriangleBatch();
      this.#colours.forEach((colour, set) => {
        for (const [, t] of tiles) {
          const flat = t.triangles[set];
          for (let i = 0; i + 5 < flat.length; i += 6) {
            batch.polygon(
              [
                [flat[i], flat[i + 1]],
                [flat[i + 2], flat[i + 3]],
                [flat[i + 4], flat[i + 5]],
              ],
              colour,
            );
          }
        }
      });
      this.#selected = batch.data();
    }
    return this.#selected;
  }
}

/**
 * Agent `agent`'s trail at time t: its logged positions over the last `trailS` seconds while on
 * the road, then its pose at t, as [x0, y0, x1, y1, ...] oldest first; only the stretch from the
 * first to the last point in `view` (and one point either side), so a trail that leaves the view
 * costs nothing. Empty when there is nothing to draw.
 */
export function trailPoints(track: Track, agent: number, timeS: number, trailS: number, view: Bounds): number[] {
  const n = track.agentCount;
  const step = track.stepAt(timeS);
  const from = Math.max(0, step - Math.round(trailS / track.json.dtS));
  const pts: number[] = [];
  for (let k = from; k <= step; k++) {
    const i = k * n + agent;
    if (track.active[i] === 1) pts.push(track.poses[i * 4], track.poses[i * 4 + 1]);
    // A gap (off the road) ends what came before: the trail restarts after it.
    else pts.length = 0;
  }
  const now = track.poseAt(timeS, agent);
  if (!now.active) return [];
  if (pts.length === 0 || pts[pts.length - 2] !== now.x || pts[pts.length - 1] !== now.y) pts.push(now.x, now.y);
  let first = -1;
  let last = -1;
  for (let p = 0; p < pts.length / 2; p++) {
    if (!inBounds(view, pts[p * 2], pts[p * 2 + 1])) continue;
    if (first < 0) first = p;
    last = p;
  }
  if (first < 0) return [];
  const kept = pts.slice(Math.max(0, first - 1) * 2, Math.min(pts.length / 2, last + 2) * 2);
  return kept.length >= 4 ? kept : [];
}
