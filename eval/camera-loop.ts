/**
 * The closed loop with the camera inside it: at every state the camera source makes the frame of
 * that state, the policy (synchronous or not) acts on the observation and the frame, and the loop
 * steps. It drives sim/rollout.ts's ClosedLoop, the stepper runRollout and the HTTP sessions use,
 * and records each state with ClosedLoop.record, so for a policy that ignores frames it gives the
 * very states, records and hashes of runRollout (test/eval/camera-loop.test.ts), whatever the camera.
 *
 * With `--camera model` a frame-reading policy therefore drives on the world model's predictions:
 * the model's warm-up frames come from the renderer, then it predicts from its own past frames and
 * from the poses the policy's own actions produced, which is what the camera gap measures.
 *
 * Every state gets a frame, the final one included, so a log holds one frame per state; a policy
 * that reads frames cannot run without a camera (a PolicyError, which a suite reports as skipped).
 */
import type { CameraFrame, CameraSource, CameraStats } from '../model/runtime/camera-source';
import type { LoopPolicy } from '../sim/policies/loop-policy';
import { PolicyError } from '../sim/policies/trajectory-policy';
import { ClosedLoop, type RolloutResult, type StepRecord } from '../sim/rollout';
import type { World } from '../sim/types';
import type { SimRuntime } from '../sim/world/runtime';

export interface CameraLoopOptions {
  readonly policy: LoopPolicy;
  readonly camera: CameraSource;
  /** End the rollout at the ego's first collision (default true). */
  readonly stopOnCollision?: boolean;
  /** Hash every state (default true). */
  readonly hashStates?: boolean;
  /** Sees every state, the initial one included, with its record and frame; awaited before the step. */
  readonly onState?: (world: World, record: StepRecord, frame: CameraFrame | null) => void | Promise<void>;
}

export interface CameraLoopResult extends RolloutResult {
  readonly camera: CameraStats;
}

export async function runCameraLoop(rt: SimRuntime, options: CameraLoopOptions): Promise<CameraLoopResult> {
  const { policy, camera } = options;
  if (policy.readsFrames && camera.kind === 'none') {
    throw new PolicyError(`policy '${policy.name}' reads camera frames: run it with a camera (reference or model), not 'none'`);
  }
  const loop = new ClosedLoop(rt, options.stopOnCollision ?? true);
  const hashStates = options.hashStates ?? true;
  const { road, dtS } = rt.setup;
  const records: StepRecord[] = [];
  for (;;) {
    const world = loop.world;
    const frame = await camera.frame({ world });
    const action = loop.finished ? null : await policy.act({ world, road, dtS, frame: frame?.image ?? null, frameSource: frame?.source ?? null });
    const record = loop.record(action, hashStates);
    records.push(record);
    await options.onState?.(world, record, frame);
    if (action === null) break;
    loop.advance(action);
  }
  const final = loop.world;
  return { steps: final.step, doneReason: loop.doneReason, final, records, metrics: loop.metrics(), actorContacts: loop.actorContacts(), camera: camera.stats() };
}
