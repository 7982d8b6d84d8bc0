import { profileAccelMps2, profileSpeedMps, type SpeedProfileShape } from '../../../sim/behaviours/speed-profile';

const SHAPES: SpeedProfileShape[] = ['step', 'linear', 'cubic'];

describe('profileSpeedMps', () => {
  it.each(SHAPES)('%s holds fromMps before the start and toMps after the end', (shape) => {
    expect(profileSpeedMps(shape, 10, 20, 2, 4, 0)).toBe(10);
    expect(profileSpeedMps(shape, 10, 20, 2, 4, 1.999)).toBe(10);
    expect(profileSpeedMps(shape, 10, 20, 2, 4, 6)).toBe(20);
    expect(profileSpeedMps(shape, 10, 20, 2, 4, 100)).toBe(20);
  });

  it.each<[SpeedProfileShape, number, number]>([
    // Hand-computed at x = 0.25 from 10 to 20 over [2, 6] (t = 3).
    ['step', 3, 20],
    ['linear', 3, 12.5],
    ['cubic', 3, 10 + 10 * (3 * 0.0625 - 2 * 0.015625)], // 11.5625
    ['cubic', 4, 15], // the middle
  ])('%s at t = %p s is %p m/s', (shape, t, expected) => {
    expect(profileSpeedMps(shape, 10, 20, 2, 4, t)).toBeCloseTo(expected, 12);
  });

  it.each(SHAPES)('%s is monotone for a speed-up and for a slow-down', (shape) => {
    for (const [from, to] of [[5, 25], [25, 5]]) {
      let prev = profileSpeedMps(shape, from, to, 1, 3, 0);
      for (let t = 0; t <= 5; t += 0.01) {
        const v = profileSpeedMps(shape, from, to, 1, 3, t);
        expect((v - prev) * Math.sign(to - from)).toBeGreaterThanOrEqual(-1e-12);
        prev = v;
      }
    }
  });

  it('acts as a step when the duration is zero', () => {
    expect(profileSpeedMps('linear', 10, 0, 2, 0, 2)).toBe(0);
    expect(profileSpeedMps('cubic', 10, 0, 2, 0, 1.9)).toBe(10);
  });
});

describe('profileAccelMps2', () => {
  it.each<['linear' | 'cubic', number, number]>([
    ['linear', 3, 2.5],
    ['cubic', 2, 0],
    ['cubic', 4, 1.5 * 2.5], // peak at the middle: 1.5 (to - from) / duration
    ['cubic', 6, 0],
  ])('%s at t = %p s is %p m/s^2', (shape, t, expected) => {
    expect(profileAccelMps2(shape, 10, 20, 2, 4, t)).toBeCloseTo(expected, 12);
  });

  it('is zero for a step and outside the transition', () => {
    expect(profileAccelMps2('step', 10, 20, 2, 4, 2)).toBe(0);
    expect(profileAccelMps2('linear', 10, 20, 2, 4, 1)).toBe(0);
    expect(profileAccelMps2('linear', 10, 20, 2, 4, 7)).toBe(0);
  });

  it.each(['linear', 'cubic'] as const)('%s integrates to the speed change (trapezoid rule)', (shape) => {
    const dt = 1e-3;
    let integral = 0;
    for (let t = 0; t < 8; t += dt) {
      integral += 0.5 * dt * (profileAccelMps2(shape, 8, 3, 1, 5, t) + profileAccelMps2(shape, 8, 3, 1, 5, t + dt));
    }
    expect(integral).toBeCloseTo(3 - 8, 2);
  });

  it.each(['linear', 'cubic'] as const)('%s matches the finite difference of the speed', (shape) => {
    const h = 1e-6;
    for (const t of [1.3, 2.2, 3.7, 4.9]) {
      const fd = (profileSpeedMps(shape, 8, 3, 1, 5, t + h) - profileSpeedMps(shape, 8, 3, 1, 5, t - h)) / (2 * h);
      expect(profileAccelMps2(shape, 8, 3, 1, 5, t)).toBeCloseTo(fd, 6);
    }
  });
});
