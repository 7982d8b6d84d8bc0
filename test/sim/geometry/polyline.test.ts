import {
  curvatureAt,
  frenetPose,
  frenetToWorld,
  makePolyline,
  poseAt,
  segmentAt,
  worldToFrenet,
  type Polyline,
} from '../../../sim/geometry/polyline';
import { sampleArc } from '../../../sim/geometry/sample-curves';
import { sampleCurveChain } from '../../../sim/geometry/curve-chain';

/** Requirement: Frenet round trips on curves of radius >= 10 m, |d| <= 6 m, err below 1 mm. */
const ROUND_TRIP_TOLERANCE_M = 1e-3;

/** Deterministic pseudo-random numbers in [0, 1) (a fixed LCG; no Math.random in tests). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const curves: [string, Polyline][] = [
  ['a left arc of radius 10', makePolyline(sampleArc({ x: 0, y: 0, yaw: 0 }, 1 / 10, 50, 0.5))],
  ['a right arc of radius 10', makePolyline(sampleArc({ x: 5, y: 5, yaw: 2 }, -1 / 10, 40, 0.5))],
  ['an arc of radius 50', makePolyline(sampleArc({ x: 0, y: 0, yaw: -1 }, 1 / 50, 120, 0.5))],
  [
    'an S-bend of clothoids and arcs (radius 10)',
    makePolyline(
      sampleCurveChain(
        { x: 0, y: 0, yaw: 0 },
        [
          { kind: 'line', lengthM: 10 },
          { kind: 'clothoid', lengthM: 8, curvatureStart: 0, curvatureEnd: 0.1 },
          { kind: 'arc', lengthM: 6, curvature: 0.1 },
          { kind: 'clothoid', lengthM: 16, curvatureStart: 0.1, curvatureEnd: -0.1 },
          { kind: 'arc', lengthM: 6, curvature: -0.1 },
          { kind: 'clothoid', lengthM: 8, curvatureStart: -0.1, curvatureEnd: 0 },
          { kind: 'line', lengthM: 10 },
        ],
        0.5,
      ),
    ),
  ],
  ['a coarse polyline without headings', makePolyline(sampleArc({ x: 0, y: 0, yaw: 0 }, 1 / 12, 30, 2).map(({ x, y }) => ({ x, y })))],
];

describe('makePolyline', () => {
  test('a right angle by hand: lengths, chord headings and corner heading', () => {
    const pl = makePolyline([
      { x: 0, y: 0 },
      { x: 3, y: 0 },
      { x: 3, y: 4 },
    ]);
    expect(Array.from(pl.s)).toEqual([0, 3, 7]);
    expect(pl.lengthM).toBe(7);
    // Corner tangent weights the chords by the other chord's length: 0 + (3 / 7) * pi / 2.
    expect(pl.headings[1]).toBeCloseTo((3 / 7) * (Math.PI / 2), 12);
    expect(pl.curvatures[1]).toBeCloseTo(Math.PI / 2 / 3.5, 12);
  });

  test('estimated headings and curvatures of sampled circles match the circle', () => {
    const pts = sampleArc({ x: 0, y: 0, yaw: 0.3 }, 1 / 15, 20, 0.7);
    const pl = makePolyline(pts.map(({ x, y }) => ({ x, y })));
    pts.forEach((p, i) => {
      expect(pl.headings[i]).toBeCloseTo(p.yaw, 9);
      expect(pl.curvatures[i]).toBeCloseTo(1 / 15, 3);
    });
  });

  test.each([
    ['fewer than 2 points', [{ x: 0, y: 0 }], /at least 2 points \(got 1\)/],
    ['a repeated point', [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 0 }], /segment 1 \(points 1 and 2\) has zero length/],
    ['a NaN coordinate', [{ x: 0, y: 0 }, { x: NaN, y: 0 }], /point 1 is not finite/],
    ['a yaw against the segment', [{ x: 0, y: 0, yaw: Math.PI }, { x: 1, y: 0, yaw: 0 }], /yaw of point 0 points against segment 0/],
  ])('rejects %s', (_name, points, message) => {
    expect(() => makePolyline(points)).toThrow(message);
  });
});

describe('pose and curvature along a polyline', () => {
  const line = makePolyline([
    { x: 1, y: 1 },
    { x: 4, y: 5 },
  ]); // length 5, heading atan2(4, 3)

  test('poseAt on a straight segment by hand, clamped at the ends', () => {
    const yaw = Math.atan2(4, 3);
    expect(poseAt(line, 2.5)).toEqual({ x: 2.5, y: 3, yaw });
    expect(poseAt(line, -3)).toEqual({ x: 1, y: 1, yaw });
    expect(poseAt(line, 99)).toEqual({ x: 4, y: 5, yaw });
  });

  test('frenetToWorld puts positive d on the left and continues straight past the ends', () => {
    const p = frenetToWorld(line, 0, 2); // left of heading (0.6, 0.8) is (-0.8, 0.6)
    expect(p.x).toBeCloseTo(1 - 1.6, 12);
    expect(p.y).toBeCloseTo(1 + 1.2, 12);
    const past = frenetToWorld(line, 10, 0);
    expect(past.x).toBeCloseTo(7, 12);
    expect(past.y).toBeCloseTo(9, 12);
  });

  test('heading turns smoothly along an arc instead of stepping at vertices', () => {
    const pl = makePolyline(sampleArc({ x: 0, y: 0, yaw: 0 }, 0.1, 10, 1));
    for (let s = 0; s <= 10; s += 0.05) {
      expect(poseAt(pl, s).yaw).toBeCloseTo(0.1 * s, 3);
    }
  });

  test('positions along an arc stay within the sagitta of the analytic circle', () => {
    const pl = makePolyline(sampleArc({ x: 0, y: 0, yaw: 0 }, 0.1, 30, 0.5)); // centre (0, 10)
    const sagittaM = 0.5 ** 2 / (8 * 10);
    for (let s = 0; s <= pl.lengthM; s += 0.11) {
      for (const d of [-6, 0, 6]) {
        const p = frenetToWorld(pl, s, d);
        expect(Math.abs(Math.hypot(p.x, p.y - 10) - (10 - d))).toBeLessThanOrEqual(sagittaM + 1e-9);
      }
    }
  });

  test('curvatureAt interpolates between vertices and clamps outside', () => {
    const pl = makePolyline(
      sampleCurveChain({ x: 0, y: 0, yaw: 0 }, [{ kind: 'clothoid', lengthM: 10, curvatureStart: 0, curvatureEnd: 0.1 }], 1),
    );
    expect(curvatureAt(pl, 5.5)).toBeCloseTo(0.055, 4);
    expect(curvatureAt(pl, -1)).toBe(0);
    expect(curvatureAt(pl, 1e6)).toBeCloseTo(0.1, 12);
  });

  test('segmentAt finds the segment holding s', () => {
    const pl = makePolyline([0, 1, 3, 6].map((x) => ({ x, y: 0 })));
    expect([-1, 0, 0.5, 1, 2.9, 3, 6, 7].map((s) => segmentAt(pl, s))).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
  });
});

describe('Frenet round trips on curves', () => {
  test.each(curves)('(s, d) -> (x, y) -> (s, d) is exact to 1 mm on %s', (_name, pl) => {
    const rand = lcg(7);
    let worstM = 0;
    for (let k = 0; k < 2000; k++) {
      const s = rand() * pl.lengthM;
      const d = -6 + 12 * rand();
      const p = frenetToWorld(pl, s, d);
      const f = worldToFrenet(pl, p.x, p.y);
      worstM = Math.max(worstM, Math.abs(f.s - s), Math.abs(f.d - d));
    }
    expect(worstM).toBeLessThan(ROUND_TRIP_TOLERANCE_M);
  });

  test.each(curves)('an agent moving along %s keeps exact coordinates using the last segment as hint', (_name, pl) => {
    const rand = lcg(3);
    let hint = 0;
    let d = 0;
    let worstM = 0;
    for (let s = 0; s < pl.lengthM; s += 2 * rand()) {
      d = Math.min(6, Math.max(-6, d + (rand() - 0.5)));
      const p = frenetToWorld(pl, s, d);
      const f = worldToFrenet(pl, p.x, p.y, hint);
      worstM = Math.max(worstM, Math.abs(f.s - s), Math.abs(f.d - d));
      hint = f.segment;
    }
    expect(worstM).toBeLessThan(ROUND_TRIP_TOLERANCE_M);
  });

  test.each(curves)('(x, y) -> (s, d) -> (x, y) is exact to 1 mm on %s', (_name, pl) => {
    const rand = lcg(11);
    let worstM = 0;
    for (let k = 0; k < 2000; k++) {
      // A point within 6 m of the curve: a centreline pose plus an arbitrary small displacement.
      const base = poseAt(pl, rand() * pl.lengthM);
      const x = base.x - 5 * Math.sin(base.yaw) * (2 * rand() - 1) + 0.3 * (rand() - 0.5);
      const y = base.y + 5 * Math.cos(base.yaw) * (2 * rand() - 1) + 0.3 * (rand() - 0.5);
      const f = worldToFrenet(pl, x, y);
      const back = frenetToWorld(pl, f.s, f.d);
      worstM = Math.max(worstM, Math.hypot(back.x - x, back.y - y));
    }
    expect(worstM).toBeLessThan(ROUND_TRIP_TOLERANCE_M);
  });

  test('d matches the analytic distance to a circle of radius 10 and s the chord length', () => {
    const pl = curves[0][1]; // centre (0, 10)
    for (const [r, phi] of [
      [4, 0.3],
      [10, 1.7],
      [16, 4.9],
    ]) {
      const f = worldToFrenet(pl, r * Math.sin(phi), 10 - r * Math.cos(phi));
      expect(f.d).toBeCloseTo(10 - r, 2); // within the sagitta, 3 mm
      // s sums chords, which are shorter than the arc by the factor sinc(0.5 m / (2 * 10 m)).
      const chordFactor = Math.sin(0.025) / 0.025;
      expect(f.s).toBeCloseTo(10 * phi * chordFactor, 2);
    }
  });

  test('a hint far from the answer still finds the projection on a curve turning less than 180 degrees', () => {
    const pl = curves[3][1];
    const p = frenetToWorld(pl, 60, -2);
    for (const hint of [0, 5, 50, pl.s.length - 2, 1e9, -3]) {
      const f = worldToFrenet(pl, p.x, p.y, hint);
      expect(f.s).toBeCloseTo(60, 6);
      expect(f.d).toBeCloseTo(-2, 6);
      expect(segmentAt(pl, 60)).toBe(f.segment);
    }
  });

  test('points before the start or past the end get s outside [0, length]', () => {
    const pl = curves[0][1];
    const before = frenetToWorld(pl, -4, 1);
    const after = frenetToWorld(pl, pl.lengthM + 3, -2);
    const fb = worldToFrenet(pl, before.x, before.y);
    const fa = worldToFrenet(pl, after.x, after.y);
    expect(fb.s).toBeCloseTo(-4, 9);
    expect(fb.d).toBeCloseTo(1, 9);
    expect(fa.s).toBeCloseTo(pl.lengthM + 3, 9);
    expect(fa.d).toBeCloseTo(-2, 9);
  });

  test('frenetPose carries the centreline heading at any offset', () => {
    const pl = curves[0][1];
    const pose = frenetPose(pl, 10, 3);
    expect(pose.yaw).toBeCloseTo(1, 3);
    expect(pose.x).toBeCloseTo(7 * Math.sin(1), 2);
  });
});
