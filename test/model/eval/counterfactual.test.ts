import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { laneChangeOffsetM, planStart, planWaypoints, travelM } from '../../../model/eval/counterfactual-plan';
import { counterfactualFuture } from '../../../model/eval/counterfactual-rollout';
import { planPairs } from '../../../model/eval/controllability';
import { loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import type { AgentState } from '../../../sim/types';
import { straightRoad } from '../../helpers/world-fixtures';

function egoAt(x: number, y: number, speedMps: number): AgentState {
  return { id: 'ego', cls: 'car', pose: { x, y, yaw: 0 }, size: DEFAULT_SIZES.car, speedMps, accelMps2: 0, steerRad: 0, motion: { kind: 'bicycle', trajectoryIndex: 0, timeOffsetS: 0 }, active: true, rng: 1 };
}

describe('counterfactual plans', () => {
  it.each([
    [10, -4, 1, 8], // 10 t - 2 t^2
    [10, -4, 5, 12.5], // stops after 2.5 s: v^2 / 2a
    [10, 3, 2, 26],
    [24, 3, 2, 24 / 3 + 0.5 * 3 / 9 + 25 * (5 / 3)], // reaches the 25 m/s cap after 1/3 s
    [30, 3, 1, 30], // above the cap: holds its speed
    [7, 0, 2, 14],
  ])('travels from %d m/s at %d m/s^2 for %d s: %d m', (v0, rate, t, expected) => {
    expect(travelM(v0, rate, t)).toBeCloseTo(expected, 9);
  });

  const road = straightRoad(2, 1000);

  it('lays brake and accelerate along the lane from the ego, starting at once', () => {
    const start = planStart(road, egoAt(50, 0, 10), 3, ['lane0'])!;
    expect(start).toMatchObject({ laneId: 'lane0', speedMps: 10, timeS: 3 });
    const brake = planWaypoints(road, start, 'brake', 4);
    const accel = planWaypoints(road, start, 'accelerate', 4);
    expect(brake[0]).toEqual({ tS: 3, x: 50, y: 0 });
    expect(brake.map((w) => w.tS)).toEqual([3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
    expect(brake[brake.length - 1].x).toBeCloseTo(50 + 12.5, 9);
    expect(accel[2].x).toBeCloseTo(50 + travelM(10, 3, 1), 9);
    for (const w of [...brake, ...accel]) expect(w.y).toBeCloseTo(0, 9);
  });

  it('changes lane by the centre-to-centre distance with a smoothstep, and only where a lane is', () => {
    const start = planStart(road, egoAt(50, 0, 10), 0, ['lane0'])!;
    expect(laneChangeOffsetM(road, start, 'left')).toBeCloseTo(3.5, 9);
    expect(laneChangeOffsetM(road, start, 'right')).toBeNull();
    const lc = planWaypoints(road, start, 'lane_change_left', 5);
    // 25 m at 10 m/s (2.5 s): half way at 1.25 s is half the offset; done by 2.5 s.
    const at = (t: number) => lc.find((w) => Math.abs(w.tS - t) < 1e-9)!;
    expect(at(0).y).toBeCloseTo(0, 9);
    expect(at(1.5).y).toBeGreaterThan(1.75);
    expect(at(2.5).y).toBeCloseTo(3.5, 9);
    expect(at(5).y).toBeCloseTo(3.5, 9);
    expect(() => planWaypoints(road, start, 'lane_change_right', 5)).toThrow(/no driving lane to the right of 'lane0'/);
  });
});

describe('counterfactual futures of a held-out episode', () => {
  const library = loadLibraryScenarios();
  const source = { seed: 0, steps: 40, widthPx: 32, heightPx: 32, supersample: 1, library, split: 'test' as const };
  const shape = { contextFrames: 4, futureSteps: 4, layoutSlots: 16 };
  // The first test episode at seed 0 (a procedural S-bend, ego at 6.6 m/s on a two-lane road).
  const e = loadEvalEpisode(source, splitEpisodes(0, 'test', 1, library)[0], 4);

  it('makes the ego brake or accelerate from the shared context, and the camera sees the difference', () => {
    const brake = counterfactualFuture(e, shape, 'brake', 15)!;
    const accel = counterfactualFuture(e, shape, 'accelerate', 15)!;
    const v0 = e.worlds[3].ego.speedMps;
    expect(brake.endSpeedMps).toBeLessThan(v0 - 3);
    expect(accel.endSpeedMps).toBeGreaterThan(v0 + 3);
    expect(Buffer.from(brake.reference).equals(Buffer.from(accel.reference))).toBe(false);
    // Same context frames for both: the episode's first K.
    expect(Buffer.from(brake.request.context).equals(Buffer.from(e.rgb.subarray(0, 4 * 32 * 32 * 3)))).toBe(true);
    expect(Buffer.from(accel.request.context).equals(Buffer.from(brake.request.context))).toBe(true);
    // The first trajectory row is the motion after frame 0: frames 1..3 are shared, frame 4 is the plan's.
    expect(brake.request.trajectory.slice(0, 12)).toEqual(accel.request.trajectory.slice(0, 12));
    expect(brake.request.trajectory[12]).toBeLessThan(accel.request.trajectory[12]);
    // Every row of every step is valid: the plan was simulated past the horizon.
    for (let i = 3; i < brake.request.trajectory.length; i += 4) expect(brake.request.trajectory[i]).toBe(1);
    expect(brake.request.layout).toBeNull();
  });

  it('moves the ego a lane sideways for the lateral pair and is deterministic', () => {
    const pairs = planPairs(e, 3);
    expect(pairs.map((p) => p.kind)).toEqual(['longitudinal', 'lateral']);
    const lateral = pairs[1];
    const keep = counterfactualFuture(e, shape, lateral.a, 30)!;
    const change = counterfactualFuture(e, shape, lateral.b, 30)!;
    const side = lateral.b === 'lane_change_left' ? 1 : -1;
    expect(side * (change.endLateralM - keep.endLateralM)).toBeGreaterThan(1.5);
    const again = counterfactualFuture(e, shape, lateral.b, 30)!;
    expect(Buffer.from(again.reference).equals(Buffer.from(change.reference))).toBe(true);
    expect(again.request.trajectory).toEqual(change.request.trajectory);
  });
});
