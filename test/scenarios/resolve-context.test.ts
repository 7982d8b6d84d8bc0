import { IssueSink } from '../../scenarios/errors';
import { checkLane } from '../../scenarios/resolve-context';
import { wrapAngle as wrapAngleRad } from '../../sim/geometry/angle';

describe('wrapAngleRad', () => {
  it.each([
    [0, 0],
    [Math.PI, Math.PI],
    [-Math.PI, Math.PI],
    [(3 * Math.PI) / 2, -Math.PI / 2],
    [-(3 * Math.PI) / 2, Math.PI / 2],
    [5 * Math.PI, Math.PI],
  ])('wraps %d to %d', (input, expected) => {
    expect(wrapAngleRad(input)).toBeCloseTo(expected, 12);
  });

  it('always lands in (-pi, pi] and keeps the direction', () => {
    for (let a = -20; a <= 20; a += 0.37) {
      const w = wrapAngleRad(a);
      expect(w).toBeGreaterThan(-Math.PI);
      expect(w).toBeLessThanOrEqual(Math.PI);
      expect(Math.cos(w)).toBeCloseTo(Math.cos(a), 9);
      expect(Math.sin(w)).toBeCloseTo(Math.sin(a), 9);
    }
  });
});

describe('checkLane', () => {
  const ctx = (laneIds?: readonly string[]) => ({ sink: new IssueSink('l.yaml'), parameters: {}, laneIds, speedLimitMps: 10 });

  it('accepts any lane when lanes are not known, and known lanes otherwise', () => {
    expect(checkLane(ctx(), 'anything', [])).toBe(true);
    expect(checkLane(ctx(['lane0', 'merge']), 'merge', [])).toBe(true);
  });

  it('names the unknown lane and lists the lanes', () => {
    const c = ctx(['lane0', 'lane1', 'merge']);
    expect(checkLane(c, 'mrege', ['ego', 'start', 'lane'])).toBe(false);
    expect(c.sink.issues[0]).toMatchObject({ path: 'ego.start.lane', message: "unknown lane 'mrege' (lanes: lane0, lane1, merge) (did you mean 'merge'?)" });
  });
});
