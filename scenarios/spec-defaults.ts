/**
 * Defaults of optional spec fields, in the spec's units (m, m/s, s, degrees). The schema shows
 * them as JSON Schema `default` annotations and the resolver applies them, so both read these.
 */

export const CURRENT_FORMAT_VERSION = 2;

export const DEFAULT_DT_S = 0.1;

/** Lanes per direction of a parametric road when the spec does not say. */
export const DEFAULT_LANE_COUNT = 2;
/** A motorway lane (German RAA / US Interstate standard width). */
export const DEFAULT_LANE_WIDTH_M = 3.5;
/** 50 km/h, the urban limit in most of Europe. */
export const DEFAULT_SPEED_LIMIT_MPS = 13.89;
/** Straight road before and after a curve or S-bend. */
export const DEFAULT_APPROACH_LENGTH_M = 50;
export const DEFAULT_CLOTHOID_LENGTH_M = 20;
export const DEFAULT_RAMP_LENGTH_M = 100;
export const DEFAULT_MERGE_START_M = 100;
export const DEFAULT_MERGE_LENGTH_M = 60;
export const DEFAULT_ARM_LENGTH_M = 50;
export const DEFAULT_LANES_PER_DIRECTION = 1;

/** Camera defaults: the world model's native 64x64 frames from a roof-height mount. */
export const DEFAULT_CAMERA = {
  width: 64,
  height: 64,
  fov: 90,
  height_m: 1.4,
  pitch: -5,
  x: 1.0,
  y: 0,
} as const;

/** Preferred walking speed of adults (Bohannon 1997: 1.3-1.5 m/s). */
export const DEFAULT_WALK_SPEED_MPS = 1.4;
export const DEFAULT_LANE_CHANGE_DURATION_S = 3;
export const DEFAULT_LANE_CHANGE_SHAPE = 'sinusoidal';
export const DEFAULT_SPEED_CHANGE_SHAPE = 'linear';

/** Box sizes by class, m (typical European passenger car, rigid truck, bicycle, adult). */
export const DEFAULT_SIZES = {
  car: { length: 4.6, width: 1.9, height: 1.5 },
  truck: { length: 12.0, width: 2.55, height: 3.6 },
  cyclist: { length: 1.8, width: 0.6, height: 1.7 },
  pedestrian: { length: 0.5, width: 0.6, height: 1.75 },
} as const;
