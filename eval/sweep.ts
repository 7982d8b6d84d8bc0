/**
 * Parameter sweeps: a grid or seeded random samples of a scenario's parameters, each cell a
 * closed-loop run, in parallel on worker threads (the core is pure, so workers share nothing).
 * Results come back in cell order whatever the worker timing, so outputs are deterministic.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadSpecFile } from '../scenarios/load-spec';
import { gridParameters, sampleParameters, type GridAxis, type ParameterValues, type RejectionReport } from '../scenarios/parameters';
import type { PolicyName } from './run-scenario';
import { runSweepJob, type SweepJob } from './sweep-job';
import type { SweepRow } from './sweep-summary';

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

/** The compiled worker script, or null when running from TypeScript sources (tests): run in-process. */
function workerScript(): string | null {
  const path = join(__dirname, 'sweep-worker.js');
  return existsSync(path) ? path : null;
}

export async function runSweep(specPath: string, jobs: readonly SweepJob[], workers: number, onRow?: (done: number) => void): Promise<SweepRow[]> {
  const rows: SweepRow[] = new Array(jobs.length);
  const script = workerScript();
  if (workers <= 1 || script === null || jobs.length <= 1) {
    const { spec } = loadSpecFile(specPath);
    jobs.forEach((job, i) => {
      rows[i] = runSweepJob(spec, job);
      onRow?.(i + 1);
    });
    return rows;
  }
  let next = 0;
  let done = 0;
  const position = new Map(jobs.map((j, i) => [j.index, i]));
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(script, { workerData: { specPath } }));
  await Promise.all(
    pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next < jobs.length) worker.postMessage({ job: jobs[next++] });
            else worker.postMessage({ done: true });
          };
          worker.on('message', (msg: { row: SweepRow }) => {
            rows[position.get(msg.row.index)!] = msg.row;
            onRow?.(++done);
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`))));
          feed();
        }),
    ),
  );
  return rows;
}
