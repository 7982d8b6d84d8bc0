/**
 * The ego camera: an ideal pinhole fixed to the ego's box, and the per-frame camera frame derived
 * from the ego pose.
 *
 * Frames. World: x east, y north, z up (sim/types.ts plus height). Camera: x right, y down,
 * z forward along the optical axis (the OpenCV convention), so a world point P projects to
 *
 *   u = cx + f * x_c / z_c,   v = cy + f * y_c / z_c,   f = (W / 2) / tan(fov / 2),
 *
 * with square pixels, cx = W / 2, cy = H / 2, and pixel i covering [i, i + 1) (its centre at
 * i + 0.5). Hartley & Zisserman, "Multiple View Geometry", ch. 6. Depth values are z_c (planar
 * depth along the optical axis), as depth sensors and most datasets report.
 */
import type { Pose2 } from '../types';

/** A pinhole camera mounted on the ego; the scenario format's `camera` resolves to this. */
export interface CameraModel {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Horizontal field of view, rad. */
  readonly fovRad: number;
  /** Height of the optical centre above the ground, m. */
  readonly mountHeightM: number;
  /** Pitch, rad, negative looks down. */
  readonly pitchRad: number;
  /** Mount position in the ego frame (x forward, y left of the box centre), m. */
  readonly mountXM: number;
  readonly mountYM: number;
}

/** The scenario format's default camera (scenarios/spec-defaults.ts DEFAULT_CAMERA). */
export const DEFAULT_CAMERA_MODEL: CameraModel = {
  widthPx: 64,
  heightPx: 64,
  fovRad: (90 * Math.PI) / 180,
  mountHeightM: 1.4,
  pitchRad: (-5 * Math.PI) / 180,
  mountXM: 1.0,
  mountYM: 0,
};

/** Largest image side we render, px: beyond this a software renderer is the wrong tool. */
export const MAX_IMAGE_SIDE_PX = 4096;

/** Throws with the field's name unless the camera is usable. */
export function validateCameraModel(camera: CameraModel): void {
  const sides: [string, number][] = [['widthPx', camera.widthPx], ['heightPx', camera.heightPx]];
  for (const [name, v] of sides) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_IMAGE_SIDE_PX) {
      throw new RangeError(`camera.${name} must be an integer from 1 to ${MAX_IMAGE_SIDE_PX} (got ${v})`);
    }
  }
  if (!(camera.fovRad > 0 && camera.fovRad < Math.PI)) {
    throw new RangeError(`camera.fovRad must lie in (0, pi) (got ${camera.fovRad})`);
  }
  if (!(camera.mountHeightM > 0 && Number.isFinite(camera.mountHeightM))) {
    throw new RangeError(`camera.mountHeightM must be > 0: the camera must sit above the ground (got ${camera.mountHeightM})`);
  }
  if (!(Math.abs(camera.pitchRad) < Math.PI / 2)) {
    throw new RangeError(`camera.pitchRad must lie in (-pi/2, pi/2) (got ${camera.pitchRad})`);
  }
  if (!Number.isFinite(camera.mountXM) || !Number.isFinite(camera.mountYM)) {
    throw new RangeError(`camera.mountXM and mountYM must be finite (got ${camera.mountXM}, ${camera.mountYM})`);
  }
}

/** Focal length in pixels for an image `widthPx` wide: f = (W / 2) / tan(fov / 2). */
export function focalLengthPx(camera: CameraModel, widthPx = camera.widthPx): number {
  return widthPx / 2 / Math.tan(camera.fovRad / 2);
}

/**
 * A camera placed in the world for one frame: optical centre and the camera axes expressed in the
 * world frame (right, down, forward), plus intrinsics for an image of `widthPx` x `heightPx`.
 */
export interface CameraFrame {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly rightX: number;
  /** Right has no z component: the camera never rolls. */
  readonly rightY: number;
  readonly downX: number;
  readonly downY: number;
  readonly downZ: number;
  readonly forwardX: number;
  readonly forwardY: number;
  readonly forwardZ: number;
  readonly focalPx: number;
  readonly cxPx: number;
  readonly cyPx: number;
  readonly widthPx: number;
  readonly heightPx: number;
}

/**
 * The camera frame for an ego at `ego` (box centre on the ground). Forward is the ego heading
 * pitched by pitchRad; right = (sin yaw, -cos yaw, 0) (level: no roll); down = -(right x forward).
 * `scale` multiplies the resolution (supersampling).
 */
export function cameraFrame(ego: Pose2, camera: CameraModel, scale = 1): CameraFrame {
  const c = Math.cos(ego.yaw);
  const s = Math.sin(ego.yaw);
  const cp = Math.cos(camera.pitchRad);
  const sp = Math.sin(camera.pitchRad);
  const widthPx = camera.widthPx * scale;
  const heightPx = camera.heightPx * scale;
  return {
    x: ego.x + c * camera.mountXM - s * camera.mountYM,
    y: ego.y + s * camera.mountXM + c * camera.mountYM,
    z: camera.mountHeightM,
    rightX: s,
    rightY: -c,
    // up = right x forward = (-sp c, -sp s, cp); down is its negation.
    downX: sp * c,
    downY: sp * s,
    downZ: -cp,
    forwardX: cp * c,
    forwardY: cp * s,
    forwardZ: sp,
    focalPx: focalLengthPx(camera, widthPx),
    cxPx: widthPx / 2,
    cyPx: heightPx / 2,
    widthPx,
    heightPx,
  };
}

/** Camera-space coordinates of a world point (allocates; hot paths inline the same dot products). */
export function worldToCamera(f: CameraFrame, x: number, y: number, z: number): { x: number; y: number; z: number } {
  const dx = x - f.x;
  const dy = y - f.y;
  const dz = z - f.z;
  return {
    x: dx * f.rightX + dy * f.rightY,
    y: dx * f.downX + dy * f.downY + dz * f.downZ,
    z: dx * f.forwardX + dy * f.forwardY + dz * f.forwardZ,
  };
}

/** Pixel coordinates (u, v) of a world point in front of the camera, or null behind it. */
export function projectPoint(f: CameraFrame, x: number, y: number, z: number): { u: number; v: number; depthM: number } | null {
  const p = worldToCamera(f, x, y, z);
  if (!(p.z > 0)) return null;
  return { u: f.cxPx + (f.focalPx * p.x) / p.z, v: f.cyPx + (f.focalPx * p.y) / p.z, depthM: p.z };
}
