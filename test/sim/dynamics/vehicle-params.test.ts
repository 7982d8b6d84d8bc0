import { AGENT_CLASSES } from '../../../sim/types';
import { DEFAULT_SIZES, VEHICLE_PARAMS, validateVehicleParams } from '../../../sim/dynamics/vehicle-params';

describe('vehicle presets', () => {
  it.each(AGENT_CLASSES)('has valid, frozen parameters and a size for class %s', (cls) => {
    expect(() => validateVehicleParams(VEHICLE_PARAMS[cls], cls)).not.toThrow();
    expect(Object.isFrozen(VEHICLE_PARAMS[cls])).toBe(true);
    expect(Object.isFrozen(DEFAULT_SIZES[cls])).toBe(true);
    expect(DEFAULT_SIZES[cls].lengthM).toBeGreaterThan(0);
  });

  it('sizes a car as the brief says: 4.6 x 1.9 x 1.5 m', () => {
    expect(DEFAULT_SIZES.car).toEqual({ lengthM: 4.6, widthM: 1.9, heightM: 1.5 });
  });

  it('keeps every wheelbase shorter than its box', () => {
    for (const cls of AGENT_CLASSES) expect(VEHICLE_PARAMS[cls].wheelbaseM).toBeLessThan(DEFAULT_SIZES[cls].lengthM);
  });

  it.each([
    ['wheelbaseM', 0],
    ['maxDecelMps2', -1],
    ['maxSpeedMps', NaN],
    ['maxSteerRad', 2],
  ] as const)('rejects %s = %p with a message naming the field', (key, value) => {
    expect(() => validateVehicleParams({ ...VEHICLE_PARAMS.car, [key]: value })).toThrow(key);
  });
});
