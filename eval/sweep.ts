/**
 * Parameter sweeps: a grid or seeded random samples of a scenario's parameters, each cell a
 * closed-loop run, in parallel on worker threads (worker-pool.ts; the core is pure, so workers share nothing).
 * Results come back in cell order whatever the worker timing, so outputs are deterministic.
 */
import { loadSpecFile } from '../scenarios/load-spec';
import { gridParameters, sampleParameters, type GridAxis, type ParameterValues, type RejectionReport } from '../scenarios/parameters';
import type { ScenarioSpec } from '../scenarios/spec-types';
import type { PolicyName } from './run-scenario';
import { runSweepJob, type SweepJob } from './sweep-job';
import type { SweepRow } from './sweep-summary';
import { compiledWorkerScript, runPool } from './worker-pool';

export interface SweepPlan {
  readonly jobs: readonly SweepJob[];
  readonly paramNames: readonly string[];
  readonly rejections: RejectionReport;
}

export interface SweepRequest {
  readonly specPath: string;
  readonly axes: readonly GridAxis[];
  readonly overrides: ParameterValues;
  /** Random samples instead of a grid (0 = grid). */
  readonly samples: number;
  readonly seed: number;
  readonly policy?: PolicyName;
}

export function planSweep(req: SweepRequest): SweepPlan {
  const { spec } = loadSpecFile(req.specPath);
  const sweep =
    req.samples > 0
      ? sampleParameters(spec, req.seed, req.samples, { overrides: req.overrides })
      : gridParameters(spec, req.axes, { overrides: req.overrides });
  // Columns in the order the axes were given, then any other assigned parameter.
  const names = new Set<string>(req.axes.map((a) => a.name));
  for (const s of sweep.samples) for (const k of Object.keys(s.assigned)) names.add(k);
  return {
    jobs: sweep.samples.map((s) => ({ index: s.index, assigned: s.assigned, seed: req.seed, policy: req.policy })),
    paramNames: [...names],
    rejections: sweep.report,
  };
}

export async function runSweep(specPath: string, jobs: readonly SweepJob[], workers: number, onRow?: (done: number) => void): Promise<SweepRow[]> {
  let spec: ScenarioSpec | null = null;
  return runPool<SweepJob, SweepRow>(jobs, {
    script: compiledWorkerScript(__dirname, 'sweep-worker.js'),
    workerData: { specPath },
    workers,
    runInProcess: (job) => runSweepJob((spec ??= loadSpecFile(specPath).spec), job),
    onResult: (done) => onRow?.(done),
  });
}
