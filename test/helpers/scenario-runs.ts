/**
 * In-process scenario runs for acceptance tests: load a library scenario by name, and roll it out
 * while recording every world state (runScenario keeps only per-step records, not the states).
 */
import { makePolicy, type PolicyName, type RunOptions } from '../../eval/run-scenario';
import { instantiate } from '../../scenarios/instantiate';
import { findScenario } from '../../scenarios/library';
import { loadSpecFile } from '../../scenarios/load-spec';
import type { ResolvedScenario } from '../../scenarios/resolved-types';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import { runRollout, type RolloutResult } from '../../sim/rollout';
import type { AgentState, World } from '../../sim/types';
import { createRuntime, type SimRuntime } from '../../sim/world/runtime';

export function librarySpec(name: string): ScenarioSpec {
  const file = findScenario(name);
  if (file === null) throw new Error(`no library scenario named '${name}'`);
  return loadSpecFile(file).spec;
}

export interface RecordedRun {
  readonly resolved: ResolvedScenario;
  readonly runtime: SimRuntime;
  readonly rollout: RolloutResult;
  /** Every world state, the initial one included, in step order. */
  readonly states: readonly World[];
}

/** Instantiates and rolls out a spec like runScenario does, keeping every state. */
export function recordRun(spec: ScenarioSpec, policy: PolicyName, options: Omit<RunOptions, 'policy'> = {}): RecordedRun {
  const { resolved, setup } = instantiate(spec, options);
  const runtime = createRuntime(setup);
  const states: World[] = [];
  const rollout = runRollout(runtime, {
    policy: makePolicy(policy, runtime),
    stopOnCollision: options.stopOnCollision,
    onState: (world) => states.push(world),
  });
  return { resolved, runtime, rollout, states };
}

export function actorIn(world: World, id: string): AgentState {
  const actor = world.actors.find((a) => a.id === id);
  if (actor === undefined) throw new Error(`no actor '${id}' at step ${world.step} (actors: ${world.actors.map((a) => a.id).join(', ')})`);
  return actor;
}
