/**
 * The esmini examples of the kinds the importer gained last (test/fixtures/openscenario/esmini, stored
 * unmodified; see its README): a pedestrian crossing (alks_pedestrian.xosc: a path set in Init,
 * started by a SpeedAction at t > 2 s) and an ego that follows three clothoid trajectories, each
 * placed relative to where the ego is when its event starts (lane-change_clothoid_based_trajectory.xosc).
 * Each is imported and run, and checked against what the file describes.
 */
import { join } from 'path';
import { locate } from '../../../../sim/road/query';
import { loadOpenScenarioFile } from '../../../../scenarios/import/openscenario/load-openscenario';
import { recordRun } from '../../../helpers/scenario-runs';
import { actor, firedAt, OSC_DIR, toPolyline } from './osc-fixtures';

const ESMINI = join(OSC_DIR, 'esmini', 'xosc');

describe('esmini alks_pedestrian.xosc: a pedestrian crossing', () => {
  const { spec } = loadOpenScenarioFile(join(ESMINI, 'alks_pedestrian.xosc'));

  it('waits on its path until t > 2 s, then walks it at the SpeedAction speed 1 m/s across the ego lane', () => {
    const run = recordRun(spec, 'trajectory', { stopOnCollision: false });
    const t0 = firedAt(run, 'PedestrianWalkEvent');
    expect(t0).toBeCloseTo(2.1, 9);
    const before = actor(run.states[20], 'Pedestrian').pose;
    expect(before.y).toBeCloseTo(actor(run.states[0], 'Pedestrian').pose.y, 9);
    const later = actor(run.states[61], 'Pedestrian').pose; // t = 6.1 s: 4 s of walking
    expect(later.y - before.y).toBeCloseTo(4, 1);
    // Its path crosses lane -1, where the ego drives: it is on that lane's surface part of the time.
    const onEgoLane = run.states.filter((w) => locate(run.runtime.setup.road, actor(w, 'Pedestrian').pose.x, actor(w, 'Pedestrian').pose.y)?.laneId === 'r1_s0_l-1');
    expect(onEgoLane.length).toBeGreaterThan(10);
    // The authored ego keeps 16 m/s (the file's ALKS controller is not imported) and meets the pedestrian.
    expect(run.rollout.metrics.collision?.withId).toBe('Pedestrian');
  });

  it('with --policy idm the ego yields: no collision, and it stays short of the crossing while the pedestrian is on its lane', () => {
    const run = recordRun(spec, 'idm', { stopOnCollision: false });
    expect(run.rollout.metrics.collision).toBeNull();
    const road = run.runtime.setup.road;
    const crossing = run.states.filter((w) => locate(road, actor(w, 'Pedestrian').pose.x, actor(w, 'Pedestrian').pose.y)?.laneId === 'r1_s0_l-1');
    expect(crossing.length).toBeGreaterThan(10);
    for (const w of crossing) expect(w.ego.pose.x + w.ego.size.lengthM / 2).toBeLessThan(110 - 0.3);
  });
});

describe('esmini lane-change_clothoid_based_trajectory.xosc: an ego on clothoid trajectories', () => {
  const loaded = loadOpenScenarioFile(join(ESMINI, 'lane-change_clothoid_based_trajectory.xosc'));
  const run = recordRun(loaded.spec, 'trajectory', { stopOnCollision: false });
  const plan = run.runtime.setup.ego.trajectory;

  it('chains the three trajectories: each event starts when the one before completes', () => {
    const t1 = firedAt(run, 'LaneChangeEvent1');
    const t2 = firedAt(run, 'LaneChangeEvent2');
    const t3 = firedAt(run, 'LaneChangeEvent3');
    expect(t1).toBeCloseTo(2.1, 9);
    // 15 m of arc at 50 km/h, then 5 m of line; our events see another's end one step later.
    expect(t2 - t1).toBeGreaterThanOrEqual(15 / (50 / 3.6) - 1e-9);
    expect(t2 - t1).toBeLessThanOrEqual(15 / (50 / 3.6) + 0.2 + 1e-9);
    expect(t3 - t2).toBeGreaterThanOrEqual(5 / (50 / 3.6) - 1e-9);
    expect(t3 - t2).toBeLessThanOrEqual(5 / (50 / 3.6) + 0.2 + 1e-9);
  });

  it('moves the ego one lane left: arc, line, arc of R = 100 m add up to 2.99 m (within 0.3 m)', () => {
    const lateral = 2 * 100 * (1 - Math.cos(0.15)) + 5 * Math.sin(0.15);
    const last = run.states[run.states.length - 1];
    expect(Math.abs(last.ego.pose.y - run.states[0].ego.pose.y - lateral)).toBeLessThan(0.3);
    expect(Math.cos(last.ego.pose.yaw)).toBeGreaterThan(0.999);
  });

  it('the tracked ego stays within 0.3 m of its authored trajectory, curves included', () => {
    let worst = 0;
    for (const w of run.states) worst = Math.max(worst, toPolyline(plan, w.ego.pose.x, w.ego.pose.y));
    expect(worst).toBeLessThan(0.3);
    expect(run.rollout.metrics.collision).toBeNull();
  });
});
