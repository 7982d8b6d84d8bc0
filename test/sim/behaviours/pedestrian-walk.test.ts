import { makeWalkPath, poseAlongPath, walkAlong, walkPathLengthM } from '../../../sim/behaviours/pedestrian-walk';

const L_PATH = makeWalkPath([
  { x: 0, y: 0 },
  { x: 3, y: 0 },
  { x: 3, y: 4 },
]);

describe('makeWalkPath', () => {
  it('accumulates segment lengths', () => {
    expect(Array.from(L_PATH.cumLengthM)).toEqual([0, 3, 7]);
    expect(walkPathLengthM(L_PATH)).toBe(7);
  });

  it.each<[string, { x: number; y: number }[], RegExp]>([
    ['an empty list', [], /at least one point/],
    ['a NaN coordinate', [{ x: 0, y: 0 }, { x: NaN, y: 1 }], /path\[1\]/],
  ])('rejects %s', (_name, pts, message) => {
    expect(() => makeWalkPath(pts)).toThrow(message);
  });
});

describe('walkAlong', () => {
  it('walks speed * dt along the path and turns the corner (hand-computed)', () => {
    const r = walkAlong(L_PATH, 2, 1.5, 1); // s = 3.5: 0.5 m up the second leg
    expect(r.sM).toBe(3.5);
    expect(r.pose.x).toBeCloseTo(3, 12);
    expect(r.pose.y).toBeCloseTo(0.5, 12);
    expect(r.pose.yaw).toBeCloseTo(Math.PI / 2, 12);
    expect(r.done).toBe(false);
  });

  it('stops at the end of the path and reports done', () => {
    const r = walkAlong(L_PATH, 6.5, 1.4, 1);
    expect(r).toEqual({ sM: 7, pose: { x: 3, y: 4, yaw: Math.PI / 2 }, done: true });
  });

  it('covers the same distance in many small steps as in one big one', () => {
    let s = 0;
    for (let i = 0; i < 50; i++) s = walkAlong(L_PATH, s, 1.3, 0.1).sM;
    expect(s).toBeCloseTo(walkAlong(L_PATH, 0, 1.3, 5).sM, 9);
  });

  it.each<[number, { x: number; y: number; yaw: number }]>([
    [0, { x: 0, y: 0, yaw: 0 }],
    [1.5, { x: 1.5, y: 0, yaw: 0 }],
    [3, { x: 3, y: 0, yaw: Math.PI / 2 }], // at the corner: facing the next leg
    [5, { x: 3, y: 2, yaw: Math.PI / 2 }],
    [-1, { x: 0, y: 0, yaw: 0 }],
    [99, { x: 3, y: 4, yaw: Math.PI / 2 }],
  ])('places s = %p m at %p', (s, expected) => {
    const p = poseAlongPath(L_PATH, s);
    expect(p.x).toBeCloseTo(expected.x, 12);
    expect(p.y).toBeCloseTo(expected.y, 12);
    expect(p.yaw).toBeCloseTo(expected.yaw, 12);
  });

  it('does not walk backwards with a negative speed', () => {
    expect(walkAlong(L_PATH, 2, -1, 1).sM).toBe(2);
  });

  it('skips repeated points when choosing the heading', () => {
    const path = makeWalkPath([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 2 }, { x: 0, y: 2 }]);
    expect(poseAlongPath(path, 0).yaw).toBeCloseTo(Math.PI / 2, 12);
    expect(walkAlong(path, 0, 5, 1)).toEqual({ sM: 2, pose: { x: 0, y: 2, yaw: Math.PI / 2 }, done: true });
  });

  it('treats a one-point path as already walked', () => {
    expect(walkAlong(makeWalkPath([{ x: 4, y: 5 }]), 0, 1, 1)).toEqual({ sM: 0, pose: { x: 4, y: 5, yaw: 0 }, done: true });
  });
});
