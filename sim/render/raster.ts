/**
 * Triangle rasterizer with a depth buffer, for flat-coloured triangles.
 *
 * Coverage: a pixel (x, y) is covered when its centre (x + 0.5, y + 0.5) lies inside or on the
 * triangle. Each row's covered span comes straight from the three edge half-planes, so the inner
 * loop touches only covered pixels (no per-pixel edge tests).
 *
 * Depth: the buffer holds q = 1 / z_c. For a planar triangle q is an affine function of the screen
 * position (u, v) (this is why perspective-correct interpolation divides by q), so
 * q = A u + B v + C is exact, not an approximation, and q grows towards the camera: a pixel is
 * written when its q exceeds the stored one. 0 means nothing was drawn (infinitely far).
 */

export interface RasterTarget {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Packed colour per pixel, 0x00BBGGRR. */
  readonly colour: Uint32Array;
  /** Semantic class id per pixel (semantic-classes.ts). */
  readonly classes: Uint8Array;
  /** 1 / depth per pixel, 1/m; 0 where no triangle was drawn. */
  readonly inverseDepth: Float32Array;
}

export function createRasterTarget(widthPx: number, heightPx: number): RasterTarget {
  const n = widthPx * heightPx;
  return { widthPx, heightPx, colour: new Uint32Array(n), classes: new Uint8Array(n), inverseDepth: new Float32Array(n) };
}

/**
 * Aerial perspective applied while filling: colour -> colour + (haze - colour) * share with
 * share = min(maxShare, (depth - startM) * slope) where positive. Only triangles that reach past
 * startM get it, so near geometry (most pixels) pays nothing.
 */
export interface Haze {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly startM: number;
  readonly slope: number;
  readonly maxShare: number;
}

/** `colour` (0x00BBGGRR) hazed for a surface at `depthM`. */
export function hazed(colour: number, h: Haze, depthM: number): number {
  const f = Math.min(h.maxShare, (depthM - h.startM) * h.slope);
  if (!(f > 0)) return colour;
  const r = colour & 0xff;
  const g = (colour >>> 8) & 0xff;
  const b = (colour >>> 16) & 0xff;
  return Math.round(r + (h.r - r) * f) | (Math.round(g + (h.g - g) * f) << 8) | (Math.round(b + (h.b - b) * f) << 16);
}

/**
 * The row bound set by edge a -> b of a counter-clockwise triangle (positive signed area in
 * screen space, v down). Its edge function E(u, v) = (b - a) x (p - a) is >= 0 inside; solving
 * E = 0 for u gives u = alpha v + beta, a lower bound on u where E grows with u (bv < av) and an
 * upper bound where it shrinks (bv > av). Horizontal edges bound no row inside the vertex range.
 */
function edgeKind(av: number, bv: number): number {
  return bv < av ? 1 : bv > av ? -1 : 0;
}
function edgeAlpha(au: number, av: number, bu: number, bv: number): number {
  return bv === av ? 0 : (bu - au) / (bv - av);
}
function edgeBeta(au: number, av: number, bu: number, bv: number): number {
  return bv === av ? 0 : au - ((bu - au) / (bv - av)) * av;
}

/**
 * Fills a triangle given in pixel coordinates with per-vertex q = 1 / depth, writing `colour` and
 * `cls` where it is nearer than what is there, hazed by depth when `haze` is given. Degenerate
 * (zero-area) triangles draw nothing.
 */
export function fillTriangle(
  t: RasterTarget,
  u0: number, v0: number, q0: number,
  u1: number, v1: number, q1: number,
  u2: number, v2: number, q2: number,
  colour: number,
  cls: number,
  haze: Haze | null = null,
): void {
  let area = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
  if (!(area !== 0)) return; // zero or NaN
  if (area < 0) {
    // Make the winding counter-clockwise in screen space by swapping vertices 1 and 2.
    let tmp = u1; u1 = u2; u2 = tmp;
    tmp = v1; v1 = v2; v2 = tmp;
    tmp = q1; q1 = q2; q2 = tmp;
    area = -area;
  }
  const w = t.widthPx;
  const yStart = Math.max(0, Math.ceil(Math.min(v0, v1, v2) - 0.5));
  const yEnd = Math.min(t.heightPx - 1, Math.floor(Math.max(v0, v1, v2) - 0.5));
  if (yStart > yEnd) return;
  // q = A u + B v + C through the three vertices (Cramer's rule).
  const dq1 = q1 - q0;
  const dq2 = q2 - q0;
  const qA = (dq1 * (v2 - v0) - dq2 * (v1 - v0)) / area;
  const qB = ((u1 - u0) * dq2 - (u2 - u0) * dq1) / area;
  const qC = q0 - qA * u0 - qB * v0;
  const k0 = edgeKind(v0, v1);
  const a0 = edgeAlpha(u0, v0, u1, v1);
  const b0 = edgeBeta(u0, v0, u1, v1);
  const k1 = edgeKind(v1, v2);
  const a1 = edgeAlpha(u1, v1, u2, v2);
  const b1 = edgeBeta(u1, v1, u2, v2);
  const k2 = edgeKind(v2, v0);
  const a2 = edgeAlpha(u2, v2, u0, v0);
  const b2 = edgeBeta(u2, v2, u0, v0);
  const { colour: cbuf, classes, inverseDepth } = t;
  for (let y = yStart; y <= yEnd; y++) {
    const v = y + 0.5;
    let lo = -Infinity;
    let hi = Infinity;
    // Unrolled over the three edges: this loop runs once per covered row of every triangle.
    if (k0 > 0) lo = Math.max(lo, a0 * v + b0);
    else if (k0 < 0) hi = Math.min(hi, a0 * v + b0);
    if (k1 > 0) lo = Math.max(lo, a1 * v + b1);
    else if (k1 < 0) hi = Math.min(hi, a1 * v + b1);
    if (k2 > 0) lo = Math.max(lo, a2 * v + b2);
    else if (k2 < 0) hi = Math.min(hi, a2 * v + b2);
    const xStart = Math.max(0, Math.ceil(lo - 0.5));
    const xEnd = Math.min(w - 1, Math.floor(hi - 0.5));
    if (xStart > xEnd) continue;
    const row = y * w;
    let q = qA * (xStart + 0.5) + qB * v + qC;
    if (haze === null) {
      for (let i = row + xStart, end = row + xEnd; i <= end; i++, q += qA) {
        if (q > inverseDepth[i]) {
          inverseDepth[i] = q;
          cbuf[i] = colour;
          classes[i] = cls;
        }
      }
    } else {
      for (let i = row + xStart, end = row + xEnd; i <= end; i++, q += qA) {
        if (q > inverseDepth[i]) {
          inverseDepth[i] = q;
          cbuf[i] = hazed(colour, haze, 1 / q);
          classes[i] = cls;
        }
      }
    }
  }
}
