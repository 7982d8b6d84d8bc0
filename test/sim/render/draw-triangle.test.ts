import { drawCameraTriangle, makeProjection, NEAR_M } from '../../../sim/render/draw-triangle';
import { createRasterTarget } from '../../../sim/render/raster';

const P = makeProjection(16, 32, 32);

function draw(tri: number[]): Float32Array {
  const t = createRasterTarget(32, 32);
  const [x0, y0, z0, x1, y1, z1, x2, y2, z2] = tri;
  drawCameraTriangle(t, P, x0, y0, z0, x1, y1, z1, x2, y2, z2, 1, 1);
  return t.inverseDepth;
}

describe('drawCameraTriangle', () => {
  test('projects with u = cx + f x / z: a square 1 m wide at 4 m covers 4 x 4 pixels at the centre', () => {
    const t = createRasterTarget(32, 32);
    drawCameraTriangle(t, P, -0.5, -0.5, 4, 0.5, -0.5, 4, 0.5, 0.5, 4, 1, 1);
    drawCameraTriangle(t, P, -0.5, -0.5, 4, 0.5, 0.5, 4, -0.5, 0.5, 4, 1, 1);
    // u, v in [16 - 2, 16 + 2]: pixel centres 14.5 .. 17.5.
    const cols = new Set<number>();
    t.inverseDepth.forEach((q, i) => {
      if (q > 0) cols.add(i % 32);
    });
    expect([...cols].sort((a, b) => a - b)).toEqual([14, 15, 16, 17]);
    expect(t.inverseDepth[16 * 32 + 16]).toBeCloseTo(0.25, 6);
  });

  test('a ground triangle reaching behind the camera draws exactly its visible part', () => {
    // Ground 1 m below the camera from z = -10 to 30; the part at z < 0.5 projects below the image
    // (v > 16 + 16 / 0.5), so clipping at the near plane must give the same image as cutting at 0.5.
    const through = draw([-3, 1, -10, 3, 1, -10, 0, 1, 30]);
    // Hand-clipped at z = 0.5: the edges from the far vertex meet z = 0.5 at x = -+3 * 29.5 / 40.
    const x = (3 * 29.5) / 40;
    const cut = createRasterTarget(32, 32);
    drawCameraTriangle(cut, P, -x, 1, 0.5, x, 1, 0.5, 0, 1, 30, 1, 1);
    expect(Array.from(through)).toEqual(Array.from(cut.inverseDepth));
    expect(through.some((q) => q > 0)).toBe(true);
  });

  test.each([
    ['behind the camera', [-1, 0, -1, 1, 0, -2, 0, 1, -3]],
    ['inside the near plane', [-1, 0, NEAR_M / 2, 1, 0, NEAR_M / 2, 0, 1, NEAR_M / 2]],
    ['right of the view', [30, 0, 5, 31, 0, 5, 30, 1, 5]],
    ['left of the view', [-30, 0, 5, -31, 0, 5, -30, 1, 5]],
    ['above the view', [0, -30, 5, 1, -30, 5, 0, -31, 5]],
    ['below the view', [0, 30, 5, 1, 30, 5, 0, 31, 5]],
  ])('draws nothing for a triangle %s', (_, tri) => {
    expect(draw(tri).every((q) => q === 0)).toBe(true);
  });

  test('depth after clipping is perspective-correct: q at each pixel is 1 / z of the ground point seen there', () => {
    // Ground plane y = 1 (1 m below): a pixel row v sees it at z = f / (v - cy), so q = (v - cy) / f.
    const q = draw([-3, 1, -10, 3, 1, -10, 0, 1, 30]);
    for (let i = 0; i < q.length; i++) {
      if (q[i] > 0) expect(q[i]).toBeCloseTo((Math.floor(i / 32) + 0.5 - 16) / 16, 5);
    }
  });
});
