/**
 * Ego reprojection against the renderer's own camera (sim/render/camera-model.ts): a ground point
 * seen at a pixel after the motion is where the map says it was before, and the sky only turns.
 */
import { composeMotion, NO_MOTION, reproject, reprojectionMap, type EgoMotion } from '../../../model/runtime/ego-reprojection';
import { cameraFrame, DEFAULT_CAMERA_MODEL, projectPoint } from '../../../sim/render/camera-model';
import type { Pose2 } from '../../../sim/types';

const camera = DEFAULT_CAMERA_MODEL;
const W = camera.widthPx;

function after(pose: Pose2, m: EgoMotion): Pose2 {
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  return { x: pose.x + c * m.dx - s * m.dy, y: pose.y + s * m.dx + c * m.dy, yaw: pose.yaw + m.dyaw };
}

/** The world ray through pixel (i, j)'s centre of the camera at `pose`: origin and direction. */
function ray(pose: Pose2, i: number, j: number) {
  const f = cameraFrame(pose, camera);
  const a = (i + 0.5 - f.cxPx) / f.focalPx;
  const b = (j + 0.5 - f.cyPx) / f.focalPx;
  return {
    o: [f.x, f.y, f.z],
    d: [f.forwardX + a * f.rightX + b * f.downX, f.forwardY + a * f.rightY + b * f.downY, f.forwardZ + b * f.downZ],
  };
}

describe('reprojectionMap', () => {
  const start: Pose2 = { x: 12, y: -3, yaw: 0.7 };
  const motions: EgoMotion[] = [
    { dx: 1.5, dy: 0, dyaw: 0 },
    { dx: 2.2, dy: 0.3, dyaw: 0.08 },
    { dx: 0.8, dy: -0.2, dyaw: -0.15 },
  ];

  it.each(motions)('sends a ground pixel after %o to where the earlier camera saw that ground point', (m) => {
    const map = reprojectionMap(camera, m);
    const later = after(start, m);
    for (const [i, j] of [[5, 60], [32, 50], [60, 40], [20, 34]]) {
      const { o, d } = ray(later, i, j);
      const t = -o[2] / d[2];
      const p = projectPoint(cameraFrame(start, camera), o[0] + t * d[0], o[1] + t * d[1], 0)!;
      const k = (j * W + i) * 2;
      expect(map[k]).toBeCloseTo(p.u, 3);
      expect(map[k + 1]).toBeCloseTo(p.v, 3);
    }
  });

  it('turns the sky with the yaw only: a far point keeps its place under pure translation', () => {
    const m = { dx: 3, dy: 1, dyaw: 0.1 };
    const map = reprojectionMap(camera, m);
    const later = after(start, m);
    const { o, d } = ray(later, 40, 10);
    const far = 1e7;
    const p = projectPoint(cameraFrame(start, camera), o[0] + far * d[0], o[1] + far * d[1], o[2] + far * d[2])!;
    const k = (10 * W + 40) * 2;
    expect(map[k]).toBeCloseTo(p.u, 2);
    expect(map[k + 1]).toBeCloseTo(p.v, 2);
  });

  it('is the identity without motion, and reproject then returns the frame unchanged', () => {
    const map = reprojectionMap(camera, NO_MOTION);
    for (let p = 0; p < W * camera.heightPx; p++) {
      expect(map[2 * p]).toBeCloseTo((p % W) + 0.5, 9);
      expect(map[2 * p + 1]).toBeCloseTo(Math.floor(p / W) + 0.5, 9);
    }
    const frame = Uint8Array.from({ length: W * camera.heightPx * 3 }, (_, i) => (i * 37) % 256);
    expect(Buffer.from(reproject(frame, W, camera.heightPx, map)).equals(Buffer.from(frame))).toBe(true);
  });

  it('resamples float frames without rounding, bilinearly, as it does bytes', () => {
    const H = camera.heightPx;
    const half = new Float32Array(W * H * 2);
    for (let p = 0; p < W * H; p++) {
      half[2 * p] = (p % W) + 1; // half a pixel to the right of each pixel centre
      half[2 * p + 1] = Math.floor(p / W) + 0.5;
    }
    const frame = Float32Array.from({ length: W * H * 3 }, (_, i) => ((i * 37) % 256) / 255 - 0.3);
    const out = reproject(frame, W, H, half);
    expect(out).toBeInstanceOf(Float32Array);
    const at = (x: number, y: number, c: number) => (y * W + x) * 3 + c;
    expect(out[at(5, 7, 1)]).toBeCloseTo((frame[at(5, 7, 1)] + frame[at(6, 7, 1)]) / 2, 6);
    const bytes = Uint8Array.from(frame, (v) => Math.round((v + 0.3) * 255));
    expect(reproject(bytes, W, H, half)[at(5, 7, 1)]).toBe(Math.round((bytes[at(5, 7, 1)] + bytes[at(6, 7, 1)]) / 2));
  });

  it('marks ground that was behind the earlier camera as unseen (after reversing), and keeps ground it saw', () => {
    // the bottom row looks at ground ~1 m ahead: after 30 m forwards the earlier camera saw it 31 m
    // ahead; after 30 m backwards it lay 29 m behind that camera
    const bottom = (63 * W + 32) * 2;
    expect(Number.isNaN(reprojectionMap(camera, { dx: 30, dy: 0, dyaw: 0 })[bottom])).toBe(false);
    expect(Number.isNaN(reprojectionMap(camera, { dx: -30, dy: 0, dyaw: 0 })[bottom])).toBe(true);
  });
});

describe('composeMotion', () => {
  it('chains two motions as poses do', () => {
    const a = { dx: 2, dy: 0.5, dyaw: 0.3 };
    const b = { dx: 1, dy: -0.2, dyaw: -0.1 };
    const origin: Pose2 = { x: 0, y: 0, yaw: 0 };
    const chained = after(after(origin, a), b);
    const c = composeMotion(a, b);
    expect(c.dx).toBeCloseTo(chained.x, 12);
    expect(c.dy).toBeCloseTo(chained.y, 12);
    expect(c.dyaw).toBeCloseTo(chained.yaw, 12);
  });
});
