/**
 * One closed-loop run of a scenario spec: instantiate, pick the policy, roll out, score, judge.
 * The unit of work of `dreamdrive run`, of sweeps and of evaluation suites.
 */
import { idmPolicy } from '../sim/policies/idm-policy';
import type { Policy } from '../sim/policies/policy';
import { trajectoryPolicy } from '../sim/policies/trajectory-policy';
import { runRollout, type RolloutResult } from '../sim/rollout';
import { createRuntime, type SimRuntime } from '../sim/world/runtime';
import { evaluateCriteria, instantiate, type InstantiateOptions } from '../scenarios/instantiate';
import type { ResolvedScenario } from '../scenarios/resolved-types';
import type { ScenarioSpec } from '../scenarios/spec-types';

export const POLICY_NAMES = ['trajectory', 'idm'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface RunOptions extends InstantiateOptions {
  /** Default: `trajectory` when the ego has an authored trajectory, else `idm`. */
  readonly policy?: PolicyName;
  readonly stopOnCollision?: boolean;
}

export interface RunReport {
  readonly scenario: string;
  readonly seed: number;
  readonly policy: PolicyName;
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
  return name === 'trajectory' ? trajectoryPolicy(rt) : idmPolicy(rt);
}

export function defaultPolicy(rt: SimRuntime): PolicyName {
  return rt.setup.ego.trajectory.length >= 2 ? 'trajectory' : 'idm';
}

export function runScenario(spec: ScenarioSpec, options: RunOptions = {}): ScenarioRun {
  const { resolved, setup } = instantiate(spec, options);
  const runtime = createRuntime(setup);
  const policyName = options.policy ?? defaultPolicy(runtime);
  const rollout = runRollout(runtime, { policy: makePolicy(policyName, runtime), stopOnCollision: options.stopOnCollision });
  const passed = evaluateCriteria(resolved, rollout.metrics.values);
  const last = rollout.records[rollout.records.length - 1];
  return {
    report: {
      scenario: resolved.name,
      seed: resolved.seed,
      policy: policyName,
      parameters: resolved.parameters,
      steps: rollout.steps,
      simulatedS: rollout.final.timeS,
      doneReason: rollout.doneReason,
      passed,
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
