import type { EventAction, TeleportTarget } from '../../../sim/setup';
import { EventActionError } from '../../../sim/world/events';
import { CONSTANT_SPEED, OFF_ROAD_EGO, actorIn, atTime, event, laneActor, laneMotionOf, laneStart, runSteps, simSetup, straightRoad, walker } from '../../helpers/world-fixtures';

const road = straightRoad(2, 1000);
const stepAt = (s: number): number => Math.round(s / 0.1);
const teleport = (actorId: string, to: TeleportTarget): EventAction => ({ type: 'teleport', actorId, to });

describe('teleport', () => {
  test('moves a lane follower to a lane position at once; it drives on from there at its speed', () => {
    const setup = simSetup({ road, ego: OFF_ROAD_EGO, actors: [laneActor('car', 'lane0', 50, 10, CONSTANT_SPEED)], events: [event('jump', atTime(2), [teleport('car', { kind: 'lane', laneId: 'lane1', s: 300, d: 0.5 })])] });
    const { states } = runSteps(setup, stepAt(4));
    const landed = actorIn(states[stepAt(2) + 1], 'car');
    expect(laneMotionOf(landed)).toMatchObject({ laneId: 'lane1', d: 0.5 });
    expect(landed.speedMps).toBeCloseTo(10, 9);
    // Two seconds later: 20 m on along lane1 (y = 3.5 + 0.5), at the same speed.
    const later = actorIn(states[stepAt(4)], 'car');
    expect(later.pose.x).toBeCloseTo(320, 6);
    expect(later.pose.y).toBeCloseTo(4, 9);
  });

  test('places a point ahead of another agent where it is when the event fires', () => {
    const setup = simSetup({ road, ego: { ...OFF_ROAD_EGO, start: laneStart('lane0', 100, 20) }, actors: [laneActor('car', 'lane1', 10, 0, CONSTANT_SPEED)], events: [event('jump', atTime(3), [teleport('car', { kind: 'ahead', agentId: 'ego', dsM: 30, dM: 3.5 })])] });
    const { states } = runSteps(setup, stepAt(3.2));
    const fired = states.findIndex((w) => w.events[0].firedAtS !== null);
    const ego = states[fired - 1].ego;
    const car = actorIn(states[fired], 'car');
    expect(car.pose.x).toBeCloseTo(ego.pose.x + 30, 6);
    expect(car.pose.y).toBeCloseTo(3.5, 6);
    expect(laneMotionOf(car).laneId).toBe('lane1');
  });

  test('refuses to put a lane follower off the lanes, and to move a walker', () => {
    const off = simSetup({ road, ego: OFF_ROAD_EGO, actors: [laneActor('car', 'lane0', 50, 10, CONSTANT_SPEED)], events: [event('jump', atTime(1), [teleport('car', { kind: 'pose', pose: { x: 100, y: 50, yaw: 0 } })])] });
    expect(() => runSteps(off, stepAt(2))).toThrow(EventActionError);
    expect(() => runSteps(off, stepAt(2))).toThrow(/teleport would put 'car', which drives along lanes, off the lanes at \(100\.0, 50\.0\)/);
    const walk = simSetup({ road, ego: OFF_ROAD_EGO, actors: [walker('p', [{ x: 10, y: -5 }, { x: 10, y: 5 }], 1, true)], events: [event('jump', atTime(1), [teleport('p', { kind: 'lane', laneId: 'lane0', s: 5, d: 0 })])] });
    expect(() => runSteps(walk, stepAt(2))).toThrow(/a walker follows its path/);
  });
});
