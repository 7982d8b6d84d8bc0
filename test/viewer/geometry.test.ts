/** Map geometry helpers (no WebGL): boxes, trigger shapes, projection of a drag onto a lane. */
import { boxPolygon, circlePolygon, projectOnLane, triggerPolygon } from '../../viewer/src/geometry';
import type { LaneJson } from '../../viewer/src/wire';

describe('boxPolygon', () => {
  test('an axis-aligned car: corners at +-length/2, +-width/2 around its centre', () => {
    expect(boxPolygon(10, 5, 0, 4, 2)).toEqual([[8, 4], [12, 4], [12, 6], [8, 6]]);
  });

  test('heading north turns the front (second corner) to +y', () => {
    const [, front] = boxPolygon(0, 0, Math.PI / 2, 4, 2);
    expect(front[0]).toBeCloseTo(1, 12);
    expect(front[1]).toBeCloseTo(2, 12);
  });

  test.each([0, 0.3, 1, 2.5, -2])('every corner lies at the half diagonal from the centre (yaw %s)', (yaw) => {
    for (const [x, y] of boxPolygon(3, -4, yaw, 4.6, 1.9)) expect(Math.hypot(x - 3, y + 4)).toBeCloseTo(Math.hypot(2.3, 0.95), 12);
  });
});

describe('triggerPolygon', () => {
  const bounds = { minX: 0, minY: -10, maxX: 300, maxY: 10 };
  test('x(ego) > 25 covers the road from x = 25 to its end (plus the margin)', () => {
    const poly = triggerPolygon({ kind: 'half_plane', eventId: 'e', agentId: 'ego', axis: 'x', side: 'above', value: 25, text: '' }, bounds, null, 0);
    expect(poly).toEqual([[25, -10], [300, -10], [300, 10], [25, 10]]);
  });

  test('a threshold beyond the road gives no region', () => {
    expect(triggerPolygon({ kind: 'half_plane', eventId: 'e', agentId: 'ego', axis: 'y', side: 'below', value: -50, text: '' }, bounds, null, 0)).toBeNull();
  });

  test('a distance trigger is a circle around the current position of its centre agent', () => {
    const region = { kind: 'circle' as const, eventId: 'e', agentId: 'ego', centreId: 'ped', radiusM: 20, text: '' };
    expect(triggerPolygon(region, bounds, null)).toBeNull();
    const poly = triggerPolygon(region, bounds, [60, 3]) as [number, number][];
    for (const [x, y] of poly) expect(Math.hypot(x - 60, y - 3)).toBeCloseTo(20, 9);
    expect(circlePolygon(0, 0, 1, 4).map(([x, y]) => [Math.round(x), Math.round(y)])).toEqual([[1, 0], [0, 1], [-1, 0], [-0, -1]]);
  });
});

describe('projectOnLane', () => {
  // An L-shaped lane: 100 m east, then 50 m north.
  const lane: LaneJson = { id: 'l', kind: 'driving', widthM: 3.5, speedLimitMps: 10, markingLeft: 'none', markingRight: 'none', successorIds: [], centreline: [0, 0, 100, 0, 100, 50], s: [0, 100, 150] };
  test.each([
    [40, 1.5, 40, 1.5],
    [40, -2, 40, -2],
    [101, 20, 120, -1],
    [99, 30, 130, 1],
  ])('(%s, %s) is at s = %s, d = %s', (x, y, s, d) => {
    const p = projectOnLane(lane, x, y);
    expect(p.s).toBeCloseTo(s, 9);
    expect(p.d).toBeCloseTo(d, 9);
  });
});
