/**
 * Runs one job of a suite (in a worker thread or in-process): load the spec (once per worker),
 * prepare the run, roll out, and turn the report into an outcome.
 *
 * A built-in policy without a camera runs the synchronous loop (sim/rollout.ts). With a camera, or
 * with a policy that reads frames (`camera`), the job runs the camera loop (eval/camera-loop.ts):
 * the camera makes each state's frame inside the loop, so a frame-reading policy drives on what
 * the camera shows (the renderer or the world model), and the log, when one is written, is written
 * in the same pass with those frames. The camera's frame count and time go into the outcome. A job
 * never throws: whatever stops it becomes its outcome (error or skipped), so one bad rollout does
 * not end a suite.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loopRunToLog } from '../../api/log/logged-loop-run';
import { runToLog, specSourceFromFile, type SpecSource } from '../../api/log/logged-run';
import { ModelError } from '../../model/runtime/model-error';
import { errorMessage, SpecError } from '../../scenarios/errors';
import { PolicyError } from '../../sim/policies/trajectory-policy';
import { RoadSpecError } from '../../sim/road/road-spec-error';
import { EventActionError } from '../../sim/world/events';
import { SetupError } from '../../sim/world/init';
import { prepareLoopRun, suitePolicyChoice } from '../policy-choice';
import { executeLoopRun, executeRun, POLICY_NAMES, prepareRun, type LoopScenarioRun, type RunOptions, type RunPolicy } from '../run-scenario';
import type { EvalJob } from './eval-job';
import type { JobCameras } from './job-cameras';
import { notRunOutcome, ranOutcome, type RolloutOutcome } from './rollout-outcome';

export interface JobTask {
  readonly job: EvalJob;
  /** Where to write the rollout's MCAP log (absolute), or null for none. */
  readonly logPath: string | null;
  /** The log's path as results.json records it (relative to the output folder). */
  readonly logRef: string | null;
}

/** What a worker keeps between jobs: the specs it read and its cameras (the world model). */
export interface JobContext {
  readonly specs: SpecCache;
  readonly cameras: JobCameras;
}

/** Specs by path, read once per worker and checked against the hash the suite was expanded with. */
export type SpecCache = (job: EvalJob) => SpecSource;

class JobInputError extends Error {}

export function createSpecCache(): SpecCache {
  const sources = new Map<string, SpecSource>();
  return (job) => {
    let source = sources.get(job.specPath);
    if (source === undefined) {
      source = specSourceFromFile(job.specPath);
      sources.set(job.specPath, source);
    }
    const sha1 = createHash('sha1').update(source.text).digest('hex');
    if (sha1 !== job.specSha1) throw new JobInputError(`${source.path} changed after the suite was expanded (sha1 ${sha1.slice(0, 12)}, expected ${job.specSha1.slice(0, 12)}); run the suite again`);
    return source;
  };
}

/** Errors that say what is wrong with the input; anything else is a bug and is reported as one. */
function isInputError(error: unknown): boolean {
  return [SpecError, SetupError, RoadSpecError, EventActionError, ModelError, JobInputError].some((E) => error instanceof E);
}

export async function runEvalJob(task: JobTask, context: JobContext): Promise<RolloutOutcome> {
  const { job } = task;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const source = context.specs(job);
    const options: RunOptions = { seed: job.seed, overrides: job.parameters };
    const builtin = (POLICY_NAMES as readonly string[]).find((p) => p === job.policy);
    if (job.camera === 'none' && builtin !== undefined) {
      const policy: RunPolicy = { kind: 'builtin', name: builtin as (typeof POLICY_NAMES)[number] };
      if (task.logPath === null) return ranOutcome(job, executeRun(prepareRun(source.spec, options, policy), options).report, seconds(), null);
      const { run } = await runToLog(source, options, task.logPath, { createdAt: null, cameraSource: 'none' }, policy);
      return ranOutcome(job, run.report, seconds(), task.logRef);
    }
    const prepared = await prepareLoopRun(source.spec, options, suitePolicyChoice(job.policy));
    try {
      const camera = await context.cameras.open(job.camera, prepared);
      const ran: LoopScenarioRun =
        task.logPath === null ? await executeLoopRun(prepared, camera, options) : (await loopRunToLog(source, options, prepared, camera, task.logPath, { createdAt: null })).run;
      return ranOutcome(job, ran.report, seconds(), task.logRef, job.camera === 'none' ? null : { label: camera.label, ...ran.camera });
    } finally {
      await prepared.policy.close?.();
    }
  } catch (error) {
    if (error instanceof PolicyError) return notRunOutcome(job, 'skipped', error.message, seconds());
    const message = error instanceof SpecError ? error.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ') : errorMessage(error);
    return notRunOutcome(job, 'error', isInputError(error) ? message : `internal error: ${message}`, seconds());
  }
}
