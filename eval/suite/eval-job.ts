/**
 * One rollout of a suite as plain, serialisable data: what a worker thread (or, later, a remote
 * worker taking jobs from a queue) needs to run it, and nothing it could not be sent.
 *
 * The id is stable across runs, machines and worker counts, and names the rollout everywhere
 * (results.json, junit.xml, the report, log file names):
 *
 *   <scenario>|<param=value,...>|seed=<n>|<policy>|<camera>      e.g. cut_in|gap=20|seed=0|idm|none
 *
 * Parameters are sorted by name and written with JavaScript's shortest round-trip number format;
 * '-' stands for no parameters.
 */
import type { CameraKind } from '../../model/runtime/camera-source';
import type { SuitePolicyName } from '../policy-choice';

export interface EvalJob {
  readonly id: string;
  /** The spec's name. */
  readonly scenario: string;
  /** Absolute path of the spec file. */
  readonly specPath: string;
  /** SHA-1 of the spec file's text when the suite was expanded; a worker refuses a file that changed since. */
  readonly specSha1: string;
  /** Parameter values this rollout sets (grid cell, drawn sample, `set:`), passed as overrides. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly policy: SuitePolicyName;
  readonly camera: CameraKind;
  /** 'fail' when the suite lists this rollout under expected_failures. */
  readonly expected: 'pass' | 'fail';
}

export function parametersKey(parameters: Readonly<Record<string, number>>): string {
  const names = Object.keys(parameters).sort();
  return names.length === 0 ? '-' : names.map((n) => `${n}=${String(parameters[n])}`).join(',');
}

export function jobId(job: Pick<EvalJob, 'scenario' | 'parameters' | 'seed' | 'policy' | 'camera'>): string {
  return `${job.scenario}|${parametersKey(job.parameters)}|seed=${job.seed}|${job.policy}|${job.camera}`;
}
