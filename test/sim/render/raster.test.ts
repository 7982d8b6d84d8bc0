import { createRasterTarget, fillTriangle } from '../../../sim/render/raster';

function covered(t: ReturnType<typeof createRasterTarget>): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.inverseDepth.length; i++) if (t.inverseDepth[i] > 0) out.push(`${i % t.widthPx},${Math.floor(i / t.widthPx)}`);
  return out;
}

describe('fillTriangle', () => {
  test('covers exactly the pixels whose centres lie in the triangle (hand-counted: 10 for a 4 px right triangle)', () => {
    const t = createRasterTarget(8, 8);
    fillTriangle(t, 0, 0, 1, 4, 0, 1, 0, 4, 1, 0xff, 3);
    // Centres (x + 0.5, y + 0.5) with x + y + 1 <= 4, edges included.
    const expected: string[] = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (x + y <= 3) expected.push(`${x},${y}`);
    expect(covered(t)).toEqual(expected);
    expect(t.colour[0]).toBe(0xff);
    expect(t.classes[0]).toBe(3);
  });

  test('interpolates inverse depth as a plane in screen space', () => {
    const t = createRasterTarget(8, 8);
    // q = 0.1 + 0.05 u + 0.02 v at the three vertices.
    const q = (u: number, v: number) => 0.1 + 0.05 * u + 0.02 * v;
    fillTriangle(t, 0, 0, q(0, 0), 8, 0, q(8, 0), 0, 8, q(0, 8), 1, 1);
    expect(t.inverseDepth[2 * 8 + 3]).toBeCloseTo(q(3.5, 2.5), 6);
    expect(t.inverseDepth[0]).toBeCloseTo(q(0.5, 0.5), 6);
  });

  test('two triangles sharing an edge tile a square with no gap, in either winding', () => {
    const t = createRasterTarget(6, 6);
    fillTriangle(t, 1, 1, 1, 5, 1, 1, 5, 5, 1, 1, 1);
    fillTriangle(t, 1, 1, 1, 1, 5, 1, 5, 5, 1, 1, 1); // clockwise on screen
    expect(covered(t)).toHaveLength(16);
  });

  test('keeps the nearest surface whatever the drawing order', () => {
    const draw = (order: number[]) => {
      const t = createRasterTarget(4, 4);
      for (const k of order) fillTriangle(t, -1, -1, k, 9, -1, k, -1, 9, k, k, k);
      return [t.colour[5], t.classes[5], t.inverseDepth[5]];
    };
    expect(draw([1, 2, 3])).toEqual([3, 3, 3]);
    expect(draw([3, 1, 2])).toEqual([3, 3, 3]);
  });

  test.each([
    ['collinear', [0, 0, 2, 2, 4, 4]],
    ['a single point', [2, 2, 2, 2, 2, 2]],
    ['off the image', [-10, -10, -5, -10, -10, -5]],
    ['between pixel centres', [0.6, 0.6, 0.9, 0.6, 0.6, 0.9]],
    ['not a number', [NaN, 0, 4, 0, 0, 4]],
  ])('draws nothing for a triangle that is %s', (_, [u0, v0, u1, v1, u2, v2]) => {
    const t = createRasterTarget(8, 8);
    fillTriangle(t, u0, v0, 1, u1, v1, 1, u2, v2, 1, 1, 1);
    expect(covered(t)).toEqual([]);
  });
});
