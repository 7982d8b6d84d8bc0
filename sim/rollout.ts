/**
 * Runs a scenario to its end in closed loop: policy -> action -> world step -> metrics, recording
 * the per-step state hash (for determinism checks) and a compact per-step record (for logs and plots).
 */
import { finishMetrics, metricContextForSetup, startMetrics, updateMetrics, type MetricContext, type MetricsAccumulator, type RolloutMetrics, type StepMetrics, type StepSample } from './metrics/metrics';
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

/**
 * The bookkeeping of one closed-loop run, whoever chooses the actions: the world, the metrics
 * accumulator, the end rule (scenario duration, or the ego's first collision) and the actors'
 * contacts. runRollout drives it with an in-process policy; HTTP sessions with their clients' actions,
 * so both end and score a run the same way.
 */
export class ClosedLoop {
  readonly ctx: MetricContext;
  #world: World;
  #acc: MetricsAccumulator;
  readonly #grid = new CollisionGrid();
  readonly #actorContacts = new Map<string, Contact>();

  constructor(
    readonly rt: SimRuntime,
    /** End the run at the ego's first collision, as a safety driver would. */
    readonly stopOnCollision = true,
  ) {
    this.ctx = metricContextForSetup(rt.setup);
    this.#world = initialWorld(rt);
    this.#acc = startMetrics(this.ctx, this.#world);
  }

  get world(): World {
    return this.#world;
  }

  /** The per-step metrics of the current state. */
  get stepMetrics(): StepMetrics {
    return pickStepMetrics(this.#acc.latest);
  }

  get finished(): boolean {
    return this.#world.step >= this.rt.stepCount || (this.stopOnCollision && this.#acc.latest.inCollision);
  }

  /** Why the run ended (meaningful once finished): a final state in collision ends it by collision. */
  get doneReason(): DoneReason {
    return this.stopOnCollision && this.#acc.latest.inCollision ? 'collision' : 'duration';
  }

  /** Contacts of the current state; actor-actor ones are remembered for actorContacts(). */
  recordContacts(): Contact[] {
    const contacts = findContacts(this.#world, this.#grid);
    for (const c of contacts) if (c.a !== this.#world.ego.id) this.#actorContacts.set(`${c.a}|${c.b}`, c);
    return contacts;
  }

  actorContacts(): Contact[] {
    return [...this.#actorContacts.values()];
  }

  advance(action: VehicleAction): void {
    this.#world = stepWorld(this.rt, this.#world, action);
    this.#acc = updateMetrics(this.#acc, this.#world, this.ctx);
  }

  /** The rollout's metrics so far (final once finished). */
  metrics(): RolloutMetrics {
    return finishMetrics(this.#acc, this.ctx);
  }

  /**
   * The record of the current state with the action chosen there (null at the final state): its
   * contacts, hash and metrics. Every driver of the loop (runRollout, eval/camera-loop.ts) records
   * a state this way, so their records are identical for identical actions.
   */
  record(action: VehicleAction | null, hashState = true): StepRecord {
    const world = this.#world;
    const contacts = this.recordContacts();
    return { step: world.step, timeS: world.timeS, hash: hashState ? hashWorld(world) : '', action, metrics: this.stepMetrics, contacts };
  }
}

export function runRollout(rt: SimRuntime, options: RolloutOptions): RolloutResult {
  const loop = new ClosedLoop(rt, options.stopOnCollision ?? true);
  const hashStates = options.hashStates ?? true;
  const records: StepRecord[] = [];
  for (;;) {
    const world = loop.world;
    const action = loop.finished ? null : options.policy.act({ world, road: rt.setup.road, dtS: rt.setup.dtS });
    const record = loop.record(action, hashStates);
    records.push(record);
    options.onState?.(world, record);
    if (action === null) break;
    loop.advance(action);
  }
  const final = loop.world;
  return { steps: final.step, doneReason: loop.doneReason, final, records, metrics: loop.metrics(), actorContacts: loop.actorContacts() };
}
