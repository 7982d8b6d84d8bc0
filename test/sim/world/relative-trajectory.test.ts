import { lanePose } from '../../../sim/road/query';
import type { EventAction, RelativeTrajectory } from '../../../sim/setup';
import { RelativeTrajectoryError } from '../../../sim/world/relative-trajectory';
import { CONSTANT_SPEED, OFF_ROAD_EGO, actorIn, atTime, curveRoad, event, laneActor, laneStart, runSteps, simSetup } from '../../helpers/world-fixtures';

const road = curveRoad(60);
const stepAt = (s: number): number => Math.round(s / 0.1);

function relativeFollow(actorId: string, agentId: string, points: RelativeTrajectory['points']): EventAction {
  return { type: 'follow_trajectory', actorId, waypoints: [], relativeTo: { agentId, points } };
}

// Into the next lane over 2 s while driving 20 m, then 20 m more in it: across the 60 m curve.
const CHANGE_LEFT = [
  { tS: 0, dsM: 0, dM: 0 },
  { tS: 2, dsM: 20, dM: 3.5 },
  { tS: 4, dsM: 40, dM: 3.5 },
];

describe('trajectories placed relative to an agent when their event fires', () => {
  test('are laid along the lanes from where the reference is then, not where it started', () => {
    // The car holds 10 m/s from s = 20: at the trigger (t = 3) it is at s = 50, inside the arc.
    const setup = simSetup({ road, ego: OFF_ROAD_EGO, actors: [laneActor('car', 'lane0', 20, 10, CONSTANT_SPEED)], events: [event('go', atTime(3), [relativeFollow('car', 'car', CHANGE_LEFT)])] });
    const { states } = runSteps(setup, stepAt(7));
    const fired = actorIn(states[stepAt(3) + 1], 'car');
    expect(fired.motion.kind).toBe('bicycle');
    const placed = fired.motion.kind === 'bicycle' ? fired.motion.placed ?? [] : [];
    expect(placed).toHaveLength(3);
    CHANGE_LEFT.forEach((p, k) => {
      const want = lanePose(road, 'lane0', 50 + p.dsM, p.dM);
      expect(placed[k].tS).toBe(p.tS);
      expect(Math.hypot(placed[k].x - want.x, placed[k].y - want.y)).toBeLessThan(1e-6);
    });
    // Tracked from the trigger: 4 s later it drives in the left lane, 40 m on.
    const end = actorIn(states[stepAt(7)], 'car').pose;
    const target = lanePose(road, 'lane0', 90, 3.5);
    expect(Math.hypot(end.x - target.x, end.y - target.y)).toBeLessThan(1.5);
  });

  test('can be relative to the ego', () => {
    const setup = simSetup({ road, ego: { ...OFF_ROAD_EGO, start: laneStart('lane1', 30, 0) }, actors: [laneActor('car', 'lane0', 5, 0, CONSTANT_SPEED)], events: [event('go', atTime(1), [relativeFollow('car', 'ego', [{ tS: 0, dsM: 10, dM: -3.5 }, { tS: 5, dsM: 30, dM: -3.5 }])])] });
    const { states } = runSteps(setup, stepAt(1.5));
    const car = actorIn(states[stepAt(1.5)], 'car');
    const placed = car.motion.kind === 'bicycle' ? car.motion.placed ?? [] : [];
    const first = lanePose(road, 'lane1', 40, -3.5);
    expect(Math.hypot(placed[0].x - first.x, placed[0].y - first.y)).toBeLessThan(1e-6);
  });

  test('a reference off the lanes is an error that names it', () => {
    const setup = simSetup({ road, ego: OFF_ROAD_EGO, actors: [laneActor('car', 'lane0', 20, 10, CONSTANT_SPEED)], events: [event('go', atTime(1), [relativeFollow('car', 'ego', CHANGE_LEFT)])] });
    expect(() => runSteps(setup, stepAt(2))).toThrow(RelativeTrajectoryError);
    expect(() => runSteps(setup, stepAt(2))).toThrow(/relative to 'ego'.*off the lanes/);
  });
});
