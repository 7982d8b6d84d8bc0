/**
 * The protobuf codec: every message round-trips exactly (Infinity, -0 and nulls included), the
 * bytes are what the .proto says, and bad input is a ProtoDecodeError naming the field.
 */
import {
  accelSteerCommand,
  agentStateMessage,
  decodeMessage,
  encodeMessage,
  vehicleActionOf,
  worldStateMessage,
} from '../../../api/proto/codec';
import type { MessageName, MessageTypes } from '../../../api/proto/messages';
import { ProtoDecodeError } from '../../../api/proto/proto-error';
import { scenarioSummary } from '../../../api/proto/scenario-summary';
import { messageType } from '../../../api/proto/schema-root';
import type { StepMetrics } from '../../../sim/metrics/metrics';
import { hashWorld } from '../../../sim/state-hash';
import { librarySpec, recordRun } from '../../helpers/scenario-runs';

const cutIn = recordRun(librarySpec('cut_in'), 'trajectory');
const world = cutIn.states[40];
const lastRecord = cutIn.rollout.records[cutIn.rollout.records.length - 1];

const stepMetrics: StepMetrics = {
  step: 3,
  timeS: 0.30000000000000004,
  speedMps: -0,
  accelMps2: -2.5,
  ttcS: Infinity,
  ttcWithId: null,
  headwayM: Infinity,
  leaderId: null,
  onRoad: true,
  inCollision: false,
  collidedWithId: null,
  laneId: null,
  speedLimitMps: null,
};

const observation: MessageTypes['Observation'] = {
  step: 40,
  timeS: 4,
  camera: { widthPx: 2, heightPx: 1, pixels: { format: 'rgb8', data: new Uint8Array([1, 2, 3, 4, 5, 6]) }, source: 'reference' },
  ego: agentStateMessage(world.ego, { laneId: 'lane1', s: 150.25, d: -0 }),
  privileged: worldStateMessage(world),
};

/** One value of every message, with the awkward values each can hold. */
const SAMPLES: { [K in MessageName]: readonly MessageTypes[K][] } = {
  ScenarioSummary: [scenarioSummary(librarySpec('cut_in')), scenarioSummary(librarySpec('lead_vehicle_hard_brake'))],
  AgentState: [agentStateMessage(world.ego), ...world.actors.map((a) => agentStateMessage(a))],
  WorldState: [worldStateMessage(world), worldStateMessage(cutIn.states[0]), worldStateMessage(cutIn.rollout.final)],
  CameraFrame: [observation.camera!, { widthPx: 64, heightPx: 64, pixels: { format: 'png', data: new Uint8Array([137, 80, 78, 71]) }, source: 'model' }],
  Observation: [observation, { ...observation, camera: null, privileged: null }],
  Action: [
    { kind: 'accel_steer', accelMps2: -0, steerRad: 0.1 },
    { kind: 'accel_curvature', accelMps2: 1.5, curvaturePerM: -0.02 },
    { kind: 'trajectory', frame: 'ego', points: [{ tS: 0.5, xM: 5, yM: 0, yawRad: null, speedMps: 10 }, { tS: 1, xM: 10, yM: 0.2, yawRad: 0.01, speedMps: null }] },
  ],
  StepMetrics: [stepMetrics, ...cutIn.rollout.records.map((r) => r.metrics).slice(0, 20), lastRecord.metrics],
  RolloutMetrics: [cutIn.rollout.metrics, recordRun(librarySpec('cut_in'), 'idm').rollout.metrics],
  StepResult: [
    { observation, stepMetrics, metrics: cutIn.rollout.metrics, done: false, reason: null, passed: null },
    { observation, stepMetrics, metrics: cutIn.rollout.metrics, done: true, reason: 'collision', passed: false },
  ],
  RolloutMetadata: [
    {
      scenarioName: 'cut_in',
      specText: 'version: 2\nname: cut_in\n',
      specPath: 'scenarios/library/cut_in.yaml',
      seed: 2 ** 40,
      parameters: { gap: 20, ego_speed: 25 },
      overrides: { gap: 20 },
      sampleDistributions: true,
      policy: 'idm',
      dreamdriveVersion: '0.1.0',
      metricsVersion: 'dreamdrive-metrics/1',
      dtS: 0.1,
      stepCount: 120,
      createdAt: '2024-05-01T12:00:00.000Z',
      stopOnCollision: true,
      cameraSource: 'none',
      scenario: scenarioSummary(librarySpec('cut_in')),
    },
  ],
  RolloutResult: [
    { metrics: cutIn.rollout.metrics, passed: false, criteria: 'not collision', doneReason: 'collision', steps: 57, simulatedS: 5.7, finalHash: lastRecord.hash, actorContacts: [{ a: 'cutter', b: 'lead' }] },
    { metrics: cutIn.rollout.metrics, passed: null, criteria: '', doneReason: 'duration', steps: 120, simulatedS: 12, finalHash: '', actorContacts: [] },
  ],
};

describe('codec round trips', () => {
  const cases = (Object.keys(SAMPLES) as MessageName[]).flatMap((name) => SAMPLES[name].map((value, i) => [name, i, value] as const));
  test.each(cases)('%s #%i decodes to exactly what was encoded', (name, _i, value) => {
    const bytes = encodeMessage(name, value as never);
    expect(decodeMessage(name, bytes)).toStrictEqual(value);
  });

  test('Infinity and -0 survive as themselves, not as null or +0', () => {
    const back = decodeMessage('StepMetrics', encodeMessage('StepMetrics', stepMetrics));
    expect(back.ttcS).toBe(Infinity);
    expect(Object.is(back.speedMps, -0)).toBe(true);
    const action = decodeMessage('Action', encodeMessage('Action', { kind: 'accel_steer', accelMps2: -0, steerRad: 0 }));
    expect(action.kind === 'accel_steer' && Object.is(action.accelMps2, -0)).toBe(true);
  });

  test('rollout metrics keep booleans as flags and numbers as numbers, in report order', () => {
    const m = cutIn.rollout.metrics;
    const back = decodeMessage('RolloutMetrics', encodeMessage('RolloutMetrics', m));
    expect(Object.keys(back.values)).toEqual(Object.keys(m.values));
    expect(typeof back.values.collision).toBe('boolean');
    expect(typeof back.values.score).toBe('number');
  });

  test('a world message carries the state hash of the world it was made from', () => {
    expect(decodeMessage('WorldState', encodeMessage('WorldState', worldStateMessage(world))).stateHash).toBe(hashWorld(world));
  });
});

describe('bytes on the wire', () => {
  test('an accel_steer action is field 1 holding field 1 as a little-endian double (hand-encoded)', () => {
    // Action{accel_steer(1): AccelSteer{accel_mps2(1): 1.0}}; steer 0 is the proto3 default, not written.
    // tag (1 << 3 | 2) = 0x0a, length 9; tag (1 << 3 | 1) = 0x09, then 1.0 = 0x3ff0000000000000 LE.
    const bytes = encodeMessage('Action', { kind: 'accel_steer', accelMps2: 1, steerRad: 0 });
    expect([...bytes]).toEqual([0x0a, 0x09, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  test('a -0 acceleration is written (sign bit set) although +0 is not', () => {
    const bytes = encodeMessage('Action', { kind: 'accel_steer', accelMps2: -0, steerRad: 0 });
    expect([...bytes]).toEqual([0x0a, 0x09, 0x09, 0, 0, 0, 0, 0, 0, 0, 0x80]);
  });

  test('field names on the wire are the .proto ones (snake_case, units in the names)', () => {
    const wire = messageType('dreamdrive.v1.WorldState').decode(encodeMessage('WorldState', worldStateMessage(world))) as unknown as Record<string, unknown>;
    expect(Object.keys(wire)).toEqual(expect.arrayContaining(['step', 'time_s', 'ego', 'actors', 'state_hash']));
    expect(Object.keys(wire.ego as object)).toEqual(expect.arrayContaining(['x_m', 'y_m', 'speed_mps', 'agent_class']));
  });
});

describe('conversions from the simulator', () => {
  test('a lane-bound actor carries its lane, s and d; the free ego only when projected', () => {
    const lead = world.actors.find((a) => a.motion.kind === 'lane')!;
    const m = agentStateMessage(lead);
    expect(lead.motion.kind === 'lane' && [m.laneId, m.sM, m.dM]).toEqual(lead.motion.kind === 'lane' && [lead.motion.laneId, lead.motion.s, lead.motion.d]);
    expect(agentStateMessage(world.ego).laneId).toBeNull();
    expect(agentStateMessage(world.ego, { laneId: 'lane1', s: 3, d: 0.5 })).toMatchObject({ laneId: 'lane1', sM: 3, dM: 0.5 });
  });

  test.each([
    [{ kind: 'accel_steer', accelMps2: 1, steerRad: 0.2 } as const, 2.8, { accelMps2: 1, steerRad: 0.2 }],
    [{ kind: 'accel_curvature', accelMps2: -3, curvaturePerM: 0 } as const, 2.8, { accelMps2: -3, steerRad: 0 }],
    // kappa = 1/28 m^-1 with L = 2.8 m: steer = atan(0.1) = 0.0996687 rad.
    [{ kind: 'accel_curvature', accelMps2: 0, curvaturePerM: 1 / 28 } as const, 2.8, { accelMps2: 0, steerRad: Math.atan(0.1) }],
  ])('vehicleActionOf(%o, L=%d) = %o', (command, wheelbaseM, expected) => {
    const got = vehicleActionOf(command, wheelbaseM);
    expect(got.accelMps2).toBe(expected.accelMps2);
    expect(got.steerRad).toBeCloseTo(expected.steerRad, 12);
  });

  test('accelSteerCommand and vehicleActionOf are inverse for accel_steer', () => {
    const action = { accelMps2: -1.25, steerRad: 0.03 };
    expect(vehicleActionOf(accelSteerCommand(action), 2.8)).toEqual(action);
  });
});

describe('bad input', () => {
  const encodeWire = (type: string, wire: object) => messageType(`dreamdrive.v1.${type}`).encode(wire).finish();

  test.each([
    ['Action', new Uint8Array([0x0a, 0x09, 0x09, 0, 0]), /dreamdrive\.v1\.Action: malformed protobuf/],
    ['WorldState', new Uint8Array([0xff, 0xff, 0xff]), /dreamdrive\.v1\.WorldState: malformed protobuf/],
    ['Action', new Uint8Array(0), /dreamdrive\.v1\.Action\.command: no command is set/],
    ['Action', encodeWire('Action', { accel_steer: { accel_mps2: NaN } }), /Action\.accel_steer\.accel_mps2: must be a finite number, got NaN/],
    ['Action', encodeWire('Action', { accel_curvature: { curvature_per_m: Infinity } }), /Action\.accel_curvature\.curvature_per_m: must be a finite number/],
    ['Action', encodeWire('Action', { trajectory: { points: [] } }), /Action\.trajectory\.points: is empty/],
    ['Action', encodeWire('Action', { trajectory: { points: [{ t_s: 1 }, { t_s: 0.5 }] } }), /points\[1\]\.t_s: must be greater than 1/],
    ['WorldState', encodeWire('WorldState', { step: 1 }), /WorldState\.ego: is missing/],
    ['WorldState', encodeWire('WorldState', { ego: { agent_class: 9, motion: 1 } }), /WorldState\.ego\.agent_class: unknown or unspecified value 9/],
    ['CameraFrame', encodeWire('CameraFrame', { width_px: 2, height_px: 2, rgb8: new Uint8Array(5) }), /CameraFrame\.rgb8: holds 5 bytes, 2x2 RGB needs 12/],
    ['CameraFrame', encodeWire('CameraFrame', { width_px: 2 }), /CameraFrame\.pixels: neither png nor rgb8/],
    ['RolloutMetadata', encodeWire('RolloutMetadata', { seed: 2 ** 60 }), /RolloutMetadata\.seed: .* beyond 2\^53/],
  ] as const)('decoding %s from bytes %p fails with %p', (name, bytes, message) => {
    let error: unknown;
    try {
      decodeMessage(name, bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtoDecodeError);
    expect((error as Error).message).toMatch(message);
  });

  test('rollout metrics that lack a metric this build knows are refused, naming it', () => {
    const wire = messageType('dreamdrive.v1.RolloutMetrics').decode(encodeMessage('RolloutMetrics', cutIn.rollout.metrics)) as unknown as { values: Record<string, unknown> };
    delete wire.values.score;
    const bytes = messageType('dreamdrive.v1.RolloutMetrics').encode(wire).finish();
    expect(() => decodeMessage('RolloutMetrics', bytes)).toThrow(/values: lacks metric 'score'/);
  });
});
