/**
 * Ego-motion reprojection: where each pixel of a later frame was in an earlier frame of the same
 * camera, when the ego has moved by a known rigid motion in between and the scene is the flat
 * ground plus a sky at infinity. Rays below the horizon meet the ground (z = 0) and move with the
 * ego; rays above it are directions and only turn with its yaw. Anything standing on the ground
 * (actors, trees, buildings) is treated as the ground under it, so it slides and stretches: the
 * reprojected frame is a geometric prior for the model, not a rendering.
 *
 * The camera is sim/render/camera-model.ts's pinhole on the ego box (pixel i covers [i, i + 1)).
 */
import { focalLengthPx, type CameraModel } from '../../sim/render/camera-model';

/** A rigid ego motion in the ego frame of its start (x forward, y left, m; yaw rad, left positive). */
export interface EgoMotion {
  readonly dx: number;
  readonly dy: number;
  readonly dyaw: number;
}

export const NO_MOTION: EgoMotion = Object.freeze({ dx: 0, dy: 0, dyaw: 0 });

/** `first` then `second` (given in the frame where `first` ends), in the frame where `first` starts. */
export function composeMotion(first: EgoMotion, second: EgoMotion): EgoMotion {
  const c = Math.cos(first.dyaw);
  const s = Math.sin(first.dyaw);
  return { dx: first.dx + c * second.dx - s * second.dy, dy: first.dy + s * second.dx + c * second.dy, dyaw: first.dyaw + second.dyaw };
}

/** Ground farther than this is treated as a direction at infinity (rays that graze the horizon). */
const FAR_GROUND_M = 1000;
/** Points nearer than this in front of the earlier camera cannot be seen by it. */
const NEAR_M = 0.05;

/**
 * For every pixel (row-major) of the frame seen after `motion`, its (u, v) in the frame seen before,
 * in pixels (pixel centres at i + 0.5); NaN where the earlier camera did not see that point (behind it).
 */
export function reprojectionMap(camera: CameraModel, motion: EgoMotion): Float32Array {
  const { widthPx: W, heightPx: H } = camera;
  const f = focalLengthPx(camera);
  const cp = Math.cos(camera.pitchRad);
  const sp = Math.sin(camera.pitchRad);
  const c = Math.cos(motion.dyaw);
  const s = Math.sin(motion.dyaw);
  // The later camera's centre in the earlier ego frame, minus the earlier camera's centre.
  const ox = motion.dx + c * camera.mountXM - s * camera.mountYM - camera.mountXM;
  const oy = motion.dy + s * camera.mountXM + c * camera.mountYM - camera.mountYM;
  const map = new Float32Array(W * H * 2);
  for (let j = 0; j < H; j++) {
    const b = (j + 0.5 - H / 2) / f;
    // Ray (ego axes, later frame) = forward + a * right + b * down; right = (0, -1, 0), down = (sp, 0, -cp).
    const rx = cp + b * sp;
    const rz = sp - b * cp;
    const t = rz < 0 ? Math.min(camera.mountHeightM / -rz, FAR_GROUND_M) : 0;
    const finite = rz < 0 && t < FAR_GROUND_M;
    for (let i = 0; i < W; i++) {
      const a = (i + 0.5 - W / 2) / f;
      const ry = -a;
      // A ground point relative to the later camera, or a direction; rotated into the earlier frame.
      const px = finite ? rx * t : rx;
      const py = finite ? ry * t : ry;
      const pz = finite ? rz * t : rz;
      let qx = c * px - s * py;
      let qy = s * px + c * py;
      if (finite) {
        qx += ox;
        qy += oy;
      }
      const xc = -qy;
      const yc = qx * sp - pz * cp;
      const zc = qx * cp + pz * sp;
      const o = (j * W + i) * 2;
      if (zc <= (finite ? NEAR_M : 1e-6)) {
        map[o] = NaN;
        map[o + 1] = NaN;
      } else {
        map[o] = W / 2 + (f * xc) / zc;
        map[o + 1] = H / 2 + (f * yc) / zc;
      }
    }
  }
  return map;
}

/**
 * `src` (H, W, 3) resampled through `map` (reprojectionMap) with bilinear weights; samples
 * outside the image take the nearest edge pixel (the scene continues beyond the border as it looks
 * at it), NaN ones the source pixel at the same place (nothing better is known). 8-bit frames are
 * rounded; float frames (any range: decoded frames, their differences) are not.
 */
export function reproject<T extends Uint8Array | Float32Array>(src: T, widthPx: number, heightPx: number, map: Float32Array, out?: T): T {
  const dst = out ?? (src instanceof Float32Array ? new Float32Array(widthPx * heightPx * 3) : new Uint8Array(widthPx * heightPx * 3));
  const round = dst instanceof Uint8Array;
  const W = widthPx;
  const H = heightPx;
  for (let p = 0; p < W * H; p++) {
    let u = map[2 * p] - 0.5;
    let v = map[2 * p + 1] - 0.5;
    if (Number.isNaN(u) || Number.isNaN(v)) {
      u = p % W;
      v = Math.floor(p / W);
    }
    u = Math.min(Math.max(u, 0), W - 1);
    v = Math.min(Math.max(v, 0), H - 1);
    const i0 = Math.floor(u);
    const j0 = Math.floor(v);
    const i1 = Math.min(i0 + 1, W - 1);
    const j1 = Math.min(j0 + 1, H - 1);
    const fu = u - i0;
    const fv = v - j0;
    const w00 = (1 - fu) * (1 - fv);
    const w10 = fu * (1 - fv);
    const w01 = (1 - fu) * fv;
    const w11 = fu * fv;
    const a = (j0 * W + i0) * 3;
    const b = (j0 * W + i1) * 3;
    const d = (j1 * W + i0) * 3;
    const e = (j1 * W + i1) * 3;
    for (let ch = 0; ch < 3; ch++) {
      const v = w00 * src[a + ch] + w10 * src[b + ch] + w01 * src[d + ch] + w11 * src[e + ch];
      dst[p * 3 + ch] = round ? Math.round(v) : v;
    }
  }
  return dst as T;
}
