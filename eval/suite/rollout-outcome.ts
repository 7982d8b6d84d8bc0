/**
 * What one rollout of a suite produced: the verdict, the reason for it in words, the metrics. Small
 * plain data, so it crosses worker boundaries and goes into results.json as it is.
 *
 * Verdicts, as test runners have them:
 * - pass:    the scenario's criteria hold (a scenario without criteria passes: nothing was asked);
 * - fail:    the criteria do not hold;
 * - error:   the rollout could not run (a spec that cannot be built with these parameters, a camera
 *            source that is not available, a bug);
 * - skipped: the policy does not apply to the scenario (`trajectory` without an authored trajectory).
 */
import type { RunReport } from '../run-scenario';
import type { RolloutMetrics } from '../../sim/metrics/metrics';
import { METRIC_NAMES } from '../../sim/metrics/metrics';
import type { CameraKind, CameraStats } from '../../model/runtime/camera-source';
import type { EvalJob } from './eval-job';

export type Verdict = 'pass' | 'fail' | 'error' | 'skipped';

export interface RolloutRun {
  readonly steps: number;
  readonly simulatedS: number;
  readonly doneReason: RunReport['doneReason'];
  /** State hash of the final world (replays and reruns must reproduce it). */
  readonly finalHash: string;
  /** Every parameter's value, derived ones included. */
  readonly resolvedParameters: Readonly<Record<string, number>>;
}

export interface RolloutOutcome {
  readonly id: string;
  readonly scenario: string;
  /** What the suite set (grid cell, draw, `set:`); the run's full values are in run.resolvedParameters. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly policy: string;
  readonly camera: CameraKind;
  readonly verdict: Verdict;
  readonly expected: EvalJob['expected'];
  /** The verdict is the expected one (a skipped rollout always is). */
  readonly asExpected: boolean;
  /** Why it failed, errored or was skipped; null when it passed. */
  readonly message: string | null;
  readonly criteria: string | null;
  readonly run: RolloutRun | null;
  readonly metrics: RolloutMetrics | null;
  /** What the camera made (frames, warm-up, time), null without a camera or when it did not run. */
  readonly cameraStats: (CameraStats & { readonly label: string }) | null;
  /** Wall-clock time of the rollout, s (the only value that differs between two runs). */
  readonly wallS: number;
  /** The rollout's MCAP log, relative to the output folder, or null when none was written. */
  readonly log: string | null;
}

export function isAsExpected(verdict: Verdict, expected: EvalJob['expected']): boolean {
  if (verdict === 'skipped') return true;
  return verdict === expected;
}

function formatValue(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * Why criteria failed, from the metrics they name: `collision = true (with 'lead' at 4.3 s);
 * min_ttc = 0.00`. Only the names that occur in the criteria are listed, in the criteria's order.
 */
export function failureMessage(criteria: string, metrics: RolloutMetrics): string {
  const named = METRIC_NAMES.map((name) => ({ name, at: criteria.search(new RegExp(`\\b${name}\\b`)) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at);
  const parts = named.map(({ name }) => {
    let text = `${name} = ${formatValue(metrics.values[name])}`;
    if (name === 'collision' && metrics.collision) text += ` (with '${metrics.collision.withId}' at ${metrics.collision.atS.toFixed(1)} s)`;
    if (name === 'min_ttc' && metrics.minTtc) text += ` (with '${metrics.minTtc.withId}' at ${metrics.minTtc.atS.toFixed(1)} s)`;
    if (name === 'off_road' && metrics.offRoadAtS !== null) text += ` (at ${metrics.offRoadAtS.toFixed(1)} s)`;
    return text;
  });
  return `criteria '${criteria}' failed: ${parts.join('; ') || 'see the metrics'}`;
}

/** The outcome of a rollout that ran. */
export function ranOutcome(job: EvalJob, report: RunReport, wallS: number, log: string | null, cameraStats: RolloutOutcome['cameraStats'] = null): RolloutOutcome {
  const verdict: Verdict = report.passed === false ? 'fail' : 'pass';
  return {
    ...jobPart(job),
    verdict,
    asExpected: isAsExpected(verdict, job.expected),
    message: verdict === 'fail' && report.criteria !== null ? failureMessage(report.criteria, report.metrics) : null,
    criteria: report.criteria,
    run: { steps: report.steps, simulatedS: report.simulatedS, doneReason: report.doneReason, finalHash: report.finalHash, resolvedParameters: report.parameters },
    metrics: report.metrics,
    cameraStats,
    wallS,
    log,
  };
}

/** The outcome of a rollout that did not run (error or skipped). */
export function notRunOutcome(job: EvalJob, verdict: 'error' | 'skipped', message: string, wallS: number): RolloutOutcome {
  return { ...jobPart(job), verdict, asExpected: isAsExpected(verdict, job.expected), message, criteria: null, run: null, metrics: null, cameraStats: null, wallS, log: null };
}

function jobPart(job: EvalJob) {
  return { id: job.id, scenario: job.scenario, parameters: job.parameters, seed: job.seed, policy: job.policy, camera: job.camera, expected: job.expected };
}
