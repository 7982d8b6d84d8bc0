/**
 * Trajectory following on a curved road (issue 8), on esmini's curves_elevation.xodr
 * (test/fixtures/openscenario/esmini, stored unmodified; see its README).
 * - nurbs_curve.xosc (ours): a vehicle follows, from the start, a timed Nurbs that is exactly the
 *   centre circle of lane -1 on the road's arc; imported and run, it stays on that lane and on its path.
 * - esmini's trajectory-test.xosc: a car follows a Polyline, a Clothoid and a Nurbs, each placed
 *   relative to where the car itself is when a traffic-dependent trigger fires. The importer cannot
 *   know that place; it reports each such trajectory with its line instead of misplacing it.
 */
import { join } from 'path';
import { SpecError, type SpecIssue } from '../../../../scenarios/errors';
import { loadOpenScenarioFile } from '../../../../scenarios/import/openscenario/load-openscenario';
import { locate } from '../../../../sim/road/query';
import { actor, loadFixture, OSC_DIR, toPolyline } from './osc-fixtures';
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
  function importIssues(): readonly SpecIssue[] {
    try {
      loadOpenScenarioFile(join(OSC_DIR, 'esmini', 'xosc', 'trajectory-test.xosc'));
    } catch (error) {
      if (error instanceof SpecError) return error.issues;
      throw error;
    }
    throw new Error('trajectory-test.xosc imported without errors');
  }

  it('reads all three shapes (Polyline, Clothoid, Nurbs) and reports each misplaced trajectory once, with its line', () => {
    const issues = importIssues();
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => e.line)).toEqual([122, 176, 212]);
    expect(errors.map((e) => /event '(\w+)'/.exec(e.message)?.[1])).toEqual(['FollowTrajectoryPLineEvent', 'FollowTrajectoryClothoidEvent', 'FollowTrajectoryNurbsEvent']);
    for (const e of errors) expect(e.message).toContain("relative to 'Target', which moves");
    expect(errors[2].message).toContain('5 positions; also at lines 217, 222, 227, 232');
    // Nothing about the shapes themselves: the Nurbs is read (no "not supported" for it).
    expect(issues.some((i) => /shape <\w+> is not supported/.test(i.message))).toBe(false);
  });
});
