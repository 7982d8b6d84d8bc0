import { COMFORT_BOUNDS } from '../../../sim/metrics/comfort-metrics';
import type { World } from '../../../sim/types';
import { context, egoAt, score, worldAt, type Kinematics } from './fixtures';

/** One world per entry, 0.1 s apart, the ego moving 1 m a step along lane0. */
function rollout(states: readonly Kinematics[]): World[] {
  return states.map((k, i) => worldAt(i, egoAt(20 + i, k)));
}

describe('max_abs_accel and max_abs_jerk', () => {
  it('takes jerk as finite differences of the longitudinal acceleration, by hand', () => {
    // a = 0, 1, 3, 2 m/s^2 at dt = 0.1 s: jerk = (10), 20, -10 m/s^3; the first difference starts
    // from the initial condition and does not count.
    const report = score(rollout([0, 1, 3, 2].map((accelMps2) => ({ accelMps2, speedMps: 10 }))));
    expect(report.values.max_abs_jerk).toBeCloseTo(20, 9);
    expect(report.values.max_abs_accel).toBe(3);
  });

  it('counts braking by its magnitude', () => {
    const report = score(rollout([0, -2, -5].map((accelMps2) => ({ accelMps2, speedMps: 10 }))));
    expect(report.values.max_abs_accel).toBe(5);
    expect(report.values.max_abs_jerk).toBeCloseTo(30, 9);
  });

  it('does not count the step away from the initial acceleration as jerk', () => {
    // A rollout that starts by accelerating at 2 m/s^2 from a standing initial condition.
    const report = score(rollout([0, 2, 2, 2].map((accelMps2) => ({ accelMps2, speedMps: 10 }))));
    expect(report.values.max_abs_jerk).toBe(0);
    expect(report.values.comfort).toBe(true);
  });

  it.each([[1], [2]])('reports no jerk with %p sample(s)', (n) => {
    expect(score(rollout([0, 5].slice(0, n).map((accelMps2) => ({ accelMps2, speedMps: 10 })))).values.max_abs_jerk).toBe(0);
  });
});

describe('speed_compliance: fraction of samples at or below the limit + tolerance', () => {
  // The straight road's limit is 15 m/s.
  const speeds = [14, 15.5, 15.6, 16, 10];
  it.each([
    // 14 ok, 15.5 ok (= 15 + 0.5), 15.6 over, 16 over, 10 ok -> 3 / 5.
    [0.5, 0.6],
    // Only 14 and 10 -> 2 / 5.
    [0, 0.4],
    [2, 1],
  ])('with tolerance %p m/s is %p', (speedLimitToleranceMps, fraction) => {
    const report = score(rollout(speeds.map((speedMps) => ({ speedMps }))), context({ speedLimitToleranceMps }));
    expect(report.values.speed_compliance).toBeCloseTo(fraction, 12);
  });

  it('counts samples off every lane as compliant (there is no limit there)', () => {
    const worlds = [worldAt(0, egoAt(20, { speedMps: 30 })), worldAt(1, egoAt(21, { y: -20, speedMps: 30 }))];
    expect(score(worlds).values.speed_compliance).toBe(0.5);
  });
});

describe('comfort: strictly within nuPlan bounds throughout', () => {
  it('uses nuPlan\'s published numbers', () => {
    expect(COMFORT_BOUNDS).toEqual({
      minLonAccelMps2: -4.05,
      maxLonAccelMps2: 2.4,
      maxAbsLatAccelMps2: 4.89,
      maxAbsLonJerkMps3: 4.13,
      maxAbsMagJerkMps3: 8.37,
      maxAbsYawRateRadps: 0.95,
      maxAbsYawAccelRadps2: 1.93,
    });
  });

  const steady = (accelMps2: number): Kinematics[] => [0, 1, 2].map(() => ({ accelMps2, speedMps: 10 }));
  const yaws = (speedMps: number, list: number[]): Kinematics[] => list.map((yaw) => ({ yaw, speedMps }));
  it.each<[string, Kinematics[], boolean]>([
    ['steady 2.3 m/s^2', steady(2.3), true],
    ['steady 2.4 m/s^2 (the bound itself)', steady(2.4), false],
    ['steady braking at 4.0 m/s^2', steady(-4.0), true],
    ['steady braking at 4.05 m/s^2', steady(-4.05), false],
    ['jerk 4 m/s^3', [0, 0, 0.4, 0.8].map((accelMps2) => ({ accelMps2, speedMps: 10 })), true],
    ['jerk 4.2 m/s^3', [0, 0, 0.42].map((accelMps2) => ({ accelMps2, speedMps: 10 })), false],
    ['yaw rate 0.9 rad/s at 1 m/s', yaws(1, [0, 0.09]), true],
    ['yaw rate 1.0 rad/s at 1 m/s', yaws(1, [0, 0.1]), false],
    // Lateral acceleration = speed * yaw rate: 9 * 0.5 = 4.5 ok, 10 * 0.5 = 5.0 over.
    ['lateral 4.5 m/s^2', yaws(9, [0, 0.05]), true],
    ['lateral 5.0 m/s^2', yaws(10, [0, 0.05]), false],
    // Yaw rate 0 then 0.2 rad/s: yaw acceleration 2.0 rad/s^2.
    ['yaw acceleration 2 rad/s^2', yaws(1, [0, 0, 0.02]), false],
    ['yaw acceleration 1.5 rad/s^2', yaws(1, [0, 0, 0.015]), true],
    // Wrapping: from just below pi to just above -pi is a 0.02 rad turn, not 2 pi.
    ['a heading that wraps around pi', yaws(1, [Math.PI - 0.01, -Math.PI + 0.01]), true],
  ])('%s -> %p', (_what, states, comfortable) => {
    const report = score(rollout(states));
    expect(report.values.comfort).toBe(comfortable);
    expect(report.pdm.c).toBe(comfortable ? 1 : 0);
  });
});
