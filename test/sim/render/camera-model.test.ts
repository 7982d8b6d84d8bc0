import { cameraFrame, DEFAULT_CAMERA_MODEL, focalLengthPx, projectPoint, validateCameraModel, worldToCamera } from '../../../sim/render/camera-model';
import { LEVEL_CAMERA } from './scene';

describe('camera model', () => {
  test('places the camera at the mount point and looks along the ego heading (hand-computed)', () => {
    const f = cameraFrame({ x: 10, y: 5, yaw: Math.PI / 2 }, { ...LEVEL_CAMERA, mountXM: 1, mountYM: 0.5 });
    // Heading north: 1 m ahead is +y, 0.5 m left is -x.
    expect(f.x).toBeCloseTo(9.5, 12);
    expect(f.y).toBeCloseTo(6, 12);
    expect(f.z).toBe(1.4);
    expect([f.forwardX, f.forwardY, f.forwardZ].map((v) => v + 0)).toEqual([expect.closeTo(0, 12), 1, 0]);
    expect([f.rightX, f.rightY]).toEqual([1, expect.closeTo(0, 12)]);
    expect(f.focalPx).toBeCloseTo(32, 12);
  });

  test('projects a point straight ahead at camera height to the image centre and one below it lower', () => {
    const f = cameraFrame({ x: 0, y: 0, yaw: 0 }, LEVEL_CAMERA);
    expect(projectPoint(f, 11, 0, 1.4)).toEqual({ u: 32, v: 32, depthM: 10 });
    // 1 m to the right and 1.4 m below at 10 m: u = 32 + 32 / 10, v = 32 + 32 * 1.4 / 10.
    const p = projectPoint(f, 11, -1, 0)!;
    expect(p.u).toBeCloseTo(35.2, 12);
    expect(p.v).toBeCloseTo(36.48, 12);
    expect(projectPoint(f, -5, 0, 0)).toBeNull();
  });

  test.each([[0, 0], [0.7, -0.1], [-2.5, 0.3], [Math.PI, -0.6]])('camera axes are orthonormal and right-handed for yaw %p, pitch %p', (yaw, pitchRad) => {
    const f = cameraFrame({ x: 1, y: 2, yaw }, { ...DEFAULT_CAMERA_MODEL, pitchRad });
    const r = [f.rightX, f.rightY, 0];
    const d = [f.downX, f.downY, f.downZ];
    const w = [f.forwardX, f.forwardY, f.forwardZ];
    const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    for (const [a, b, want] of [[r, r, 1], [d, d, 1], [w, w, 1], [r, d, 0], [r, w, 0], [d, w, 0]] as const) expect(dot(a, b)).toBeCloseTo(want, 12);
    // right x down = forward (x, y, z camera axes are right-handed).
    expect(r[1] * d[2] - r[2] * d[1]).toBeCloseTo(w[0], 12);
    expect(r[2] * d[0] - r[0] * d[2]).toBeCloseTo(w[1], 12);
    expect(r[0] * d[1] - r[1] * d[0]).toBeCloseTo(w[2], 12);
    // Pitching down puts a far point at camera height above the centre row (y_c < 0).
    if (pitchRad < 0) expect(worldToCamera(f, f.x + 100 * Math.cos(yaw), f.y + 100 * Math.sin(yaw), f.z).y).toBeLessThan(0);
  });

  test('focal length is half the width over tan(fov / 2)', () => {
    expect(focalLengthPx({ ...LEVEL_CAMERA, fovRad: (2 * Math.PI) / 3 }, 128)).toBeCloseTo(64 / Math.sqrt(3), 12);
  });

  test.each([
    [{ heightPx: 2.5 }, /camera\.heightPx must be an integer/],
    [{ fovRad: 0 }, /camera\.fovRad must lie in \(0, pi\) \(got 0\)/],
    [{ mountHeightM: -1 }, /camera\.mountHeightM must be > 0/],
    [{ pitchRad: 2 }, /camera\.pitchRad must lie in \(-pi\/2, pi\/2\) \(got 2\)/],
    [{ mountXM: NaN }, /camera\.mountXM and mountYM must be finite/],
  ])('rejects %p', (patch, message) => {
    expect(() => validateCameraModel({ ...DEFAULT_CAMERA_MODEL, ...patch })).toThrow(message);
  });
});
