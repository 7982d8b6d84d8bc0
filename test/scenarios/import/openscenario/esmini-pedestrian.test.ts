/**
 * esmini's pedestrian.xosc on fabriksgatan.xodr (test/fixtures/openscenario/esmini, stored
 * unmodified with the route catalog it uses; see its README): the ego drives road 0 on a route from
 * a RoutePosition at HostSpeed 10 m/s; once it has travelled 5 m, a pedestrian walks a path from
 * the sidewalk across the road at PedestrianSpeed 1.5 m/s; the ego's brake (TimeToCollision < 1.2 s)
 * depends on the pedestrian, so it is not in the ego's authored plan (warned). Imported and run,
 * and checked against what the file describes.
 */
import { join } from 'path';
import { locate } from '../../../../sim/road/query';
import { loadOpenScenarioFile } from '../../../../scenarios/import/openscenario/load-openscenario';
import type { World } from '../../../../sim/types';
import { recordRun } from '../../../helpers/scenario-runs';
import { actor, firedAt, OSC_DIR } from './osc-fixtures';

const FILE = join(OSC_DIR, 'esmini', 'xosc', 'pedestrian.xosc');
const HOST_SPEED = 10;
const PEDESTRIAN_SPEED = 1.5;

describe('esmini pedestrian.xosc: a pedestrian crossing in front of the ego', () => {
  const loaded = loadOpenScenarioFile(FILE);
  const trajectory = recordRun(loaded.spec, 'trajectory', { stopOnCollision: false });
  const idm = recordRun(loaded.spec, 'idm', { stopOnCollision: false });
  const road = trajectory.runtime.setup.road;
  const ped = (w: World) => actor(w, 'pedestrian_adult').pose;

  it('the ego starts on the route at its RoutePosition (road 0, lane 1) at HostSpeed', () => {
    const w0 = trajectory.states[0];
    expect(locate(road, w0.ego.pose.x, w0.ego.pose.y)?.laneId).toBe('r0_s0_l1');
    expect(w0.ego.speedMps).toBeCloseTo(HOST_SPEED, 9);
  });

  it('the pedestrian waits until the ego has travelled 5 m, then walks its path at PedestrianSpeed', () => {
    const t0 = firedAt(trajectory, 'ped_event');
    expect(t0).toBeGreaterThanOrEqual(5 / HOST_SPEED - 1e-9);
    expect(t0).toBeLessThanOrEqual(5 / HOST_SPEED + 0.2 + 1e-9);
    const k0 = trajectory.states.findIndex((w) => Math.abs(w.timeS - t0) < 1e-6);
    const start = ped(trajectory.states[0]);
    expect(Math.hypot(ped(trajectory.states[k0]).x - start.x, ped(trajectory.states[k0]).y - start.y)).toBeLessThan(1e-9);
    // The first leg of its path is 4.5 m straight: 2 s of walking is 3 m along it.
    const later = ped(trajectory.states[k0 + 20]);
    expect(Math.hypot(later.x - start.x, later.y - start.y)).toBeCloseTo(2 * PEDESTRIAN_SPEED, 1);
  });

  it('its path crosses the ego lane; the authored ego (its brake left out of the plan) meets it, the IDM ego yields', () => {
    const onEgoLane = idm.states.filter((w) => locate(road, ped(w).x, ped(w).y)?.laneId === 'r0_s0_l1');
    expect(onEgoLane.length).toBeGreaterThan(5);
    const brake = loaded.warnings.find((w) => w.line === 205);
    expect(brake?.message).toMatch(/^<SpeedAction> on the ego \('Ego'\) is not in its plan: the start of event 'brake_Event' cannot be known at import/);
    expect(trajectory.rollout.metrics.collision?.withId).toBe('pedestrian_adult');
    expect(idm.rollout.metrics.collision).toBeNull();
    // The IDM ego slows down for the pedestrian while it is in its lane.
    const slowest = Math.min(...idm.states.filter((w) => w.timeS > 3 && w.timeS < 8).map((w) => w.ego.speedMps));
    expect(slowest).toBeLessThan(3);
  });
});
