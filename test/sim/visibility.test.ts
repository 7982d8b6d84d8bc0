import { sightBlocked, visibleFraction, type Box } from '../../sim/visibility';

const box = (x: number, y: number, lengthM: number, widthM: number, yaw = 0): Box => ({
  pose: { x, y, yaw },
  size: { lengthM, widthM, heightM: 1.5 },
});

describe('sightBlocked', () => {
  // Eye at the origin looking at (10, 0) unless said otherwise.
  test.each<[string, boolean, Box]>([
    ['a 2 x 2 box half way', true, box(5, 0, 2, 2)],
    ['a box beside the line (edge at y = 2)', false, box(5, 3, 2, 2)],
    ['a box whose edge touches the line (touching counts)', true, box(5, 1, 2, 2)],
    ['a box beyond the target', false, box(15, 0, 2, 2)],
    ['a box behind the eye', false, box(-5, 0, 2, 2)],
    ['a thin wall across the line', true, box(5, 0, 0.1, 20)],
    // A 2 x 2 box turned 45 degrees reaches sqrt(2) from its centre along the axes.
    ['a diamond whose lower corner pokes 1 cm across the line', true, box(5, Math.SQRT2 - 0.01, 2, 2, Math.PI / 4)],
    ['a diamond 1 cm clear of the line', false, box(5, Math.SQRT2 + 0.01, 2, 2, Math.PI / 4)],
  ])('%s: blocked = %p', (_name, blocked, occluder) => {
    expect(sightBlocked(0, 0, 10, 0, occluder)).toBe(blocked);
  });

  test('is symmetric: swapping eye and target gives the same answer', () => {
    const cases = [box(5, 0.5, 2, 2), box(5, 3, 2, 2), box(3, 1, 1, 4, 0.3)];
    for (const b of cases) expect(sightBlocked(10, 0, 0, 0, b)).toBe(sightBlocked(0, 0, 10, 0, b));
  });

  test('a diagonal sight line through a box is blocked (hand-computed: y = x passes (5, 5))', () => {
    expect(sightBlocked(0, 0, 10, 10, box(5, 5, 1, 1))).toBe(true);
    expect(sightBlocked(0, 0, 10, 10, box(5, 7, 1, 1))).toBe(false);
  });

  test('a box whose edge is collinear with the sight line but lies beyond the target does not block', () => {
    // Edge from (28, 0) to (32, 0): on the line y = 0 but 18 m past the target at (10, 0).
    expect(sightBlocked(0, 0, 10, 0, box(30, 1, 4, 2))).toBe(false);
  });
});

describe('visibleFraction', () => {
  // Target: a 4 x 2 box centred at (20, 0): centre and corners (22, 1), (18, 1), (18, -1), (22, -1).
  const target = box(20, 0, 4, 2);

  test('is 1 with no occluders', () => {
    expect(visibleFraction(0, 0, target, [])).toBe(1);
  });

  test('is 0 behind a wall wider than the target', () => {
    expect(visibleFraction(0, 0, target, [box(10, 0, 0.2, 10)])).toBe(0);
  });

  test('is 3/5 when a wall hides the two left corners and nothing else (hand-computed)', () => {
    // At x = 10 the sight lines are at y = 0 (centre), +-0.455 (far corners), +-0.556 (near corners);
    // a wall over y in [0.2, 1.0] cuts the two y > 0 lines only.
    expect(visibleFraction(0, 0, target, [box(10, 0.6, 0.2, 0.8)])).toBeCloseTo(3 / 5, 12);
  });

  test.each<[string, Box[], number]>([
    ['a box beside the view', [box(10, 5, 2, 2)], 1],
    ['a wall over the centre line only', [box(10, 0, 0.2, 0.2)], 4 / 5],
    ['two walls hiding both sides but not the centre', [box(10, 0.6, 0.2, 0.8), box(10, -0.6, 0.2, 0.8)], 1 / 5],
    ['a box behind the target', [box(40, 0, 4, 4)], 1],
  ])('%s: fraction %p', (_name, occluders, fraction) => {
    expect(visibleFraction(0, 0, target, occluders)).toBeCloseTo(fraction, 12);
  });

  test('never grows when an occluder is added', () => {
    const occluders = [box(10, 0.6, 0.2, 0.8), box(12, -1, 1, 1), box(5, 0, 0.5, 0.5)];
    let previous = 1;
    for (let k = 0; k <= occluders.length; k++) {
      const f = visibleFraction(0, 0, target, occluders.slice(0, k));
      expect(f).toBeLessThanOrEqual(previous);
      previous = f;
    }
  });
});
