import { finishMetrics, startMetrics, updateMetrics } from '../../../sim/metrics/accumulator';
import { metricContextForSetup } from '../../../sim/metrics/context';
import { METRICS, METRIC_NAMES } from '../../../sim/metrics/registry';
import { stepMetrics } from '../../../sim/metrics/step-measure';
import { METRICS_VERSION } from '../../../sim/metrics/types';
import type { SimSetup } from '../../../sim/setup';
import { CAR, ROAD, context, cruise, parkedAt, score, worldAt, egoAt } from './fixtures';

describe('a rollout through startMetrics / updateMetrics / finishMetrics', () => {
  it('scores a perfect rollout 1 on every sub-score and on the aggregate', () => {
    // 10 m/s along lane0 from x = 10 for 5.5 s, alone on the road, past the expert's end at x = 60.
    const report = score(cruise(10, 10, 55), context({ expertFinal: { x: 60, y: 0 } }));
    expect(report.values).toEqual({
      collision: false,
      collision_time: Infinity,
      off_road: false,
      min_ttc: Infinity,
      min_headway: Infinity,
      progress: expect.closeTo(55, 9),
      route_completion: 1,
      max_abs_accel: 0,
      max_abs_jerk: 0,
      speed_compliance: 1,
      comfort: true,
      duration: expect.closeTo(5.5, 9),
      score: 1,
    });
    expect(report.pdm).toEqual({ nc: 1, dac: 1, ttc: 1, c: 1, ep: 1 });
    expect(report.collision).toBeNull();
    expect(report.samples).toBe(56);
  });

  it('records who the ego hit and when, and scores a collision 0', () => {
    // Parked car centred at x = 40: rear bumper at 37.75. The ego's front (x + 2.25) reaches it
    // between t = 2.5 s (front at 37.25) and t = 2.6 s (front at 38.25).
    const far = parkedAt('far', 150, 3.5);
    const report = score(cruise(10, 10, 30, () => [far, parkedAt('p', 40)]));
    expect(report.values.collision).toBe(true);
    expect(report.collision).toEqual({ withId: 'p', atS: expect.closeTo(2.6, 9) });
    expect(report.values.collision_time).toBeCloseTo(2.6, 9);
    expect(report.values.score).toBe(0);
    expect(report.pdm.nc).toBe(0);
    expect(report.values.min_ttc).toBe(0);
  });

  it('records the version and exactly the registered metric names', () => {
    const report = score(cruise(10, 10, 3));
    expect(report.version).toBe(METRICS_VERSION);
    expect(METRICS_VERSION).toBe('dreamdrive-metrics/1');
    expect(Object.keys(report.values)).toEqual([...METRIC_NAMES]);
    expect(METRIC_NAMES).toEqual([
      'collision', 'collision_time', 'off_road', 'min_ttc', 'min_headway', 'progress', 'route_completion',
      'max_abs_accel', 'max_abs_jerk', 'speed_compliance', 'comfort', 'duration', 'score',
    ]);
  });

  it.each(METRIC_NAMES.map((name) => [name]))('registers %s under its own name with a description', (name) => {
    expect(METRICS[name].name).toBe(name);
    expect(METRICS[name].description.length).toBeGreaterThan(10);
  });

  it('keeps the latest sample equal to what stepMetrics computes on its own', () => {
    const ctx = context();
    const worlds = cruise(10, 10, 5, () => [parkedAt('p', 40)]);
    let acc = startMetrics(ctx, worlds[0]);
    for (const w of worlds.slice(1)) {
      acc = updateMetrics(acc, w, ctx);
      expect(acc.latest).toMatchObject(stepMetrics(w, ctx));
    }
  });

  it('does not change the accumulator it is given (pure update)', () => {
    const ctx = context();
    const worlds = cruise(10, 10, 2);
    const acc0 = startMetrics(ctx, worlds[0]);
    const before = JSON.stringify(acc0.states);
    updateMetrics(acc0, worlds[1], ctx);
    expect(JSON.stringify(acc0.states)).toBe(before);
    expect(finishMetrics(acc0, ctx).samples).toBe(1);
  });

  it.each([
    ['a skipped step', 2],
    ['a repeated step', 0],
  ])('rejects %s with a message that says how to call it', (_what, step) => {
    const ctx = context();
    const acc = startMetrics(ctx, worldAt(0, egoAt(10)));
    expect(() => updateMetrics(acc, worldAt(step, egoAt(10)), ctx)).toThrow(/once after every step/);
  });

  it.each([
    [{ dtS: 0 }, /dtS/],
    [{ speedLimitToleranceMps: -1 }, /speedLimitToleranceMps/],
    [{ expertFinal: { x: NaN, y: 0 } }, /expertFinal/],
  ])('rejects a bad context %p', (overrides, message) => {
    expect(() => startMetrics(context(overrides), worldAt(0, egoAt(10)))).toThrow(message);
  });

  it('builds its context from a setup: route, dt, and the last authored waypoint as the expert end', () => {
    const setup: SimSetup = {
      name: 't',
      seed: 1,
      dtS: 0.05,
      durationS: 10,
      road: ROAD,
      ego: {
        cls: 'car',
        size: CAR,
        start: { kind: 'lane', laneId: 'lane0', s: 10, d: 0, speedMps: 10 },
        route: ['lane0'],
        desiredSpeedMps: null,
        trajectory: [
          { tS: 0, x: 10, y: 0 },
          { tS: 5, x: 60, y: 1 },
        ],
      },
      actors: [],
      events: [],
    };
    expect(metricContextForSetup(setup)).toEqual({
      road: ROAD,
      dtS: 0.05,
      egoRoute: ['lane0'],
      expertFinal: { x: 60, y: 1 },
      speedLimitToleranceMps: 0,
    });
    expect(metricContextForSetup({ ...setup, ego: { ...setup.ego, trajectory: [] } }, 0.5)).toMatchObject({
      expertFinal: null,
      speedLimitToleranceMps: 0.5,
    });
  });
});
