/**
 * results.json: everything an evaluation produced, in one document that scripts can read and the
 * report is drawn from: the suite and its hash, the metric and aggregation versions with the
 * aggregation rules in words, every rollout (job order) and the aggregates at each level. Written
 * with metricsToJson, so Infinity (min_ttc without conflict) reads "Infinity".
 */
import { metricsToJson } from '../../sim/metrics/metrics';
import { METRICS_VERSION } from '../../sim/metrics/metrics';
import { aggregateOverall, aggregateScenarios, AGGREGATION_SPEC, type OverallAggregate, type ScenarioAggregate } from '../aggregate';
import { cameraGap, type GapRow } from '../camera-gap';
import type { SuitePlan } from '../suite/expand-suite';
import type { LoadedSuite } from '../suite/load-suite';
import type { RolloutOutcome } from '../suite/rollout-outcome';
import type { SuiteRun } from '../suite/run-suite';

export const RESULTS_FORMAT = 'dreamdrive-eval-results/1';

export interface ResultsSummary {
  readonly rollouts: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  /** Failures the suite lists under expected_failures. */
  readonly expectedFailures: number;
  /** Rollouts whose verdict is not the expected one: what makes `dreamdrive eval` exit 1. */
  readonly unexpected: number;
}

export interface ResultsDocument {
  readonly format: typeof RESULTS_FORMAT;
  readonly suite: { readonly name: string; readonly description: string | null; readonly file: string; readonly sha1: string };
  readonly dreamdriveVersion: string;
  readonly metricsVersion: string;
  readonly aggregation: typeof AGGREGATION_SPEC;
  readonly createdAt: string;
  readonly run: {
    readonly workers: number;
    readonly wallS: number;
    readonly rolloutsPerS: number;
    /** Simulated seconds per wall-clock second over the whole suite. */
    readonly realTimeFactor: number;
    readonly loggingS: number;
    readonly determinismFailures: readonly string[];
  };
  readonly summary: ResultsSummary;
  readonly overall: readonly OverallAggregate[];
  readonly scenarios: readonly ScenarioAggregate[];
  /** Reference vs model camera, when the suite ran both (see camera-gap.ts). */
  readonly gap: readonly GapRow[];
  readonly rejections: SuitePlan['rejections'];
  readonly rollouts: readonly RolloutOutcome[];
}

export function summarize(outcomes: readonly RolloutOutcome[]): ResultsSummary {
  const n = (keep: (o: RolloutOutcome) => boolean) => outcomes.filter(keep).length;
  return {
    rollouts: outcomes.length,
    passed: n((o) => o.verdict === 'pass'),
    failed: n((o) => o.verdict === 'fail'),
    errors: n((o) => o.verdict === 'error'),
    skipped: n((o) => o.verdict === 'skipped'),
    expectedFailures: n((o) => o.verdict === 'fail' && o.expected === 'fail'),
    unexpected: n((o) => !o.asExpected),
  };
}

export function buildResults(suite: LoadedSuite, plan: SuitePlan, run: SuiteRun, meta: { dreamdriveVersion: string; createdAt: Date }): ResultsDocument {
  const outcomes = run.outcomes;
  const scenarios = aggregateScenarios(outcomes.map((o) => ({ ...o, pdm: o.metrics?.pdm ?? null })));
  const overall = aggregateOverall(scenarios);
  const simulatedS = outcomes.reduce((t, o) => t + (o.run?.simulatedS ?? 0), 0);
  return {
    format: RESULTS_FORMAT,
    suite: { name: suite.spec.name, description: suite.spec.description?.trim() ?? null, file: suite.file, sha1: suite.sha1 },
    dreamdriveVersion: meta.dreamdriveVersion,
    metricsVersion: METRICS_VERSION,
    aggregation: AGGREGATION_SPEC,
    createdAt: meta.createdAt.toISOString(),
    run: {
      workers: run.workers,
      wallS: run.wallS,
      rolloutsPerS: outcomes.length / Math.max(run.wallS, 1e-9),
      realTimeFactor: simulatedS / Math.max(run.wallS, 1e-9),
      loggingS: run.loggingS,
      determinismFailures: run.determinismFailures,
    },
    summary: summarize(outcomes),
    overall,
    scenarios,
    gap: cameraGap(scenarios, overall),
    rejections: plan.rejections,
    rollouts: outcomes,
  };
}

export function resultsJson(doc: ResultsDocument): string {
  return `${metricsToJson(doc, 2)}\n`;
}
