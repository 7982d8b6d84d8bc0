/**
 * The neural-simulation gap: the same policy on the same scenarios, once seeing the reference
 * renderer and once the world model. For every (scenario, policy) run under both cameras, each
 * aggregate metric side by side and their difference (model - reference); the same per policy
 * overall. A policy that drives from state shows no gap; a camera policy shows what the world
 * model's errors cost it in closed loop.
 */
import type { Aggregate, OverallAggregate, ScenarioAggregate } from './aggregate';

export const GAP_CAMERAS = { reference: 'reference', model: 'model' } as const;

/** The compared metrics: the score, the pass rate and the five PDM sub-scores (all in [0, 1]). */
export const GAP_METRICS = ['score', 'passRate', 'nc', 'dac', 'ttc', 'c', 'ep'] as const;
export type GapMetric = (typeof GAP_METRICS)[number];

export interface GapValue {
  readonly metric: GapMetric;
  /** Null when that side judged no rollout (all errored or skipped). */
  readonly reference: number | null;
  readonly model: number | null;
  /** model - reference, or null when either side is missing. */
  readonly difference: number | null;
}

export interface GapRow {
  /** Null for the overall row of a policy. */
  readonly scenario: string | null;
  readonly policy: string;
  readonly values: readonly GapValue[];
  /** Rollouts that could not run on each side (a model camera that is not available shows here). */
  readonly errors: { readonly reference: number; readonly model: number };
}

function valueOf(a: Aggregate, metric: GapMetric): number | null {
  if (metric === 'score') return a.score;
  if (metric === 'passRate') return a.passRate;
  return a.subScores?.[metric] ?? null;
}

function row(scenario: string | null, policy: string, reference: Aggregate, model: Aggregate): GapRow {
  const values = GAP_METRICS.map((metric) => {
    const r = valueOf(reference, metric);
    const m = valueOf(model, metric);
    return { metric, reference: r, model: m, difference: r === null || m === null ? null : m - r };
  });
  return { scenario, policy, values, errors: { reference: reference.errors, model: model.errors } };
}

/** Rows for every (scenario, policy) and every policy that ran under both cameras; empty otherwise. */
export function cameraGap(scenarios: readonly ScenarioAggregate[], overall: readonly OverallAggregate[]): GapRow[] {
  const rows: GapRow[] = [];
  for (const ref of overall.filter((o) => o.camera === GAP_CAMERAS.reference)) {
    const model = overall.find((o) => o.camera === GAP_CAMERAS.model && o.policy === ref.policy);
    if (model === undefined) continue;
    rows.push(row(null, ref.policy, ref, model));
    for (const s of scenarios.filter((x) => x.camera === GAP_CAMERAS.reference && x.policy === ref.policy)) {
      const m = scenarios.find((x) => x.camera === GAP_CAMERAS.model && x.policy === s.policy && x.scenario === s.scenario);
      if (m !== undefined) rows.push(row(s.scenario, s.policy, s, m));
    }
  }
  return rows;
}
