/**
 * Static scene geometry in culling-sized chunks: indexed triangles in world coordinates (x, y, z
 * with z up), a material per triangle, and a bounding sphere per chunk so that a frame skips
 * whole chunks behind the camera, outside the view or beyond the draw distance.
 */

/** Surface materials of the static scene; colours come from the appearance at render time. */
export const MATERIAL = { road: 0, marking: 1, shoulder: 2, kerbTop: 3, kerbSide: 4 } as const;
export type Material = (typeof MATERIAL)[keyof typeof MATERIAL];
export const MATERIAL_COUNT = 5;

export interface MeshChunk {
  /** Vertex coordinates, [x0, y0, z0, x1, ...], m. */
  readonly vertices: Float64Array;
  /**
   * Vertex indices, three per triangle. Every primitive is a quad emitted as the consecutive
   * triangles (a, b, c), (a, c, d), so triangle 2k and 2k + 1 always form one quad.
   */
  readonly triangles: Uint32Array;
  /** Material per triangle. */
  readonly materials: Uint8Array;
  /**
   * Per vertex, [ex0, ey0, ex1, ...]: the ground direction in which the renderer may widen a thin
   * painted line at a distance (unit, pointing away from the line's centre), 0 for fixed vertices;
   * null when the chunk has no such vertices.
   */
  readonly expand: Float64Array | null;
  /** Bounding sphere of the vertices, m. */
  readonly centreX: number;
  readonly centreY: number;
  readonly centreZ: number;
  readonly radiusM: number;
}

/** Accumulates quads and boxes, then freezes them into a chunk. */
export class ChunkBuilder {
  private readonly verts: number[] = [];
  private readonly tris: number[] = [];
  private readonly mats: number[] = [];
  private readonly expands: number[] = [];

  get empty(): boolean {
    return this.tris.length === 0;
  }

  private vertex(x: number, y: number, z: number, ex = 0, ey = 0): number {
    this.verts.push(x, y, z);
    this.expands.push(ex, ey);
    return this.verts.length / 3 - 1;
  }

  /**
   * A painted-line quad on the ground from its start (a0 on the right edge, b0 on the left) to its
   * end (a1, b1); (n0x, n0y) and (n1x, n1y) are the unit left normals at start and end: the left
   * edge may widen along them and the right edge against them.
   */
  lineQuad(
    a0x: number, a0y: number, b0x: number, b0y: number, n0x: number, n0y: number,
    a1x: number, a1y: number, b1x: number, b1y: number, n1x: number, n1y: number,
    z: number, material: Material,
  ): void {
    const a = this.vertex(a0x, a0y, z, -n0x, -n0y);
    const b = this.vertex(b0x, b0y, z, n0x, n0y);
    const c = this.vertex(b1x, b1y, z, n1x, n1y);
    const d = this.vertex(a1x, a1y, z, -n1x, -n1y);
    this.tris.push(a, b, c, a, c, d);
    this.mats.push(material, material);
  }

  /** Quad a-b-c-d (in order around its boundary) as two triangles. */
  quad(
    ax: number, ay: number, az: number,
    bx: number, by: number, bz: number,
    cx: number, cy: number, cz: number,
    dx: number, dy: number, dz: number,
    material: Material,
  ): void {
    const a = this.vertex(ax, ay, az);
    const b = this.vertex(bx, by, bz);
    const c = this.vertex(cx, cy, cz);
    const d = this.vertex(dx, dy, dz);
    this.tris.push(a, b, c, a, c, d);
    this.mats.push(material, material);
  }

  /** Flat quad at height z. */
  flatQuad(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number, z: number, material: Material): void {
    this.quad(ax, ay, z, bx, by, z, cx, cy, z, dx, dy, z, material);
  }

  /**
   * Axis-aligned prism over [x0, x1] x [y0, y1] x [0, heightM]: top and four sides (the bottom
   * lies on the ground and is never seen).
   */
  prism(x0: number, y0: number, x1: number, y1: number, heightM: number, top: Material, side: Material): void {
    this.flatQuad(x0, y0, x1, y0, x1, y1, x0, y1, heightM, top);
    this.quad(x0, y0, 0, x1, y0, 0, x1, y0, heightM, x0, y0, heightM, side);
    this.quad(x1, y0, 0, x1, y1, 0, x1, y1, heightM, x1, y0, heightM, side);
    this.quad(x1, y1, 0, x0, y1, 0, x0, y1, heightM, x1, y1, heightM, side);
    this.quad(x0, y1, 0, x0, y0, 0, x0, y0, heightM, x0, y1, heightM, side);
  }

  build(): MeshChunk {
    const vertices = Float64Array.from(this.verts);
    let minX = Infinity;
    let minY = Infinity;
    let minZ = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let maxZ = -Infinity;
    for (let i = 0; i < vertices.length; i += 3) {
      minX = Math.min(minX, vertices[i]);
      maxX = Math.max(maxX, vertices[i]);
      minY = Math.min(minY, vertices[i + 1]);
      maxY = Math.max(maxY, vertices[i + 1]);
      minZ = Math.min(minZ, vertices[i + 2]);
      maxZ = Math.max(maxZ, vertices[i + 2]);
    }
    const centreX = (minX + maxX) / 2;
    const centreY = (minY + maxY) / 2;
    const centreZ = (minZ + maxZ) / 2;
    let radiusSq = 0;
    for (let i = 0; i < vertices.length; i += 3) {
      radiusSq = Math.max(radiusSq, (vertices[i] - centreX) ** 2 + (vertices[i + 1] - centreY) ** 2 + (vertices[i + 2] - centreZ) ** 2);
    }
    return {
      vertices,
      expand: this.expands.some((e) => e !== 0) ? Float64Array.from(this.expands) : null,
      triangles: Uint32Array.from(this.tris),
      materials: Uint8Array.from(this.mats),
      centreX,
      centreY,
      centreZ,
      radiusM: Math.sqrt(radiusSq),
    };
  }
}
