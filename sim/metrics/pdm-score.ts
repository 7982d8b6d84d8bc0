/**
 * score: the PDM score of NAVSIM (Dauner et al., "NAVSIM: Data-Driven Non-Reactive Autonomous
 * Vehicle Simulation and Benchmarking", NeurIPS 2024; docs/metrics.md of autonomousvision/navsim):
 *
 *   score = NC * DAC * (5 * TTC + 2 * C + 5 * EP) / 12
 *
 * NAVSIM's definitions and ours:
 * - NC, no at-fault collision. NAVSIM: 0 for an at-fault collision with an agent, 0.5 with a static
 *   object, else 1. Ours: 1 - collision (any contact is 0; see safety-metrics.ts).
 * - DAC, drivable-area compliance: 1 unless a corner of the ego box leaves the drivable area.
 *   Ours: 1 - off_road (same rule; drivable = driving and connector lanes).
 * - TTC within bound: 1 unless a constant-velocity projection of the ego meets a relevant agent
 *   within the bound. NAVSIM projects at 0, 0.3, 0.6 and 0.9 s (so a TTC <= 0.9 s fails); nuPlan
 *   fails min TTC <= 0.95 s on a 0.1 s grid, which on that grid is the same set. Ours: 1 when
 *   min_ttc > TTC_BOUND_S = 0.9 s (0.1 s grid, 3 s horizon; agents move at constant velocity too,
 *   where NAVSIM replays their logged futures).
 * - C, comfort: 1 when within nuPlan's comfort bounds. Ours: the comfort metric (unsmoothed).
 * - EP, ego progress: NAVSIM divides by the best progress of PDM-Closed's proposals (1 below 5 m).
 *   Ours: route_completion (expert or route reference; 1 below 5 m).
 * - NAVSIM's DDC (driving direction compliance) has weight 0 in the PDM score and is left out.
 *
 * The score is composed from the sub-metrics' own states and functions (one definition each),
 * never re-derived. Properties: score in [0, 1]; a collision or off-road gives 0; no other value
 * can raise it when a sub-score falls (tested in test/sim/metrics).
 */
import { comfortMetric, isComfortable, type ComfortState } from './comfort-metrics';
import { routeCompletion, routeCompletionMetric, type ProgressState } from './progress-metrics';
import { collisionMetric, minTtcMetric, offRoadMetric, type FirstEvent, type MinState } from './safety-metrics';
import type { Metric, MetricContext, PdmSubScores } from './types';

/** TTC sub-score bound, s: NAVSIM's last projection time (0.9 s). */
export const TTC_BOUND_S = 0.9;

/** Weights of the weighted average (NAVSIM PDMScorerConfig: ttc 5, comfortable 2, progress 5). */
export const PDM_WEIGHTS = Object.freeze({ ttc: 5, c: 2, ep: 5 });

export interface PdmState {
  readonly collision: FirstEvent;
  readonly offRoad: FirstEvent;
  readonly minTtc: MinState;
  readonly comfort: ComfortState;
  readonly progress: ProgressState;
}

/** The five factors of the score from the sub-metrics' states. */
export function pdmSubScores(state: PdmState, ctx: MetricContext): PdmSubScores {
  return {
    nc: collisionMetric.value(state.collision, ctx) ? 0 : 1,
    dac: offRoadMetric.value(state.offRoad, ctx) ? 0 : 1,
    ttc: state.minTtc.min > TTC_BOUND_S ? 1 : 0,
    c: isComfortable(state.comfort) ? 1 : 0,
    ep: routeCompletion(state.progress),
  };
}

/** NC * DAC * (5 TTC + 2 C + 5 EP) / 12. */
export function pdmScore(s: PdmSubScores): number {
  const w = PDM_WEIGHTS;
  return (s.nc * s.dac * (w.ttc * s.ttc + w.c * s.c + w.ep * s.ep)) / (w.ttc + w.c + w.ep);
}

export const pdmScoreMetric: Metric<PdmState> = {
  name: 'score',
  description: 'NAVSIM PDM score NC * DAC * (5 TTC + 2 C + 5 EP) / 12 in [0, 1] (see pdm-score.ts for where ours differs)',
  init: (ctx, sample0) => ({
    collision: collisionMetric.init(ctx, sample0),
    offRoad: offRoadMetric.init(ctx, sample0),
    minTtc: minTtcMetric.init(ctx, sample0),
    comfort: comfortMetric.init(ctx, sample0),
    progress: routeCompletionMetric.init(ctx, sample0),
  }),
  update: (state, sample, ctx) => ({
    collision: collisionMetric.update(state.collision, sample, ctx),
    offRoad: offRoadMetric.update(state.offRoad, sample, ctx),
    minTtc: minTtcMetric.update(state.minTtc, sample, ctx),
    comfort: comfortMetric.update(state.comfort, sample, ctx),
    progress: routeCompletionMetric.update(state.progress, sample, ctx),
  }),
  value: (state, ctx) => pdmScore(pdmSubScores(state, ctx)),
};
