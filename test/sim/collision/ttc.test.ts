import { boxCorners, boxesOverlap } from '../../../sim/collision/obb';
import { distanceBetweenBoxesM, timeToCollisionS } from '../../../sim/collision/ttc';
import type { AgentSize, Pose2 } from '../../../sim/types';
import { mulberry32, uniform } from './mulberry32';

const CAR: AgentSize = { lengthM: 4, widthM: 2, heightM: 1.5 };
const SQUARE: AgentSize = { lengthM: 2, widthM: 2, heightM: 1 };
const ORIGIN: Pose2 = { x: 0, y: 0, yaw: 0 };

function pose(x: number, y: number, yaw = 0): Pose2 {
  return { x, y, yaw };
}

/** The definition, without the pre-filter: sample every step from 0 to the horizon. */
function bruteForceTtcS(
  pa: Pose2, sa: AgentSize, va: number, pb: Pose2, sb: AgentSize, vb: number, horizonS: number, stepS: number,
): number {
  for (let k = 0; k <= Math.floor(horizonS / stepS + 1e-9); k++) {
    const t = k * stepS;
    const a = pose(pa.x + va * Math.cos(pa.yaw) * t, pa.y + va * Math.sin(pa.yaw) * t, pa.yaw);
    const b = pose(pb.x + vb * Math.cos(pb.yaw) * t, pb.y + vb * Math.sin(pb.yaw) * t, pb.yaw);
    if (boxesOverlap(a, sa, b, sb)) return t;
  }
  return Infinity;
}

describe('timeToCollisionS', () => {
  it('gives 2.6 s for two 4 m cars 30 m apart centre to centre closing at 10 m/s', () => {
    // Gap between bumpers: 30 - 4 = 26 m; 26 m / 10 m/s = 2.6 s, a multiple of the 0.1 s step.
    expect(timeToCollisionS(ORIGIN, CAR, 10, pose(30, 0), CAR, 0, 5, 0.1)).toBeCloseTo(2.6, 9);
  });

  const table: [string, Pose2, number, Pose2, number, number, number, number][] = [
    // name, ego pose, ego speed, other pose, other speed, horizon, step, expected TTC (s)
    ['head-on, both at 5 m/s, meets at 2.6 s', ORIGIN, 5, pose(30, 0, Math.PI), 5, 5, 0.1, 2.6],
    ['rear-ended by a car 10 m/s faster, at 2.6 s', ORIGIN, 0, pose(-30, 0), 10, 5, 0.1, 2.6],
    ['a 0.25 s step reports the first sample at or after 2.6 s: 2.75 s', ORIGIN, 10, pose(30, 0), 0, 5, 0.25, 2.75],
    ['a slower leader (closing 2 m/s over 26 m) collides at 13 s, the inclusive horizon', ORIGIN, 20, pose(30, 0), 18, 13, 0.1, 13],
    ['the same leader is beyond a 10 s horizon', ORIGIN, 20, pose(30, 0), 18, 10, 0.1, Infinity],
    ['parallel lanes (3.5 m apart) never collide, whatever the speeds', ORIGIN, 30, pose(10, 3.5), 5, 10, 0.1, Infinity],
    ['a leader at the same speed never gets closer', ORIGIN, 15, pose(10, 0), 15, 10, 0.1, Infinity],
    ['a car moving away never collides', ORIGIN, 5, pose(-10, 0, Math.PI), 5, 10, 0.1, Infinity],
    ['stationary overlapping boxes collide now: 0', ORIGIN, 0, pose(3, 0.5, 0.3), 0, 10, 0.1, 0],
    ['stationary separate boxes never collide', ORIGIN, 0, pose(6, 0), 0, 10, 0.1, Infinity],
    // Ego from (-20, 0) east, other from (0, -20) north, both at 10 m/s: the ego's front-right corner
    // reaches (-1, -1) when the other's front-left corner does, at (20 - 2 - 1) / 10 = 1.7 s.
    ['crossing at a right angle: corners meet at 1.7 s', pose(-20, 0), 10, pose(0, -20, Math.PI / 2), 10, 5, 0.1, 1.7],
    ['a zero horizon only checks the present', ORIGIN, 10, pose(30, 0), 0, 0, 0.1, Infinity],
  ];

  it.each(table)('%s', (_name, egoPose, egoSpeed, otherPose, otherSpeed, horizonS, stepS, expected) => {
    const ttc = timeToCollisionS(egoPose, CAR, egoSpeed, otherPose, CAR, otherSpeed, horizonS, stepS);
    if (expected === Infinity) expect(ttc).toBe(Infinity);
    else expect(ttc).toBeCloseTo(expected, 9);
  });

  it.each([0.05, 0.1, 0.3, 0.7, 1])('with a %s s step brackets the true 2.6 s contact within one step', (stepS) => {
    const ttc = timeToCollisionS(ORIGIN, CAR, 10, pose(30, 0), CAR, 0, 8, stepS);
    expect(ttc).toBeGreaterThanOrEqual(2.6 - 1e-9);
    expect(ttc).toBeLessThan(2.6 + stepS);
  });

  it('matches sampling every step without the pre-filter on 3000 random encounters', () => {
    const rand = mulberry32(99);
    let finite = 0;
    for (let n = 0; n < 3000; n++) {
      const sa = { lengthM: uniform(rand, 0.5, 12), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const sb = { lengthM: uniform(rand, 0.5, 12), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const pa = pose(uniform(rand, -30, 30), uniform(rand, -30, 30), uniform(rand, -Math.PI, Math.PI));
      // Half the others head roughly at the ego, so that many encounters collide within the horizon.
      const px = uniform(rand, -30, 30);
      const py = uniform(rand, -30, 30);
      const yawB = rand() < 0.5 ? Math.atan2(pa.y - py, pa.x - px) + uniform(rand, -0.3, 0.3) : uniform(rand, -Math.PI, Math.PI);
      const pb = pose(px, py, yawB);
      const va = rand() < 0.2 ? 0 : uniform(rand, -2, 25);
      const vb = rand() < 0.2 ? 0 : uniform(rand, -2, 25);
      const stepS = [0.1, 0.2, 0.5][n % 3];
      const expected = bruteForceTtcS(pa, sa, va, pb, sb, vb, 6, stepS);
      expect({ n, ttc: timeToCollisionS(pa, sa, va, pb, sb, vb, 6, stepS) }).toEqual({ n, ttc: expected });
      if (expected !== Infinity) finite++;
    }
    expect(finite).toBeGreaterThan(300); // enough encounters collide for the comparison to mean something
  });

  it('is symmetric in ego and other', () => {
    const a = timeToCollisionS(pose(-20, 0), CAR, 10, pose(0, -20, Math.PI / 2), SQUARE, 8, 5, 0.1);
    const b = timeToCollisionS(pose(0, -20, Math.PI / 2), SQUARE, 8, pose(-20, 0), CAR, 10, 5, 0.1);
    expect(a).toBe(b);
    expect(a).toBeLessThan(Infinity);
  });

  it('rejects a non-positive step, a negative horizon, non-finite speeds and a step count that suggests wrong units', () => {
    expect(() => timeToCollisionS(ORIGIN, CAR, 1, pose(9, 0), CAR, 0, 5, 0)).toThrow(/stepS must be a positive finite number/);
    expect(() => timeToCollisionS(ORIGIN, CAR, 1, pose(9, 0), CAR, 0, -1, 0.1)).toThrow(/horizonS must be a finite number/);
    expect(() => timeToCollisionS(ORIGIN, CAR, NaN, pose(9, 0), CAR, 0, 5, 0.1)).toThrow(/speeds must be finite/);
    expect(() => timeToCollisionS(ORIGIN, CAR, 1, pose(9, 0), CAR, 0, 5000, 0.001)).toThrow(/check units/);
  });
});

describe('distanceBetweenBoxesM', () => {
  const table: [string, Pose2, AgentSize, Pose2, AgentSize, number][] = [
    ['cars in line 30 m apart centre to centre have a 26 m bumper gap', ORIGIN, CAR, pose(30, 0), CAR, 26],
    ['cars in adjacent lanes 3.5 m apart have 1.5 m between their sides', ORIGIN, CAR, pose(1, 3.5), CAR, 1.5],
    ['diagonally offset cars are 5 m apart corner to corner (3-4-5)', ORIGIN, CAR, pose(7, 6), CAR, 5],
    ['a 45-degree square whose vertex is 1 m from the front bumper is 1 m away', ORIGIN, CAR, pose(3 + Math.SQRT2, 0.3, Math.PI / 4), SQUARE, 1],
    ['a car turned 90 degrees 2 m past the front bumper is 2 m away', ORIGIN, CAR, pose(5, 0, Math.PI / 2), CAR, 2],
    ['overlapping cars are 0 m apart', ORIGIN, CAR, pose(3, 1, 0.5), CAR, 0],
    ['touching cars are 0 m apart', ORIGIN, CAR, pose(4, 0), CAR, 0],
  ];

  it.each(table)('%s', (_name, pa, sa, pb, sb, expected) => {
    expect(distanceBetweenBoxesM(pa, sa, pb, sb)).toBeCloseTo(expected, 9);
    expect(distanceBetweenBoxesM(pb, sb, pa, sa)).toBeCloseTo(expected, 9);
  });

  it('matches the closest pair of densely sampled edge points within the sampling resolution', () => {
    const rand = mulberry32(5);
    const samples = 60;
    const edgePoints = (p: Pose2, s: AgentSize): number[] => {
      const c = boxCorners(p, s);
      const pts: number[] = [];
      for (let e = 0; e < 4; e++) {
        const f = (e + 1) % 4;
        for (let k = 0; k <= samples; k++) {
          const t = k / samples;
          pts.push(c[2 * e] + t * (c[2 * f] - c[2 * e]), c[2 * e + 1] + t * (c[2 * f + 1] - c[2 * e + 1]));
        }
      }
      return pts;
    };
    for (let n = 0; n < 40; n++) {
      const sa = { lengthM: uniform(rand, 1, 8), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const sb = { lengthM: uniform(rand, 1, 8), widthM: uniform(rand, 0.5, 3), heightM: 1 };
      const pa = pose(0, 0, uniform(rand, -Math.PI, Math.PI));
      const pb = pose(uniform(rand, -15, 15), uniform(rand, -15, 15), uniform(rand, -Math.PI, Math.PI));
      if (boxesOverlap(pa, sa, pb, sb)) continue;
      const a = edgePoints(pa, sa);
      const b = edgePoints(pb, sb);
      let sampledSq = Infinity;
      for (let i = 0; i < a.length; i += 2) {
        for (let j = 0; j < b.length; j += 2) {
          const dSq = (a[i] - b[j]) ** 2 + (a[i + 1] - b[j + 1]) ** 2;
          if (dSq < sampledSq) sampledSq = dSq;
        }
      }
      const sampled = Math.sqrt(sampledSq);
      const exact = distanceBetweenBoxesM(pa, sa, pb, sb);
      // Sampled points lie on the boxes, so they never beat the exact minimum; spacing <= 8 m / samples.
      expect(exact).toBeLessThanOrEqual(sampled + 1e-12);
      expect(sampled - exact).toBeLessThan(8 / samples);
    }
  });

  it('never exceeds the centre distance and grows by the shift when a box slides straight away', () => {
    const base = distanceBetweenBoxesM(ORIGIN, CAR, pose(10, 0), CAR);
    expect(distanceBetweenBoxesM(ORIGIN, CAR, pose(13, 0), CAR)).toBeCloseTo(base + 3, 12);
    expect(base).toBeLessThanOrEqual(10);
  });
});
