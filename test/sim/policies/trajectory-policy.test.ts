import { PolicyError, trajectoryPolicy } from '../../../sim/policies/trajectory-policy';
import { projectOntoLane } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import { createRuntime } from '../../../sim/world/runtime';
import { constantSpeedPoints } from '../../../scenarios/trajectory-points';
import { OFF_ROAD_EGO, curveRoad, laneStart, runSteps, simSetup, straightRoad } from '../../helpers/world-fixtures';

const TRACKING_M = 0.3;

describe('trajectoryPolicy', () => {
  test.each<[string, number]>([
    ['no', 0],
    ['a single-point', 1],
  ])('throws a PolicyError for %s ego trajectory, naming the scenario and the way out', (_name, points) => {
    const trajectory = [{ tS: 0, x: 0, y: 0 }].slice(0, points);
    const rt = createRuntime({ ...simSetup({ road: straightRoad() }), name: 'lonely', ego: { ...OFF_ROAD_EGO, trajectory } });
    expect(() => trajectoryPolicy(rt)).toThrow(PolicyError);
    expect(() => trajectoryPolicy(rt)).toThrow("scenario 'lonely' has no authored ego trajectory (ego.trajectory); use --policy idm");
  });

  test.each<[string, RoadNetwork, number]>([
    ['a straight lane', straightRoad(2, 1000), 15],
    ['a curve of radius 60 m', curveRoad(60), 12],
  ])('tracks a constant-speed trajectory along %s within 0.3 m', (_name, road, speedMps) => {
    const durationS = 15;
    const trajectory = constantSpeedPoints(road, { kind: 'lane', tS: 0, laneId: 'lane0', s: 5, d: 0 }, speedMps, durationS + 1, ['lane0']);
    const setup = simSetup({ road, durationS, ego: { ...OFF_ROAD_EGO, start: laneStart('lane0', 5, speedMps), route: ['lane0'], trajectory } });
    const rt = createRuntime(setup);
    const policy = trajectoryPolicy(rt);
    expect(policy.name).toBe('trajectory');
    const { states } = runSteps(setup, rt.stepCount, policy);
    const errors = states.map((w) => Math.abs(projectOntoLane(road, 'lane0', w.ego.pose.x, w.ego.pose.y).d));
    expect(Math.max(...errors)).toBeLessThan(TRACKING_M);
    // Along the lane too: at t it is where the reference is, s = 5 + v t.
    const last = states[states.length - 1];
    expect(projectOntoLane(road, 'lane0', last.ego.pose.x, last.ego.pose.y).s).toBeCloseTo(5 + speedMps * durationS, 0);
    expect(last.ego.speedMps).toBeCloseTo(speedMps, 1);
  });
});
