/**
 * World-model speed in onnxruntime-node, next to the CPU's practical peak measured in the same run:
 *
 * - rollout steps (dynamics + decoder (+ layout refiner) + RGB) at batch 1 and 8, ungrounded and grounded, on inputs
 *   of a cut_in rollout prepared beforehand (realised ego trajectory, layouts from the class maps),
 *   so only the model is timed: frames per second, ms per frame, GFLOP per frame (counted from the
 *   executed graphs, onnx-flops.ts) and the GFLOP/s reached;
 * - a plain GEMM (bench/fixtures/gemm.onnx, c = a @ b, 512^3) with the same session options: the
 *   GFLOP/s this CPU gives a large matrix product, so "share of peak" says how much of the machine
 *   the small batch-1 matrices of the model use. GEMM calls alternate with the model's steps in the
 *   same timing loop, so both see the same load when the machine is shared (ours runs training);
 * - the model as the camera of the cut_in rollout end to end (reference warm-up, input building,
 *   grounded: one class-map render per step), next to the reference renderer's frames per second.
 */
import { join } from 'node:path';
import { Tensor, InferenceSession } from 'onnxruntime-node';
import { DEFAULT_LAYOUT_OPTIONS, LAYOUT_WIDTH, writeLayout } from '../model/dataset/actor-layout';
import { runCamera } from '../model/runtime/camera-source';
import { TRAJECTORY_WIDTH, writeTrajectoryInput } from '../model/runtime/ego-trajectory-input';
import { modelCamera } from '../model/runtime/model-camera';
import { ModelRollout } from '../model/runtime/model-rollout';
import { defaultModelDir, loadWorldModel, onnxSessionOptions, type WorldModel } from '../model/runtime/world-model';
import { packageRoot } from '../scenarios/library';
import { createRenderer } from '../sim/render/renderer';
import { graphFlops } from './onnx-flops';
import { scenarioStates } from './render-speed';

/** Acceptance of issue 4: 100 predicted frames/s at 64x64, batch 1, on 2 cores; target 300. */
export const MODEL_FPS_ACCEPT = 100;
export const MODEL_FPS_TARGET = 300;
const GEMM_SIZE = 512;
const WARMUP_STEPS = 5;
/** Start offset between the rollouts of a batch, steps: each rollout sees other inputs. */
const BATCH_OFFSET = 7;

export interface ModelSpeedRow {
  readonly graph: 'ungrounded' | 'grounded';
  readonly batch: number;
  readonly frames: number;
  readonly seconds: number;
  readonly fps: number;
  readonly msPerFrame: number;
  readonly gflopPerFrame: number;
  readonly gflops: number;
  /** The plain GEMM's GFLOP/s, timed in alternation with this row's steps. */
  readonly gemmGflops: number;
  /** gflops / gemmGflops. */
  readonly shareOfPeak: number;
}

export interface ModelSpeedReport {
  readonly modelDir: string;
  readonly threads: number;
  readonly shape: string;
  /** The GEMM's size and its GFLOP/s over all rows. */
  readonly gemm: { readonly size: number; readonly gflops: number };
  readonly rows: readonly ModelSpeedRow[];
  /** The model camera over the whole cut_in rollout, frames per second (warm-up frames included). */
  readonly camera: { readonly ungroundedFps: number; readonly groundedFps: number; readonly frames: number };
  /** The reference renderer on the same states at the model's frame size (supersample 2, RGB only), frames per second. */
  readonly referenceFps: number;
}

interface StepInputs {
  readonly trajectory: Float32Array; // (K,F,4)
  readonly layout: Float32Array; // (K,M,7)
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** The plain GEMM, n^3 float32: one call and the time spent in calls so far. */
class Gemm {
  seconds = 0;
  calls = 0;
  private constructor(
    private readonly session: InferenceSession,
    private readonly feeds: Record<string, Tensor>,
  ) {}

  static async open(threads: number): Promise<Gemm> {
    const session = await InferenceSession.create(join(packageRoot(), 'bench', 'fixtures', 'gemm.onnx'), onnxSessionOptions({ threads }));
    const n = GEMM_SIZE;
    const data = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const gemm = new Gemm(session, { a: new Tensor('float32', data, [n, n]), b: new Tensor('float32', data, [n, n]) });
    for (let i = 0; i < 3; i++) await session.run(gemm.feeds); // warm-up: allocations, packing
    return gemm;
  }

  async run(): Promise<void> {
    const t0 = now();
    await this.session.run(this.feeds);
    this.seconds += now() - t0;
    this.calls++;
  }

  get gflops(): number {
    return (2 * GEMM_SIZE ** 3 * this.calls) / this.seconds / 1e9;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Per predicted frame s = K .. of the rollout: its trajectory (realised poses) and layout inputs. */
function prepareInputs(model: WorldModel, states: ReturnType<typeof scenarioStates>): StepInputs[] {
  const { contextFrames: K, futureSteps: F, layoutSlots: M } = model.info;
  const camera = { ...states.camera, ...model.info.frame };
  const renderer = createRenderer(states.road, { camera });
  const layouts = states.worlds.map((w) => {
    const out = new Float32Array(M * LAYOUT_WIDTH);
    writeLayout(w, camera, renderer.render(w, { semantic: true }).classes!, { ...DEFAULT_LAYOUT_OPTIONS, maxActors: M }, out, 0);
    return out;
  });
  const inputs: StepInputs[] = [];
  for (let s = K; s + F - 1 < states.worlds.length; s++) {
    const trajectory = new Float32Array(K * F * TRAJECTORY_WIDTH);
    writeTrajectoryInput(states.worlds.slice(s - K, s + F).map((w) => w.ego.pose), K, F, trajectory);
    const layout = new Float32Array(K * M * LAYOUT_WIDTH);
    for (let i = 0; i < K; i++) layout.set(layouts[s - K + 1 + i], i * M * LAYOUT_WIDTH);
    inputs.push({ trajectory, layout });
  }
  return inputs;
}

async function timeRollout(model: WorldModel, context: Uint8Array, inputs: readonly StepInputs[], batch: number, grounded: boolean, minSeconds: number, gemm: Gemm) {
  const contexts = new Uint8Array(batch * context.length);
  for (let b = 0; b < batch; b++) contexts.set(context, b * context.length);
  const rollout = await ModelRollout.fromFrames(model, batch, contexts);
  const tLen = inputs[0].trajectory.length;
  const lLen = inputs[0].layout.length;
  const trajectory = new Float32Array(batch * tLen);
  const layout = grounded ? new Float32Array(batch * lLen) : null;
  let i = 0;
  const step = async () => {
    for (let b = 0; b < batch; b++) {
      const input = inputs[(i + b * BATCH_OFFSET) % inputs.length];
      trajectory.set(input.trajectory, b * tLen);
      layout?.set(input.layout, b * lLen);
    }
    i++;
    await rollout.step(trajectory, layout);
  };
  for (let w = 0; w < WARMUP_STEPS; w++) await step();
  let steps = 0;
  let seconds = 0;
  const gemmBefore = { seconds: gemm.seconds, calls: gemm.calls };
  const t0 = now();
  while (now() - t0 < 2 * minSeconds) {
    const t = now();
    await step();
    seconds += now() - t;
    steps++;
    await gemm.run();
  }
  const gemmGflops = (2 * GEMM_SIZE ** 3 * (gemm.calls - gemmBefore.calls)) / (gemm.seconds - gemmBefore.seconds) / 1e9;
  return { frames: steps * batch, seconds, gemmGflops, trajectory, layout };
}

async function flopsPerFrame(model: WorldModel, batch: number, grounded: boolean, trajectory: Float32Array, layout: Float32Array | null): Promise<number> {
  const { contextFrames: K, futureSteps: F, layoutSlots: M } = model.info;
  const { channels: C, heightCells: h, widthCells: w } = model.info.latent;
  const latents = new Tensor('float32', new Float32Array(batch * K * C * h * w), [batch, K, C, h, w]);
  const feeds: Record<string, Tensor> = {
    context_latents: latents,
    trajectory: new Tensor('float32', trajectory, [batch, K, F, TRAJECTORY_WIDTH]),
    noise_level: new Tensor('float32', new Float32Array(batch), [batch]),
  };
  if (layout) feeds.layout = new Tensor('float32', layout, [batch, K, M, LAYOUT_WIDTH]);
  if (model.info.pixelWarp) feeds.warp_delta = latents;
  const dynamics = await graphFlops(join(model.dir, grounded ? 'dynamics_grounded.onnx' : 'dynamics.onnx'), feeds);
  const decoder = await graphFlops(join(model.dir, 'decoder.onnx'), { latents: new Tensor('float32', new Float32Array(batch * C * h * w), [batch, C, h, w]) });
  // a pixel_warp rollout warps and encodes each new frame once (warp-context.ts)
  const { widthPx: W, heightPx: H } = model.info.frame;
  const frames = () => new Tensor('float32', new Float32Array(batch * H * W * 3), [batch, H, W, 3]);
  const warp = model.info.pixelWarp ? await graphFlops(join(model.dir, 'warp.onnx'), { frames: frames(), motion: new Tensor('float32', new Float32Array(batch * 3), [batch, 3]) }) : 0;
  // a layout refiner runs on grounded frames, and with ego_warp on ungrounded ones too (model-rollout.ts)
  const refiner = model.info.refiner;
  let refine = 0;
  if (refiner !== null && (grounded || refiner.egoWarp)) {
    const refineFeeds: Record<string, Tensor> = { frames: frames(), layout: new Tensor('float32', new Float32Array(batch * M * LAYOUT_WIDTH).fill(-1), [batch, M, LAYOUT_WIDTH]) };
    if (refiner.egoWarp) refineFeeds.warped = frames();
    refine = await graphFlops(join(model.dir, 'refiner.onnx'), refineFeeds);
  }
  return (dynamics + decoder + warp + refine) / batch;
}

export async function modelSpeed(options: { minSeconds?: number; threads?: number; dir?: string } = {}): Promise<ModelSpeedReport> {
  const minSeconds = options.minSeconds ?? 1;
  const threads = options.threads ?? 2;
  const dir = options.dir ?? defaultModelDir();
  const gemm = await Gemm.open(threads);
  const model = await loadWorldModel(dir, { threads });
  try {
    const states = scenarioStates('cut_in');
    const { contextFrames: K, frame } = model.info;
    const camera = { ...states.camera, ...frame };
    const renderer = createRenderer(states.road, { camera });
    const context = new Uint8Array(K * frame.widthPx * frame.heightPx * 3);
    for (let s = 0; s < K; s++) context.set(renderer.render(states.worlds[s]).rgb, s * frame.widthPx * frame.heightPx * 3);
    const inputs = prepareInputs(model, states);
    const rows: ModelSpeedRow[] = [];
    for (const grounded of [false, true]) {
      for (const batch of [1, 8]) {
        const t = await timeRollout(model, context, inputs, batch, grounded, minSeconds, gemm);
        const gflopPerFrame = (await flopsPerFrame(model, batch, grounded, t.trajectory, t.layout)) / 1e9;
        const fps = t.frames / t.seconds;
        const gflops = gflopPerFrame * fps;
        rows.push({ graph: grounded ? 'grounded' : 'ungrounded', batch, frames: t.frames, seconds: t.seconds, fps, msPerFrame: 1000 / fps, gflopPerFrame, gflops, gemmGflops: t.gemmGflops, shareOfPeak: gflops / t.gemmGflops });
      }
    }
    const cameraFps = async (grounded: boolean) => {
      const stats = await runCamera(modelCamera(model, states.road, { camera, dtS: states.dtS, grounded }), states.worlds);
      return stats.frames / stats.seconds;
    };
    const ungroundedFps = await cameraFps(false);
    const groundedFps = await cameraFps(true);
    for (const w of states.worlds) renderer.render(w); // warm-up: JIT and caches, as render-speed.ts
    let rendered = 0;
    const t0 = now();
    while (now() - t0 < minSeconds) {
      for (const w of states.worlds) renderer.render(w);
      rendered += states.worlds.length;
    }
    const referenceFps = rendered / (now() - t0);
    const { contextFrames, futureSteps, layoutSlots, latent } = model.info;
    return {
      modelDir: dir,
      threads,
      shape: `${frame.widthPx}x${frame.heightPx}, latents ${latent.channels}x${latent.heightCells}x${latent.widthCells}, K=${contextFrames} F=${futureSteps} M=${layoutSlots}`,
      gemm: { size: GEMM_SIZE, gflops: gemm.gflops },
      rows,
      camera: { ungroundedFps, groundedFps, frames: states.worlds.length },
      referenceFps,
    };
  } finally {
    await model.release();
    await gemm.release();
  }
}

/** The report as the bench's table. */
export function formatModelSpeed(r: ModelSpeedReport): string {
  const lines = [
    `world model in onnxruntime-node (${r.modelDir}; ${r.shape}; ${r.threads} threads, cut_in inputs)`,
    'graph        batch  frames/s  ms/frame  GFLOP/frame  GFLOP/s  GEMM GFLOP/s  of GEMM peak  vs 100 fps  vs 300 fps',
  ];
  for (const row of r.rows) {
    lines.push(
      `${row.graph.padEnd(11)} ${String(row.batch).padStart(6)}  ${row.fps.toFixed(0).padStart(8)}  ${row.msPerFrame.toFixed(2).padStart(8)}  ${row.gflopPerFrame.toFixed(4).padStart(11)}  ${row.gflops.toFixed(1).padStart(7)}  ${row.gemmGflops.toFixed(1).padStart(12)}  ${(100 * row.shareOfPeak).toFixed(1).padStart(11)}%  ${(row.fps / MODEL_FPS_ACCEPT).toFixed(2).padStart(9)}x  ${(row.fps / MODEL_FPS_TARGET).toFixed(2).padStart(9)}x`,
    );
  }
  lines.push(`plain GEMM ${r.gemm.size}x${r.gemm.size}x${r.gemm.size} (bench/fixtures/gemm.onnx, same session options, calls alternating with the model's steps): ${r.gemm.gflops.toFixed(1)} GFLOP/s over all rows`);
  lines.push(`model camera over the cut_in rollout (${r.camera.frames} frames, warm-up renders included): ungrounded ${r.camera.ungroundedFps.toFixed(0)} fps, grounded ${r.camera.groundedFps.toFixed(0)} fps`);
  const b1 = r.rows.find((x) => x.graph === 'ungrounded' && x.batch === 1);
  const ratio = b1 ? ` = ${(r.referenceFps / b1.fps).toFixed(1)}x the model's batch-1 ungrounded step` : '';
  lines.push(`reference renderer at the model's size (one core, supersample 2): ${r.referenceFps.toFixed(0)} fps${ratio}`);
  return `${lines.join('\n')}\n`;
}
