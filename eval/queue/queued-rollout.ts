/**
 * What goes into a BullMQ job: one rollout of a run (an EvalJob, eval/suite/eval-job.ts) and what a
 * worker on another machine needs to run it the same way. Plain JSON, checked by the worker before
 * anything runs, since it may come from another machine and another dreamdrive.
 *
 * Spec files are read by the worker (they can import OpenDRIVE roads and OpenSCENARIO files beside
 * them, so the text alone would not do). A spec inside the enqueuing machine's dreamdrive package
 * (the library) is looked up in the worker's own package, wherever it is installed; any other spec
 * must be at the same path on every worker (a shared filesystem). Either way the worker checks the
 * file's SHA-1 against the one the suite was expanded with before running it.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import type { EvalJob } from '../suite/eval-job';
import { isRunName } from './run-keys';

export const QUEUED_ROLLOUT_FORMAT = 'dreamdrive-eval-rollout/1';

export interface QueuedRollout {
  readonly format: typeof QUEUED_ROLLOUT_FORMAT;
  /** The run's name, `<suite>@<run id>` (run-keys.ts): where the worker stores the result. */
  readonly run: string;
  readonly job: EvalJob;
  /** dreamdrive package root on the enqueuing machine. */
  readonly packageRoot: string;
  /** Workers of another version refuse the rollout: metrics must come from one version of the code. */
  readonly dreamdriveVersion: string;
  /** With `eval --logs`: write the MCAP log to `<outDir>/<ref>`; outDir must be shared by every worker. */
  readonly log: { readonly outDir: string; readonly ref: string } | null;
}

/** A job whose data is not a QueuedRollout of this format: retrying it cannot help. */
export class QueuedRolloutFormatError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const STRING_FIELDS = ['id', 'scenario', 'specPath', 'specSha1', 'policy', 'camera'] as const;

/** Checks the shape of a job's data; the message names the first field that is wrong. */
export function readQueuedRollout(data: unknown): QueuedRollout {
  const fail = (what: string): never => {
    throw new QueuedRolloutFormatError(`not a dreamdrive rollout job (${what}); was it enqueued by another version of dreamdrive?`);
  };
  if (!isRecord(data)) return fail('its data is not an object');
  if (data.format !== QUEUED_ROLLOUT_FORMAT) return fail(`format ${JSON.stringify(data.format)}, this worker reads ${QUEUED_ROLLOUT_FORMAT}`);
  for (const key of ['run', 'packageRoot', 'dreamdriveVersion'] as const) if (typeof data[key] !== 'string') fail(`'${key}' is not a string`);
  // The run names Redis keys (run-keys.ts): `<suite>@<run id>`, never a ':' that would reach other keys.
  if (!isRunName(data.run as string)) fail(`'run' ${JSON.stringify(data.run)} is not <suite>@<run id>`);
  const job = data.job;
  if (!isRecord(job)) return fail("'job' is not an object");
  for (const key of STRING_FIELDS) if (typeof job[key] !== 'string') fail(`'job.${key}' is not a string`);
  if (!Number.isInteger(job.seed)) fail("'job.seed' is not an integer");
  if (job.expected !== 'pass' && job.expected !== 'fail') fail("'job.expected' is not 'pass' or 'fail'");
  if (!isRecord(job.parameters) || !Object.values(job.parameters).every((v) => typeof v === 'number' && Number.isFinite(v))) fail("'job.parameters' is not a map of numbers");
  const log = data.log;
  if (log !== null && !(isRecord(log) && typeof log.outDir === 'string' && typeof log.ref === 'string')) fail("'log' is not null or { outDir, ref }");
  return data as unknown as QueuedRollout;
}

/** Where this worker finds the rollout's spec: see the top comment. */
export function workerSpecPath(rollout: QueuedRollout, ownPackageRoot: string): string {
  const inPackage = relative(rollout.packageRoot, rollout.job.specPath);
  if (inPackage === '' || inPackage.startsWith('..') || isAbsolute(inPackage)) return rollout.job.specPath;
  return join(ownPackageRoot, ...inPackage.split(sep));
}
