/**
 * Which policy drives a run, as `--policy` and suites name it:
 *
 *   trajectory | idm | pure-pursuit   the synchronous built-ins (run-scenario.ts makePolicy)
 *   camera                            the built-in camera policy (model/policies/camera-policy.ts)
 *   path/to/policy.onnx               an ONNX policy file with its sidecar card (model/policies/onnx-policy.ts)
 *   http://127.0.0.1:PORT/act         an external policy over HTTP (http-policy.ts)
 *
 * The last three may read camera frames or answer asynchronously, so they run in the camera loop
 * (camera-loop.ts); the built-ins run there too when a camera is on, with identical results.
 */
import { cameraPolicy, CAMERA_POLICY_NAME } from '../model/policies/camera-policy';
import { loadOnnxPolicy, onnxLoopPolicy } from '../model/policies/onnx-policy';
import { loopPolicyOf, type LoopPolicy } from '../sim/policies/loop-policy';
import type { SimRuntime } from '../sim/world/runtime';
import { httpPolicy, parsePolicyUrl, type HttpPolicyOptions } from './http-policy';
import type { ScenarioSpec } from '../scenarios/spec-types';
import { defaultPolicy, instantiateRun, makePolicy, POLICY_NAMES, type PolicyName, type PreparedLoopRun, type RunOptions } from './run-scenario';

/** Built-in policies that read camera frames (they need a camera other than `none`). */
export const FRAME_POLICY_NAMES = [CAMERA_POLICY_NAME] as const;
/** Every built-in a suite may list. */
export const SUITE_POLICY_NAMES = [...POLICY_NAMES, ...FRAME_POLICY_NAMES] as const;
export type SuitePolicyName = (typeof SUITE_POLICY_NAMES)[number];

export type PolicyChoice =
  | { readonly kind: 'builtin'; readonly name: PolicyName }
  | { readonly kind: 'camera' }
  | { readonly kind: 'onnx'; readonly path: string }
  | { readonly kind: 'http'; readonly url: URL };

export class PolicyChoiceError extends Error {}

/** `--policy VALUE` -> a choice; throws PolicyChoiceError saying what is accepted. */
export function parsePolicyChoice(value: string, options: Pick<HttpPolicyOptions, 'allowRemote'> = {}): PolicyChoice {
  if ((POLICY_NAMES as readonly string[]).includes(value)) return { kind: 'builtin', name: value as PolicyName };
  if (value === CAMERA_POLICY_NAME) return { kind: 'camera' };
  if (/^https?:\/\//i.test(value)) return { kind: 'http', url: parsePolicyUrl(value, options) };
  if (/\.onnx$/i.test(value)) return { kind: 'onnx', path: value };
  throw new PolicyChoiceError(`unknown policy '${value}' (choose ${SUITE_POLICY_NAMES.join(', ')}, a path to an .onnx policy file, or an http://host:port/path URL)`);
}

/** The name reports and logs give the policy. */
export function policyChoiceName(choice: PolicyChoice): string {
  switch (choice.kind) {
    case 'builtin':
      return choice.name;
    case 'camera':
      return CAMERA_POLICY_NAME;
    case 'onnx':
      return choice.path;
    case 'http':
      return choice.url.href;
  }
}

/** Whether the choice runs in the camera loop even without a camera (it may be asynchronous). */
export function needsCameraLoop(choice: PolicyChoice): boolean {
  return choice.kind !== 'builtin';
}

/** Opens the chosen policy for one run of `rt`; close() it when the run ends. */
export async function openLoopPolicy(choice: PolicyChoice, rt: SimRuntime, http: Omit<HttpPolicyOptions, 'allowRemote'> = {}): Promise<LoopPolicy> {
  switch (choice.kind) {
    case 'builtin':
      return loopPolicyOf(makePolicy(choice.name, rt));
    case 'camera':
      return cameraPolicy(rt);
    case 'onnx':
      return onnxLoopPolicy(await loadOnnxPolicy(choice.path), rt, choice.path);
    case 'http':
      return httpPolicy(choice.url, rt, http);
  }
}

/**
 * A camera-loop run of `spec` driven by `choice` (null: the run's default built-in, as
 * prepareRun picks it). The caller closes `policy` when done with it.
 */
export async function prepareLoopRun(spec: ScenarioSpec, options: RunOptions, choice: PolicyChoice | null, http: Omit<HttpPolicyOptions, 'allowRemote'> = {}): Promise<PreparedLoopRun> {
  const base = instantiateRun(spec, options);
  const chosen = choice ?? { kind: 'builtin', name: options.policy ?? defaultPolicy(base.runtime) };
  const policy = await openLoopPolicy(chosen, base.runtime, http);
  return { ...base, policy, policyName: policyChoiceName(chosen) };
}

/** A suite's policy name as a choice (suites name built-ins only). */
export function suitePolicyChoice(name: SuitePolicyName): PolicyChoice {
  return name === CAMERA_POLICY_NAME ? { kind: 'camera' } : { kind: 'builtin', name };
}
