/**
 * The rollout-level API: start on the initial world, update after every step, finish into a report.
 *
 *   let acc = startMetrics(ctx, world0);
 *   for (...) { world = stepWorld(rt, world, action); acc = updateMetrics(acc, world, ctx); log(acc.latest); }
 *   const report = finishMetrics(acc, ctx);   // report.values.collision, report.values.score, ...
 *
 * Every function is pure: the accumulator is readonly data, each update returns a new one.
 * Aggregation is documented per metric (min, max, first event, fraction of samples, end minus start);
 * the samples are the initial world and every world passed to updateMetrics.
 */
import { firstMotion, nextMotion } from './ego-motion';
import { pdmSubScores } from './pdm-score';
import { METRIC_NAMES, metricByName, type MetricName, type MetricStates } from './registry';
import { buildRoutePath, projectOnRoute, routeAfter, routeLaneIds, type RoutePath } from './route-path';
import { measureStep } from './step-measure';
import {
  METRICS_VERSION,
  type CollisionRecord,
  type EgoMotion,
  type MetricContext,
  type MetricValue,
  type PdmSubScores,
  type StepMetrics,
  type StepSample,
} from './types';
import type { ComfortState } from './comfort-metrics';
import type { World } from '../types';

/**
 * How far the time between two updates may stray from ctx.dtS, s. The world's time is step * dt,
 * so consecutive differences agree with dt to ~1e-12 s even after hours; a microsecond only trips
 * on a skipped or repeated update (which would corrupt the finite differences).
 */
const DT_TOLERANCE_S = 1e-6;

export interface MetricsAccumulator {
  readonly states: MetricStates;
  /**
   * The last sample: the per-step values for the log (a superset of what `stepMetrics` returns for
   * the same world), so a loop that calls updateMetrics need not call stepMetrics as well.
   */
  readonly latest: StepSample;
  /** Samples folded so far: the initial world plus one per update. */
  readonly samples: number;
  readonly route: RoutePath;
  /** Route polyline segment of the last projection (hint for the next). */
  readonly routeSegment: number;
}

export interface RolloutMetrics {
  readonly version: typeof METRICS_VERSION;
  /** Every registered metric's value by name (see registry.ts); Infinity is a legal number here. */
  readonly values: Readonly<Record<MetricName, MetricValue>>;
  /** First contact, or null when the ego never touched an actor. */
  readonly collision: CollisionRecord | null;
  /** Time the ego first left the drivable area, s, or null. */
  readonly offRoadAtS: number | null;
  /** The actor that gave min_ttc and when, or null when min_ttc is Infinity. */
  readonly minTtc: { readonly withId: string; readonly atS: number } | null;
  /** The PDM score's factors (values.score = NC * DAC * (5 TTC + 2 C + 5 EP) / 12). */
  readonly pdm: PdmSubScores;
  /** The motion extremes the comfort verdict was taken on. */
  readonly comfortExtremes: ComfortState;
  readonly samples: number;
}

function validateContext(ctx: MetricContext): void {
  if (!(Number.isFinite(ctx.dtS) && ctx.dtS > 0)) {
    throw new RangeError(`metrics: ctx.dtS must be a positive number of seconds, got ${ctx.dtS}`);
  }
  if (!(Number.isFinite(ctx.speedLimitToleranceMps) && ctx.speedLimitToleranceMps >= 0)) {
    const got = ctx.speedLimitToleranceMps;
    throw new RangeError(`metrics: ctx.speedLimitToleranceMps must be a finite number >= 0 m/s, got ${got}`);
  }
  const e = ctx.expertFinal;
  if (e !== null && !(Number.isFinite(e.x) && Number.isFinite(e.y))) {
    throw new RangeError(`metrics: ctx.expertFinal must be a finite point, got (${e.x}, ${e.y})`);
  }
}

function sampleOf(
  world: World,
  ctx: MetricContext,
  route: RoutePath,
  prev: { sample: StepSample; routeSegment: number } | null,
  expertSM: number | null,
): { sample: StepSample; routeSegment: number } {
  const hints = prev === null || prev.sample.laneId === null ? {} : { laneId: prev.sample.laneId };
  const step: StepMetrics = measureStep(world, ctx, (laneId) => routeAfter(route, laneId), hints);
  const { pose, speedMps, accelMps2 } = world.ego;
  const motion: EgoMotion =
    prev === null
      ? firstMotion(speedMps, pose.yaw, accelMps2)
      : nextMotion(prev.sample.motion, speedMps, pose.yaw, accelMps2, ctx.dtS);
  const onRoute = projectOnRoute(route, pose.x, pose.y, prev?.routeSegment);
  const lengthM = route.polyline.lengthM;
  // Spelled out rather than spread: V8 builds a literal of known shape several times faster.
  const sample: StepSample = {
    step: step.step,
    timeS: step.timeS,
    speedMps: step.speedMps,
    accelMps2: step.accelMps2,
    ttcS: step.ttcS,
    ttcWithId: step.ttcWithId,
    headwayM: step.headwayM,
    leaderId: step.leaderId,
    onRoad: step.onRoad,
    inCollision: step.inCollision,
    collidedWithId: step.collidedWithId,
    laneId: step.laneId,
    speedLimitMps: step.speedLimitMps,
    motion,
    route: { sM: onRoute.sM, lengthM, expertSM },
  };
  return { sample, routeSegment: onRoute.segment };
}

/** Starts the metrics of a rollout on its initial world (which is the first sample). */
export function startMetrics(ctx: MetricContext, world0: World): MetricsAccumulator {
  validateContext(ctx);
  const route = buildRoutePath(ctx.road, routeLaneIds(ctx.road, ctx.egoRoute, world0.ego.pose));
  const expertSM = ctx.expertFinal === null ? null : projectOnRoute(route, ctx.expertFinal.x, ctx.expertFinal.y).sM;
  const { sample, routeSegment } = sampleOf(world0, ctx, route, null, expertSM);
  const states = {} as Record<MetricName, unknown>;
  for (const name of METRIC_NAMES) states[name] = metricByName(name).init(ctx, sample);
  return { states: states as MetricStates, latest: sample, samples: 1, route, routeSegment };
}

/** Folds the world after one more step into the metrics. Call it after every step, in order. */
export function updateMetrics(acc: MetricsAccumulator, world: World, ctx: MetricContext): MetricsAccumulator {
  const gapS = world.timeS - acc.latest.timeS;
  if (!(Math.abs(gapS - ctx.dtS) <= DT_TOLERANCE_S)) {
    throw new RangeError(
      `updateMetrics: expected the world one step (${ctx.dtS} s) after t=${acc.latest.timeS} s, got t=${world.timeS} s; ` +
        'call it once after every step',
    );
  }
  const expertSM = acc.latest.route.expertSM;
  const prev = { sample: acc.latest, routeSegment: acc.routeSegment };
  const { sample, routeSegment } = sampleOf(world, ctx, acc.route, prev, expertSM);
  const states = {} as Record<MetricName, unknown>;
  for (const name of METRIC_NAMES) states[name] = metricByName(name).update(acc.states[name], sample, ctx);
  return { states: states as MetricStates, latest: sample, samples: acc.samples + 1, route: acc.route, routeSegment };
}

/** The rollout's report: every metric's value plus who and when for the events. */
export function finishMetrics(acc: MetricsAccumulator, ctx: MetricContext): RolloutMetrics {
  const values = {} as Record<MetricName, MetricValue>;
  for (const name of METRIC_NAMES) values[name] = metricByName(name).value(acc.states[name], ctx);
  const c = acc.states.collision;
  const ttc = acc.states.min_ttc;
  return {
    version: METRICS_VERSION,
    values,
    collision: c.atS === null || c.withId === null ? null : { withId: c.withId, atS: c.atS },
    offRoadAtS: acc.states.off_road.atS,
    minTtc: ttc.withId === null || ttc.atS === null ? null : { withId: ttc.withId, atS: ttc.atS },
    pdm: pdmSubScores(acc.states.score, ctx),
    comfortExtremes: acc.states.comfort,
    samples: acc.samples,
  };
}
