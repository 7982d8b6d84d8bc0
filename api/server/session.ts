/**
 * One closed-loop session: the world of a scenario stepped by actions that come over HTTP. It
 * follows sim/rollout.ts runRollout step for step (same initial world, stepWorld, metrics
 * accumulator, end at the scenario duration or the ego's first collision), so an external policy
 * that sends the actions a built-in policy would gets the metrics `dreamdrive run` reports.
 *
 *   create:  world0, metrics started; done already if world0 ends the run
 *   step(a): log (world_k, a) -> world_{k+1} = stepWorld(world_k, a) -> metrics updated -> done?
 */
import { prepareRun, type PreparedRun, type RunOptions } from '../../eval/run-scenario';
import { evaluateCriteria } from '../../scenarios/instantiate';
import type { RolloutMetrics } from '../../sim/metrics/metrics';
import type { Policy } from '../../sim/policies/policy';
import { createRenderer, type Renderer } from '../../sim/render/renderer';
import { encodePng } from '../../sim/render/encode/png';
import { locate } from '../../sim/road/query';
import { ClosedLoop, type DoneReason } from '../../sim/rollout';
import { hashWorld } from '../../sim/state-hash';
import type { VehicleAction } from '../../sim/types';
import { rolloutMetadata, type SpecSource } from '../log/logged-run';
import { RolloutLogWriter } from '../log/rollout-log-writer';
import { agentStateMessage, vehicleActionOf, worldStateMessage } from '../proto/codec';
import type { ActionCommand, CameraFrameMessage, ObservationMessage, RolloutResultMessage, StepResultMessage } from '../proto/messages';
import { HttpError } from './http-error';

export type CameraSource = 'none' | 'reference';
export const CAMERA_SOURCES: readonly CameraSource[] = ['none', 'reference'];

/** The policy name session logs record (the policy runs outside the server). */
export const EXTERNAL_POLICY_NAME = 'external-http';

export interface SessionOptions {
  readonly id: string;
  readonly source: SpecSource;
  readonly run: RunOptions;
  readonly camera: CameraSource;
  readonly privileged: boolean;
  /** Where to write the session's MCAP log, or null for none. */
  readonly logPath: string | null;
}

/** The policy slot of a prepared run: a session's actions come from its client, never from here. */
const EXTERNAL_POLICY: Policy = {
  name: EXTERNAL_POLICY_NAME,
  act() {
    throw new Error('an HTTP session has no in-process policy');
  },
};

export class Session {
  readonly id: string;
  readonly camera: CameraSource;
  readonly privileged: boolean;
  readonly createdAt = Date.now();
  lastUsedMs = Date.now();
  readonly #prepared: PreparedRun;
  readonly #loop: ClosedLoop;
  readonly #renderer: Renderer | null;
  readonly #writer: RolloutLogWriter | null;
  #finalMetrics: RolloutMetrics | null = null;
  #closed = false;
  #camera: { readonly step: number; readonly frame: CameraFrameMessage } | null = null;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.camera = options.camera;
    this.privileged = options.privileged;
    this.#prepared = prepareRun(options.source.spec, options.run, { kind: 'custom', name: EXTERNAL_POLICY_NAME, make: () => EXTERNAL_POLICY });
    const rt = this.#prepared.runtime;
    this.#loop = new ClosedLoop(rt, options.run.stopOnCollision ?? true);
    this.#renderer = options.camera === 'reference' ? createRenderer(rt.setup.road, { camera: { ...this.#prepared.resolved.camera } }) : null;
    this.#writer =
      options.logPath === null
        ? null
        : RolloutLogWriter.create(options.logPath, rolloutMetadata(options.source, options.run, this.#prepared, { createdAt: new Date().toISOString(), cameraSource: options.camera }));
    this.#settle();
  }

  get scenario(): string {
    return this.#prepared.resolved.name;
  }
  get seed(): number {
    return this.#prepared.resolved.seed;
  }
  get step(): number {
    return this.#loop.world.step;
  }
  get timeS(): number {
    return this.#loop.world.timeS;
  }
  get done(): boolean {
    return this.#loop.finished;
  }
  get reason(): DoneReason | null {
    return this.#loop.finished ? this.#loop.doneReason : null;
  }
  get stepCount(): number {
    return this.#prepared.runtime.stepCount;
  }
  get logPath(): string | null {
    return this.#writer?.path ?? null;
  }
  get wheelbaseM(): number {
    return this.#prepared.runtime.egoParams.wheelbaseM;
  }

  /** What the client sees now: step, time, the ego (projected on its lane), camera, privileged state. */
  observation(): ObservationMessage {
    const world = this.#loop.world;
    const road = this.#prepared.runtime.setup.road;
    const lane = locate(road, world.ego.pose.x, world.ego.pose.y);
    return {
      step: world.step,
      timeS: world.timeS,
      camera: this.#cameraFrame(),
      ego: agentStateMessage(world.ego, lane),
      privileged: this.privileged ? worldStateMessage(world) : null,
    };
  }

  /** Applies one action (one step of dtS); 409 once the session is done. */
  advance(command: ActionCommand): StepResultMessage {
    if (this.done) throw new HttpError(409, `session ${this.id} is done (${this.reason}); DELETE it or create a new one`);
    if (command.kind === 'trajectory') throw new HttpError(422, 'trajectory actions are not supported by sessions yet; send accel_steer or accel_curvature', 'action.trajectory');
    const action = vehicleActionOf(command, this.wheelbaseM);
    this.#writeState(action);
    this.#loop.advance(action);
    this.#settle();
    return this.result();
  }

  /** The step result of the current state (what the last step answered). */
  result(): StepResultMessage {
    const metrics = this.#finalMetrics ?? this.#loop.metrics();
    return {
      observation: this.observation(),
      stepMetrics: this.#loop.stepMetrics,
      metrics,
      done: this.done,
      reason: this.reason,
      passed: this.done ? evaluateCriteria(this.#prepared.resolved, metrics.values) : null,
    };
  }

  /** Finishes the log once done (or aborts it when the session ends early); idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#writer === null) return;
    if (this.done) await this.#writer.finish(this.#resultMessage());
    else await this.#writer.abort();
  }

  /** Once the run has ended: freeze its metrics and log the final state (no action follows it). */
  #settle(): void {
    if (!this.#loop.finished) return;
    this.#finalMetrics = this.#loop.metrics();
    this.#writeState(null);
  }

  #writeState(action: VehicleAction | null): void {
    if (this.#writer === null) return;
    const world = this.#loop.world;
    this.#loop.recordContacts();
    this.#writer.writeStep({ world, hash: hashWorld(world), action, metrics: this.#loop.stepMetrics, camera: this.#cameraFrame() });
  }

  /** The current state's frame, rendered once (the log and the observation share it). */
  #cameraFrame(): CameraFrameMessage | null {
    if (this.#renderer === null) return null;
    if (this.#camera?.step === this.#loop.world.step) return this.#camera.frame;
    const f = this.#renderer.render(this.#loop.world);
    const frame: CameraFrameMessage = { widthPx: f.widthPx, heightPx: f.heightPx, pixels: { format: 'png', data: encodePng(f.rgb, f.widthPx, f.heightPx) }, source: 'reference' };
    this.#camera = { step: this.#loop.world.step, frame };
    return frame;
  }

  #resultMessage(): RolloutResultMessage {
    const metrics = this.#finalMetrics ?? this.#loop.metrics();
    return {
      metrics,
      passed: evaluateCriteria(this.#prepared.resolved, metrics.values),
      criteria: this.#prepared.resolved.criteria?.source ?? '',
      doneReason: this.reason ?? 'duration',
      steps: this.#loop.world.step,
      simulatedS: this.#loop.world.timeS,
      finalHash: hashWorld(this.#loop.world),
      actorContacts: this.#loop.actorContacts(),
    };
  }
}
