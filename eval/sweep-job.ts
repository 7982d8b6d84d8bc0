/** Runs one sweep cell; shared by the in-process path and the worker threads. */
import { SpecError } from '../scenarios/errors';
import type { ScenarioSpec } from '../scenarios/spec-types';
import { runScenario, type PolicyName } from './run-scenario';
import { failedRow, sweepRow, type SweepRow } from './sweep-summary';

export interface SweepJob {
  readonly index: number;
  readonly assigned: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly policy?: PolicyName;
}

export function runSweepJob(spec: ScenarioSpec, job: SweepJob): SweepRow {
  try {
    const { report } = runScenario(spec, { seed: job.seed, overrides: job.assigned, policy: job.policy });
    return sweepRow(job.index, job.assigned, report);
  } catch (err) {
    // A parameter combination that cannot be built (a lane too short, ...) fails its cell, not the sweep.
    const message = err instanceof SpecError ? err.issues.map((i) => i.message).join('; ') : (err as Error).message;
    return failedRow(job.index, job.assigned, job.seed, message);
  }
}
