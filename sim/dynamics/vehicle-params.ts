/**
 * Physical limits of a kinematic-bicycle vehicle, per agent class, and default box sizes.
 *
 * The presets are deliberately round numbers of the right order, not a specific vehicle model:
 * - car: a mid-size sedan. Wheelbase 2.8 m (VW Passat 2.79 m, Toyota Camry 2.83 m; nuPlan's
 *   ego, a Chrysler Pacifica, has 3.09 m). Braking 8 m/s^2 (~0.8 g, dry asphalt ABS stop);
 *   acceleration 3.5 m/s^2 (0-100 km/h in ~8 s). Road-wheel angle 0.6 rad (~34 deg, a ~5.5 m
 *   turning radius); 0.7 rad/s road-wheel rate (~600 deg/s at the steering wheel with a 15:1 ratio).
 * - truck: a 12 m rigid truck or bus, wheelbase 6 m, heavy and slow to respond.
 * - cyclist: a road bicycle, wheelbase 1.1 m, braking ~0.5 g (limited by pitch-over).
 * - pedestrian: pedestrians walk paths (see behaviours/pedestrian-walk.ts); the preset only keeps
 *   the record total, with walking-scale limits (brisk walk / jog up to 3 m/s).
 * Jerk limits sit above nuPlan's comfort bound (4.13 m/s^3, nuPlan `ego_jerk` metric) so that
 * emergency braking is reachable within a few tenths of a second.
 */
import type { AgentClass, AgentSize } from '../types';

export interface VehicleParams {
  /** Distance between the front and rear axle, m (> 0). */
  readonly wheelbaseM: number;
  /** Largest forward acceleration, m/s^2 (> 0). */
  readonly maxAccelMps2: number;
  /** Largest deceleration, m/s^2, given as a positive number (the accel floor is -maxDecelMps2). */
  readonly maxDecelMps2: number;
  /** Largest rate of change of acceleration, m/s^3 (> 0). */
  readonly maxJerkMps3: number;
  /** Largest front-wheel steering angle either way, rad (in (0, pi/2)). */
  readonly maxSteerRad: number;
  /** Largest steering-angle rate, rad/s (> 0). */
  readonly maxSteerRateRadps: number;
  /** Top speed, m/s (> 0). Vehicles never reverse: speed lies in [0, maxSpeedMps]. */
  readonly maxSpeedMps: number;
}

export const VEHICLE_PARAMS: Readonly<Record<AgentClass, VehicleParams>> = Object.freeze({
  car: Object.freeze({
    wheelbaseM: 2.8,
    maxAccelMps2: 3.5,
    maxDecelMps2: 8.0,
    maxJerkMps3: 15.0,
    maxSteerRad: 0.6,
    maxSteerRateRadps: 0.7,
    maxSpeedMps: 50.0,
  }),
  truck: Object.freeze({
    wheelbaseM: 6.0,
    maxAccelMps2: 1.5,
    maxDecelMps2: 6.0,
    maxJerkMps3: 8.0,
    maxSteerRad: 0.6,
    maxSteerRateRadps: 0.5,
    maxSpeedMps: 33.0,
  }),
  cyclist: Object.freeze({
    wheelbaseM: 1.1,
    maxAccelMps2: 1.5,
    maxDecelMps2: 5.0,
    maxJerkMps3: 10.0,
    maxSteerRad: 0.8,
    maxSteerRateRadps: 1.5,
    maxSpeedMps: 14.0,
  }),
  pedestrian: Object.freeze({
    wheelbaseM: 0.3,
    maxAccelMps2: 1.5,
    maxDecelMps2: 3.0,
    maxJerkMps3: 10.0,
    maxSteerRad: 1.2,
    maxSteerRateRadps: 3.0,
    maxSpeedMps: 3.0,
  }),
});

/**
 * Default box sizes (length x width x height, m): a mid-size sedan (4.6 x 1.9 x 1.5, mirrors
 * excluded), a rigid truck (12 x 2.5 x 3.5; EU limits are 12 m and 2.55 m for a rigid vehicle),
 * a bicycle with rider (1.8 x 0.6 x 1.7), and a standing adult (0.5 x 0.5 x 1.75).
 */
export const DEFAULT_SIZES: Readonly<Record<AgentClass, AgentSize>> = Object.freeze({
  car: Object.freeze({ lengthM: 4.6, widthM: 1.9, heightM: 1.5 }),
  truck: Object.freeze({ lengthM: 12.0, widthM: 2.5, heightM: 3.5 }),
  cyclist: Object.freeze({ lengthM: 1.8, widthM: 0.6, heightM: 1.7 }),
  pedestrian: Object.freeze({ lengthM: 0.5, widthM: 0.5, heightM: 1.75 }),
});

/**
 * Checks a parameter set once, at the boundary (spec parser, world construction).
 * Throws an Error naming the first bad field and the accepted range.
 */
export function validateVehicleParams(params: VehicleParams, where = 'vehicle params'): void {
  const positive: (keyof VehicleParams)[] = [
    'wheelbaseM',
    'maxAccelMps2',
    'maxDecelMps2',
    'maxJerkMps3',
    'maxSteerRad',
    'maxSteerRateRadps',
    'maxSpeedMps',
  ];
  for (const key of positive) {
    const value = params[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`${where}: ${key} must be a finite number > 0, got ${value}`);
    }
  }
  if (params.maxSteerRad >= Math.PI / 2) {
    throw new Error(`${where}: maxSteerRad must be < pi/2 rad, got ${params.maxSteerRad}`);
  }
}
