import { easedTurnPieces } from '../../../sim/geometry/eased-turn';
import { sampleCurveChain } from '../../../sim/geometry/curve-chain';

describe('easedTurnPieces', () => {
  test.each([
    [Math.PI / 2, 10],
    [-Math.PI / 2, 9.75],
    [Math.PI / 3, 40],
    [-Math.PI, 12],
  ])('turn by %p ends where an arc of radius %p would, within 1 micrometre', (angleRad, radiusM) => {
    const pts = sampleCurveChain({ x: 0, y: 0, yaw: 0 }, easedTurnPieces(angleRad, radiusM), 0.5);
    const end = pts[pts.length - 1];
    const sign = Math.sign(angleRad);
    const arcEnd = { x: radiusM * Math.sin(Math.abs(angleRad)), y: sign * radiusM * (1 - Math.cos(angleRad)) };
    expect(Math.hypot(end.x - arcEnd.x, end.y - arcEnd.y)).toBeLessThan(1e-6);
    expect(Math.cos(end.yaw - angleRad)).toBeCloseTo(1, 12);
  });

  test('starts and ends with zero curvature and peaks above the arc curvature', () => {
    const pieces = easedTurnPieces(Math.PI / 2, 10);
    const pts = sampleCurveChain({ x: 0, y: 0, yaw: 0 }, pieces, 0.5);
    expect(pts[0].curvature).toBe(0);
    expect(pts[pts.length - 1].curvature).toBeCloseTo(0, 12);
    const peak = Math.max(...pts.map((p) => p.curvature));
    expect(peak).toBeGreaterThan(1 / 10);
    expect(peak).toBeCloseTo(1.42 / 10, 3);
  });

  test.each([
    [0, 10, /angleRad/],
    [4, 10, /angleRad/],
    [1, 0, /equivalentRadiusM/],
  ])('rejects angle %p with radius %p', (angleRad, radiusM, message) => {
    expect(() => easedTurnPieces(angleRad, radiusM)).toThrow(message);
  });
});
