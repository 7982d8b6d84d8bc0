/**
 * The Nurbs trajectory shape against analytic values: quadratic rational B-splines with weights
 * cos(45°) on the middle control points are exact circular arcs.
 */
import { evalNurbs, nurbsProblem, sampleNurbs, type NurbsControlPoint } from '../../../../scenarios/import/openscenario/nurbs';

const R = 50;
const W = Math.SQRT1_2;
const cp = (x: number, y: number, weight = 1, t: number | null = null): NurbsControlPoint => ({ x, y, t, weight });

describe('NURBS evaluation (de Boor, rational)', () => {
  it('a one-span quadratic with middle weight cos 45° is a quarter circle: samples within 1 mm of radius R', () => {
    const pts = [cp(R, 0), cp(R, R, W), cp(0, R)];
    const knots = [0, 0, 0, 1, 1, 1];
    expect(nurbsProblem(pts, knots, 3)).toBeNull();
    const samples = sampleNurbs(pts, knots, 3, 1);
    expect(samples.length).toBeGreaterThan(78); // quarter circle of R = 50 is 78.5 m long
    for (const s of samples) expect(Math.abs(Math.hypot(s.x, s.y) - R)).toBeLessThan(1e-3);
    expect(samples[0]).toMatchObject({ x: R, y: 0 });
    expect(samples[samples.length - 1].x).toBeCloseTo(0, 9);
    expect(samples[samples.length - 1].y).toBeCloseTo(R, 9);
    // Mid-parameter of this symmetric arc is the 45° point.
    const mid = evalNurbs(pts, knots, 3, 0.5);
    expect(mid.x).toBeCloseTo(R * W, 9);
    expect(mid.y).toBeCloseTo(R * W, 9);
    for (let i = 1; i < samples.length; i++) expect(Math.hypot(samples[i].x - samples[i - 1].x, samples[i].y - samples[i - 1].y)).toBeLessThanOrEqual(1);
  });

  it('two spans with a double interior knot make a half circle, centred off the origin', () => {
    const [cx, cy] = [100, -20];
    const pts = [cp(cx + R, cy), cp(cx + R, cy + R, W), cp(cx, cy + R), cp(cx - R, cy + R, W), cp(cx - R, cy)];
    const knots = [0, 0, 0, 0.5, 0.5, 1, 1, 1];
    expect(nurbsProblem(pts, knots, 3)).toBeNull();
    const samples = sampleNurbs(pts, knots, 3, 0.5);
    for (const s of samples) expect(Math.abs(Math.hypot(s.x - cx, s.y - cy) - R)).toBeLessThan(1e-3);
    const top = evalNurbs(pts, knots, 3, 0.5);
    expect(top.x).toBeCloseTo(cx, 9);
    expect(top.y).toBeCloseTo(cy + R, 9);
    const end = samples[samples.length - 1];
    expect(end.x).toBeCloseTo(cx - R, 9);
    expect(end.y).toBeCloseTo(cy, 9);
  });

  it('order 2 is the control polygon; times are carried by the spline when every point has one', () => {
    const pts = [cp(0, 0, 1, 0), cp(10, 0, 1, 2), cp(10, 10, 1, 6)];
    const knots = [0, 0, 1, 2, 2];
    expect(evalNurbs(pts, knots, 2, 0.5)).toEqual({ x: 5, y: 0, t: 1 });
    expect(evalNurbs(pts, knots, 2, 1.5)).toEqual({ x: 10, y: 5, t: 4 });
    const untimed = [cp(0, 0, 1, 0), cp(10, 0), cp(10, 10, 1, 6)];
    expect(evalNurbs(untimed, knots, 2, 0.5).t).toBeNull();
  });

  it('names what is wrong with a malformed NURBS', () => {
    const pts = [cp(0, 0), cp(1, 0), cp(2, 0)];
    expect(nurbsProblem(pts, [0, 0, 0, 1, 1], 3)).toBe('3 control points of order 3 need 6 knots, got 5');
    expect(nurbsProblem(pts, [0, 0, 0, 1, 1, 1], 4)).toBe('order 4 needs at least 4 control points, got 3');
    expect(nurbsProblem(pts, [0, 0, 1, 0.5, 1, 1], 3)).toBe('knots must not decrease (knot 3: 0.5 < 1)');
    expect(nurbsProblem([cp(0, 0), cp(1, 0, 0), cp(2, 0)], [0, 0, 0, 1, 1, 1], 3)).toBe('weights must be positive (control point 1 has 0)');
  });
});
