/**
 * model_card.json, the description model/train/export.py writes next to the ONNX graphs, read and
 * checked once: every size the runtime uses (frame size, latent grid, context K, future steps F,
 * layout slots M) comes from here, never from constants, so any exported model size runs.
 *
 * Where the numbers live in the card:
 *   architecture.tokenizer.latent_channels            C (must equal the dynamics' latent_channels)
 *   architecture.dynamics.{latent_channels, latent_size, context, future_steps, layout_slots}
 *   graphs.encoder.inputs.frames.shape                 [B, H, W, 3] (B is the fixture's batch)
 *   architecture.refiner                               present: the model has a refiner graph
 *   architecture.refiner.ego_warp                      true: it also takes the reprojected anchor
 * `graphs` lists each graph's inputs and outputs in export order with the fixture's shapes; its
 * names and non-batch sizes must agree with the architecture (checked in graph-contract.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CAMERA_MODEL, type CameraModel } from '../../sim/render/camera-model';
import { anchorGainsOf, type AnchorGains } from './anchor-gains';
import { guidanceOf, type Guidance } from './guidance';
import { ModelError } from './model-error';

export const MODEL_CARD_FILE = 'model_card.json';
/** `name` of every card export.py writes. */
export const MODEL_CARD_NAME = 'dreamdrive-world-model';

export interface ModelInfo {
  /** The card's `name`. */
  readonly name: string;
  /** RGB frames the encoder takes and the decoder gives, (H, W, 3). */
  readonly frame: { readonly widthPx: number; readonly heightPx: number };
  /** One frame's latent grid, (C, h, w). */
  readonly latent: { readonly channels: number; readonly heightCells: number; readonly widthCells: number };
  /** K: context frames the dynamics reads. */
  readonly contextFrames: number;
  /** F: future ego steps per context frame in the trajectory input. */
  readonly futureSteps: number;
  /** M: actor slots per frame in the grounded layout input. */
  readonly layoutSlots: number;
  /**
   * The dynamics predicts on top of each context frame reprojected by the ego's next motion
   * (architecture.dynamics.pixel_warp): predict() then needs warpDelta, made by the warp graph.
   */
  readonly pixelWarp: boolean;
  /**
   * The frames shown pass through the layout refiner (architecture.refiner, the refiner graph):
   * frames the runtime would show and the layout they show in, the frames with the layout's actors
   * drawn where they are out (model/train/refiner.py). One with `egoWarp` also takes the last real
   * frame reprojected by the commanded ego motion (anchor-warp.ts) and refines the ungrounded
   * camera's frames too (with an empty layout); one without refines grounded frames only. Null: none.
   */
  readonly refiner: { readonly egoWarp: boolean } | null;
  /** The camera the model was trained on (architecture.dynamics.camera_*), at the model's frame size. */
  readonly camera: CameraModel;
  /** Anchored decoding's gains per horizon step (anchor-gains.ts); null: gain 1 throughout. */
  readonly anchorGains: AnchorGains | null;
  /** Classifier-free guidance scales of the dynamics (guidance.ts); null: none (both 1). */
  readonly guidance: Guidance | null;
  /** The whole card as read (training curves, parameter counts, evaluation). */
  readonly card: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path of the card, or undefined where any level is missing. */
export function cardValue(card: Json, path: string): unknown {
  let v: unknown = card;
  for (const key of path.split('.')) {
    if (!isObject(v)) return undefined;
    v = v[key];
  }
  return v;
}

function positiveInt(file: string, card: Json, path: string): number {
  const v = cardValue(card, path);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ModelError(`${file}: ${path} must be a positive integer, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v;
}

/** Frame size from the encoder's input shape [B, H, W, 3] as the card lists it. */
function frameSize(file: string, card: Json): { widthPx: number; heightPx: number } {
  const path = 'graphs.encoder.inputs.frames.shape';
  const shape = cardValue(card, path);
  const ok = Array.isArray(shape) && shape.length === 4 && shape.every((n) => Number.isInteger(n) && n >= 1) && shape[3] === 3;
  if (!ok) throw new ModelError(`${file}: ${path} must be [batch, height, width, 3], got ${JSON.stringify(shape) ?? 'nothing'}`);
  return { heightPx: shape[1] as number, widthPx: shape[2] as number };
}

/** The dataset camera as export.py records it (DynamicsConfig's camera_*), the default one where absent. */
function cameraOf(file: string, card: Json, frame: { widthPx: number; heightPx: number }): CameraModel {
  const field = (name: string, fallback: number): number => {
    const path = `architecture.dynamics.camera_${name}`;
    const v = cardValue(card, path);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelError(`${file}: ${path} must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  };
  const d = DEFAULT_CAMERA_MODEL;
  return {
    ...frame,
    fovRad: field('fov_rad', d.fovRad),
    mountHeightM: field('height_m', d.mountHeightM),
    pitchRad: field('pitch_rad', d.pitchRad),
    mountXM: field('x_m', d.mountXM),
    mountYM: field('y_m', d.mountYM),
  };
}

/** Parses and checks a card's text; `file` names it in errors. */
export function parseModelCard(text: string, file: string): ModelInfo {
  let card: unknown;
  try {
    card = JSON.parse(text);
  } catch (err) {
    throw new ModelError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(card)) throw new ModelError(`${file}: must hold a JSON object, got ${Array.isArray(card) ? 'an array' : typeof card}`);
  if (card.name !== MODEL_CARD_NAME) throw new ModelError(`${file}: name must be '${MODEL_CARD_NAME}', got ${JSON.stringify(card.name) ?? 'nothing'} (is this a dreamdrive model card?)`);
  if (card.format !== 'onnx') throw new ModelError(`${file}: format must be 'onnx', got ${JSON.stringify(card.format) ?? 'nothing'}`);
  const channels = positiveInt(file, card, 'architecture.dynamics.latent_channels');
  const tokenizerChannels = positiveInt(file, card, 'architecture.tokenizer.latent_channels');
  if (tokenizerChannels !== channels) {
    throw new ModelError(`${file}: architecture.tokenizer.latent_channels (${tokenizerChannels}) and architecture.dynamics.latent_channels (${channels}) must be equal`);
  }
  const cells = positiveInt(file, card, 'architecture.dynamics.latent_size');
  if (!isObject(card.graphs)) throw new ModelError(`${file}: graphs must list each graph's inputs and outputs (written by model/train/export.py)`);
  const frame = frameSize(file, card);
  return {
    name: card.name,
    frame,
    latent: { channels, heightCells: cells, widthCells: cells },
    contextFrames: positiveInt(file, card, 'architecture.dynamics.context'),
    futureSteps: positiveInt(file, card, 'architecture.dynamics.future_steps'),
    layoutSlots: positiveInt(file, card, 'architecture.dynamics.layout_slots'),
    pixelWarp: cardValue(card, 'architecture.dynamics.pixel_warp') === true,
    refiner: isObject(cardValue(card, 'architecture.refiner')) ? { egoWarp: cardValue(card, 'architecture.refiner.ego_warp') === true } : null,
    camera: cameraOf(file, card, frame),
    anchorGains: anchorGainsOf(card, file),
    guidance: guidanceOf(card, file),
    card,
  };
}

/** Reads `dir`/model_card.json. */
export function readModelCard(dir: string): ModelInfo {
  const file = join(dir, MODEL_CARD_FILE);
  if (!existsSync(file)) throw new ModelError(`${file} is missing: a model folder holds the card and the ONNX graphs that model/train/export.py writes`);
  return parseModelCard(readFileSync(file, 'utf8'), file);
}
