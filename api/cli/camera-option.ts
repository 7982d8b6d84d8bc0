/**
 * The camera options that `run` and `render` share: --camera none|reference|model, --model DIR,
 * --grounded; and opening the chosen camera for a prepared run (loading the world model when asked).
 */
import { resolve } from 'node:path';
import { CAMERA_KINDS, noneCamera, referenceCamera, type CameraKind, type CameraSource, type CameraStats } from '../../model/runtime/camera-source';
import { cameraMismatches, modelCamera } from '../../model/runtime/model-camera';
import { defaultModelDir, loadWorldModel } from '../../model/runtime/world-model';
import type { Appearance } from '../../sim/render/appearance';
import type { CameraModel } from '../../sim/render/camera-model';
import type { RoadNetwork } from '../../sim/road/types';
import { CliError } from './cli-error';

const USAGE_LINES: readonly (readonly [string, string])[] = [
  ['--camera NAME', 'the ego camera: none | reference (the renderer) | model (the world model:'],
  ['', 'K reference frames to warm up, then its own predictions)'],
  ['--model DIR', 'world-model folder for --camera model (default: the shipped model/weights)'],
  ['--grounded', "--camera model also sees the actors' layout (dynamics_grounded.onnx)"],
];

/** The options' help, the descriptions starting at `column` as in the command's own usage text. */
export function cameraUsage(column: number): string {
  return USAGE_LINES.map(([flag, text]) => `  ${flag.padEnd(column - 2)}${text}`).join('\n');
}

/** The parseArgs options of CAMERA_USAGE. */
export const CAMERA_OPTIONS = {
  camera: { type: 'string' },
  model: { type: 'string' },
  grounded: { type: 'boolean' },
} as const;

export interface CameraChoice {
  readonly kind: CameraKind;
  /** The model folder (only for `model`). */
  readonly modelDir: string;
  readonly grounded: boolean;
}

export function parseCameraChoice(command: string, values: { camera?: string; model?: string; grounded?: boolean }, fallback: CameraKind): CameraChoice {
  const kind = values.camera ?? fallback;
  if (!(CAMERA_KINDS as readonly string[]).includes(kind)) {
    throw new CliError(`dreamdrive ${command}: unknown --camera '${kind}' (choose ${CAMERA_KINDS.join(', ')})`, 2);
  }
  if (kind !== 'model' && values.model !== undefined) throw new CliError(`dreamdrive ${command}: --model needs --camera model`, 2);
  if (kind !== 'model' && values.grounded === true) throw new CliError(`dreamdrive ${command}: --grounded needs --camera model`, 2);
  return { kind: kind as CameraKind, modelDir: resolve(values.model ?? defaultModelDir()), grounded: values.grounded === true };
}

export interface OpenCameraOptions {
  readonly road: RoadNetwork;
  /** The scenario's camera; the model camera takes the model's frame size unless `size` is given. */
  readonly camera: CameraModel;
  readonly size?: { readonly widthPx: number; readonly heightPx: number };
  readonly dtS: number;
  readonly supersample?: number;
  readonly appearance?: Appearance;
  /** Where warnings go (the model was trained with another camera). */
  readonly warn: (line: string) => void;
}

export interface OpenedCamera {
  readonly source: CameraSource;
  /** The camera model the frames are made with. */
  readonly camera: CameraModel;
  /** Frees the world model, if one was loaded. */
  close(): Promise<void>;
}

export async function openCamera(choice: CameraChoice, o: OpenCameraOptions): Promise<OpenedCamera> {
  const base = { supersample: o.supersample, appearance: o.appearance };
  if (choice.kind === 'none') return { source: noneCamera(), camera: { ...o.camera, ...o.size }, close: async () => {} };
  if (choice.kind === 'reference') {
    const camera = { ...o.camera, ...o.size };
    return { source: referenceCamera(o.road, { camera, ...base }), camera, close: async () => {} };
  }
  const model = await loadWorldModel(choice.modelDir);
  try {
    const camera = { ...o.camera, ...(o.size ?? model.info.frame) };
    const source = modelCamera(model, o.road, { camera, dtS: o.dtS, grounded: choice.grounded, ...base });
    for (const m of cameraMismatches(camera)) o.warn(`warning: the world model was trained with another camera: ${m}`);
    return { source, camera, close: () => model.release() };
  } catch (err) {
    await model.release();
    throw err;
  }
}

/** One line for reports: frames, the warm-up share and frames per second, overall and of the model alone. */
export function formatCameraStats(label: string, s: CameraStats): string {
  const fps = s.seconds > 0 ? (s.frames / s.seconds).toFixed(0) : '-';
  const parts = [`camera ${label}: ${s.frames} frames`];
  if (s.modelFrames > 0) parts[0] += ` (${s.referenceFrames} reference warm-up + ${s.modelFrames} predicted)`;
  parts.push(`${s.seconds.toFixed(2)} s, ${fps} frames/s`);
  if (s.modelFrames > 0) parts.push(`model ${((1000 * s.modelSeconds) / s.modelFrames).toFixed(2)} ms per predicted frame (${(s.modelFrames / s.modelSeconds).toFixed(0)} frames/s)`);
  return parts.join('; ');
}

/** The stats as JSON fields, with the derived rates. */
export function cameraStatsJson(kind: CameraKind, label: string, s: CameraStats): Record<string, unknown> {
  return {
    kind,
    label,
    ...s,
    framesPerS: s.seconds > 0 ? s.frames / s.seconds : null,
    modelMsPerFrame: s.modelFrames > 0 ? (1000 * s.modelSeconds) / s.modelFrames : null,
  };
}
