/**
 * Draws one camera-space triangle: frustum rejection, near-plane clipping, perspective projection,
 * then the rasterizer. Road triangles routinely pass behind the camera, so clipping against the
 * near plane z_c = NEAR_M happens in camera space before the divide by z (Sutherland-Hodgman on
 * one plane: a triangle becomes a triangle or a quad). The other frustum planes need no clipping:
 * the rasterizer clamps to the image, and far geometry was culled by chunk before coming here.
 */
import { fillTriangle, type Haze, type RasterTarget } from './raster';

/**
 * Near plane, m. Anything nearer than this to the optical centre is hidden inside the ego's bonnet
 * anyway; keeping it small but not tiny bounds the projected coordinates (f * x / z) of clipped
 * road triangles to a few hundred thousand pixels, far inside float64's exact range.
 */
export const NEAR_M = 0.05;

/** Pinhole intrinsics of the target image plus the frustum's half-slopes for rejection. */
export interface Projection {
  readonly focalPx: number;
  readonly cxPx: number;
  readonly cyPx: number;
  /** Visible |x_c / z_c| and |y_c / z_c| limits (half image size over focal length). */
  readonly slopeX: number;
  readonly slopeY: number;
}

export function makeProjection(focalPx: number, widthPx: number, heightPx: number): Projection {
  return { focalPx, cxPx: widthPx / 2, cyPx: heightPx / 2, slopeX: widthPx / 2 / focalPx, slopeY: heightPx / 2 / focalPx };
}

/** Clipped polygon scratch: up to 4 vertices of (x, y, z). */
const clipped = new Float64Array(12);

function clipEdge(n: number, ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  // Called for the edge a -> b; emits the crossing and b as Sutherland-Hodgman prescribes.
  const aIn = az >= NEAR_M;
  const bIn = bz >= NEAR_M;
  if (aIn !== bIn) {
    const t = (NEAR_M - az) / (bz - az);
    clipped[3 * n] = ax + t * (bx - ax);
    clipped[3 * n + 1] = ay + t * (by - ay);
    clipped[3 * n + 2] = NEAR_M;
    n++;
  }
  if (bIn) {
    clipped[3 * n] = bx;
    clipped[3 * n + 1] = by;
    clipped[3 * n + 2] = bz;
    n++;
  }
  return n;
}

function projectFill(t: RasterTarget, p: Projection, i: number, j: number, k: number, colour: number, cls: number, haze: Haze | null): void {
  const f = p.focalPx;
  const q0 = 1 / clipped[3 * i + 2];
  const q1 = 1 / clipped[3 * j + 2];
  const q2 = 1 / clipped[3 * k + 2];
  fillTriangle(
    t,
    p.cxPx + f * clipped[3 * i] * q0, p.cyPx + f * clipped[3 * i + 1] * q0, q0,
    p.cxPx + f * clipped[3 * j] * q1, p.cyPx + f * clipped[3 * j + 1] * q1, q1,
    p.cxPx + f * clipped[3 * k] * q2, p.cyPx + f * clipped[3 * k + 1] * q2, q2,
    colour,
    cls,
    haze,
  );
}

/**
 * Draws the camera-space triangle (x_c, y_c, z_c per vertex) with a flat colour and class id,
 * hazed per pixel when `haze` is given and the triangle reaches past its start.
 */
export function drawCameraTriangle(
  t: RasterTarget,
  p: Projection,
  x0: number, y0: number, z0: number,
  x1: number, y1: number, z1: number,
  x2: number, y2: number, z2: number,
  colour: number,
  cls: number,
  haze: Haze | null = null,
): void {
  if (z0 < NEAR_M && z1 < NEAR_M && z2 < NEAR_M) return;
  // Reject when all three vertices lie outside the same side plane (x = +-slopeX z, y = +-slopeY z);
  // these are half-spaces through the optical centre, so the test holds for any z.
  const sx = p.slopeX;
  const sy = p.slopeY;
  if (x0 > sx * z0 && x1 > sx * z1 && x2 > sx * z2) return;
  if (x0 < -sx * z0 && x1 < -sx * z1 && x2 < -sx * z2) return;
  if (y0 > sy * z0 && y1 > sy * z1 && y2 > sy * z2) return;
  if (y0 < -sy * z0 && y1 < -sy * z1 && y2 < -sy * z2) return;
  const h = haze !== null && Math.max(z0, z1, z2) > haze.startM ? haze : null;
  if (z0 >= NEAR_M && z1 >= NEAR_M && z2 >= NEAR_M) {
    const f = p.focalPx;
    const q0 = 1 / z0;
    const q1 = 1 / z1;
    const q2 = 1 / z2;
    fillTriangle(
      t,
      p.cxPx + f * x0 * q0, p.cyPx + f * y0 * q0, q0,
      p.cxPx + f * x1 * q1, p.cyPx + f * y1 * q1, q1,
      p.cxPx + f * x2 * q2, p.cyPx + f * y2 * q2, q2,
      colour,
      cls,
      h,
    );
    return;
  }
  let n = clipEdge(0, x2, y2, z2, x0, y0, z0);
  n = clipEdge(n, x0, y0, z0, x1, y1, z1);
  n = clipEdge(n, x1, y1, z1, x2, y2, z2);
  if (n >= 3) projectFill(t, p, 0, 1, 2, colour, cls, h);
  if (n === 4) projectFill(t, p, 0, 2, 3, colour, cls, h);
}
