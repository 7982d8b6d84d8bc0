/**
 * The sidecar card of an ONNX policy file: `NAME.onnx` comes with `NAME.card.json`, which declares
 * what the graph reads and what it answers, so that a policy from anywhere can be checked before it
 * drives (model/policy_train/export.py writes one; write your own for another network):
 *
 *   {
 *     "name": "dreamdrive-policy", "format": "onnx",
 *     "inputs": {                                          at least one of:
 *       "frame": { "shape": ["batch", H, W, 3] },          the ego camera frame, RGB in [0, 1], top row first
 *       "state": { "shape": ["batch", S], "fields": [...] } S fields of policy-state.ts, in order
 *     },
 *     "outputs": { "action": { "shape": ["batch", 2], "fields": ["accel_mps2", "steer_rad" | "curvature_per_m"] } },
 *     "camera": { "fovRad": ..., "mountHeightM": ..., "pitchRad": ..., "mountXM": ..., "mountYM": ... },   optional
 *     "dt_s": 0.1                                                                                       optional
 *   }
 *
 * The graph itself is then checked against this contract by model/runtime/graph-contract.ts, as the
 * world model's graphs are: input and output names, float32, a dynamic batch axis, every size.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CameraModel } from '../../sim/render/camera-model';
import type { GraphContract, TensorContract } from '../runtime/graph-contract';
import { ModelError } from '../runtime/model-error';
import { STATE_FIELDS, type StateField } from './policy-state';

export const POLICY_CARD_NAME = 'dreamdrive-policy';
export const ACTION_KINDS = { steer_rad: 'steer', curvature_per_m: 'curvature' } as const;
export type ActionKind = (typeof ACTION_KINDS)[keyof typeof ACTION_KINDS];

/** The camera fields a card may pin (the mount and optics the frames were made with). */
const CAMERA_FIELDS = ['fovRad', 'mountHeightM', 'pitchRad', 'mountXM', 'mountYM'] as const;

export interface PolicyCard {
  /** The card's path (for messages). */
  readonly file: string;
  /** The frame input's size, or null when the policy reads no frame. */
  readonly frame: { readonly widthPx: number; readonly heightPx: number } | null;
  /** The state input's fields in order, or null when the policy reads no state. */
  readonly stateFields: readonly StateField[] | null;
  /** The second action component: a front-wheel angle (rad) or a path curvature (1/m). */
  readonly action: ActionKind;
  /** The camera the policy was trained with, where the card says. */
  readonly camera: Partial<Pick<CameraModel, (typeof CAMERA_FIELDS)[number]>>;
  /** The step the policy was trained at, s, or null. */
  readonly dtS: number | null;
  readonly json: Readonly<Record<string, unknown>>;
}

/** `dir/NAME.onnx` -> `dir/NAME.card.json`. */
export function policyCardPath(onnxPath: string): string {
  return `${onnxPath.replace(/\.onnx$/i, '')}.card.json`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v) ?? 'nothing';

/** ['batch', n1, n2, ...] -> [n1, n2, ...], or a ModelError naming the field. */
function dimsOf(file: string, where: string, shape: unknown, rank: number): number[] {
  const ok = Array.isArray(shape) && shape.length === rank + 1 && (shape[0] === 'batch' || shape[0] === -1 || shape[0] === null) && shape.slice(1).every((n) => Number.isInteger(n) && (n as number) >= 1);
  if (!ok) throw new ModelError(`${file}: ${where}.shape must be ["batch", ${Array.from({ length: rank }, (_, i) => `n${i + 1}`).join(', ')}] with positive sizes, got ${show(shape)}`);
  return (shape as unknown[]).slice(1) as number[];
}

function frameInput(file: string, spec: unknown): PolicyCard['frame'] {
  if (!isObject(spec)) throw new ModelError(`${file}: inputs.frame must be an object with a shape, got ${show(spec)}`);
  const [heightPx, widthPx, channels] = dimsOf(file, 'inputs.frame', spec.shape, 3);
  if (channels !== 3) throw new ModelError(`${file}: inputs.frame.shape must end in 3 (RGB), got ${show(spec.shape)}`);
  return { widthPx, heightPx };
}

function stateInput(file: string, spec: unknown): StateField[] {
  if (!isObject(spec)) throw new ModelError(`${file}: inputs.state must be an object with a shape and fields, got ${show(spec)}`);
  const [n] = dimsOf(file, 'inputs.state', spec.shape, 1);
  const fields = spec.fields;
  if (!Array.isArray(fields) || fields.length !== n) throw new ModelError(`${file}: inputs.state.fields must list ${n} field names (the shape's size), got ${show(fields)}`);
  fields.forEach((f, i) => {
    if (!(STATE_FIELDS as readonly unknown[]).includes(f)) throw new ModelError(`${file}: inputs.state.fields[${i}] is ${show(f)}; the state fields are ${STATE_FIELDS.join(', ')}`);
  });
  return fields as StateField[];
}

function actionOutput(file: string, spec: unknown): ActionKind {
  if (!isObject(spec)) throw new ModelError(`${file}: outputs.action must be an object with a shape and fields, got ${show(spec)}`);
  dimsOf(file, 'outputs.action', spec.shape, 1);
  const fields = spec.fields;
  const second = Array.isArray(fields) && fields.length === 2 && fields[0] === 'accel_mps2' ? (fields[1] as string) : null;
  if (second === null || !(second in ACTION_KINDS) || (spec.shape as unknown[])[1] !== 2) {
    throw new ModelError(`${file}: outputs.action must be shape ["batch", 2] with fields ["accel_mps2", "steer_rad"] or ["accel_mps2", "curvature_per_m"], got shape ${show(spec.shape)} and fields ${show(fields)}`);
  }
  return ACTION_KINDS[second as keyof typeof ACTION_KINDS];
}

/** Parses and checks a card's text; `file` names it in errors. */
export function parsePolicyCard(text: string, file: string): PolicyCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new ModelError(`${file}: must hold a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  if (json.name !== POLICY_CARD_NAME) throw new ModelError(`${file}: name must be '${POLICY_CARD_NAME}', got ${show(json.name)} (is this a dreamdrive policy card?)`);
  if (json.format !== 'onnx') throw new ModelError(`${file}: format must be 'onnx', got ${show(json.format)}`);
  const inputs = json.inputs;
  if (!isObject(inputs)) throw new ModelError(`${file}: inputs must be an object with 'frame' and/or 'state', got ${show(inputs)}`);
  const unknown = Object.keys(inputs).filter((k) => k !== 'frame' && k !== 'state');
  if (unknown.length > 0) throw new ModelError(`${file}: inputs.${unknown[0]} is not an input a policy can have (frame, state)`);
  if (inputs.frame === undefined && inputs.state === undefined) throw new ModelError(`${file}: inputs must declare 'frame', 'state' or both`);
  const outputs = json.outputs;
  if (!isObject(outputs) || Object.keys(outputs).join() !== 'action') throw new ModelError(`${file}: outputs must declare exactly 'action', got ${show(isObject(outputs) ? Object.keys(outputs) : outputs)}`);
  const camera: Record<string, number> = {};
  if (json.camera !== undefined) {
    if (!isObject(json.camera)) throw new ModelError(`${file}: camera must be an object, got ${show(json.camera)}`);
    for (const k of CAMERA_FIELDS) {
      const v = json.camera[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelError(`${file}: camera.${k} must be a number, got ${show(v)}`);
      camera[k] = v;
    }
  }
  const dt = json.dt_s;
  if (dt !== undefined && !(typeof dt === 'number' && dt > 0)) throw new ModelError(`${file}: dt_s must be a positive number of seconds, got ${show(dt)}`);
  return {
    file,
    frame: inputs.frame === undefined ? null : frameInput(file, inputs.frame),
    stateFields: inputs.state === undefined ? null : stateInput(file, inputs.state),
    action: actionOutput(file, outputs.action),
    camera,
    dtS: typeof dt === 'number' ? dt : null,
    json,
  };
}

/** Reads the card beside `onnxPath`. */
export function readPolicyCard(onnxPath: string): PolicyCard {
  const file = policyCardPath(onnxPath);
  if (!existsSync(file)) throw new ModelError(`${file} is missing: an ONNX policy needs a sidecar card that declares its inputs and outputs (see model/policies/policy-card.ts)`);
  return parsePolicyCard(readFileSync(file, 'utf8'), file);
}

/** What the graph must look like, for model/runtime/graph-contract.ts checkGraph. */
export function policyContract(card: PolicyCard): GraphContract<'policy'> {
  const inputs: TensorContract[] = [];
  if (card.frame !== null) inputs.push({ name: 'frame', dims: [card.frame.heightPx, card.frame.widthPx, 3] });
  if (card.stateFields !== null) inputs.push({ name: 'state', dims: [card.stateFields.length] });
  return { graph: 'policy', inputs, outputs: [{ name: 'action', dims: [2] }] };
}

/** How `camera` differs from the card's, one line each (a policy has only seen its own camera). */
export function policyCameraMismatches(card: PolicyCard, camera: CameraModel): string[] {
  const out: string[] = [];
  for (const k of CAMERA_FIELDS) {
    const want = card.camera[k];
    if (want !== undefined && Math.abs(camera[k] - want) > 1e-9) out.push(`${k} is ${camera[k].toFixed(4)}, the policy's card says ${want.toFixed(4)}`);
  }
  return out;
}
