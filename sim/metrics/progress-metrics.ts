/**
 * Progress metrics: progress, route_completion, duration.
 */
import type { Metric, MetricContext, StepSample } from './types';

/**
 * Below this reference progress, m, there is nothing to complete and route_completion is 1
 * (NAVSIM `progress_distance_threshold` = 5.0: with every proposal's progress under it, EP = 1).
 */
export const PROGRESS_DISTANCE_THRESHOLD_M = 5.0;

export interface ProgressState {
  readonly startSM: number;
  readonly lastSM: number;
  readonly lengthM: number;
  readonly expertSM: number | null;
}

function progressInit(_ctx: MetricContext, sample0: StepSample): ProgressState {
  const r = sample0.route;
  return { startSM: r.sM, lastSM: r.sM, lengthM: r.lengthM, expertSM: r.expertSM };
}

function progressUpdate(state: ProgressState, sample: StepSample): ProgressState {
  return { startSM: state.startSM, lastSM: sample.route.sM, lengthM: state.lengthM, expertSM: state.expertSM };
}

function progressM(state: ProgressState): number {
  return Math.max(0, state.lastSM - state.startSM);
}

/**
 * progress, m: P = max(0, s_end - s_start), s the arc length of the ego centre projected on the
 * route polyline (route-path.ts), clamped to the route. As NAVSIM's `_calculate_progress` (end
 * minus start, clipped at 0) and nuPlan's `ego_progress_along_expert_route`.
 */
export const progressMetric: Metric<ProgressState> = {
  name: 'progress',
  description: 'metres along the ego route from the start position to the final one (>= 0)',
  init: progressInit,
  update: progressUpdate,
  value: progressM,
};

/**
 * Reference progress, m: the expert's, R = s(expert trajectory end) - s_start, or without an
 * expert the rest of the route, R = route length - s_start.
 */
export function referenceProgressM(state: ProgressState): number {
  return (state.expertSM ?? state.lengthM) - state.startSM;
}

/** clip(P / R, 0, 1), or 1 when R < PROGRESS_DISTANCE_THRESHOLD_M. */
export function routeCompletion(state: ProgressState): number {
  const referenceM = referenceProgressM(state);
  if (referenceM < PROGRESS_DISTANCE_THRESHOLD_M) return 1;
  return Math.min(1, Math.max(0, progressM(state) / referenceM));
}

/**
 * route_completion in [0, 1]: clip(P / R, 0, 1) with R from referenceProgressM, and 1 when
 * R < PROGRESS_DISTANCE_THRESHOLD_M.
 *
 * NAVSIM's EP divides by the largest progress among the scored proposals and PDM-Closed's; we have
 * one rollout, so the authored trajectory plays the reference (or the route end without one).
 */
export const routeCompletionMetric: Metric<ProgressState> = {
  name: 'route_completion',
  description: 'progress / expert progress (or / remaining route length without an expert), clipped to [0, 1]',
  init: progressInit,
  update: progressUpdate,
  value: routeCompletion,
};

export interface DurationState {
  readonly startS: number;
  readonly lastS: number;
}

/** duration, s: time from the first sample to the last. */
export const durationMetric: Metric<DurationState> = {
  name: 'duration',
  description: 'simulated time covered by the rollout, s',
  init: (_ctx, sample0) => ({ startS: sample0.timeS, lastS: sample0.timeS }),
  update: (state, sample) => ({ startS: state.startS, lastS: sample.timeS }),
  value: (state) => state.lastS - state.startS,
};
