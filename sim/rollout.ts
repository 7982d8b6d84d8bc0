/**
 * Runs a scenario to its end in closed loop: policy -> action -> world step -> metrics, recording
 * the per-step state hash (for determinism checks) and a compact per-step record (for logs and plots).
 */
import { finishMetrics, startMetrics, updateMetrics, type MetricContext, type RolloutMetrics, type StepMetrics, type StepSample } from './metrics/metrics';
import type { Policy } from './policies/policy';
import { CollisionGrid } from './collision/spatial-grid';
import { hashWorld } from './state-hash';
import { findContacts, type Contact } from './world/contacts';
import type { VehicleAction, World } from './types';
import { initialWorld } from './world/init';
import type { SimRuntime } from './world/runtime';
import { stepWorld } from './world/step';

export type DoneReason = 'duration' | 'collision';

export interface StepRecord {
  readonly step: number;
  readonly timeS: number;
  readonly hash: string;
  /** The action applied from this step to the next (null at the final state). */
  readonly action: VehicleAction | null;
  readonly metrics: StepMetrics;
  /** Pairs of agents whose boxes touch in this state (see world/contacts.ts); usually empty. */
  readonly contacts: readonly Contact[];
}

export interface RolloutOptions {
  readonly policy: Policy;
  /** End the rollout at the ego's first collision (default true), as a safety driver would. */
  readonly stopOnCollision?: boolean;
  /** Hash every step's state (default true; the benchmark turns it off to time the physics alone). */
  readonly hashStates?: boolean;
  /** Called with every state, including the initial one. */
  readonly onState?: (world: World, record: StepRecord) => void;
}

export interface RolloutResult {
  readonly steps: number;
  readonly doneReason: DoneReason;
  readonly final: World;
  readonly records: readonly StepRecord[];
  readonly metrics: RolloutMetrics;
  /** Distinct pairs of actors (not the ego) that touched during the rollout: a traffic-model diagnostic. */
  readonly actorContacts: readonly Contact[];
}

/** The per-step values of a metrics sample, without its route and motion internals (for logs). */
function pickStepMetrics(sample: StepSample): StepMetrics {
  const { motion: _motion, route: _route, ...step } = sample;
  return step;
}

export function metricContext(rt: SimRuntime): MetricContext {
  const traj = rt.trajectories[0];
  const last = traj.length > 0 ? traj[traj.length - 1] : null;
  return {
    road: rt.setup.road,
    dtS: rt.setup.dtS,
    egoRoute: rt.setup.ego.route,
    expertFinal: last ? { x: last.x, y: last.y } : null,
    speedLimitToleranceMps: 0,
  };
}

export function runRollout(rt: SimRuntime, options: RolloutOptions): RolloutResult {
  const ctx = metricContext(rt);
  const stopOnCollision = options.stopOnCollision ?? true;
  const hashStates = options.hashStates ?? true;
  let world = initialWorld(rt);
  let acc = startMetrics(ctx, world);
  const records: StepRecord[] = [];
  const grid = new CollisionGrid();
  const actorContacts = new Map<string, Contact>();
  let doneReason: DoneReason = 'duration';
  for (;;) {
    const sm = pickStepMetrics(acc.latest);
    const finished = world.step >= rt.stepCount || (stopOnCollision && sm.inCollision);
    if (sm.inCollision) doneReason = 'collision';
    const action = finished ? null : options.policy.act({ world, road: rt.setup.road, dtS: rt.setup.dtS });
    const contacts = findContacts(world, grid);
    for (const c of contacts) if (c.a !== world.ego.id) actorContacts.set(`${c.a}|${c.b}`, c);
    const record: StepRecord = { step: world.step, timeS: world.timeS, hash: hashStates ? hashWorld(world) : '', action, metrics: sm, contacts };
    records.push(record);
    options.onState?.(world, record);
    if (action === null) break;
    world = stepWorld(rt, world, action);
    acc = updateMetrics(acc, world, ctx);
  }
  if (doneReason === 'collision' && !stopOnCollision) doneReason = 'duration';
  return { steps: world.step, doneReason, final: world, records, metrics: finishMetrics(acc, ctx), actorContacts: [...actorContacts.values()] };
}
