/**
 * The ego-trajectory input of the dynamics: hand-computed rows, the dataset's conventions
 * (model/train/data.py: deltas zeroed where invalid, validity appended), and the constant-twist
 * extrapolation that stands in for a plan.
 */
import { composePose } from '../../../sim/geometry/se2';
import type { Pose2 } from '../../../sim/types';
import { extrapolateConstantTwist, TRAJECTORY_WIDTH, writeTrajectoryInput } from '../../../model/runtime/ego-trajectory-input';

const straight = (n: number, stepM: number, yaw = 0): Pose2[] =>
  Array.from({ length: n }, (_, i) => ({ x: 5 + i * stepM * Math.cos(yaw), y: -2 + i * stepM * Math.sin(yaw), yaw }));

describe('writeTrajectoryInput', () => {
  it('gives slot i the poses after frame i in the ego frame of frame i (hand-computed, straight line)', () => {
    const K = 3;
    const F = 2;
    const out = new Float32Array(K * F * TRAJECTORY_WIDTH);
    writeTrajectoryInput(straight(K + F, 1.5, Math.PI / 2), K, F, out);
    // Heading north at 1.5 m per step: in the ego frame every step is 1.5 m straight ahead.
    const expected = [1.5, 0, 0, 1, 3, 0, 0, 1];
    for (let i = 0; i < K; i++) {
      Array.from(out.subarray(i * F * 4, (i + 1) * F * 4)).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    }
  });

  it('gives a left turn a positive dy and dyaw (x forward, y left, yaw counter-clockwise)', () => {
    const out = new Float32Array(1 * 1 * 4);
    writeTrajectoryInput([{ x: 0, y: 0, yaw: 0 }, { x: 1, y: 0.2, yaw: 0.1 }], 1, 1, out);
    expect(Array.from(out)).toEqual([1, Math.fround(0.2), Math.fround(0.1), 1]);
  });

  it('marks the steps past the last pose invalid and zeroes them, as at the end of a dataset episode', () => {
    const K = 2;
    const F = 3;
    const out = new Float32Array(K * F * 4).fill(9);
    writeTrajectoryInput(straight(K + 1, 2), K, F, out); // poses of frames 0, 1, 2 only
    // slot 0 (frame 0): frames 1, 2 known, 3 not; slot 1 (frame 1): frame 2 known, 3 and 4 not
    expect(Array.from(out)).toEqual([2, 0, 0, 1, 4, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('writes at an offset and leaves the rest of the buffer alone', () => {
    const out = new Float32Array(2 + 4).fill(-7);
    writeTrajectoryInput(straight(2, 1), 1, 1, out, 2);
    expect(Array.from(out)).toEqual([-7, -7, 1, 0, 0, 1]);
  });

  it.each([
    [[{ x: 0, y: 0, yaw: 0 }], 1, 1, 4, /need at least K \+ 1 = 2 poses/],
    [straight(5, 1), 2, 2, 15, /out has 15 values, need 16 from offset 0/],
  ])('refuses too few poses or too small a buffer', (poses, K, F, size, message) => {
    expect(() => writeTrajectoryInput(poses, K, F, new Float32Array(size))).toThrow(message);
  });
});

describe('extrapolateConstantTwist', () => {
  it('continues a straight line at the same speed', () => {
    const [a, b] = extrapolateConstantTwist({ x: 0, y: 0, yaw: 0.3 }, { x: Math.cos(0.3), y: Math.sin(0.3), yaw: 0.3 }, 2);
    expect(a.x).toBeCloseTo(2 * Math.cos(0.3), 12);
    expect(a.y).toBeCloseTo(2 * Math.sin(0.3), 12);
    expect(b.x).toBeCloseTo(3 * Math.cos(0.3), 12);
    expect(b.yaw).toBeCloseTo(0.3, 12);
  });

  it('keeps a constant yaw rate on a circle: every extrapolated pose is on the circle the last step lies on', () => {
    const R = 20;
    const dTheta = 0.05;
    const onCircle = (t: number): Pose2 => ({ x: R * Math.sin(t), y: R * (1 - Math.cos(t)), yaw: t }); // left turn about (0, R)
    const poses = extrapolateConstantTwist(onCircle(0.4), onCircle(0.4 + dTheta), 12);
    poses.forEach((p, k) => {
      expect(Math.hypot(p.x, p.y - R)).toBeCloseTo(R, 9);
      expect(p.yaw).toBeCloseTo(0.4 + dTheta * (k + 2), 9);
    });
  });

  it('repeats the last step exactly: each pose is the previous one composed with that step', () => {
    const prev = { x: 3, y: 4, yaw: -1 };
    const step = { x: 0.9, y: -0.05, yaw: -0.02 };
    const cur = composePose(prev, step);
    let expected = cur;
    for (const p of extrapolateConstantTwist(prev, cur, 5)) {
      expected = composePose(expected, step);
      expect(p.x).toBeCloseTo(expected.x, 12);
      expect(p.y).toBeCloseTo(expected.y, 12);
      expect(p.yaw).toBeCloseTo(expected.yaw, 12);
    }
  });

  it('gives nothing for zero steps and refuses a negative count', () => {
    expect(extrapolateConstantTwist({ x: 0, y: 0, yaw: 0 }, { x: 1, y: 0, yaw: 0 }, 0)).toEqual([]);
    expect(() => extrapolateConstantTwist({ x: 0, y: 0, yaw: 0 }, { x: 1, y: 0, yaw: 0 }, -1)).toThrow(/steps must be an integer >= 0, got -1/);
  });
});
