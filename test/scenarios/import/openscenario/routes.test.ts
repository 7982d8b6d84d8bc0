/**
 * Routes (route.xosc on the OpenDRIVE importer's junction: road 1 forks into road 10 -> 2, straight
 * on, and road 11 -> 3, a right turn): a RouteCatalog entry with parameters, an inline Route,
 * RoutePosition in lane and road coordinates, AssignRouteAction in Init and AcquirePositionAction
 * in the storyboard. Each entity must drive the branch of the fork its route names.
 */
import { loadFixture, runFixture } from './osc-fixtures';
import type { World } from '../../../../sim/types';

function lanesDriven(states: readonly World[], id: string): string[] {
  const seen: string[] = [];
  for (const w of states) {
    const a = id === 'ego' ? w.ego : w.actors.find((x) => x.id === id);
    if (a === undefined) throw new Error(`no agent '${id}'`);
    const lane = a.motion.kind === 'lane' ? a.motion.laneId : null;
    if (lane !== null && seen[seen.length - 1] !== lane) seen.push(lane);
  }
  return seen;
}

describe('imported routes', () => {
  const { spec, warnings } = loadFixture('route.xosc');
  const actors = Object.fromEntries((spec.actors ?? []).map((a) => [a.id, a]));

  it('RoutePosition: FromLaneCoordinates pathS = 5 from the first waypoint (s = 0); FromRoadCoordinates pathS = 10 from s = 30', () => {
    expect(spec.ego.start).toMatchObject({ lane: 'r1_s0_l-1', s: 5, d: 0 });
    expect(actors.Turner.start).toMatchObject({ lane: 'r1_s0_l-1', s: 60, d: 0 });
    expect(actors.Straight.start).toMatchObject({ lane: 'r1_s0_l-1', s: 40, d: 0 });
  });

  it('AssignRouteAction gives the ego its route (and plan) and lane traffic a route through the fork', () => {
    expect(spec.ego.route).toEqual(['r1_s0_l-1', 'r11_s0_l-1', 'r3_s0_l-1']);
    expect(actors.Turner.behaviour).toEqual({ type: 'route', lanes: ['r1_s0_l-1', 'r11_s0_l-1', 'r3_s0_l-1'], desired_speed: 6 });
    expect(actors.Straight.behaviour).toMatchObject({ type: 'route', lanes: ['r1_s0_l-1', 'r10_s0_l-1', 'r2_s0_l-1'] });
    expect(actors.Late.behaviour).toMatchObject({ type: 'route', lanes: ['r1_s0_l-1', 'r11_s0_l-1', 'r3_s0_l-1'] });
  });

  it('reports what it approximates, with the lines', () => {
    expect(warnings.filter((w) => w.line === 30)[0]?.message).toMatch(/^'Turner' follows its route as IDM traffic/);
    expect(warnings.filter((w) => w.line === 57)[0]?.message).toMatch(/^the route of 'Late' is taken from its start/);
  });

  it('each entity drives the branch its route names', () => {
    const run = runFixture('route.xosc');
    expect(lanesDriven(run.states, 'Turner')).toEqual(['r1_s0_l-1', 'r11_s0_l-1', 'r3_s0_l-1']);
    expect(lanesDriven(run.states, 'Straight')).toEqual(['r1_s0_l-1', 'r10_s0_l-1', 'r2_s0_l-1']);
    expect(lanesDriven(run.states, 'Late')).toEqual(['r1_s0_l-1', 'r11_s0_l-1', 'r3_s0_l-1']);
    // The ego's plan takes the turn too: it ends on road 3.
    const last = run.states[run.states.length - 1];
    expect(last.ego.pose.y).toBeLessThan(-10);
    expect(run.rollout.metrics.collision).toBeNull();
  });
});
