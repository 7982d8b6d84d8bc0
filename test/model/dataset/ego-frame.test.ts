import { futureTrajectories, toEgoFrame } from '../../../model/dataset/ego-frame';
import { wrapAngle as wrapAngleRad } from '../../../sim/geometry/angle';
import type { Pose2 } from '../../../sim/types';

describe('toEgoFrame', () => {
  it('puts a point 3 m north of an ego facing north straight ahead (hand-computed)', () => {
    const r = toEgoFrame({ x: 1, y: 2, yaw: Math.PI / 2 }, { x: 1, y: 5, yaw: Math.PI });
    expect(r.dx).toBeCloseTo(3, 12);
    expect(r.dy).toBeCloseTo(0, 12);
    expect(r.dyaw).toBeCloseTo(Math.PI / 2, 12);
  });

  it.each([
    [{ x: 0, y: 0, yaw: 0 }, { x: 2, y: 1, yaw: 0.3 }, 2, 1, 0.3],
    [{ x: 0, y: 0, yaw: Math.PI }, { x: -2, y: 0, yaw: Math.PI }, 2, 0, 0],
    [{ x: 10, y: 0, yaw: -Math.PI / 2 }, { x: 11, y: 0, yaw: 0 }, 0, 1, Math.PI / 2],
    [{ x: 0, y: 0, yaw: 3 }, { x: 0, y: 0, yaw: -3 }, 0, 0, 2 * Math.PI - 6],
  ])('maps %j seen from %j to the right relative pose', (origin, pose, dx, dy, dyaw) => {
    const r = toEgoFrame(origin as Pose2, pose as Pose2);
    expect(r.dx).toBeCloseTo(dx, 12);
    expect(r.dy).toBeCloseTo(dy, 12);
    expect(r.dyaw).toBeCloseTo(dyaw, 12);
  });

  it('preserves distances (a rigid transform)', () => {
    const origin = { x: 3.2, y: -7.1, yaw: 2.2 };
    for (const p of [{ x: 5, y: 5, yaw: 0 }, { x: -40, y: 12, yaw: 1 }]) {
      const r = toEgoFrame(origin, p);
      expect(Math.hypot(r.dx, r.dy)).toBeCloseTo(Math.hypot(p.x - origin.x, p.y - origin.y), 10);
    }
  });

  it('wraps angles to (-pi, pi]', () => {
    expect(wrapAngleRad(Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngleRad(-Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngleRad(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
  });
});

describe('futureTrajectories', () => {
  // An ego driving +x at 1 m per frame, turning 0.1 rad per frame.
  const poses: Pose2[] = Array.from({ length: 5 }, (_, i) => ({ x: i, y: 0, yaw: 0.1 * i }));

  it('gives the poses at t + 1 .. t + K in the frame at t and marks the padding invalid', () => {
    const K = 3;
    const out = new Float32Array(poses.length * K * 3);
    const valid = new Uint8Array(poses.length * K);
    futureTrajectories(poses, poses.length, K, out, valid);
    // Frame 1 (x 1, yaw 0.1), k = 2 -> pose 3 (x 3): dx = 2 cos 0.1, dy = -2 sin 0.1, dyaw = 0.2.
    const o = (1 * K + 1) * 3;
    expect(out[o]).toBeCloseTo(2 * Math.cos(0.1), 6);
    expect(out[o + 1]).toBeCloseTo(-2 * Math.sin(0.1), 6);
    expect(out[o + 2]).toBeCloseTo(0.2, 6);
    expect(Array.from(valid)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(out.subarray((4 * K) * 3))).toEqual(new Array(K * 3).fill(0));
  });
});
