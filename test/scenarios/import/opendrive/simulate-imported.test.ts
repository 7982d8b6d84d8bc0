import { actorIn, idm, laneActor, laneMotionOf, runSteps, simSetup } from '../../../helpers/world-fixtures';
import { importFixture } from './od-fixtures';

describe('an imported OpenDRIVE network in the simulator', () => {
  it('carries an IDM car along a road and across a road link (contactPoint end)', () => {
    const { network } = importFixture('linked.xodr');
    const setup = simSetup({ road: network, actors: [laneActor('car', 'r1_s0_l-1', 20, 15, idm(15))], durationS: 12 });
    const { states } = runSteps(setup, 100);
    const car = actorIn(states[states.length - 1], 'car');
    // 10 s at ~15 m/s from s = 20 on a 100 m road: ~70 m into road 2's lane 1, driving +x at y = -1.75.
    expect(car.active).toBe(true);
    expect(laneMotionOf(car).laneId).toBe('r2_s0_l1');
    expect(car.pose.x).toBeGreaterThan(160);
    expect(car.pose.y).toBeCloseTo(-1.75, 6);
    expect(Math.cos(car.pose.yaw)).toBeCloseTo(1, 6);
    // Every state stays on the lane centre line (no jump at the link).
    for (const w of states) expect(actorIn(w, 'car').pose.y).toBeCloseTo(-1.75, 6);
  });

  it('follows a route through a junction connecting road onto the side road', () => {
    const { network } = importFixture('junction.xodr');
    const route = ['r11_s0_l-1', 'r3_s0_l-1'];
    const setup = simSetup({ road: network, actors: [laneActor('car', 'r1_s0_l-1', 60, 8, idm(8, { route }))], durationS: 12 });
    const { states } = runSteps(setup, 100);
    const car = actorIn(states[states.length - 1], 'car');
    expect(laneMotionOf(car).laneId).toBe('r3_s0_l-1');
    // Heading south on road 3, right lane: x = 110 - 1.75.
    expect(car.pose.x).toBeCloseTo(108.25, 3);
    expect(Math.sin(car.pose.yaw)).toBeCloseTo(-1, 3);
  });

  it('keeps an IDM follower behind its leader across lane sections', () => {
    const { network } = importFixture('sections.xodr');
    const setup = simSetup({
      road: network,
      actors: [laneActor('lead', 'r5_s0_l-1', 30, 5, idm(5)), laneActor('follower', 'r5_s0_l-1', 5, 12, idm(12))],
      durationS: 15,
    });
    const { states } = runSteps(setup, 150);
    for (const w of states) expect(actorIn(w, 'lead').pose.x - actorIn(w, 'follower').pose.x).toBeGreaterThan(4.5);
    expect(laneMotionOf(actorIn(states[states.length - 1], 'lead')).laneId).toBe('r5_s2_l-1');
  });
});
