import { composePose, invertPose, toLocal, toWorld } from '../../../sim/geometry/se2';
import type { Pose2 } from '../../../sim/types';

function expectPoseClose(actual: Pose2, expected: Pose2): void {
  expect(actual.x).toBeCloseTo(expected.x, 9);
  expect(actual.y).toBeCloseTo(expected.y, 9);
  expect(Math.cos(actual.yaw)).toBeCloseTo(Math.cos(expected.yaw), 9);
  expect(Math.sin(actual.yaw)).toBeCloseTo(Math.sin(expected.yaw), 9);
}

describe('se2', () => {
  test('a point 2 m ahead of a pose facing north lies 2 m north of it', () => {
    const pose = { x: 10, y: 5, yaw: Math.PI / 2 };
    const p = toWorld(pose, 2, 1); // 2 m ahead, 1 m to the left (= west)
    expect(p.x).toBeCloseTo(9, 12);
    expect(p.y).toBeCloseTo(7, 12);
  });

  test('composing with a pose turned a quarter turn rotates the offset', () => {
    const a = { x: 1, y: 0, yaw: Math.PI / 2 };
    const b = { x: 2, y: 0, yaw: Math.PI / 2 };
    expectPoseClose(composePose(a, b), { x: 1, y: 2, yaw: Math.PI });
  });

  const poses: Pose2[] = [
    { x: 0, y: 0, yaw: 0 },
    { x: 3, y: -4, yaw: 0.3 },
    { x: -12.5, y: 7, yaw: -2.9 },
    { x: 100, y: 0.1, yaw: Math.PI },
  ];

  test.each(poses)('composing %p with its inverse gives the identity', (p) => {
    expectPoseClose(composePose(p, invertPose(p)), { x: 0, y: 0, yaw: 0 });
    expectPoseClose(composePose(invertPose(p), p), { x: 0, y: 0, yaw: 0 });
  });

  test.each(poses)('toLocal undoes toWorld for %p', (p) => {
    for (const [u, v] of [
      [0, 0],
      [5, -2],
      [-3.5, 8],
    ]) {
      const w = toWorld(p, u, v);
      const back = toLocal(p, w.x, w.y);
      expect(back.x).toBeCloseTo(u, 9);
      expect(back.y).toBeCloseTo(v, 9);
    }
  });

  test('yaw of a composition stays in (-pi, pi]', () => {
    const c = composePose({ x: 0, y: 0, yaw: 3 }, { x: 0, y: 0, yaw: 3 });
    expect(c.yaw).toBeCloseTo(6 - 2 * Math.PI, 12);
  });
});
