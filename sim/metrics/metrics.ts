/** Closed-loop metrics per rollout: the public surface (see accumulator.ts for the call sequence). */
export { METRICS_VERSION } from './types';
export type {
  CollisionRecord,
  EgoMotion,
  Metric,
  MetricContext,
  MetricValue,
  PdmSubScores,
  RouteProgress,
  StepMetrics,
  StepSample,
} from './types';
export { METRICS, METRIC_NAMES, metricByName, type MetricName, type MetricStates } from './registry';
export { startMetrics, updateMetrics, finishMetrics, type MetricsAccumulator, type RolloutMetrics } from './accumulator';
export { stepMetrics, TTC_HORIZON_S, TTC_STEP_S, TTC_STOPPED_SPEED_MPS, TTC_BEHIND_ANGLE_DEG } from './step-measure';
export { COMFORT_BOUNDS } from './comfort-metrics';
export { PDM_WEIGHTS, TTC_BOUND_S, pdmScore } from './pdm-score';
export { PROGRESS_DISTANCE_THRESHOLD_M } from './progress-metrics';
export { metricsToJson, metricsFromJson } from './metrics-json';
export { metricContextForSetup, DEFAULT_SPEED_LIMIT_TOLERANCE_MPS } from './context';
