/**
 * The world model's runtime: the ONNX graphs of model/train/export.py run by onnxruntime-node.
 *
 * A model folder (default <package>/model/weights) holds model_card.json and four graphs (one more for
 * a pixel_warp model, one more with a layout refiner); sizes come from the card (model-card.ts), B is any batch:
 *
 *   encode   frames (B,H,W,3) float32 in [0,1]            -> latents (B,C,h,w)       encoder.onnx
 *   predict  context_latents (B,K,C,h,w), oldest first,
 *            trajectory (B,K,F,4), layout (B,K,M,7) | null,
 *            noise_level (B,) (0 at rollout)              -> next_latents (B,C,h,w)  dynamics_grounded.onnx
 *                                                            with a layout, else dynamics.onnx
 *   decode   latents (B,C,h,w)                            -> frames (B,H,W,3) in [0,1]  decoder.onnx
 *   warpDelta frames (B,H,W,3), motion (B,3)              -> warp_delta (B,C,h,w)    warp.onnx
 *            (pixel_warp models only: predict then also takes warp_delta (B,K,C,h,w), one per slot)
 *   refine   frames (B,H,W,3) in [0,1], layout (B,M,7)    -> frames (B,H,W,3) in [0,1]  refiner.onnx
 *            (models with a layout refiner: the layout's actors drawn in; one with ego_warp also
 *            takes warped (B,H,W,3) in [0,1], the last real frame reprojected: anchor-warp.ts)
 *
 * Input meaning (model/train/data.py window(), model/dataset/FORMAT.md): context slot i holds frame
 * s_i; trajectory[:, i] is the ego's motion after s_i (ego-trajectory-input.ts); layout[:, i] the
 * actors at s_i + 1 in the ego frame at s_i + 1 (model/dataset/actor-layout.ts, class -1 = empty).
 * The output is the latent frame after the last slot. The ungrounded graph leaves the layout tokens
 * out, which gives the grounded graph's output for an all-empty layout at half the cost.
 *
 * Model: a conv tokenizer and a block-causal spacetime transformer (Genie, Bruce et al. 2024) with
 * context-noise augmentation (GameNGen, Valevski et al. 2024; DIAMOND, Alonso et al. 2024); see
 * model/train/model.py. At load every file is checked: missing files, files onnxruntime cannot
 * parse, and graphs whose inputs or outputs disagree with the card are ModelErrors naming the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { packageRoot } from '../../scenarios/library';
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { TRAJECTORY_WIDTH } from './ego-trajectory-input';
import { checkCardGraphs, checkGraph, graphContracts, graphFile, graphNames, type GraphName } from './graph-contract';
import { MODEL_CARD_FILE, readModelCard, type ModelInfo } from './model-card';
import { ModelError } from './model-error';

export interface LoadOptions {
  /** Threads of onnxruntime's intra-op pool per graph. Default 2 (the machines we target have 2 cores). */
  readonly threads?: number;
  /**
   * Let idle pool threads spin-wait for work. Off by default: on a shared machine (a training job,
   * other processes) spinning threads take the cores from the ones doing work; measured on our
   * 2-core machine under a 2-thread training job, a batch-1 step of a base-size model (2 threads)
   * took 24.5 ms with spinning and 8.3 ms without. Turn it on only where cores are to spare.
   */
  readonly spin?: boolean;
}

export interface PredictInput {
  readonly batch: number;
  /** (B,K,C,h,w), slot 0 the oldest frame. */
  readonly contextLatents: Float32Array;
  /** (B,K,F,4): (dx, dy, dyaw, valid) per future step of each slot. */
  readonly trajectory: Float32Array;
  /** (B,K,M,7) for the grounded graph, null for the ungrounded one. */
  readonly layout: Float32Array | null;
  /** (B,) context-noise level sigma; default 0 (clean context, as at rollout). */
  readonly noiseLevel?: Float32Array;
  /** (B,K,C,h,w) warpDelta of each slot's frame and motion: required by a pixel_warp model, else ignored. */
  readonly warpDelta?: Float32Array;
}

export interface WorldModel {
  /** The folder the model was loaded from. */
  readonly dir: string;
  readonly info: ModelInfo;
  /** frames (B,H,W,3) in [0,1] -> latents (B,C,h,w). */
  encode(frames: Float32Array, batch: number): Promise<Float32Array>;
  /** latents (B,C,h,w) -> frames (B,H,W,3) in [0,1]. */
  decode(latents: Float32Array, batch: number): Promise<Float32Array>;
  /**
   * frames (B,H,W,3) in [0,1] and the ego motion (B,3) (dx, dy, dyaw) after each -> (B,C,h,w) the
   * encoding of the frame reprojected by the motion minus the frame's own (pixel_warp models only).
   */
  warpDelta(frames: Float32Array, motion: Float32Array, batch: number): Promise<Float32Array>;
  /**
   * frames (B,H,W,3) in [0,1] and the layout (B,M,7) they show, in the ego frame of each -> the
   * frames with the layout's actors drawn in (models with a refiner only; `warped` (B,H,W,3) in
   * [0,1] is required by a refiner with ego_warp and ignored otherwise).
   */
  refine(frames: Float32Array, layout: Float32Array, batch: number, warped?: Float32Array): Promise<Float32Array>;
  /** One dynamics step: the latents (B,C,h,w) of the frame after the last context slot. */
  predict(input: PredictInput): Promise<Float32Array>;
  /** Frees the onnxruntime sessions; the model cannot be used afterwards. */
  release(): Promise<void>;
}

export function defaultModelDir(): string {
  return join(packageRoot(), 'model', 'weights');
}

/** onnxruntime's session options for `options`: the benchmark runs its GEMM with the very same ones. */
export function onnxSessionOptions(options: LoadOptions = {}): InferenceSession.SessionOptions {
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 1) throw new ModelError(`world model: threads must be an integer >= 1, got ${threads}`);
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: options.spin === true ? '1' : '0' } } },
  };
}

/** Opens one ONNX file, its problems as ModelErrors naming the file (also used by ONNX policies). */
export async function openGraph(file: string, options: InferenceSession.SessionOptions): Promise<InferenceSession> {
  const bytes = readFileSync(file);
  if (bytes.length === 0) throw new ModelError(`${file} is empty`);
  try {
    return await InferenceSession.create(bytes, options);
  } catch (err) {
    const reason = ((err as Error).message ?? String(err)).split('\n')[0];
    throw new ModelError(`${file}: onnxruntime cannot load this graph: ${reason}`);
  }
}

function checkLength(what: string, data: Float32Array, dims: readonly number[]): void {
  const n = dims.reduce((a, b) => a * b, 1);
  if (!(data instanceof Float32Array)) throw new RangeError(`world model: ${what} must be a Float32Array`);
  if (data.length !== n) throw new RangeError(`world model: ${what} must be (${dims.join(', ')}) = ${n} float32 values, got ${data.length}`);
}

function checkBatch(batch: number): void {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`world model: batch must be an integer >= 1, got ${batch}`);
}

class OnnxWorldModel implements WorldModel {
  #released = false;

  constructor(
    readonly dir: string,
    readonly info: ModelInfo,
    private readonly sessions: Readonly<Partial<Record<GraphName, InferenceSession>>>,
  ) {}

  async #run(graph: GraphName, feeds: Record<string, Tensor>): Promise<Float32Array> {
    if (this.#released) throw new Error(`world model ${this.dir}: used after release()`);
    const session = this.sessions[graph];
    if (session === undefined) throw new Error(`world model ${this.dir}: has no ${graph} graph`);
    const out = await session.run(feeds);
    return out[session.outputNames[0]].data as Float32Array;
  }

  async encode(frames: Float32Array, batch: number): Promise<Float32Array> {
    checkBatch(batch);
    const dims = [batch, this.info.frame.heightPx, this.info.frame.widthPx, 3];
    checkLength('encode frames', frames, dims);
    return this.#run('encoder', { frames: new Tensor('float32', frames, dims) });
  }

  async decode(latents: Float32Array, batch: number): Promise<Float32Array> {
    checkBatch(batch);
    const { channels, heightCells, widthCells } = this.info.latent;
    const dims = [batch, channels, heightCells, widthCells];
    checkLength('decode latents', latents, dims);
    return this.#run('decoder', { latents: new Tensor('float32', latents, dims) });
  }

  async warpDelta(frames: Float32Array, motion: Float32Array, batch: number): Promise<Float32Array> {
    checkBatch(batch);
    if (!this.info.pixelWarp) throw new Error(`world model ${this.dir}: warpDelta needs a pixel_warp model`);
    const dims = [batch, this.info.frame.heightPx, this.info.frame.widthPx, 3];
    checkLength('warpDelta frames', frames, dims);
    checkLength('warpDelta motion', motion, [batch, 3]);
    return this.#run('warp', { frames: new Tensor('float32', frames, dims), motion: new Tensor('float32', motion, [batch, 3]) });
  }

  async refine(frames: Float32Array, layout: Float32Array, batch: number, warped?: Float32Array): Promise<Float32Array> {
    checkBatch(batch);
    if (this.info.refiner === null) throw new Error(`world model ${this.dir}: refine needs a model with a layout refiner`);
    const dims = [batch, this.info.frame.heightPx, this.info.frame.widthPx, 3];
    const layDims = [batch, this.info.layoutSlots, LAYOUT_WIDTH];
    checkLength('refine frames', frames, dims);
    checkLength('refine layout', layout, layDims);
    const feeds: Record<string, Tensor> = { frames: new Tensor('float32', frames, dims), layout: new Tensor('float32', layout, layDims) };
    if (this.info.refiner.egoWarp) {
      if (warped === undefined) throw new RangeError('world model: this refiner needs warped (B,H,W,3), the reprojected last real frame');
      checkLength('refine warped', warped, dims);
      feeds.warped = new Tensor('float32', warped, dims);
    }
    return this.#run('refiner', feeds);
  }

  async predict(input: PredictInput): Promise<Float32Array> {
    const B = input.batch;
    checkBatch(B);
    const { contextFrames: K, futureSteps: F, layoutSlots: M } = this.info;
    const { channels, heightCells, widthCells } = this.info.latent;
    const ctxDims = [B, K, channels, heightCells, widthCells];
    const trajDims = [B, K, F, TRAJECTORY_WIDTH];
    checkLength('context_latents', input.contextLatents, ctxDims);
    checkLength('trajectory', input.trajectory, trajDims);
    const noise = input.noiseLevel ?? new Float32Array(B);
    checkLength('noise_level', noise, [B]);
    const feeds: Record<string, Tensor> = {
      context_latents: new Tensor('float32', input.contextLatents, ctxDims),
      trajectory: new Tensor('float32', input.trajectory, trajDims),
      noise_level: new Tensor('float32', noise, [B]),
    };
    if (this.info.pixelWarp) {
      if (input.warpDelta === undefined) throw new RangeError('world model: this pixel_warp model needs warpDelta (B,K,C,h,w) in predict()');
      checkLength('warp_delta', input.warpDelta, ctxDims);
      feeds.warp_delta = new Tensor('float32', input.warpDelta, ctxDims);
    }
    if (input.layout === null) return this.#run('dynamics', feeds);
    const layDims = [B, K, M, LAYOUT_WIDTH];
    checkLength('layout', input.layout, layDims);
    feeds.layout = new Tensor('float32', input.layout, layDims);
    return this.#run('dynamics_grounded', feeds);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
  }
}

/**
 * Loads and checks the model in `dir`: the card, then every graph (file present, parsed by
 * onnxruntime, inputs and outputs as the card implies). Throws a ModelError naming the file.
 */
export async function loadWorldModel(dir: string = defaultModelDir(), options: LoadOptions = {}): Promise<WorldModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelError(`model folder ${dir} does not exist (export one with model/train/export.py --out DIR)`);
  }
  const info = readModelCard(dir);
  const contracts = graphContracts(info);
  checkCardGraphs(info, contracts, join(dir, MODEL_CARD_FILE));
  const names = graphNames(info);
  const files = names.map((g) => join(dir, graphFile(g)));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new ModelError(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: a model folder holds ${names.map(graphFile).join(', ')} and ${MODEL_CARD_FILE}`);
  }
  const opts = onnxSessionOptions(options);
  const opened: Partial<Record<GraphName, InferenceSession>> = {};
  try {
    for (const [i, graph] of names.entries()) {
      const session = await openGraph(files[i], opts);
      opened[graph] = session;
      checkGraph(files[i], contracts[graph]!, session.inputMetadata, session.outputMetadata);
    }
  } catch (err) {
    await Promise.all(Object.values(opened).map((s) => s.release()));
    throw err;
  }
  return new OnnxWorldModel(dir, info, opened);
}
