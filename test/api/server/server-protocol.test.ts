/** JSON <-> protobuf for protocol messages: same message both ways, wrong types named, Infinity kept. */
import { decodeMessage, encodeMessage } from '../../../api/proto/codec';
import { HttpError } from '../../../api/server/http-error';
import { bytesOfJson, embeddedField, jsonOfBytes, sessionCreatedBytes, stringifyJson, protocolType } from '../../../api/server/server-protocol';

describe('protocol JSON', () => {
  test('an accel_steer action in JSON decodes to the same command as its protobuf', () => {
    const bytes = bytesOfJson('Action', { accel_steer: { accel_mps2: -2.5, steer_rad: 0.125 } });
    expect(decodeMessage('Action', bytes)).toEqual({ kind: 'accel_steer', accelMps2: -2.5, steerRad: 0.125 });
    expect(bytes).toEqual(encodeMessage('Action', { kind: 'accel_steer', accelMps2: -2.5, steerRad: 0.125 }));
  });

  test('round trip: bytes -> JSON text -> bytes keeps enum names and non-finite doubles', () => {
    const json = JSON.parse(stringifyJson(jsonOfBytes('Action', encodeMessage('Action', { kind: 'trajectory', frame: 'ego', points: [{ tS: 1, xM: 2, yM: 0, yawRad: null, speedMps: 3 }] }))));
    expect(json.trajectory.frame).toBe('TRAJECTORY_FRAME_EGO');
    expect(decodeMessage('Action', bytesOfJson('Action', json))).toMatchObject({ kind: 'trajectory', frame: 'ego', points: [{ speedMps: 3 }] });
    const metrics = protocolType('StepMetrics');
    const text = stringifyJson(jsonOfBytes('StepMetrics', metrics.encode({ step: 4, ttc_s: Infinity, headway_m: -Infinity }).finish()));
    expect(JSON.parse(text)).toMatchObject({ step: 4, ttc_s: 'Infinity', headway_m: '-Infinity' });
    expect(metrics.decode(bytesOfJson('StepMetrics', JSON.parse(text)))).toMatchObject({ step: 4, ttc_s: Infinity, headway_m: -Infinity });
  });

  test.each([
    [{ accel_steer: { accel_mps2: 'x' } }, 'accel_steer.accel_mps2'],
    [{ accel_stear: {} }, 'accel_stear'],
    [{ trajectory: { frame: 'SIDEWAYS' } }, 'trajectory.frame'],
    [{ trajectory: { points: [{ t_s: 1 }, 7] } }, 'trajectory.points[1]'],
  ])('%j is refused with field %s', (json, field) => {
    let caught: unknown = null;
    try {
      bytesOfJson('Action', json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HttpError);
    expect((caught as HttpError).field).toBe(field);
  });

  test('SessionCreated bytes hold the id and the observation as field 2', () => {
    const observation = new Uint8Array([8, 3]);
    const bytes = sessionCreatedBytes('abc', observation);
    const decoded = protocolType('SessionCreated').decode(bytes) as unknown as { id: string; observation: { step: number } };
    expect(decoded.id).toBe('abc');
    expect(decoded.observation.step).toBe(3);
    expect(embeddedField(bytes, 2, 'x')).toEqual(observation);
  });
});
