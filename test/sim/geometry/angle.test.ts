import { wrapAngle } from '../../../sim/geometry/angle';

const PI = Math.PI;

describe('wrapAngle', () => {
  test.each([
    [0, 0],
    [PI / 2, PI / 2],
    [PI, PI],
    [-PI, PI],
    [3 * PI, PI],
    [-3 * PI, PI],
    [2 * PI, 0],
    [1.5 * PI, -0.5 * PI],
    [-1.5 * PI, 0.5 * PI],
    [7.25 * PI, -0.75 * PI],
  ])('maps %p to %p', (input, expected) => {
    expect(wrapAngle(input)).toBeCloseTo(expected, 12);
  });

  test('always lands in (-pi, pi] and keeps the direction', () => {
    const bad: number[] = [];
    for (let k = -400; k <= 400; k++) {
      const a = k * 0.173;
      const w = wrapAngle(a);
      const inRange = w > -PI && w <= PI;
      const sameDirection = Math.abs(Math.cos(w) - Math.cos(a)) < 1e-9 && Math.abs(Math.sin(w) - Math.sin(a)) < 1e-9;
      if (!inRange || !sameDirection) bad.push(a);
    }
    expect(bad).toEqual([]);
  });
});
