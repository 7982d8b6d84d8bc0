/**
 * Every metric by name. The names are the keys of `RolloutMetrics.values`, so pass criteria such
 * as `not collision and min_ttc > 1.5` evaluate directly against that record.
 */
import { comfortMetric, maxAbsAccelMetric, maxAbsJerkMetric, speedComplianceMetric } from './comfort-metrics';
import { pdmScoreMetric } from './pdm-score';
import { durationMetric, progressMetric, routeCompletionMetric } from './progress-metrics';
import { collisionMetric, collisionTimeMetric, minHeadwayMetric, minTtcMetric, offRoadMetric } from './safety-metrics';
import type { Metric } from './types';

export const METRICS = Object.freeze({
  collision: collisionMetric,
  collision_time: collisionTimeMetric,
  off_road: offRoadMetric,
  min_ttc: minTtcMetric,
  min_headway: minHeadwayMetric,
  progress: progressMetric,
  route_completion: routeCompletionMetric,
  max_abs_accel: maxAbsAccelMetric,
  max_abs_jerk: maxAbsJerkMetric,
  speed_compliance: speedComplianceMetric,
  comfort: comfortMetric,
  duration: durationMetric,
  score: pdmScoreMetric,
});

export type MetricName = keyof typeof METRICS;

/** Metric names in report order. */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze(Object.keys(METRICS) as MetricName[]);

type StateOf<M> = M extends Metric<infer S> ? S : never;

/** The state of every registered metric, by name. */
export type MetricStates = { readonly [K in MetricName]: StateOf<(typeof METRICS)[K]> };

/** The registered metric called `name`, with its state type erased (for generic loops). */
export function metricByName(name: MetricName): Metric<unknown> {
  return METRICS[name];
}
