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
  /** Vertex indices, three per triangle. */
  readonly triangles: Uint32Array;
  /** Material per triangle. */
  readonly materials: Uint8Array;
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

  get empty(): boolean {
    return this.tris.length === 0;
  }

  private vertex(x: number, y: number, z: number): number {
    this.verts.push(x, y, z);
    return this.verts.length / 3 - 1;
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
      triangles: Uint32Array.from(this.tris),
      materials: Uint8Array.from(this.mats),
      centreX,
      centreY,
      centreZ,
      radiusM: Math.sqrt(radiusSq),
    };
  }
}
