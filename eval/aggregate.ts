/**
 * How rollout results become the numbers of a report, in three levels, written down (and recorded
 * in every results.json) because benchmark users distrust aggregates they cannot reproduce:
 *
 * 1. rollout:  score = NC * DAC * (5 TTC + 2 C + 5 EP) / 12, the NAVSIM PDM score of its metrics
 *              (sim/metrics/pdm-score.ts, one definition). A rollout that errored scores 0 with every
 *              sub-score 0 (a run that cannot drive has not driven well); a skipped one (the policy
 *              does not apply) is left out of every mean.
 * 2. scenario: per (scenario, policy, camera), the mean over its rollouts (parameter cells or
 *              samples x seeds) of the score and of each sub-score; the pass rate is
 *              passed / (passed + failed + errors).
 * 3. overall:  per (policy, camera), the mean of the scenario values: every scenario weighs the same
 *              however many samples it has. NAVSIM instead averages over all scenes at once, and
 *              nuPlan over scenario types; with one rollout per scenario all three agree.
 *
 * Properties (test/eval/aggregate.test.ts): everything lies in [0, 1]; all sub-scores 1 gives 1 at
 * every level; raising one rollout's sub-score never lowers any aggregate; order does not matter.
 */
import { pdmScore, PDM_WEIGHTS, type PdmSubScores } from '../sim/metrics/metrics';
import type { Verdict } from './suite/rollout-outcome';

export const AGGREGATION_VERSION = 'dreamdrive-aggregation/1';

/** The rules above as results.json and the report state them. */
export const AGGREGATION_SPEC = Object.freeze({
  version: AGGREGATION_VERSION,
  rollout: `score = NC * DAC * (${PDM_WEIGHTS.ttc} TTC + ${PDM_WEIGHTS.c} C + ${PDM_WEIGHTS.ep} EP) / ${PDM_WEIGHTS.ttc + PDM_WEIGHTS.c + PDM_WEIGHTS.ep} (NAVSIM PDM score); an error scores 0, a skipped rollout is left out`,
  scenario: 'per (scenario, policy, camera): mean over its rollouts (parameter cells or samples x seeds) of the score and of each sub-score; pass rate = passed / (passed + failed + errors)',
  overall: 'per (policy, camera): mean of the scenario values, so every scenario weighs the same however many rollouts it has',
});

export const SUB_SCORE_NAMES = ['nc', 'dac', 'ttc', 'c', 'ep'] as const satisfies readonly (keyof PdmSubScores)[];

/** What aggregation reads from a rollout. */
export interface ScoredRollout {
  readonly scenario: string;
  readonly policy: string;
  readonly camera: string;
  readonly verdict: Verdict;
  /** The PDM factors; null when the rollout did not run. */
  readonly pdm: PdmSubScores | null;
}

export interface Counts {
  readonly rollouts: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface Aggregate extends Counts {
  /** Null when nothing was judged (every rollout skipped). */
  readonly score: number | null;
  readonly passRate: number | null;
  readonly subScores: Readonly<Record<keyof PdmSubScores, number>> | null;
}

export interface ScenarioAggregate extends Aggregate {
  readonly scenario: string;
  readonly policy: string;
  readonly camera: string;
}

export interface OverallAggregate extends Aggregate {
  readonly policy: string;
  readonly camera: string;
  /** Scenarios that entered the means (those with at least one judged rollout). */
  readonly scenarios: number;
}

const ZERO: PdmSubScores = Object.freeze({ nc: 0, dac: 0, ttc: 0, c: 0, ep: 0 });

/** The sub-scores a rollout contributes: its own, zeros for an error, none when skipped. */
function factorsOf(r: ScoredRollout): PdmSubScores | null {
  if (r.verdict === 'skipped') return null;
  if (r.verdict === 'error' || r.pdm === null) return ZERO;
  return r.pdm;
}

export function rolloutScore(r: ScoredRollout): number | null {
  const f = factorsOf(r);
  return f === null ? null : pdmScore(f);
}

/** Summed in sorted order, so that the result is bit-identical whatever order results arrived in. */
function mean(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b).reduce((a, b) => a + b, 0) / values.length;
}

function countsOf(rollouts: readonly ScoredRollout[]): Counts {
  const n = (v: Verdict) => rollouts.filter((r) => r.verdict === v).length;
  return { rollouts: rollouts.length, passed: n('pass'), failed: n('fail'), errors: n('error'), skipped: n('skipped') };
}

function scenarioAggregate(rollouts: readonly ScoredRollout[]): Aggregate {
  const counts = countsOf(rollouts);
  const judged = rollouts.map(factorsOf).filter((f): f is PdmSubScores => f !== null);
  if (judged.length === 0) return { ...counts, score: null, passRate: null, subScores: null };
  const subScores = Object.fromEntries(SUB_SCORE_NAMES.map((k) => [k, mean(judged.map((f) => f[k]))])) as Record<keyof PdmSubScores, number>;
  return { ...counts, score: mean(judged.map(pdmScore)), passRate: counts.passed / (counts.passed + counts.failed + counts.errors), subScores };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per (scenario, policy, camera), sorted by policy, camera, scenario. */
export function aggregateScenarios(rollouts: readonly ScoredRollout[]): ScenarioAggregate[] {
  const groups = groupBy(rollouts, (r) => JSON.stringify([r.policy, r.camera, r.scenario]));
  return [...groups.keys()]
    .sort(byName)
    .map((k) => {
      const list = groups.get(k)!;
      return { scenario: list[0].scenario, policy: list[0].policy, camera: list[0].camera, ...scenarioAggregate(list) };
    });
}

/** Per (policy, camera) from the scenario aggregates: unweighted means over scenarios. */
export function aggregateOverall(scenarios: readonly ScenarioAggregate[]): OverallAggregate[] {
  const groups = groupBy(scenarios, (s) => JSON.stringify([s.policy, s.camera]));
  return [...groups.keys()].sort(byName).map((k) => {
    const list = groups.get(k)!;
    const counts: Counts = {
      rollouts: list.reduce((n, s) => n + s.rollouts, 0),
      passed: list.reduce((n, s) => n + s.passed, 0),
      failed: list.reduce((n, s) => n + s.failed, 0),
      errors: list.reduce((n, s) => n + s.errors, 0),
      skipped: list.reduce((n, s) => n + s.skipped, 0),
    };
    const judged = list.filter((s) => s.score !== null);
    const head = { policy: list[0].policy, camera: list[0].camera, scenarios: judged.length, ...counts };
    if (judged.length === 0) return { ...head, score: null, passRate: null, subScores: null };
    const subScores = Object.fromEntries(SUB_SCORE_NAMES.map((n) => [n, mean(judged.map((s) => s.subScores![n]))])) as Record<keyof PdmSubScores, number>;
    return { ...head, score: mean(judged.map((s) => s.score!)), passRate: mean(judged.map((s) => s.passRate!)), subScores };
  });
}
