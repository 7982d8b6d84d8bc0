/**
 * Imported scenarios behave as the OpenSCENARIO standard says: lateral and speed transitions end
 * when their dynamics say, triggers fire when their conditions first hold, trajectories are followed.
 * Times are read from the fired events, so each check is "trigger + duration".
 */
import { sampleClothoid } from '../../../../sim/geometry/sample-curves';
import { actor, at, firedAt, laneOf, loadFixture, runFixture } from './osc-fixtures';
import { recordRun } from '../../../helpers/scenario-runs';

const DT = 0.1;
/** Snap a time to the simulation grid. */
const step = (t: number): number => Math.round(t / DT) * DT;
/** (1 - cos(pi u)) / 2: OpenSCENARIO's sinusoidal shape. */
const sinusoidal = (u: number): number => (1 - Math.cos(Math.PI * u)) / 2;

describe('an imported LaneChangeAction', () => {
  const run = runFixture('lane_change.xosc');
  const t0 = firedAt(run, 'RelativeChange');

  it('fires on the first step after the SimulationTimeCondition (time > $ChangeTime = 2)', () => {
    expect(t0).toBeCloseTo(2.1, 9);
  });

  it('with sinusoidal shape over 3 s ends in the target lane at t = trigger + 3 s', () => {
    const before = laneOf(actor(at(run, step(t0 - DT)), 'Changer'));
    expect(before).toMatchObject({ laneId: 'r1_s0_l-3', d: 0 });
    const end = actor(at(run, step(t0 + 3)), 'Changer');
    expect(laneOf(end).laneId).toBe('r1_s0_l-2');
    expect(laneOf(end).d).toBeCloseTo(0, 9);
    expect(end.pose.y).toBeCloseTo(-5.25, 6);
    // Half-way and a quarter of the way: the sinusoidal profile from 3.5 m right of the target lane.
    expect(laneOf(actor(at(run, step(t0 + 1.5)), 'Changer')).d).toBeCloseTo(-3.5 * (1 - sinusoidal(0.5)), 6);
    expect(laneOf(actor(at(run, step(t0 + 0.9)), 'Changer')).d).toBeCloseTo(-3.5 * (1 - sinusoidal(0.3)), 6);
  });

  it('to an AbsoluteTargetLane with targetLaneOffset ends at that offset; a distance of 30 m at 15 m/s takes 2 s', () => {
    const t1 = firedAt(run, 'AbsoluteChange');
    // StoryboardElementStateCondition (start of RelativeChange) with delay 1 s; our helper event adds one step.
    expect(t1).toBeGreaterThanOrEqual(t0 + 1 - 1e-9);
    expect(t1).toBeLessThanOrEqual(t0 + 1 + DT + 1e-9);
    const end = laneOf(actor(at(run, step(t1 + 2)), 'Absolute'));
    expect(end.laneId).toBe('r1_s0_l-3');
    expect(end.d).toBeCloseTo(0.5, 9);
    expect(laneOf(actor(at(run, step(t1 + 1)), 'Absolute')).d).not.toBeCloseTo(0.5, 2);
  });

  it('into the oncoming lane drives there at the lane centre (offset 3.5 m) and comes back', () => {
    const overtake = firedAt(run, 'Overtake');
    expect(overtake).toBeCloseTo(6, 9);
    const across = actor(at(run, step(overtake + 2)), 'Drifter');
    expect(laneOf(across)).toMatchObject({ laneId: 'r1_s0_l-1' });
    expect(across.pose.y).toBeCloseTo(1.75, 6);
    expect(Math.cos(across.pose.yaw)).toBeGreaterThan(0.999); // still driving its own way
    const back = firedAt(run, 'Back');
    // End of Overtake (2 s) + delay 2 s, one helper step late at most.
    expect(back).toBeGreaterThanOrEqual(overtake + 4 - 1e-9);
    expect(back).toBeLessThanOrEqual(overtake + 4 + 2 * DT + 1e-9);
    expect(laneOf(actor(at(run, step(back + 2)), 'Drifter')).d).toBeCloseTo(0, 9);
  });
});

describe('an imported LaneOffsetAction', () => {
  it('reaches the offset in the time its maxLateralAcc allows for a sinusoidal move', () => {
    const run = runFixture('lane_change.xosc');
    const t0 = firedAt(run, 'Drift');
    // Peak lateral acceleration of a sinusoid of D over T is pi^2 D / (2 T^2): T = sqrt(pi^2 * 0.8 / (2 * 0.5)).
    const durationS = Math.sqrt((Math.PI ** 2 * 0.8) / (2 * 0.5));
    expect(laneOf(actor(at(run, step(t0 + durationS + DT)), 'Drifter')).d).toBeCloseTo(0.8, 9);
    const half = laneOf(actor(at(run, step(t0 + 1.4)), 'Drifter')).d;
    // The spec keeps the duration to 0.1 ms.
    expect(half).toBeCloseTo(0.8 * sinusoidal(1.4 / durationS), 4);
  });
});

describe('an imported SpeedAction', () => {
  const run = runFixture('speed.xosc');

  it('with linear dynamics at a rate of 2 m/s^2 gains 2 m/s each second until the target', () => {
    const t0 = firedAt(run, 'Accelerate');
    expect(t0).toBeCloseTo(1.1, 9);
    for (const k of [0, 1, 2.5, 4]) expect(actor(at(run, step(t0 + k)), 'Linear').speedMps).toBeCloseTo(10 + 2 * k, 6);
    // Target = ${$Start * 2} = 20 m/s, reached at t0 + 5 s and held.
    expect(actor(at(run, step(t0 + 5)), 'Linear').speedMps).toBeCloseTo(20, 6);
    expect(actor(at(run, step(t0 + 6)), 'Linear').speedMps).toBeCloseTo(20, 6);
  });

  it('from Init with dynamics starts from rest at t = 0', () => {
    expect(actor(at(run, 0), 'Smooth').speedMps).toBe(0);
    expect(actor(at(run, 2.5), 'Smooth').speedMps).toBeCloseTo(5, 6);
  });

  it('fires on a SpeedCondition of another entity and follows the sinusoidal shape over 4 s', () => {
    const t1 = firedAt(run, 'Smoothly');
    expect(actor(at(run, step(t1 - DT)), 'Linear').speedMps).toBeLessThan(15);
    expect(actor(at(run, step(t1)), 'Linear').speedMps).toBeGreaterThanOrEqual(15 - 1e-9);
    const from = actor(at(run, step(t1)), 'Smooth').speedMps;
    expect(actor(at(run, step(t1 + 2)), 'Smooth').speedMps).toBeCloseTo(from + (18 - from) * sinusoidal(0.5), 6);
    expect(actor(at(run, step(t1 + 4)), 'Smooth').speedMps).toBeCloseTo(18, 6);
  });

  it('relative to another entity (delta 2) is taken from its commanded speed (ego 8 m/s)', () => {
    const t = firedAt(run, 'Match');
    expect(actor(at(run, step(t - DT)), 'Follower').speedMps).toBe(5);
    // A step change: the new speed holds from the step after the trigger.
    expect(actor(at(run, step(t + DT)), 'Follower').speedMps).toBeCloseTo(10, 9);
  });

  it('keeps parameter expressions: --param Start=12 makes the target ${$Start * 2} 24 m/s', () => {
    const overridden = recordRun(loadFixture('speed.xosc').spec, 'trajectory', { overrides: { Start: 12 }, stopOnCollision: false });
    const t0 = firedAt(overridden, 'Accelerate');
    expect(actor(at(overridden, 0), 'Linear').speedMps).toBe(12);
    expect(actor(at(overridden, step(t0 + 6)), 'Linear').speedMps).toBeCloseTo(24, 6);
  });
});

describe('an imported cut-in', () => {
  const run = runFixture('cut_in.xosc');
  const cut = firedAt(run, 'CutInEvent');

  it('starts the lane change when the cutter is more than 0.5 s of headway ahead of the ego', () => {
    const headway = (t: number): number => {
      const w = at(run, step(t));
      const gap = actor(w, 'Cutter').pose.x - w.ego.pose.x - (4.2 + 4.6) / 2;
      return gap / w.ego.speedMps;
    };
    expect(headway(cut)).toBeGreaterThan(0.5);
    expect(headway(cut - DT)).toBeLessThanOrEqual(0.5);
  });

  it('ends in the ego lane 3 s later, then brakes at 4 m/s^2 after the delay', () => {
    const end = laneOf(actor(at(run, step(cut + 3)), 'Cutter'));
    expect(end.laneId).toBe(laneOf(actor(at(run, 0), 'Cutter')).laneId.replace('l-1', 'l-2'));
    expect(end.d).toBeCloseTo(0, 9);
    const brake = firedAt(run, 'BrakeEvent');
    expect(brake).toBeGreaterThanOrEqual(cut + 4 - 1e-9);
    expect(brake).toBeLessThanOrEqual(cut + 4 + 2 * DT + 1e-9);
    const v0 = actor(at(run, step(brake)), 'Cutter').speedMps;
    expect(actor(at(run, step(brake + 1)), 'Cutter').speedMps).toBeCloseTo(v0 - 4, 6);
  });
});

describe('imported trajectory followers', () => {
  const loaded = loadFixture('trajectory.xosc');
  const run = runFixture('trajectory.xosc');

  it('follow a timed Polyline of lane positions (within 0.5 m of each vertex at its time)', () => {
    const behaviour = (loaded.spec.actors ?? []).find((a) => a.id === 'Follower')?.behaviour as { type: string; waypoints: { t: number; x: number; y: number }[] };
    expect(behaviour.type).toBe('follow_trajectory');
    expect(behaviour.waypoints.map((w) => w.t)).toEqual([0, 4, 8, 12]);
    for (const w of behaviour.waypoints.slice(1)) {
      const p = actor(at(run, w.t), 'Follower').pose;
      expect(Math.hypot(p.x - w.x, p.y - w.y)).toBeLessThan(0.5);
    }
  });

  it('follow a Clothoid started by an event, relative times from its start (within 0.5 m of the end at stopTime)', () => {
    const t0 = firedAt(run, 'Swerve');
    expect(t0).toBeCloseTo(1, 9);
    const end = sampleClothoid({ x: 30, y: -1.75, yaw: 0 }, 0, 0.0004 * 50, 50, 0.1).at(-1)!;
    const p = actor(at(run, step(t0 + 10)), 'Swerver').pose;
    expect(Math.hypot(p.x - end.x, p.y - end.y)).toBeLessThan(0.5);
  });
});

describe('an imported pedestrian crossing', () => {
  it('waits, then walks its trajectory at the SpeedAction speed once the ego is within 60 m', () => {
    const run = runFixture('pedestrian.xosc');
    const t0 = firedAt(run, 'Cross');
    const w = at(run, step(t0));
    expect(Math.hypot(w.ego.pose.x - 120, w.ego.pose.y + 12)).toBeLessThan(60);
    expect(actor(at(run, step(t0 - DT)), 'Walker').pose.y).toBeCloseTo(-12, 9);
    const walker = actor(at(run, step(t0 + 4)), 'Walker');
    expect(walker.pose.x).toBeCloseTo(120, 6);
    expect(walker.pose.y).toBeCloseTo(-12 + 1.5 * 4, 1);
  });
});

describe('an imported scenario on a junction', () => {
  it('drives its car through the junction connecting road onto the next road, slowing to 5 m/s', () => {
    const run = runFixture('junction.xosc');
    const lanes = new Set(run.states.map((w) => laneOf(actor(w, 'Lead')).laneId));
    expect([...lanes][0]).toBe('r1_s0_l-1');
    expect([...lanes].some((id) => id.startsWith('r10_') || id.startsWith('r11_'))).toBe(true);
    expect([...lanes].some((id) => id.startsWith('r2_') || id.startsWith('r3_'))).toBe(true);
    const t0 = firedAt(run, 'SlowDown');
    expect(actor(at(run, step(t0 + 2)), 'Lead').speedMps).toBeCloseTo(5, 6);
    expect(run.rollout.metrics.collision).toBeNull();
  });
});

describe('an imported TeleportAction in the storyboard (teleport.xosc on highway.xodr: lanes 3.5 m, along +x)', () => {
  const run = runFixture('teleport.xosc');

  it('moves the lead car at once to lane -2 at s = 150 (its box centre 1.3 m further); it drives on at its speed', () => {
    const t = firedAt(run, 'Jump');
    expect(t).toBeCloseTo(2.1, 9);
    const lead = actor(at(run, 2.2), 'Lead');
    expect(laneOf(lead).laneId).toBe('r1_s0_l-2');
    expect(lead.pose.x).toBeCloseTo(151.3 + 10 * 0.1, 6);
    expect(lead.pose.y).toBeCloseTo(-5.25, 6);
    expect(lead.speedMps).toBeCloseTo(10, 9);
  });

  it('puts it 30 m ahead of the ego, in the ego lane, where the ego is when the second event fires', () => {
    const t = firedAt(run, 'Ahead');
    const ego = at(run, t).ego;
    const lead = actor(at(run, Math.round((t + 0.1) * 10) / 10), 'Lead');
    // reference points 30 m apart along the lane: box centres 30 - 1.4 + 1.3 m; the lead then drives 0.1 s
    expect(lead.pose.x - ego.pose.x).toBeCloseTo(30 - 1.4 + 1.3 + 10 * 0.1, 1);
    expect(lead.pose.y).toBeCloseTo(ego.pose.y, 6);
    expect(laneOf(lead).laneId).toBe('r1_s0_l-1');
  });
});
