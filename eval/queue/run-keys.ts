/**
 * Names in Redis. One BullMQ queue per Redis serves every suite run, so a worker started once takes
 * the rollouts of any `dreamdrive eval --queue` pointed at the same Redis; runs are kept apart by
 * their run name, `<suite>@<run id>`, which prefixes every BullMQ job id and names the run's keys:
 *
 *   dreamdrive:eval:*                          BullMQ's keys of the queue 'eval' (prefix 'dreamdrive')
 *   dreamdrive:eval-run:<run>:results          hash: rollout id -> the stored result (results-store.ts)
 *   dreamdrive:eval-run:<run>:meta             hash: which suite and plan the run belongs to
 *
 * A BullMQ job id is `<run>|<rollout id>` (e.g. `library@20261125T183500Z-4f2a9c|cut_in|-|seed=0|idm|none`):
 * adding a job whose id exists is a no-op in BullMQ, which makes enqueueing a run twice harmless.
 * BullMQ refuses ':' in job ids and queue names; rollout ids never contain one (eval-job.ts) and
 * run ids are checked here.
 */
import { randomBytes } from 'node:crypto';
import { SCENARIO_NAME_PATTERN } from '../../scenarios/spec-schema';
import { QueueError } from './queue-error';

export const QUEUE_PREFIX = 'dreamdrive';
export const QUEUE_NAME = 'eval';
/** Results and metadata of a run live this long after its last write, s (a week: time to resume). */
export const RUN_TTL_S = 7 * 24 * 3600;

const RUN_ID = '[A-Za-z0-9][A-Za-z0-9_.-]{0,63}';
const RUN_ID_PATTERN = new RegExp(`^${RUN_ID}$`);
/** A suite name (the scenario-name pattern, as suite-schema.ts has it), '@', a run id. */
const RUN_NAME_PATTERN = new RegExp(`^${SCENARIO_NAME_PATTERN.replace(/^\^|\$$/g, '')}@${RUN_ID}$`);

export function checkRunId(id: string): string {
  if (!RUN_ID_PATTERN.test(id)) throw new QueueError(`--run-id '${id}': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit`, true);
  return id;
}

/** A fresh run id: UTC time to the second and 24 random bits, e.g. 20261125T183500Z-4f2a9c. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Whether `run` is a run name; a run name from job data is checked before it names a key. */
export function isRunName(run: string): boolean {
  return RUN_NAME_PATTERN.test(run);
}

export function runName(suite: string, runId: string): string {
  return `${suite}@${checkRunId(runId)}`;
}

export function queueJobId(run: string, rolloutId: string): string {
  return `${run}|${rolloutId}`;
}

export function resultsKey(run: string): string {
  return `${QUEUE_PREFIX}:eval-run:${run}:results`;
}

export function metaKey(run: string): string {
  return `${QUEUE_PREFIX}:eval-run:${run}:meta`;
}
