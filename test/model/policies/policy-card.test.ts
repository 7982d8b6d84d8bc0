/**
 * The sidecar card of an ONNX policy (model/policies/policy-card.ts): a valid card parses into the
 * contract the graph is checked against; every malformed card is a ModelError naming the file and
 * the field.
 */
import { readFileSync } from 'node:fs';
import { cameraPolicyFile } from '../../../model/policies/camera-policy';
import { parsePolicyCard, policyCameraMismatches, policyCardPath, policyContract } from '../../../model/policies/policy-card';
import { ModelError } from '../../../model/runtime/model-error';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';

const FILE = 'p.card.json';
const GOOD = {
  name: 'dreamdrive-policy',
  format: 'onnx',
  inputs: { frame: { shape: ['batch', 48, 64, 3] }, state: { shape: ['batch', 2], fields: ['speed_mps', 'steer_rad'] } },
  outputs: { action: { shape: ['batch', 2], fields: ['accel_mps2', 'curvature_per_m'] } },
  camera: { fovRad: 1.2 },
  dt_s: 0.1,
};

function withChange(change: (card: any) => void): string {
  const card = JSON.parse(JSON.stringify(GOOD));
  change(card);
  return JSON.stringify(card);
}

describe('policy cards', () => {
  test('a card sits beside its graph: NAME.onnx -> NAME.card.json', () => {
    expect(policyCardPath('/x/models/lane.onnx')).toBe('/x/models/lane.card.json');
    expect(policyCardPath('rel/POLICY.ONNX')).toBe('rel/POLICY.card.json');
  });

  test('a valid card gives the frame size, the state fields, the action kind and the graph contract', () => {
    const card = parsePolicyCard(JSON.stringify(GOOD), FILE);
    expect({ frame: card.frame, state: card.stateFields, action: card.action, dt: card.dtS, camera: card.camera }).toEqual({
      frame: { widthPx: 64, heightPx: 48 },
      state: ['speed_mps', 'steer_rad'],
      action: 'curvature',
      dt: 0.1,
      camera: { fovRad: 1.2 },
    });
    expect(policyContract(card)).toEqual({
      graph: 'policy',
      inputs: [{ name: 'frame', dims: [48, 64, 3] }, { name: 'state', dims: [2] }],
      outputs: [{ name: 'action', dims: [2] }],
    });
  });

  test('a policy may read only the state (no frame)', () => {
    const card = parsePolicyCard(withChange((c) => delete c.inputs.frame), FILE);
    expect(card.frame).toBeNull();
    expect(policyContract(card).inputs.map((t) => t.name)).toEqual(['state']);
  });

  test('the shipped camera policy\'s card parses and pins the default camera', () => {
    const file = policyCardPath(cameraPolicyFile());
    const card = parsePolicyCard(readFileSync(file, 'utf8'), file);
    expect(card.frame).toEqual({ widthPx: 64, heightPx: 64 });
    expect(card.stateFields).toEqual(['speed_mps', 'set_speed_mps']);
    expect(policyCameraMismatches(card, DEFAULT_CAMERA_MODEL)).toEqual([]);
    expect(policyCameraMismatches(card, { ...DEFAULT_CAMERA_MODEL, pitchRad: 0 })).toEqual(["pitchRad is 0.0000, the policy's card says -0.0873"]);
  });

  const BAD: readonly [string, string, string][] = [
    ['not JSON', '{"name": ', `${FILE}: not valid JSON`],
    ['an array', '[]', `${FILE}: must hold a JSON object, got an array`],
    ['another kind of card', withChange((c) => (c.name = 'dreamdrive-world-model')), `${FILE}: name must be 'dreamdrive-policy', got "dreamdrive-world-model" (is this a dreamdrive policy card?)`],
    ['another format', withChange((c) => (c.format = 'tflite')), `${FILE}: format must be 'onnx', got "tflite"`],
    ['no inputs at all', withChange((c) => (c.inputs = {})), `${FILE}: inputs must declare 'frame', 'state' or both`],
    ['an unknown input', withChange((c) => (c.inputs.lidar = { shape: ['batch', 3] })), `${FILE}: inputs.lidar is not an input a policy can have (frame, state)`],
    ['a frame that is not RGB', withChange((c) => (c.inputs.frame.shape = ['batch', 64, 64, 1])), `${FILE}: inputs.frame.shape must end in 3 (RGB), got ["batch",64,64,1]`],
    ['a frame without the batch axis', withChange((c) => (c.inputs.frame.shape = [64, 64, 3])), `${FILE}: inputs.frame.shape must be ["batch", n1, n2, n3] with positive sizes, got [64,64,3]`],
    ['fewer state fields than its size', withChange((c) => (c.inputs.state.fields = ['speed_mps'])), `${FILE}: inputs.state.fields must list 2 field names (the shape's size), got ["speed_mps"]`],
    ['an unknown state field', withChange((c) => (c.inputs.state.fields = ['speed_mps', 'lane_offset_m'])), `${FILE}: inputs.state.fields[1] is "lane_offset_m"; the state fields are speed_mps, accel_mps2, steer_rad, set_speed_mps`],
    ['an action of three values', withChange((c) => (c.outputs.action.shape = ['batch', 3])), `${FILE}: outputs.action must be shape ["batch", 2] with fields ["accel_mps2", "steer_rad"] or ["accel_mps2", "curvature_per_m"], got shape ["batch",3]`],
    ['an action in other units', withChange((c) => (c.outputs.action.fields = ['accel_mps2', 'yaw_rate'])), `${FILE}: outputs.action must be shape ["batch", 2]`],
    ['two outputs', withChange((c) => (c.outputs.value = { shape: ['batch', 1] })), `${FILE}: outputs must declare exactly 'action', got ["action","value"]`],
    ['a camera field that is not a number', withChange((c) => (c.camera.pitchRad = 'down')), `${FILE}: camera.pitchRad must be a number, got "down"`],
    ['a step that is not positive', withChange((c) => (c.dt_s = 0)), `${FILE}: dt_s must be a positive number of seconds, got 0`],
  ];

  test.each(BAD)('refuses a card with %s, naming the file and the field', (_what, text, message) => {
    let caught: unknown = null;
    try {
      parsePolicyCard(text, FILE);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ModelError);
    expect((caught as Error).message.startsWith(message)).toBe(true);
  });
});
