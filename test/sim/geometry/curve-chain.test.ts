import { sampleCurveChain } from '../../../sim/geometry/curve-chain';

describe('sampleCurveChain', () => {
  test('a line, a quarter circle and a line end where the hand sketch says', () => {
    const pts = sampleCurveChain(
      { x: 0, y: 0, yaw: 0 },
      [
        { kind: 'line', lengthM: 10 },
        { kind: 'arc', lengthM: (Math.PI / 2) * 20, curvature: 1 / 20 },
        { kind: 'line', lengthM: 5 },
      ],
      0.5,
    );
    const end = pts[pts.length - 1];
    expect(end.x).toBeCloseTo(30, 9);
    expect(end.y).toBeCloseTo(25, 9);
    expect(end.yaw).toBeCloseTo(Math.PI / 2, 12);
  });

  test('joins pieces without repeated points and gives the junction the mean curvature', () => {
    const pts = sampleCurveChain(
      { x: 0, y: 0, yaw: 0 },
      [
        { kind: 'line', lengthM: 2 },
        { kind: 'arc', lengthM: 2, curvature: 0.2 },
      ],
      1,
    );
    expect(pts).toHaveLength(5);
    expect(pts.map((p) => p.curvature)).toEqual([0, 0, 0.1, 0.2, 0.2]);
    for (let i = 1; i < pts.length; i++) {
      expect(Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y)).toBeGreaterThan(0.9);
    }
  });

  test('skips pieces of zero length and rejects a chain with none left', () => {
    const pts = sampleCurveChain({ x: 0, y: 0, yaw: 0 }, [{ kind: 'line', lengthM: 0 }, { kind: 'line', lengthM: 3 }], 1);
    expect(pts).toHaveLength(4);
    expect(() => sampleCurveChain({ x: 0, y: 0, yaw: 0 }, [{ kind: 'line', lengthM: 0 }], 1)).toThrow(/no length/);
    expect(() => sampleCurveChain({ x: 0, y: 0, yaw: 0 }, [{ kind: 'line', lengthM: -1 }], 1)).toThrow(/piece 0/);
  });
});
