/**
 * The last real frame of each rollout reprojected to where the ego is at the current step, by the
 * ego motion the trajectory inputs have commanded since (flat ground, sky at infinity:
 * ego-reprojection.ts). It is the layout refiner's geometric view of the commanded motion: exact
 * for the road near the ego (where lane markings say how far and which way it went), wrong for
 * whatever stands on the ground, blurred where the ground is magnified.
 *
 * Step h composes the first future step of the newest context slot (the motion from the frame
 * before the predicted one to it) onto the motion so far; an invalid step (the end of a plan)
 * counts as standing still.
 */
import type { CameraModel } from '../../sim/render/camera-model';
import { composeMotion, NO_MOTION, reprojectionMap, reproject, type EgoMotion } from './ego-reprojection';
import { TRAJECTORY_WIDTH } from './ego-trajectory-input';

/**
 * Each rollout's ego motion since its anchor frame, one rollout step at a time, and its reprojection
 * maps (made when first asked for in a step: a step that shows no reprojection pays for none).
 */
export class AnchorMotion {
  readonly #motions: EgoMotion[];
  #maps: readonly Float32Array[] | null = null;

  constructor(
    readonly camera: CameraModel,
    readonly batch: number,
  ) {
    this.#motions = Array.from({ length: batch }, () => NO_MOTION);
  }

  /** Each rollout's motion since its anchor frame. */
  get motions(): readonly EgoMotion[] {
    return this.#motions;
  }

  /** Each rollout's reprojectionMap for its motion so far. */
  get maps(): readonly Float32Array[] {
    this.#maps ??= this.#motions.map((m) => reprojectionMap(this.camera, m));
    return this.#maps;
  }

  /** Advances by one step of the rollout, whose trajectory input is (B,K,F,4). */
  advance(trajectory: Float32Array, contextFrames: number, futureSteps: number): void {
    const K = contextFrames;
    const row = futureSteps * TRAJECTORY_WIDTH;
    if (trajectory.length !== this.batch * K * row) throw new RangeError(`AnchorMotion.advance: trajectory must be (${this.batch}, ${K}, ${futureSteps}, ${TRAJECTORY_WIDTH}) = ${this.batch * K * row} values, got ${trajectory.length}`);
    for (let b = 0; b < this.batch; b++) {
      const o = (b * K + K - 1) * row;
      const step = trajectory[o + 3] > 0 ? { dx: trajectory[o], dy: trajectory[o + 1], dyaw: trajectory[o + 2] } : NO_MOTION;
      this.#motions[b] = composeMotion(this.#motions[b], step);
    }
    this.#maps = null;
  }
}

/**
 * The reprojectionMap of every step of a rollout of one request, whose trajectory rows are
 * (K + horizon - 1, F, 4) as eval's RolloutRequest holds them: step h reads rows h-1 .. h+K-2,
 * as the predictor feeds them to ModelRollout.
 */
export function rolloutMaps(camera: CameraModel, trajectory: Float32Array, contextFrames: number, futureSteps: number, horizon: number): Float32Array[] {
  const row = futureSteps * TRAJECTORY_WIDTH;
  const motion = new AnchorMotion(camera, 1);
  const maps: Float32Array[] = [];
  for (let h = 1; h <= horizon; h++) {
    motion.advance(trajectory.subarray((h - 1) * row, (h - 1 + contextFrames) * row), contextFrames, futureSteps);
    maps.push(motion.maps[0]);
  }
  return maps;
}

/** The anchors (each rollout's last real frame) reprojected by an AnchorMotion. */
export class AnchorWarp {
  readonly motion: AnchorMotion;
  readonly #frameBytes: number;

  /** `anchors` (B,H,W,3) 8-bit: each rollout's last real frame; it is not copied. */
  constructor(
    readonly camera: CameraModel,
    readonly batch: number,
    private readonly anchors: Uint8Array,
  ) {
    this.#frameBytes = camera.widthPx * camera.heightPx * 3;
    if (anchors.length !== batch * this.#frameBytes) throw new RangeError(`AnchorWarp: anchors must be (${batch}, ${camera.heightPx}, ${camera.widthPx}, 3) = ${batch * this.#frameBytes} bytes, got ${anchors.length}`);
    this.motion = new AnchorMotion(camera, batch);
  }

  /** Each rollout's motion since its anchor frame. */
  get motions(): readonly EgoMotion[] {
    return this.motion.motions;
  }

  /**
   * Advances its motion by one step of the rollout, whose trajectory input is (B,K,F,4), and
   * returns the anchors reprojected to the predicted frame, (B,H,W,3) 8-bit.
   */
  advance(trajectory: Float32Array, contextFrames: number, futureSteps: number): Uint8Array {
    this.motion.advance(trajectory, contextFrames, futureSteps);
    return this.reprojected(this.motion.maps);
  }

  /** The anchors through one reprojectionMap per rollout, (B,H,W,3) 8-bit. */
  reprojected(maps: readonly Float32Array[]): Uint8Array {
    const out = new Uint8Array(this.batch * this.#frameBytes);
    for (let b = 0; b < this.batch; b++) {
      reproject(this.anchors.subarray(b * this.#frameBytes, (b + 1) * this.#frameBytes), this.camera.widthPx, this.camera.heightPx, maps[b], out.subarray(b * this.#frameBytes, (b + 1) * this.#frameBytes));
    }
    return out;
  }
}
