/**
 * Autoregressive rollout of the world model for B rollouts at once: a rolling context of the last
 * K latent frames per rollout (oldest first), seeded with K encoded frames; each step predicts the
 * next latents from the context, the trajectory and (grounded) the layout, shifts them into the
 * context and decodes them to RGB. Predicted latents go back into the context as they are, not
 * decoded and re-encoded, as in model/train/rollout_eval.py (the model was trained on encoder
 * latents and learns to absorb its own errors through context-noise augmentation).
 *
 * Anchored decoding (the default of fromFrames): the tokenizer loses detail (thin markings, edges:
 * ~32 dB), while consecutive frames at 10 Hz differ by much less, so decoding each prediction on its
 * own would be worse than repeating the last real frame even for a perfect dynamics model. A rollout
 * seeded with real frames therefore shows frame_last + decode(z_h) - decode(z_last): the predicted
 * change, added to the last real frame. It telescopes over the rollout (no drift of its own), equals
 * copy-last-frame when the model predicts no change, and is the plain decode plus the last real
 * frame's tokenizer residual at long horizons. `anchored: false` decodes directly. Where the model
 * card has anchor gains (anchor-gains.ts), step h goes a_h of the way from the last real frame to
 * the decoded prediction and keeps b_h of its tokenizer residual, as fitted on validation episodes;
 * where it also has pan gains, c_h of the last frame and d_h of its residual are shown reprojected
 * by the ego motion commanded since (anchor-gains.ts).
 *
 * A grounded step of a model with a layout refiner (world-model.ts refine) then draws the actors of
 * the predicted frame's layout into the frame it shows; a refiner with ego_warp also gets the last
 * real frame reprojected by the motion commanded since (anchor-warp.ts) and refines ungrounded steps
 * too, with an empty layout (it needs that frame: a rollout made from latents is not refined). The
 * refined frame is output only: the context keeps the dynamics' latents, on which it was trained.
 *
 * Deterministic: the same context and inputs give the same bytes (onnxruntime on the CPU with a
 * fixed thread count). Times the model's work per step, so callers report time per frame.
 */
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { gainsAt, pans, type AnchorGains } from './anchor-gains';
import { AnchorMotion, AnchorWarp } from './anchor-warp';
import { reproject } from './ego-reprojection';
import { guidedPredict, NO_GUIDANCE, type Guidance } from './guidance';
import { rgbToUnit, unitToRgb } from './rgb-tensor';
import { shiftIn, WarpContext } from './warp-context';
import type { WorldModel } from './world-model';

export interface RolloutTiming {
  readonly steps: number;
  /** Predicted frames: steps x batch. */
  readonly frames: number;
  /** Time spent in step(): dynamics, decoder and conversion to RGB, s. */
  readonly seconds: number;
  readonly msPerFrame: number;
  readonly framesPerS: number;
}

export interface RolloutStep {
  /** (B,C,h,w) predicted latents. */
  readonly latents: Float32Array;
  /** (B,H,W,3) predicted frames as 8-bit RGB. */
  readonly rgb: Uint8Array;
}

export interface RolloutOptions {
  readonly anchored?: boolean;
  readonly gains?: AnchorGains | null;
  readonly guidance?: Guidance | null;
  /** Pass the frames shown through the model's layout refiner where it applies (see above; default true). */
  readonly refine?: boolean;
}

export class ModelRollout {
  readonly #model: WorldModel;
  readonly #context: Float32Array;
  readonly #frameLatents: number;
  /** The anchor: (B,H,W,3) last real frame and its decoded latents, in [0, 1]; null decodes directly. */
  #anchor: { readonly frame: Float32Array; readonly decoded: Float32Array; readonly gains: AnchorGains | null } | null = null;
  readonly #guidance: Guidance;
  #refine = true;
  /** The ego motion since the last real frame: for pan gains and a refiner with ego_warp. */
  #motion: AnchorMotion | null = null;
  /** One frame's panned anchor and its reprojection, made on the first panned step and reused. */
  #panScratch: { readonly p: Float32Array; readonly moved: Float32Array } | null = null;
  /** The last real frames, reprojected each step for a refiner with ego_warp. */
  #anchorWarp: AnchorWarp | null = null;
  /** (B,M,7) all-empty layout: what an ungrounded step gives a refiner with ego_warp. */
  #emptyLayout: Float32Array | null = null;
  /** A pixel_warp model's context frames and their warp deltas; made from the latents if not given. */
  #warp: WarpContext | null = null;
  #steps = 0;
  #seconds = 0;

  /** `contextLatents` (B,K,C,h,w) is copied; `guidance` defaults to the card's (guidance.ts), null: none. */
  constructor(
    model: WorldModel,
    readonly batch: number,
    contextLatents: Float32Array,
    guidance?: Guidance | null,
  ) {
    const { channels, heightCells, widthCells } = model.info.latent;
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`ModelRollout: batch must be an integer >= 1, got ${batch}`);
    this.#frameLatents = channels * heightCells * widthCells;
    const n = batch * model.info.contextFrames * this.#frameLatents;
    if (contextLatents.length !== n) throw new RangeError(`ModelRollout: context must be (${batch}, ${model.info.contextFrames}, ${channels}, ${heightCells}, ${widthCells}) = ${n} values, got ${contextLatents.length}`);
    this.#model = model;
    this.#context = Float32Array.from(contextLatents);
    this.#guidance = (guidance === undefined ? model.info.guidance : guidance) ?? NO_GUIDANCE;
  }

  /**
   * A rollout whose context is the K frames (B,K,H,W,3) of each rollout, 8-bit RGB, oldest first;
   * anchored decoding (see above) unless `anchored` is false, with the card's gains unless `gains`
   * says otherwise (null: a = b = 1 at every step), and the card's guidance unless `guidance` says
   * otherwise (null: none).
   */
  static async fromFrames(model: WorldModel, batch: number, frames: Uint8Array, options: RolloutOptions = {}): Promise<ModelRollout> {
    const { widthPx, heightPx } = model.info.frame;
    const K = model.info.contextFrames;
    const frameValues = widthPx * heightPx * 3;
    const n = batch * K * frameValues;
    if (frames.length !== n) throw new RangeError(`ModelRollout.fromFrames: frames must be (${batch}, ${K}, ${heightPx}, ${widthPx}, 3) = ${n} bytes, got ${frames.length}`);
    // (B*K) frames through the encoder give (B*K,C,h,w), which is (B,K,C,h,w) in memory.
    const unit = rgbToUnit(frames);
    const rollout = new ModelRollout(model, batch, await model.encode(unit, batch * K), options.guidance);
    if (model.info.pixelWarp) rollout.#warp = new WarpContext(model, batch, unit);
    rollout.#refine = options.refine !== false;
    if (rollout.#refine && model.info.refiner?.egoWarp === true) {
      const lastFrames = new Uint8Array(batch * frameValues);
      for (let b = 0; b < batch; b++) lastFrames.set(frames.subarray((b * K + K - 1) * frameValues, (b * K + K) * frameValues), b * frameValues);
      rollout.#anchorWarp = new AnchorWarp(model.info.camera, batch, lastFrames);
      rollout.#motion = rollout.#anchorWarp.motion;
    }
    if (options.anchored !== false) {
      const last = new Float32Array(batch * frameValues);
      const lastLatents = new Float32Array(batch * rollout.#frameLatents);
      for (let b = 0; b < batch; b++) {
        last.set(unit.subarray((b * K + K - 1) * frameValues, (b * K + K) * frameValues), b * frameValues);
        lastLatents.set(rollout.#context.subarray((b * K + K - 1) * rollout.#frameLatents, (b * K + K) * rollout.#frameLatents), b * rollout.#frameLatents);
      }
      const gains = options.gains === undefined ? model.info.anchorGains : options.gains;
      rollout.#anchor = { frame: last, decoded: await model.decode(lastLatents, batch), gains };
      if (gains !== null && (pans(gains.ungrounded) || pans(gains.grounded))) rollout.#motion ??= new AnchorMotion(model.info.camera, batch);
    }
    return rollout;
  }

  /** Whether predictions are added to the last real frame (fromFrames' anchored decoding). */
  get anchored(): boolean {
    return this.#anchor !== null;
  }

  /** A copy of the current context (B,K,C,h,w). */
  context(): Float32Array {
    return this.#context.slice();
  }

  /** Predicts one frame per rollout; trajectory (B,K,F,4), layout (B,K,M,7) or null (ungrounded). */
  async step(trajectory: Float32Array, layout: Float32Array | null): Promise<RolloutStep> {
    const started = process.hrtime.bigint();
    const B = this.batch;
    if (this.#model.info.pixelWarp && this.#warp === null) {
      // built from latents alone: the context frames are what the tokenizer makes of them
      const K = this.#model.info.contextFrames;
      this.#warp = new WarpContext(this.#model, B, await this.#model.decode(this.#context, B * K));
    }
    const warpDelta = this.#warp === null ? undefined : await this.#warp.deltas(trajectory);
    const latents = await guidedPredict(this.#model, { batch: B, contextLatents: this.#context, trajectory, layout, warpDelta }, this.#guidance);
    const frames = await this.#model.decode(latents, B);
    this.#warp?.push(frames);
    this.#steps++;
    this.#motion?.advance(trajectory, this.#model.info.contextFrames, this.#model.info.futureSteps);
    const anchor = this.#anchor;
    if (anchor !== null) {
      const { change: a, residual: b, pan: c, panResidual: d } = anchor.gains === null ? { change: 1, residual: 1, pan: 0, panResidual: 0 } : gainsAt(layout === null ? anchor.gains.ungrounded : anchor.gains.grounded, this.#steps);
      const { frame: last, decoded } = anchor;
      for (let i = 0; i < frames.length; i++) frames[i] = last[i] + a * (frames[i] - last[i]) + b * (last[i] - decoded[i]);
      if ((c !== 0 || d !== 0) && this.#motion !== null) this.#addPanned(frames, last, decoded, this.#motion.maps, c, d);
    }
    const rgb = unitToRgb(await this.#refined(frames, layout));
    this.#shiftIn(latents);
    this.#seconds += Number(process.hrtime.bigint() - started) / 1e9;
    return { latents, rgb };
  }

  /**
   * Adds c (W(last) - last) + d (W(residual) - residual) to `frames`, W the reprojection by the motion
   * since the anchor: by linearity one reprojection of p = c last + d residual per rollout.
   */
  #addPanned(frames: Float32Array, last: Float32Array, decoded: Float32Array, maps: readonly Float32Array[], c: number, d: number): void {
    const { widthPx, heightPx } = this.#model.info.frame;
    const n = widthPx * heightPx * 3;
    this.#panScratch ??= { p: new Float32Array(n), moved: new Float32Array(n) };
    const { p, moved } = this.#panScratch;
    for (let b = 0; b < this.batch; b++) {
      const o = b * n;
      for (let i = 0; i < n; i++) p[i] = c * last[o + i] + d * (last[o + i] - decoded[o + i]);
      reproject(p, widthPx, heightPx, maps[b], moved);
      for (let i = 0; i < n; i++) frames[o + i] += moved[i] - p[i];
    }
  }

  /** The frames to show: `frames` through the model's refiner where it applies (see above). */
  async #refined(frames: Float32Array, layout: Float32Array | null): Promise<Float32Array> {
    const refiner = this.#refine ? this.#model.info.refiner : null;
    if (refiner === null) return frames;
    if (!refiner.egoWarp) return layout === null ? frames : this.#model.refine(frames, this.#lastSlot(layout), this.batch);
    if (this.#anchorWarp === null) return frames;
    const warped = rgbToUnit(this.#anchorWarp.reprojected(this.#anchorWarp.motion.maps));
    return this.#model.refine(frames, layout === null ? this.#emptySlots() : this.#lastSlot(layout), this.batch, warped);
  }

  #emptySlots(): Float32Array {
    if (this.#emptyLayout === null) {
      this.#emptyLayout = new Float32Array(this.batch * this.#model.info.layoutSlots * LAYOUT_WIDTH);
      for (let i = 0; i < this.#emptyLayout.length; i += LAYOUT_WIDTH) this.#emptyLayout[i] = -1;
    }
    return this.#emptyLayout;
  }

  /** (B,M,7): each rollout's layout of the newest slot, the frame being predicted. */
  #lastSlot(layout: Float32Array): Float32Array {
    const K = this.#model.info.contextFrames;
    const slot = this.#model.info.layoutSlots * LAYOUT_WIDTH;
    if (layout.length !== this.batch * K * slot) throw new RangeError(`ModelRollout.step: layout must be (${this.batch}, ${K}, ${this.#model.info.layoutSlots}, ${LAYOUT_WIDTH}) = ${this.batch * K * slot} values, got ${layout.length}`);
    const out = new Float32Array(this.batch * slot);
    for (let b = 0; b < this.batch; b++) out.set(layout.subarray((b * K + K - 1) * slot, (b * K + K) * slot), b * slot);
    return out;
  }

  /** Drops each rollout's oldest slot and appends its new latents as the newest. */
  #shiftIn(latents: Float32Array): void {
    const K = this.#model.info.contextFrames;
    const L = this.#frameLatents;
    for (let b = 0; b < this.batch; b++) shiftIn(this.#context, b, K, L, latents.subarray(b * L, (b + 1) * L));
  }

  get timing(): RolloutTiming {
    const frames = this.#steps * this.batch;
    return {
      steps: this.#steps,
      frames,
      seconds: this.#seconds,
      msPerFrame: frames > 0 ? (1000 * this.#seconds) / frames : NaN,
      framesPerS: this.#seconds > 0 ? frames / this.#seconds : NaN,
    };
  }
}
