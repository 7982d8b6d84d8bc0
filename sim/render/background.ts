/**
 * Sky and grass behind everything, and the haze that distant surfaces fade into.
 *
 * The camera is level (no roll) at a fixed height above a flat ground, so the background depends
 * on the image row only and not on the ego pose: it is computed once per renderer and copied into
 * the frame buffers at the start of every frame. A ray through row centre v has camera direction
 * (x_n, y_n, 1) with y_n = (v - c_y) / f, whose world z component is
 *
 *   d_z = -y_n cos(pitch) + sin(pitch)      (independent of x_n),
 *
 * so the horizon is the row where d_z = 0, and below it the ray meets the ground at planar depth
 * z_c = h / (-d_z), the same for every pixel of the row.
 */
import { faceShade, packLit, packRgb, type Appearance, type Rgb } from './appearance';
import type { CameraModel } from './camera-model';
import { SEMANTIC_IDS } from './semantic-classes';

export interface Background {
  /** Packed colour per pixel (0x00BBGGRR), already hazed. */
  readonly colour: Uint32Array;
  readonly classes: Uint8Array;
  /** Planar depth per row, m: the ground's, or Infinity for sky. */
  readonly rowDepthM: Float64Array;
}

/** Haze share at planar depth d: fogMax * clamp((d - fogStart) / (far - fogStart), 0, 1). */
export function fogShare(a: Appearance, drawDistanceM: number, depthM: number): number {
  if (!(depthM > a.fogStartM)) return 0;
  if (!(drawDistanceM > a.fogStartM) || depthM >= drawDistanceM) return a.fogMax;
  return (a.fogMax * (depthM - a.fogStartM)) / (drawDistanceM - a.fogStartM);
}

/** Packed colour c (0x00BBGGRR) blended towards `haze` by share t. */
export function hazePacked(c: number, haze: Rgb, t: number): number {
  const r = c & 0xff;
  const g = (c >>> 8) & 0xff;
  const b = (c >>> 16) & 0xff;
  return (
    Math.round(r + (haze[0] - r) * t) |
    (Math.round(g + (haze[1] - g) * t) << 8) |
    (Math.round(b + (haze[2] - b) * t) << 16)
  );
}

/** Sky colour at elevation angle e (rad): horizon colour at 0 blending to zenith at 60 degrees. */
function skyColour(a: Appearance, elevationRad: number): number {
  const t = Math.min(1, Math.max(0, elevationRad / (Math.PI / 3)));
  // sqrt: the sky darkens quickly just above the horizon, then slowly.
  const s = Math.sqrt(t);
  return packRgb([
    a.skyHorizon[0] + (a.skyZenith[0] - a.skyHorizon[0]) * s,
    a.skyHorizon[1] + (a.skyZenith[1] - a.skyHorizon[1]) * s,
    a.skyHorizon[2] + (a.skyZenith[2] - a.skyHorizon[2]) * s,
  ]);
}

export function buildBackground(camera: CameraModel, scale: number, a: Appearance, drawDistanceM: number): Background {
  const w = camera.widthPx * scale;
  const h = camera.heightPx * scale;
  const focal = w / 2 / Math.tan(camera.fovRad / 2);
  const cp = Math.cos(camera.pitchRad);
  const sp = Math.sin(camera.pitchRad);
  const grass = packLit(a.grass, faceShade(a, 0, 0, 1), a.light);
  const colour = new Uint32Array(w * h);
  const classes = new Uint8Array(w * h);
  const rowDepthM = new Float64Array(h);
  for (let y = 0; y < h; y++) {
    const yn = (y + 0.5 - h / 2) / focal;
    const dz = -yn * cp + sp;
    let c: number;
    if (dz < 0) {
      rowDepthM[y] = camera.mountHeightM / -dz;
      c = hazePacked(grass, a.haze, fogShare(a, drawDistanceM, rowDepthM[y]));
      classes.fill(SEMANTIC_IDS.ground, y * w, (y + 1) * w);
    } else {
      rowDepthM[y] = Infinity;
      // Elevation of the row's central ray: atan2(d_z, horizontal length of (0, y_n, 1) in world).
      c = skyColour(a, Math.atan2(dz, Math.sqrt(Math.max(0, 1 + yn * yn - dz * dz))));
      classes.fill(SEMANTIC_IDS.sky, y * w, (y + 1) * w);
    }
    colour.fill(c, y * w, (y + 1) * w);
  }
  return { colour, classes, rowDepthM };
}
