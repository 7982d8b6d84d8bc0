import { offsetCurve, sampleArc, sampleClothoid, sampleLine } from '../../../sim/geometry/sample-curves';

/**
 * Independent reference: midpoint rule with 1 mm steps on yaw(s) = yaw0 + k0 s + c s^2 / 2; its
 * error ~ s * h^2 * max|kappa|^2 / 24 is below 1e-8 m here.
 */
function clothoidReference(yaw0: number, k0: number, k1: number, lengthM: number, s: number) {
  const c = (k1 - k0) / lengthM;
  const steps = Math.max(1, Math.round(s / 1e-3));
  const h = s / steps;
  let x = 0;
  let y = 0;
  for (let j = 0; j < steps; j++) {
    const m = (j + 0.5) * h;
    const yaw = yaw0 + k0 * m + 0.5 * c * m * m;
    x += h * Math.cos(yaw);
    y += h * Math.sin(yaw);
  }
  return { x, y };
}

describe('sampleLine', () => {
  test('places equally spaced points along the heading, no gap wider than the spacing', () => {
    const pts = sampleLine({ x: 1, y: 2, yaw: Math.PI / 2 }, 10, 3);
    expect(pts).toHaveLength(5); // ceil(10 / 3) = 4 intervals of 2.5 m
    pts.forEach((p, k) => {
      expect(p.x).toBeCloseTo(1, 12);
      expect(p.y).toBeCloseTo(2 + 2.5 * k, 12);
      expect(p.yaw).toBeCloseTo(Math.PI / 2, 12);
      expect(p.curvature).toBe(0);
    });
  });

  test.each([
    ['zero length', 0, 1, /lengthM must be a finite number > 0/],
    ['negative spacing', 5, -1, /maxSpacingM must be a finite number > 0/],
    ['NaN length', NaN, 1, /lengthM/],
  ])('rejects %s', (_name, lengthM, spacingM, message) => {
    expect(() => sampleLine({ x: 0, y: 0, yaw: 0 }, lengthM, spacingM)).toThrow(message);
  });
});

describe('sampleArc', () => {
  test.each([
    [10, 1],
    [-10, 1],
    [50, 0.5],
    [1e7, 1], // nearly straight: the sinc series must not lose digits
  ])('puts every sample on the analytic circle of radius %p', (radiusSigned, yaw0) => {
    const kappa = 1 / radiusSigned;
    const start = { x: 3, y: -1, yaw: yaw0 };
    const pts = sampleArc(start, kappa, 25, 0.5);
    const cx = start.x - radiusSigned * Math.sin(yaw0);
    const cy = start.y + radiusSigned * Math.cos(yaw0);
    pts.forEach((p, k) => {
      const s = (25 * k) / (pts.length - 1);
      expect(p.x).toBeCloseTo(cx + radiusSigned * Math.sin(yaw0 + kappa * s), 6);
      expect(p.y).toBeCloseTo(cy - radiusSigned * Math.cos(yaw0 + kappa * s), 6);
      expect(Math.cos(p.yaw)).toBeCloseTo(Math.cos(yaw0 + kappa * s), 12);
      expect(p.curvature).toBe(kappa);
    });
  });

  test('a quarter circle of radius 10 from the origin ends at (10, 10) facing north', () => {
    const pts = sampleArc({ x: 0, y: 0, yaw: 0 }, 0.1, (Math.PI / 2) * 10, 1);
    const end = pts[pts.length - 1];
    expect(end.x).toBeCloseTo(10, 12);
    expect(end.y).toBeCloseTo(10, 12);
    expect(end.yaw).toBeCloseTo(Math.PI / 2, 12);
  });
});

describe('sampleClothoid', () => {
  test.each([
    [0, 0.1, 30, 0],
    [0.1, 0, 30, 1],
    [-0.05, 0.08, 100, -2],
    [0, 1 / 15, 60, 0.4],
  ])('matches a fine numeric integration within 1 cm (k0 %p, k1 %p, L %p)', (k0, k1, lengthM, yaw0) => {
    const pts = sampleClothoid({ x: 0, y: 0, yaw: yaw0 }, k0, k1, lengthM, 2);
    for (const k of [1, Math.floor(pts.length / 2), pts.length - 1]) {
      const s = (lengthM * k) / (pts.length - 1);
      const ref = clothoidReference(yaw0, k0, k1, lengthM, s);
      expect(Math.hypot(pts[k].x - ref.x, pts[k].y - ref.y)).toBeLessThan(1e-5); // well inside 1 cm
      expect(pts[k].curvature).toBeCloseTo(k0 + ((k1 - k0) * s) / lengthM, 12);
    }
  });

  test('with equal end curvatures it is the arc of that curvature', () => {
    const clothoid = sampleClothoid({ x: 0, y: 0, yaw: 0 }, 0.05, 0.05, 40, 1);
    const arc = sampleArc({ x: 0, y: 0, yaw: 0 }, 0.05, 40, 1);
    clothoid.forEach((p, k) => {
      expect(p.x).toBeCloseTo(arc[k].x, 9);
      expect(p.y).toBeCloseTo(arc[k].y, 9);
    });
  });

  test('a ramp 0 -> 1/R over L turns the heading by L / (2 R)', () => {
    const pts = sampleClothoid({ x: 0, y: 0, yaw: 0 }, 0, 1 / 20, 10, 0.5);
    expect(pts[pts.length - 1].yaw).toBeCloseTo(10 / 40, 12);
  });
});

describe('offsetCurve', () => {
  test('offsets an arc to the concentric arc and rescales its curvature', () => {
    const arc = sampleArc({ x: 0, y: 0, yaw: 0 }, 0.1, 10, 1); // centre (0, 10)
    const inner = offsetCurve(arc, 3);
    for (const p of inner) {
      expect(Math.hypot(p.x, p.y - 10)).toBeCloseTo(7, 12);
      expect(p.curvature).toBeCloseTo(1 / 7, 12);
    }
  });

  test('refuses an offset that reaches the centre of curvature', () => {
    const arc = sampleArc({ x: 0, y: 0, yaw: 0 }, 0.1, 10, 1);
    expect(() => offsetCurve(arc, 10)).toThrow(/reaches the centre of curvature/);
  });
});
