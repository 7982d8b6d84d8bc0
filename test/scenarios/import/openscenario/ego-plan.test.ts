/**
 * The ego's own storyboard actions become its plan (its authored trajectory), at the times their
 * events start: a time condition, a condition on the ego's own motion read off the plan (reach a
 * position), and the end of another of its events plus a delay. ego_plan.xosc on highway.xodr
 * (three right lanes of 3.5 m, lane -3 at y = -8.75). What cannot be timed at import is reported.
 */
import { locate } from '../../../../sim/road/query';
import { actor, at, firedAt, loadFixture, runFixture } from './osc-fixtures';

const DT = 0.1;

describe('an imported ego plan', () => {
  const loaded = loadFixture('ego_plan.xosc');
  const run = runFixture('ego_plan.xosc');
  const waypoints = loaded.spec.ego.trajectory as { t: number; lane: string; s: number; d: number }[];

  it('is written as timed lane waypoints from the ego start', () => {
    expect(Array.isArray(waypoints)).toBe(true);
    expect(waypoints[0]).toEqual({ t: 0, lane: 'r1_s0_l-3', s: 21.4, d: 0 });
    expect(loaded.spec.ego.route?.slice(0, 2)).toEqual(['r1_s0_l-3', 'r1_s0_l-2']);
  });

  it('speeds up from 20 to 25 m/s linearly over 2.5 s from t > 1 s (SimulationTimeCondition)', () => {
    const t0 = firedAt(run, 'Accelerate');
    expect(t0).toBeCloseTo(1.1, 9);
    // The plan: s advances 20 m/s before, 25 m/s after; half-way the speed is 22.5 m/s.
    const sAt = (t: number): number => {
      const i = waypoints.findIndex((w) => w.t >= t - 1e-9);
      const a = waypoints[Math.max(0, i - 1)];
      const b = waypoints[i];
      return b.t === a.t ? b.s : a.s + ((b.s - a.s) * (t - a.t)) / (b.t - a.t);
    };
    expect(sAt(t0) - sAt(t0 - 1)).toBeCloseTo(20, 6);
    expect((sAt(t0 + 1.3) - sAt(t0 + 1.2)) / DT).toBeCloseTo(22.5, 1);
    expect(sAt(t0 + 3.5) - sAt(t0 + 2.5)).toBeCloseTo(25, 1);
    // The tracked ego follows: within 0.3 m/s of the planned speed before and after.
    expect(at(run, 0.5).ego.speedMps).toBeCloseTo(20, 1);
    expect(Math.abs(at(run, 5).ego.speedMps - 25)).toBeLessThan(0.3);
  });

  it('changes lane when its plan reaches the merge point (ReachPositionCondition on the ego itself)', () => {
    const tMerge = firedAt(run, 'Merge'); // the same condition, evaluated on the tracked ego
    const firstMove = waypoints.find((w) => w.d > 1e-3) as { t: number };
    expect(firstMove.t).toBeCloseTo(tMerge + DT, 9);
    // The NPC event that waits for the ego's Merge to start fires the step after it.
    expect(firedAt(run, 'LeadSpeedsUp')).toBeCloseTo(tMerge + DT, 9);
    // Sinusoidal over 3 s: in the target lane at tMerge + 3 s.
    const w = at(run, Math.round((tMerge + 3.2) / DT) * DT);
    expect(locate(run.runtime.setup.road, w.ego.pose.x, w.ego.pose.y)?.laneId).toBe('r1_s0_l-2');
  });

  it('reaches the merge point with its reference point (1.4 m behind the box centre), caught within half a step of travel', () => {
    // highway.xodr runs along +x: lane -3 at road s = 120 is (120, -8.75). The box centre is 1.4 m ahead.
    const tMerge = firedAt(run, 'Merge');
    const reference = (t: number) => {
      const e = at(run, Math.round(t / DT) * DT).ego;
      return { x: e.pose.x - 1.4 * Math.cos(e.pose.yaw), y: e.pose.y - 1.4 * Math.sin(e.pose.yaw), v: e.speedMps };
    };
    const off = (t: number) => Math.hypot(reference(t).x - 120, reference(t).y + 8.75);
    expect(off(tMerge)).toBeLessThanOrEqual(2 + (reference(tMerge).v * DT) / 2 + 0.05);
    expect(off(tMerge - DT)).toBeGreaterThan(2);
  });

  it('drifts 0.5 m left 1 s after the lane change ends (StoryboardElementState endTransition + delay)', () => {
    const tMerge = firedAt(run, 'Merge');
    const tSettle = firedAt(run, 'Settle');
    expect(tSettle).toBeGreaterThanOrEqual(tMerge + 4 - 1e-9);
    expect(tSettle).toBeLessThanOrEqual(tMerge + 4 + 2 * DT + 1e-9);
    const planned = waypoints.filter((w) => w.lane === 'r1_s0_l-2');
    expect(planned[planned.length - 1].d).toBeCloseTo(0.5, 4);
    const last = run.states[run.states.length - 1];
    expect(last.ego.pose.y).toBeCloseTo(-5.25 + 0.5, 1);
  });

  it('reports the action whose start depends on another entity, with its line, and keeps its event', () => {
    const w = loaded.warnings.find((x) => x.line === 55);
    expect(w?.message).toMatch(/^<SpeedAction> on the ego \('Ego'\) is not in its plan: the start of event 'Brake' cannot be known at import \(<TimeHeadwayCondition> depends on more than the ego's own motion\)/);
    expect(loaded.spec.events?.find((e) => e.id === 'Brake')?.actions).toEqual([]);
    expect(actor(run.states[run.states.length - 1], 'Lead').speedMps).toBeCloseTo(25, 6);
  });
});

describe('the ego plan of esmini lane_change.xosc', () => {
  it('moves the ego into the oncoming lane at t > 4 s over 2 s, as its LaneChangeAction says', () => {
    const run = runFixture('esmini/xosc/lane_change.xosc');
    const t0 = firedAt(run, 'Lane_change_Ego_event');
    expect(t0).toBeCloseTo(4.1, 9);
    const road = run.runtime.setup.road;
    expect(locate(road, at(run, 4).ego.pose.x, at(run, 4).ego.pose.y)?.laneId).toBe('r1_s0_l-1');
    const after = at(run, 7);
    expect(locate(road, after.ego.pose.x, after.ego.pose.y)?.laneId).toBe('r1_s0_l1');
  });
});
