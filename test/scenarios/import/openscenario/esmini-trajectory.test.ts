/**
 * Trajectory following on a curved road (issue 8), on esmini's curves_elevation.xodr
 * (test/fixtures/openscenario/esmini, stored unmodified; see its README).
 * - nurbs_curve.xosc (ours): a vehicle follows, from the start, a timed Nurbs that is exactly the
 *   centre circle of lane -1 on the road's arc; imported and run, it stays on that lane and on its path.
 * - esmini's trajectory-test.xosc: a car follows a Polyline, a Clothoid and a Nurbs, each placed
 *   relative to where the car itself is when a traffic-dependent trigger fires. The importer keeps
 *   them as points ahead of the car along its lanes (`relative_to`), which the simulator places when
 *   our event fires; checked against the standard's RelativeLanePosition evaluated on the OpenDRIVE
 *   road at the car's position at that moment.
 */
import { join } from 'path';
import { loadOpenDriveFile } from '../../../../scenarios/import/opendrive/load-opendrive-file';
import { lanePositionToWorld } from '../../../../scenarios/import/opendrive/road-position';
import { locate } from '../../../../sim/road/query';
import { actor, at, firedAt, laneOf, loadFixture, OSC_DIR, toPolyline } from './osc-fixtures';
import { recordRun } from '../../../helpers/scenario-runs';

// curves_elevation.xodr, road 1: the arc geometry from s = 100 (curvature 0.007), lanes 3.07 m wide.
const ARC = { s: 100, x: 99.847088389870123, y: 2.9102939992549182, hdg: 0.1750000000012415, k: 7.0000000000000001e-3 };
const R = 1 / ARC.k;
const CENTRE = { x: ARC.x - R * Math.sin(ARC.hdg), y: ARC.y + R * Math.cos(ARC.hdg) };
/** Lane -1 (right of the reference line) is on the outside of this left-hand arc. */
const LANE_RADIUS = R + 3.07 / 2;
/** The centre of lane -1 at road s (on the arc), analytically. */
function laneCentre(s: number): { x: number; y: number } {
  const h = ARC.hdg + (s - ARC.s) * ARC.k;
  return { x: CENTRE.x + LANE_RADIUS * Math.sin(h), y: CENTRE.y - LANE_RADIUS * Math.cos(h) };
}

describe('nurbs_curve.xosc: a Nurbs follower on the arc of curves_elevation.xodr', () => {
  const loaded = loadFixture('nurbs_curve.xosc');
  const follower = (loaded.spec.actors ?? []).find((a) => a.id === 'Follower');
  const behaviour = follower?.behaviour as { type: string; waypoints: { t: number; x: number; y: number }[] };
  const run = recordRun(loaded.spec, 'trajectory', { stopOnCollision: false });

  it('imports the Nurbs as timed points on the centre circle of lane -1 (within 1 cm; the spec rounds to 0.1 mm)', () => {
    expect(behaviour.type).toBe('follow_trajectory');
    const wps = behaviour.waypoints;
    expect(wps.length).toBeGreaterThan(120); // 121.3 m of lane, samples at most 1 m apart
    for (const p of wps) expect(Math.abs(Math.hypot(p.x - CENTRE.x, p.y - CENTRE.y) - LANE_RADIUS)).toBeLessThan(0.01);
    // Times come from the control points' times (0, 2.5, 5, 7.5, 10 s), carried by the spline.
    expect(wps[0].t).toBe(0);
    expect(wps[wps.length - 1].t).toBeCloseTo(10, 3);
    for (let i = 1; i < wps.length; i++) expect(wps[i].t).toBeGreaterThan(wps[i - 1].t);
    // Its ends are the lane centre at road s = 130 and s = 250, where the file puts them.
    const road = run.runtime.setup.road;
    for (const [p, s] of [[wps[0], 130], [wps[wps.length - 1], 250]] as const) {
      expect(Math.hypot(p.x - laneCentre(s).x, p.y - laneCentre(s).y)).toBeLessThan(0.01);
      const at = locate(road, p.x, p.y);
      expect(at?.laneId).toBe('r1_s0_l-1');
      expect(Math.abs(at?.d ?? Infinity)).toBeLessThan(0.01);
    }
  });

  it('runs: the follower stays within 0.1 m of its trajectory and on lane -1 through the curve', () => {
    const road = run.runtime.setup.road;
    const wps = behaviour.waypoints;
    let worst = 0;
    for (const w of run.states) {
      const pose = actor(w, 'Follower').pose;
      worst = Math.max(worst, toPolyline(wps, pose.x, pose.y));
      expect(locate(road, pose.x, pose.y)?.laneId).toBe('r1_s0_l-1');
    }
    expect(worst).toBeLessThan(0.1);
    // It keeps the file's timing: at t = 5 s it is at the middle control point (road s = 190).
    const mid = run.states.find((w) => Math.abs(w.timeS - 5) < 1e-6);
    if (mid === undefined) throw new Error('no state at t = 5 s');
    const pose = actor(mid, 'Follower').pose;
    expect(Math.hypot(pose.x - laneCentre(190).x, pose.y - laneCentre(190).y)).toBeLessThan(0.1);
    expect(run.rollout.metrics.collision).toBeNull();
  });
});

describe("esmini trajectory-test.xosc: trajectories placed relative to a moving car's position at a traffic trigger", () => {
  const loaded = loadFixture(join('esmini', 'xosc', 'trajectory-test.xosc'));
  const run = recordRun(loaded.spec, 'trajectory', { stopOnCollision: false });
  const od = loadOpenDriveFile(join(OSC_DIR, 'esmini', 'xodr', 'curves_elevation.xodr')).od;
  const placedAt = (t: number) => {
    const m = actor(at(run, t), 'Target').motion;
    if (m.kind !== 'bicycle' || m.placed === undefined) throw new Error(`Target follows no placed trajectory at t = ${t}`);
    return m.placed;
  };

  it('imports all three shapes (Polyline, Clothoid, Nurbs) as trajectories relative to Target, each reported with its line', () => {
    const relative = loaded.warnings.filter((w) => /is placed when the event starts, ahead of 'Target'/.test(w.message));
    expect(relative.map((w) => w.line)).toEqual([122, 176, 212]);
    const actions = (loaded.spec.events ?? []).flatMap((e) => e.actions as { type: string; relative_to?: string }[]).filter((a) => a.type === 'follow_trajectory');
    expect(actions.map((a) => a.relative_to)).toEqual(['Target', 'Target', 'Target']);
  });

  it('places the Polyline where Target is when the headway trigger fires, and Target drives it on time', () => {
    const fired = firedAt(run, 'FollowTrajectoryPLineEvent');
    // 0.5 s headway to the ego, plus the condition's 0.2 s delay: in the first seconds, not at Init.
    expect(fired).toBeGreaterThan(1);
    const before = laneOf(actor(at(run, fired), 'Target'));
    expect(before.laneId).toBe('r1_s0_l-1');
    const path = placedAt(fired + 0.1);
    // Vertex 0 (dLane 0, ds 0) is Target itself; vertex 1 at t = 2 s is dLane +1, ds 60, offset 2.
    // (Box centres: the file's points are Target's reference point, 1.3 m behind the centre along the
    // path's heading, which leaves the lane centre by 5 m over 60 m: 0.11 m sideways at vertex 0.)
    const start = lanePositionToWorld(od, '1', -1, before.s, 0).pose;
    expect(Math.hypot(path[0].x - start.x, path[0].y - start.y)).toBeLessThan(0.15);
    const vertex1 = lanePositionToWorld(od, '1', 1, before.s + 60, 2).pose;
    const placed1 = path.find((q) => Math.abs(q.tS - 2) < 1e-9) as { x: number; y: number };
    const p = actor(at(run, Math.round((fired + 2) * 10) / 10), 'Target').pose;
    // Placed within 0.6 m of the standard's point (measured 0.45 m: ds runs along our lane centre, not
    // the reference line, 0.25 m shorter over the 24 m of arc on this outer lane; box-centre offsets),
    // and driven through it within 1.5 m (measured 1.03 m: pure pursuit cuts the polyline's corner at 30 m/s).
    expect(Math.hypot(placed1.x - vertex1.x, placed1.y - vertex1.y)).toBeLessThan(0.6);
    expect(Math.hypot(p.x - placed1.x, p.y - placed1.y)).toBeLessThan(1.5);
  });

  it('places the Clothoid and the Nurbs where Target is when they start (after the previous one ends), not where it started', () => {
    for (const [id, prev] of [['FollowTrajectoryClothoidEvent', 'FollowTrajectoryPLineEvent'], ['FollowTrajectoryNurbsEvent', 'FollowTrajectoryClothoidEvent']]) {
      const fired = firedAt(run, id);
      expect(fired).toBeGreaterThan(firedAt(run, prev));
      const here = actor(at(run, fired), 'Target').pose;
      const first = placedAt(fired + 0.1)[0];
      expect(Math.hypot(first.x - here.x, first.y - here.y)).toBeLessThan(2);
    }
    // The whole run completes, every pose finite.
    expect(run.states[run.states.length - 1].timeS).toBeCloseTo(30, 6);
    for (const w of run.states) expect(Number.isFinite(actor(w, 'Target').pose.x + actor(w, 'Target').pose.y)).toBe(true);
  });
});
