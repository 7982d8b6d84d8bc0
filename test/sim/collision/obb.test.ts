import { COLLISION_EPS_M, boxCorners, boxRadiusM, boxesOverlap } from '../../../sim/collision/obb';
import type { AgentSize, Pose2 } from '../../../sim/types';
import { mulberry32, uniform } from './mulberry32';

const CAR: AgentSize = { lengthM: 4, widthM: 2, heightM: 1.5 };
const SQUARE: AgentSize = { lengthM: 2, widthM: 2, heightM: 1 };
const BIG: AgentSize = { lengthM: 10, widthM: 10, heightM: 3 };
const SMALL: AgentSize = { lengthM: 1, widthM: 1, heightM: 1 };
const ORIGIN: Pose2 = { x: 0, y: 0, yaw: 0 };
const SQRT2 = Math.SQRT2;

function pose(x: number, y: number, yaw = 0): Pose2 {
  return { x, y, yaw };
}

/** Independent reference: convex polygons intersect iff a corner lies inside the other or edges cross. */
function referenceOverlap(pa: Pose2, sa: AgentSize, pb: Pose2, sb: AgentSize): boolean {
  const a = boxCorners(pa, sa);
  const b = boxCorners(pb, sb);
  const inside = (px: number, py: number, ring: Float64Array): boolean => {
    for (let j = 0; j < 4; j++) {
      const k = (j + 1) % 4;
      const cross = (ring[2 * k] - ring[2 * j]) * (py - ring[2 * j + 1]) - (ring[2 * k + 1] - ring[2 * j + 1]) * (px - ring[2 * j]);
      if (cross < 0) return false; // rings are counter-clockwise
    }
    return true;
  };
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  for (let i = 0; i < 4; i++) {
    if (inside(a[2 * i], a[2 * i + 1], b) || inside(b[2 * i], b[2 * i + 1], a)) return true;
  }
  for (let i = 0; i < 4; i++) {
    const i2 = (i + 1) % 4;
    for (let j = 0; j < 4; j++) {
      const j2 = (j + 1) % 4;
      const [ax, ay, bx, by] = [a[2 * i], a[2 * i + 1], a[2 * i2], a[2 * i2 + 1]];
      const [cx, cy, dx, dy] = [b[2 * j], b[2 * j + 1], b[2 * j2], b[2 * j2 + 1]];
      if (orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 &&
          orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0) return true;
    }
  }
  return false;
}

describe('boxCorners', () => {
  it('puts the corners of an unrotated 4 x 2 box at +-2 along x and +-1 along y, counter-clockwise from front-left', () => {
    expect(Array.from(boxCorners(pose(1, 2), CAR))).toEqual([3, 3, -1, 3, -1, 1, 3, 1]);
  });

  it('turns the length onto +y for a heading of pi/2', () => {
    const c = Array.from(boxCorners(pose(0, 0, Math.PI / 2), CAR));
    const expected = [-1, 2, -1, -2, 1, -2, 1, 2];
    c.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('writes into a given buffer and rejects one that is too short', () => {
    const out = new Float64Array(8);
    expect(boxCorners(ORIGIN, CAR, out)).toBe(out);
    expect(() => boxCorners(ORIGIN, CAR, new Float64Array(6))).toThrow(/8 entries/);
  });

  it('keeps the centroid at the pose and the edge lengths at length and width for any heading', () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 100; n++) {
      const p = pose(uniform(rand, -50, 50), uniform(rand, -50, 50), uniform(rand, -Math.PI, Math.PI));
      const c = boxCorners(p, CAR);
      expect((c[0] + c[2] + c[4] + c[6]) / 4).toBeCloseTo(p.x, 9);
      expect((c[1] + c[3] + c[5] + c[7]) / 4).toBeCloseTo(p.y, 9);
      expect(Math.hypot(c[0] - c[2], c[1] - c[3])).toBeCloseTo(CAR.lengthM, 9);
      expect(Math.hypot(c[2] - c[4], c[3] - c[5])).toBeCloseTo(CAR.widthM, 9);
    }
  });

  it('gives the bounding radius as half the diagonal', () => {
    expect(boxRadiusM(CAR)).toBeCloseTo(Math.sqrt(5), 12);
  });
});

describe('boxesOverlap', () => {
  // Hand-computed: a 4 x 2 car at the origin spans x in [-2, 2], y in [-1, 1].
  const cases: [string, Pose2, AgentSize, Pose2, AgentSize, boolean][] = [
    ['cars 0.5 m apart end to end do not overlap', ORIGIN, CAR, pose(4.5, 0), CAR, false],
    ['cars touching end to end (rear bumper on front bumper) collide', ORIGIN, CAR, pose(4, 0), CAR, true],
    ['cars touching side by side collide', ORIGIN, CAR, pose(0, 2), CAR, true],
    ['cars 1 mm apart end to end do not collide', ORIGIN, CAR, pose(4.001, 0), CAR, false],
    ['cars closer than COLLISION_EPS_M count as touching', ORIGIN, CAR, pose(4 + COLLISION_EPS_M / 2, 0), CAR, true],
    ['cars touching corner to corner collide', ORIGIN, CAR, pose(4, 2), CAR, true],
    ['cars 1 mm apart diagonally at the corners do not collide', ORIGIN, CAR, pose(4.001, 2.001), CAR, false],
    ['a small rotated box inside a big one collides', ORIGIN, BIG, pose(1, 1, 0.3), SMALL, true],
    ['a big box around a small one collides (argument order swapped)', pose(1, 1, 0.3), SMALL, ORIGIN, BIG, true],
    ['identical boxes collide', pose(3, -4, 1), CAR, pose(3, -4, 1), CAR, true],
    ['a 45-degree square whose vertex stops 1 cm short of the front edge misses', ORIGIN, CAR, pose(2 + SQRT2 + 0.01, 0, Math.PI / 4), SQUARE, false],
    ['a 45-degree square whose vertex pokes 1 cm into the front edge hits', ORIGIN, CAR, pose(2 + SQRT2 - 0.01, 0, Math.PI / 4), SQUARE, true],
    // Diamond centred at (2 + d, 1 + d) near the car's corner (2, 1): its lower-left edge lies on
    // x + y = 3 + 2d - sqrt(2), so it clears the corner iff 2d > sqrt(2). Bounding circles overlap in both.
    ['a 45-degree square diagonally off the corner (d = 0.75) misses though the circles overlap', ORIGIN, CAR, pose(2.75, 1.75, Math.PI / 4), SQUARE, false],
    ['a 45-degree square diagonally at the corner (d = 0.65) hits', ORIGIN, CAR, pose(2.65, 1.65, Math.PI / 4), SQUARE, true],
    ['cars heading 30 degrees, one length apart along the heading, touch', pose(0, 0, Math.PI / 6), CAR, pose(4 * Math.cos(Math.PI / 6), 4 * Math.sin(Math.PI / 6), Math.PI / 6), CAR, true],
    ['cars heading 30 degrees, 4.01 m apart along the heading, miss', pose(0, 0, Math.PI / 6), CAR, pose(4.01 * Math.cos(Math.PI / 6), 4.01 * Math.sin(Math.PI / 6), Math.PI / 6), CAR, false],
    ['a car crossing at 90 degrees over the front bumper by 0.1 m hits', ORIGIN, CAR, pose(2.9, 0, Math.PI / 2), CAR, true],
    ['a car crossing at 90 degrees 0.1 m past the front bumper misses', ORIGIN, CAR, pose(3.1, 0, Math.PI / 2), CAR, false],
  ];

  it.each(cases)('%s', (_name, pa, sa, pb, sb, expected) => {
    expect(boxesOverlap(pa, sa, pb, sb)).toBe(expected);
    expect(boxesOverlap(pb, sb, pa, sa)).toBe(expected);
  });

  it('treats a heading of 0 and a heading of pi (and -pi and pi) as the same box', () => {
    const rand = mulberry32(11);
    for (let n = 0; n < 500; n++) {
      const pa = pose(0, 0, uniform(rand, -Math.PI, Math.PI));
      const pb = pose(uniform(rand, -6, 6), uniform(rand, -6, 6), uniform(rand, -Math.PI, Math.PI));
      const flipped = pose(pa.x, pa.y, pa.yaw + Math.PI);
      expect(boxesOverlap(flipped, CAR, pb, SQUARE)).toBe(boxesOverlap(pa, CAR, pb, SQUARE));
    }
    expect(boxesOverlap(pose(0, 0, Math.PI), CAR, pose(4.5, 0), CAR)).toBe(false);
    expect(boxesOverlap(pose(0, 0, -Math.PI), CAR, pose(4, 0, Math.PI), CAR)).toBe(true);
  });

  it('agrees with an independent corner-in-polygon and edge-crossing test on random boxes', () => {
    const rand = mulberry32(1234);
    let hits = 0;
    for (let n = 0; n < 5000; n++) {
      const sa = { lengthM: uniform(rand, 0.5, 12), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const sb = { lengthM: uniform(rand, 0.5, 12), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const pa = pose(uniform(rand, -5, 5), uniform(rand, -5, 5), uniform(rand, -Math.PI, Math.PI));
      const pb = pose(uniform(rand, -5, 5), uniform(rand, -5, 5), uniform(rand, -Math.PI, Math.PI));
      const expected = referenceOverlap(pa, sa, pb, sb);
      expect(boxesOverlap(pa, sa, pb, sb)).toBe(expected);
      if (expected) hits++;
    }
    // Both outcomes are well represented, so the comparison means something.
    expect(hits).toBeGreaterThan(1000);
    expect(hits).toBeLessThan(4000);
  });
});
