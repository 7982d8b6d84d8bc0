/**
 * One closed-loop run of a scenario spec: instantiate, pick the policy, roll out, score, judge.
 * The unit of work of `dreamdrive run`, of sweeps and of evaluation suites.
 */
import type { CameraSource, CameraStats } from '../model/runtime/camera-source';
import { idmPolicy } from '../sim/policies/idm-policy';
import type { LoopPolicy } from '../sim/policies/loop-policy';
import type { Policy } from '../sim/policies/policy';
import { purePursuitPolicy } from '../sim/policies/pure-pursuit-policy';
import { trajectoryPolicy } from '../sim/policies/trajectory-policy';
import { runRollout, type RolloutResult, type StepRecord } from '../sim/rollout';
import type { World } from '../sim/types';
import { createRuntime, type SimRuntime } from '../sim/world/runtime';
import { evaluateCriteria, instantiate, type InstantiateOptions } from '../scenarios/instantiate';
import type { ResolvedScenario } from '../scenarios/resolved-types';
import type { ScenarioSpec } from '../scenarios/spec-types';
import { runCameraLoop, type CameraLoopOptions } from './camera-loop';

export const POLICY_NAMES = ['trajectory', 'idm', 'pure-pursuit'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface RunOptions extends InstantiateOptions {
  /** Default: `trajectory` when the ego has an authored trajectory, else `idm`. */
  readonly policy?: PolicyName;
  readonly stopOnCollision?: boolean;
}

export interface RunReport {
  readonly scenario: string;
  readonly seed: number;
  /** A built-in policy name, or the name of a custom one. */
  readonly policy: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly steps: number;
  readonly simulatedS: number;
  readonly doneReason: RolloutResult['doneReason'];
  /** Criteria verdict; null when the scenario sets no criteria. */
  readonly passed: boolean | null;
  readonly criteria: string | null;
  readonly metrics: RolloutResult['metrics'];
  /** Pairs of actors that touched each other (a traffic-model diagnostic; the ego's are in metrics). */
  readonly actorContacts: RolloutResult['actorContacts'];
  /** Hash of the final state (per-step hashes are in the rollout). */
  readonly finalHash: string;
}

export interface ScenarioRun {
  readonly report: RunReport;
  readonly rollout: RolloutResult;
  readonly resolved: ResolvedScenario;
  readonly runtime: SimRuntime;
}

export function makePolicy(name: PolicyName, rt: SimRuntime): Policy {
  switch (name) {
    case 'trajectory':
      return trajectoryPolicy(rt);
    case 'idm':
      return idmPolicy(rt);
    case 'pure-pursuit':
      return purePursuitPolicy(rt);
  }
}

export function defaultPolicy(rt: SimRuntime): PolicyName {
  return rt.setup.ego.trajectory.length >= 2 ? 'trajectory' : 'idm';
}

/** The policy of a run: a built-in one by name, or any Policy under the name reports and logs give it. */
export type RunPolicy =
  | { readonly kind: 'builtin'; readonly name?: PolicyName }
  | { readonly kind: 'custom'; readonly name: string; readonly make: (rt: SimRuntime) => Policy };

/** A run ready to go: the scenario resolved, the runtime built, the policy chosen. */
export interface PreparedRun {
  readonly resolved: ResolvedScenario;
  readonly runtime: SimRuntime;
  readonly policy: Policy;
  /** The policy's name as reported (a built-in name or a custom one). */
  readonly policyName: string;
}

export function prepareRun(spec: ScenarioSpec, options: RunOptions = {}, policy: RunPolicy = { kind: 'builtin' }): PreparedRun {
  const { resolved, runtime } = instantiateRun(spec, options);
  if (policy.kind === 'custom') return { resolved, runtime, policy: policy.make(runtime), policyName: policy.name };
  const name = policy.name ?? options.policy ?? defaultPolicy(runtime);
  return { resolved, runtime, policy: makePolicy(name, runtime), policyName: name };
}

/** The scenario resolved and its runtime built: what every run starts from. */
export function instantiateRun(spec: ScenarioSpec, options: RunOptions = {}): Pick<PreparedRun, 'resolved' | 'runtime'> {
  const { resolved, setup } = instantiate(spec, options);
  return { resolved, runtime: createRuntime(setup) };
}

/** Rolls a prepared run out and judges it; `onState` sees every state, the initial one included. */
export function executeRun(run: PreparedRun, options: RunOptions = {}, onState?: (world: World, record: StepRecord) => void): ScenarioRun {
  const rollout = runRollout(run.runtime, { policy: run.policy, stopOnCollision: options.stopOnCollision, onState });
  return judgeRun(run, rollout);
}

/** A run of the camera loop (camera-loop.ts): its policy may read frames and answer asynchronously. */
export interface PreparedLoopRun {
  readonly resolved: ResolvedScenario;
  readonly runtime: SimRuntime;
  readonly policy: LoopPolicy;
  readonly policyName: string;
}

export interface LoopScenarioRun extends ScenarioRun {
  readonly camera: CameraStats;
}

/**
 * Rolls a prepared loop run out with `camera` in the loop and judges it. The policy is not closed
 * here: its owner (who opened it) closes it, so a policy may serve several runs.
 */
export async function executeLoopRun(run: PreparedLoopRun, camera: CameraSource, options: RunOptions = {}, onState?: CameraLoopOptions['onState']): Promise<LoopScenarioRun> {
  const rollout = await runCameraLoop(run.runtime, { policy: run.policy, camera, stopOnCollision: options.stopOnCollision, onState });
  return { ...judgeRun(run, rollout), camera: rollout.camera };
}

/** The report of a finished rollout: its metrics, the criteria verdict, the final hash. */
function judgeRun(run: Pick<PreparedRun, 'resolved' | 'runtime' | 'policyName'>, rollout: RolloutResult): ScenarioRun {
  const { resolved, runtime } = run;
  const last = rollout.records[rollout.records.length - 1];
  return {
    report: {
      scenario: resolved.name,
      seed: resolved.seed,
      policy: run.policyName,
      parameters: resolved.parameters,
      steps: rollout.steps,
      simulatedS: rollout.final.timeS,
      doneReason: rollout.doneReason,
      passed: evaluateCriteria(resolved, rollout.metrics.values),
      criteria: resolved.criteria?.source ?? null,
      metrics: rollout.metrics,
      actorContacts: rollout.actorContacts,
      finalHash: last.hash,
    },
    rollout,
    resolved,
    runtime,
  };
}

export function runScenario(spec: ScenarioSpec, options: RunOptions = {}): ScenarioRun {
  return executeRun(prepareRun(spec, options), options);
}

/** Runs twice and compares per-step state hashes; returns the first step that differs, or null. */
export function verifyDeterminism(spec: ScenarioSpec, options: RunOptions = {}): { steps: number; firstMismatch: number | null } {
  const a = runScenario(spec, options).rollout.records;
  const b = runScenario(spec, options).rollout.records;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i]?.hash !== b[i]?.hash) return { steps: n, firstMismatch: i };
  }
  return { steps: n, firstMismatch: null };
}
