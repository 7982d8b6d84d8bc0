import { lateralOffsetM, lateralRateMps, type LateralProfileShape } from '../../../sim/behaviours/lateral-profile';

const SHAPES: LateralProfileShape[] = ['linear', 'cubic', 'sinusoidal'];

describe('lateralOffsetM', () => {
  it.each(SHAPES)('%s starts at fromD, ends at toD and passes the midpoint halfway', (shape) => {
    expect(lateralOffsetM(shape, 3.5, 0, 1, 4, 0)).toBe(3.5);
    expect(lateralOffsetM(shape, 3.5, 0, 1, 4, 1)).toBe(3.5);
    expect(lateralOffsetM(shape, 3.5, 0, 1, 4, 3)).toBeCloseTo(1.75, 12);
    expect(lateralOffsetM(shape, 3.5, 0, 1, 4, 5)).toBe(0);
    expect(lateralOffsetM(shape, 3.5, 0, 1, 4, 9)).toBe(0);
  });

  it.each<[LateralProfileShape, number]>([
    // From -3.5 to 0 over [0, 4], at t = 1 (x = 0.25).
    ['linear', -3.5 + 3.5 * 0.25],
    ['cubic', -3.5 + 3.5 * (3 * 0.0625 - 2 * 0.015625)],
    ['sinusoidal', -3.5 + 3.5 * (1 - Math.SQRT1_2) / 2],
  ])('%s at a quarter of the way is %p m (hand-computed)', (shape, expected) => {
    expect(lateralOffsetM(shape, -3.5, 0, 0, 4, 1)).toBeCloseTo(expected, 12);
  });

  it.each(SHAPES)('%s is point-symmetric about the midpoint', (shape) => {
    for (const x of [0.1, 0.3, 0.45]) {
      const a = lateralOffsetM(shape, 0, 1, 0, 1, x);
      const b = lateralOffsetM(shape, 0, 1, 0, 1, 1 - x);
      expect(a + b).toBeCloseTo(1, 12);
    }
  });
});

describe('lateralRateMps', () => {
  it.each<[LateralProfileShape, number]>([
    ['linear', 3.5 / 4],
    ['cubic', 1.5 * 3.5 / 4],
    ['sinusoidal', (Math.PI / 2) * 3.5 / 4],
  ])('%s peaks at the middle with %p m/s', (shape, expected) => {
    expect(lateralRateMps(shape, 0, 3.5, 0, 4, 2)).toBeCloseTo(expected, 12);
  });

  it.each(['cubic', 'sinusoidal'] as const)('%s starts and ends with zero lateral speed', (shape) => {
    expect(lateralRateMps(shape, 0, 3.5, 0, 4, 0)).toBeCloseTo(0, 12);
    expect(lateralRateMps(shape, 0, 3.5, 0, 4, 4 - 1e-9)).toBeCloseTo(0, 6);
  });

  it.each(SHAPES)('%s matches the finite difference of the offset', (shape) => {
    const h = 1e-6;
    for (const t of [0.3, 1.1, 2.5, 3.9]) {
      const fd = (lateralOffsetM(shape, 2, -1.5, 0, 4, t + h) - lateralOffsetM(shape, 2, -1.5, 0, 4, t - h)) / (2 * h);
      expect(lateralRateMps(shape, 2, -1.5, 0, 4, t)).toBeCloseTo(fd, 6);
    }
  });
});
