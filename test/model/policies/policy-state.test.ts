/**
 * The state vector of ONNX policies (model/policies/policy-state.ts): the set speed a driver
 * engages, and the fields written in the card's order.
 */
import { setSpeedMps, STATE_FIELDS, writeState } from '../../../model/policies/policy-state';
import { instantiate } from '../../../scenarios/instantiate';
import type { EgoSetup } from '../../../sim/setup';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import { librarySpec } from '../../helpers/scenario-runs';

const { setup } = instantiate(librarySpec('curved_road')); // ego starts at 14 m/s on lane0, limit 16.7 m/s
const road = setup.road;
const withEgo = (change: Partial<EgoSetup>): EgoSetup => ({ ...setup.ego, ...change });

describe('the set speed', () => {
  test.each([
    ['the spec\'s desired speed when it gives one', withEgo({ desiredSpeedMps: 9 }), 9],
    ['else the speed the ego starts with', setup.ego, 14],
    ['else, for an ego that starts standing, the start lane\'s speed limit', withEgo({ start: { ...setup.ego.start, speedMps: 0 } }), 16.7],
  ] as const)('is %s', (_what, ego, expected) => {
    expect(setSpeedMps(ego, road)).toBeCloseTo(expected, 9);
  });

  test('an ego that starts standing off every lane has none, and says so', () => {
    const ego = withEgo({ start: { kind: 'pose', pose: { x: 0, y: -500, yaw: 0 }, speedMps: 0 } });
    expect(() => setSpeedMps(ego, road)).toThrow('set speed: the ego starts standing off every lane, so no speed limit applies; give the ego a speed');
  });
});

describe('writeState', () => {
  test('writes the fields in the order given, at the offset', () => {
    const ego = { ...initialWorld(createRuntime(setup)).ego, speedMps: 13, accelMps2: -0.5, steerRad: 0.02 };
    const out = new Float32Array(6).fill(-1);
    writeState(['set_speed_mps', 'steer_rad', 'speed_mps', 'accel_mps2'], ego, 15, out, 1);
    expect([...out]).toEqual([-1, 15, Math.fround(0.02), 13, -0.5, -1]);
  });

  test('knows every field it documents', () => {
    const ego = initialWorld(createRuntime(setup)).ego;
    const out = new Float32Array(STATE_FIELDS.length).fill(NaN);
    writeState(STATE_FIELDS, ego, 14, out);
    expect(out.every(Number.isFinite)).toBe(true);
  });
});
