import { lanePositionToWorld, roadPositionToWorld } from '../../../../scenarios/import/opendrive/road-position';
import { distanceToPolylineM } from './point-distance';
import { importFixture } from './od-fixtures';

describe('readOpenDrive lanes', () => {
  it('imports driving and shoulder lanes with ids, kinds, widths, speeds and markings', () => {
    const { network, warnings } = importFixture('straight.xodr');
    expect([...network.lanes.keys()].sort()).toEqual(['r1_s0_l-1', 'r1_s0_l-2', 'r1_s0_l-3', 'r1_s0_l1']);
    const l1 = network.lanes.get('r1_s0_l-1');
    const l2 = network.lanes.get('r1_s0_l-2');
    expect(l1).toMatchObject({ kind: 'driving', widthM: 3.5, leftId: null, rightId: 'r1_s0_l-2', markingLeft: 'solid', markingRight: 'dashed' });
    expect(l1?.speedLimitMps).toBeCloseTo(50 / 3.6, 9); // road type speed in km/h
    expect(l2).toMatchObject({ widthM: 3.25, leftId: 'r1_s0_l-1', rightId: null, speedLimitMps: 20 }); // lane <speed> wins
    expect(network.lanes.get('r1_s0_l-3')).toMatchObject({ kind: 'shoulder', widthM: 1, leftId: null });
    // The ignored parts are reported with their lines, not dropped silently.
    expect(warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [10, '<elevationProfile> ignored'],
      [27, '<objects> ignored'],
      [23, "lanes of type 'border' are not imported (1 lane; lines 23)"],
    ]);
  });

  it('puts right lanes along the reference line and left lanes against it', () => {
    const { network } = importFixture('straight.xodr');
    const hdg = 0.5;
    const right = network.lanes.get('r1_s0_l-1')?.centerline;
    const left = network.lanes.get('r1_s0_l1')?.centerline;
    if (right === undefined || left === undefined) throw new Error('lanes missing');
    // Lane -1 centre: t = -1.75; lane 1: t = +1.75, travelling from s = 100 back to s = 0.
    expect(right.xs[0]).toBeCloseTo(10 + 1.75 * Math.sin(hdg), 9);
    expect(right.ys[0]).toBeCloseTo(5 - 1.75 * Math.cos(hdg), 9);
    expect(right.headings[0]).toBeCloseTo(hdg, 9);
    expect(left.xs[0]).toBeCloseTo(10 + 100 * Math.cos(hdg) - 1.75 * Math.sin(hdg), 9);
    expect(left.headings[0]).toBeCloseTo(hdg - Math.PI, 9);
    expect(right.lengthM).toBeCloseTo(100, 9);
  });

  it.each([
    // s, lane, expected t of the lane centre (laneOffset 0.5; lane -1 3.0 m, widening 0.02 m/m after s = 25)
    [10, -1, 0.5 - 1.5],
    [40, -1, 0.5 - (3 + 0.02 * 15) / 2],
    [75, -1, 0.5 - 1.75],
    [75, -2, 0.5 - 3.5 - (0.0012 * 625 - 0.000016 * 15625) / 2],
    [75, 1, 0.5 + 1.75],
    [120, -2, 0.5 - 3.5 - 1],
  ])('centres lane %p at s=%p on the polynomial widths (t = %p)', (s, laneId, t) => {
    const { od, network } = importFixture('sections.xodr');
    const got = lanePositionToWorld(od, '5', laneId, s, 0);
    expect(got.pose.x).toBeCloseTo(s, 9);
    expect(got.pose.y).toBeCloseTo(t, 9);
    // The sampled network lane passes through the same point.
    const lane = network.lanes.get(got.networkLaneId);
    if (lane === undefined) throw new Error(`no lane ${got.networkLaneId}`);
    expect(distanceToPolylineM(lane.centerline, got.pose.x, got.pose.y)).toBeLessThan(1e-3);
  });

  it('stores the mean width of a lane whose width varies (one width per Lane)', () => {
    const { network } = importFixture('sections.xodr');
    // Section 0 lane -1: 3.0 over [0, 25], 3.0 + 0.02 ds over [25, 50] -> mean 3.125.
    expect(network.lanes.get('r5_s0_l-1')?.widthM).toBeCloseTo(3.125, 6);
  });

  it('maps road positions with the lateral offset along the left normal', () => {
    const { od } = importFixture('arc.xodr');
    const pose = roadPositionToWorld(od, '7', 30, 2);
    // Circle of radius 50 centred at (0, 50); at s = 30 the angle is 0.6 and t = 2 moves 2 m inwards.
    expect(pose.x).toBeCloseTo(48 * Math.sin(0.6), 6);
    expect(pose.y).toBeCloseTo(50 - 48 * Math.cos(0.6), 6);
    expect(pose.yaw).toBeCloseTo(0.6, 9);
    // A lane position faces the lane's direction of travel; the offset is along t.
    const left = lanePositionToWorld(od, '7', 1, 30, 0.5);
    expect(left.networkLaneId).toBe('r7_s0_l1');
    expect(left.pose.x).toBeCloseTo((50 - 2.25) * Math.sin(0.6), 6);
    expect(left.pose.yaw).toBeCloseTo(0.6 - Math.PI, 9);
    expect(lanePositionToWorld(od, '7', -1, 30, 0).pose.yaw).toBeCloseTo(0.6, 9);
    expect(() => roadPositionToWorld(od, '8', 0, 0)).toThrow("unknown road '8'");
    expect(() => lanePositionToWorld(od, '7', -3, 0, 0)).toThrow('has no lane -3');
  });

  it('samples curved lanes densely enough that every vertex lies on the analytic offset circle', () => {
    const { network } = importFixture('arc.xodr');
    const lane = network.lanes.get('r7_s0_l-1')?.centerline;
    if (lane === undefined) throw new Error('lane missing');
    for (let i = 0; i < lane.xs.length; i++) expect(Math.hypot(lane.xs[i], lane.ys[i] - 50)).toBeCloseTo(51.75, 9);
    expect(lane.lengthM).toBeCloseTo(51.75 * 1.2, 2);
  });
});

describe('readOpenDrive connectivity', () => {
  it('links lanes across lane sections in their direction of travel', () => {
    const { network } = importFixture('sections.xodr');
    expect(network.lanes.get('r5_s0_l-1')?.successorIds).toEqual(['r5_s1_l-1']);
    expect(network.lanes.get('r5_s1_l-2')?.successorIds).toEqual(['r5_s2_l-2']);
    expect(network.lanes.get('r5_s1_l-1')?.predecessorIds).toEqual(['r5_s0_l-1']);
    // Left lanes travel against s: section 2 -> 1 -> 0.
    expect(network.lanes.get('r5_s2_l1')?.successorIds).toEqual(['r5_s1_l1']);
    expect(network.lanes.get('r5_s1_l1')?.successorIds).toEqual(['r5_s0_l1']);
  });

  it('links roads that meet end to end (contactPoint end on both sides)', () => {
    const { network } = importFixture('linked.xodr');
    expect(network.lanes.get('r1_s0_l-1')?.successorIds).toEqual(['r2_s0_l1']);
    expect(network.lanes.get('r2_s0_l-1')?.successorIds).toEqual(['r1_s0_l1']);
    expect(network.lanes.get('r2_s0_l1')?.predecessorIds).toEqual(['r1_s0_l-1']);
    // The two lanes meet where one ends and the other starts.
    const a = network.lanes.get('r1_s0_l-1')?.centerline;
    const b = network.lanes.get('r2_s0_l1')?.centerline;
    if (a === undefined || b === undefined) throw new Error('lanes missing');
    expect(Math.hypot(a.xs[a.xs.length - 1] - b.xs[0], a.ys[a.ys.length - 1] - b.ys[0])).toBeLessThan(1e-9);
  });

  it('links incoming lanes through junction connecting roads, which become connectors', () => {
    const { network, warnings } = importFixture('junction.xodr');
    expect(network.lanes.get('r1_s0_l-1')?.successorIds).toEqual(['r10_s0_l-1', 'r11_s0_l-1']);
    expect(network.lanes.get('r10_s0_l-1')).toMatchObject({ kind: 'connector', successorIds: ['r2_s0_l-1'], predecessorIds: ['r1_s0_l-1'] });
    expect(network.lanes.get('r11_s0_l-1')).toMatchObject({ kind: 'connector', successorIds: ['r3_s0_l-1'] });
    expect(network.lanes.get('r11_s0_l-1')?.centerline.lengthM).toBeCloseTo(8.25 * (Math.PI / 2), 2);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('<priority> ignored')]);
  });

  it('keeps predecessors the exact inverse of successors in every fixture', () => {
    for (const name of ['straight.xodr', 'arc.xodr', 'spiral.xodr', 'sections.xodr', 'parampoly3.xodr', 'linked.xodr', 'junction.xodr']) {
      const { network } = importFixture(name);
      for (const lane of network.lanes.values()) {
        for (const next of lane.successorIds) expect(network.lanes.get(next)?.predecessorIds).toContain(lane.id);
        for (const prev of lane.predecessorIds) expect(network.lanes.get(prev)?.successorIds).toContain(lane.id);
      }
      const b = network.bounds;
      expect(b.maxX > b.minX && b.maxY > b.minY).toBe(true);
    }
  });
});
