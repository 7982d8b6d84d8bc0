/**
 * Comfort and rule metrics: max_abs_accel, max_abs_jerk, comfort, speed_compliance. Derivatives
 * come from ego-motion.ts (backward finite differences, no smoothing).
 */
import type { EgoMotion, Metric, StepSample } from './types';

/**
 * nuPlan's comfort bounds (`ego_is_comfortable`, also NAVSIM's pdm_comfort_metrics.py), each a
 * strict inequality as in their `_within_bound`:
 *   -4.05 < longitudinal acceleration < 2.40 m/s^2     |lateral acceleration| < 4.89 m/s^2
 *   |longitudinal jerk| < 4.13 m/s^3                   |jerk of the acceleration magnitude| < 8.37 m/s^3
 *   |yaw rate| < 0.95 rad/s                            |yaw acceleration| < 1.93 rad/s^2
 */
export const COMFORT_BOUNDS = Object.freeze({
  minLonAccelMps2: -4.05,
  maxLonAccelMps2: 2.4,
  maxAbsLatAccelMps2: 4.89,
  maxAbsLonJerkMps3: 4.13,
  maxAbsMagJerkMps3: 8.37,
  maxAbsYawRateRadps: 0.95,
  maxAbsYawAccelRadps2: 1.93,
});

export interface PeakState {
  readonly peak: number;
}

function absPeak(state: PeakState, v: number | null): PeakState {
  return v !== null && Math.abs(v) > state.peak ? { peak: Math.abs(v) } : state;
}

/** max_abs_accel, m/s^2: max |a| over the samples, a the ego's longitudinal acceleration. */
export const maxAbsAccelMetric: Metric<PeakState> = {
  name: 'max_abs_accel',
  description: 'largest |longitudinal acceleration| of the ego, m/s^2',
  init: (_ctx, sample0) => absPeak({ peak: 0 }, sample0.motion.lonAccelMps2),
  update: (state, sample) => absPeak(state, sample.motion.lonAccelMps2),
  value: (state) => state.peak,
};

/**
 * max_abs_jerk, m/s^3: max |a_k - a_{k-1}| / dt over consecutive samples from k = 2 (the initial
 * acceleration is an initial condition, see ego-motion.ts); 0 with fewer than three samples.
 */
export const maxAbsJerkMetric: Metric<PeakState> = {
  name: 'max_abs_jerk',
  description: 'largest |longitudinal jerk| of the ego by finite differences of its acceleration, m/s^3',
  init: () => ({ peak: 0 }),
  update: (state, sample) => absPeak(state, sample.motion.lonJerkMps3),
  value: (state) => state.peak,
};

/** Extremes of the ego's motion over the rollout, the inputs of the comfort test. */
export interface ComfortState {
  readonly minLonAccelMps2: number;
  readonly maxLonAccelMps2: number;
  readonly maxAbsLatAccelMps2: number;
  readonly maxAbsLonJerkMps3: number;
  readonly maxAbsMagJerkMps3: number;
  readonly maxAbsYawRateRadps: number;
  readonly maxAbsYawAccelRadps2: number;
}

const abs = (v: number | null): number => (v === null ? 0 : Math.abs(v));

function comfortFold(s: ComfortState, m: EgoMotion): ComfortState {
  return {
    minLonAccelMps2: Math.min(s.minLonAccelMps2, m.lonAccelMps2),
    maxLonAccelMps2: Math.max(s.maxLonAccelMps2, m.lonAccelMps2),
    maxAbsLatAccelMps2: Math.max(s.maxAbsLatAccelMps2, abs(m.latAccelMps2)),
    maxAbsLonJerkMps3: Math.max(s.maxAbsLonJerkMps3, abs(m.lonJerkMps3)),
    maxAbsMagJerkMps3: Math.max(s.maxAbsMagJerkMps3, abs(m.magJerkMps3)),
    maxAbsYawRateRadps: Math.max(s.maxAbsYawRateRadps, abs(m.yawRateRadps)),
    maxAbsYawAccelRadps2: Math.max(s.maxAbsYawAccelRadps2, abs(m.yawAccelRadps2)),
  };
}

/** True when every extreme lies strictly inside COMFORT_BOUNDS. */
export function isComfortable(s: ComfortState): boolean {
  const b = COMFORT_BOUNDS;
  return (
    s.minLonAccelMps2 > b.minLonAccelMps2 &&
    s.maxLonAccelMps2 < b.maxLonAccelMps2 &&
    s.maxAbsLatAccelMps2 < b.maxAbsLatAccelMps2 &&
    s.maxAbsLonJerkMps3 < b.maxAbsLonJerkMps3 &&
    s.maxAbsMagJerkMps3 < b.maxAbsMagJerkMps3 &&
    s.maxAbsYawRateRadps < b.maxAbsYawRateRadps &&
    s.maxAbsYawAccelRadps2 < b.maxAbsYawAccelRadps2
  );
}

/**
 * comfort: true when the whole rollout stays within nuPlan's comfort bounds (COMFORT_BOUNDS),
 * as nuPlan's `ego_is_comfortable` and NAVSIM's C. Ours differentiates without their
 * Savitzky-Golay smoothing (see ego-motion.ts), so it is stricter on abrupt changes.
 */
export const comfortMetric: Metric<ComfortState> = {
  name: 'comfort',
  description:
    'true when -4.05 < a_lon < 2.40 m/s^2, |a_lat| < 4.89 m/s^2, |jerk_lon| < 4.13 m/s^3, |jerk_mag| < 8.37 m/s^3, ' +
    '|yaw rate| < 0.95 rad/s and |yaw accel| < 1.93 rad/s^2 throughout (nuPlan comfort bounds, unsmoothed)',
  init: (_ctx, sample0) =>
    comfortFold(
      {
        minLonAccelMps2: Infinity,
        maxLonAccelMps2: -Infinity,
        maxAbsLatAccelMps2: 0,
        maxAbsLonJerkMps3: 0,
        maxAbsMagJerkMps3: 0,
        maxAbsYawRateRadps: 0,
        maxAbsYawAccelRadps2: 0,
      },
      sample0.motion,
    ),
  update: (state, sample) => comfortFold(state, sample.motion),
  value: isComfortable,
};

export interface ComplianceState {
  readonly compliant: number;
  readonly total: number;
}

function complianceFold(state: ComplianceState, sample: StepSample, toleranceMps: number): ComplianceState {
  const ok = sample.speedLimitMps === null || sample.speedMps <= sample.speedLimitMps + toleranceMps;
  return { compliant: state.compliant + (ok ? 1 : 0), total: state.total + 1 };
}

/**
 * speed_compliance in [0, 1]: the fraction of samples (equally spaced, so of time) at which the
 * ego's speed is at most its lane's limit + ctx.speedLimitToleranceMps; samples off every lane
 * have no limit and count as compliant.
 *
 * nuPlan's `speed_limit_compliance` instead integrates the excess speed over time and scores
 * max(0, 1 - integral / (2.23 m/s * duration)), so a small excess costs little there; ours counts
 * how long the limit was exceeded, not by how much.
 */
export const speedComplianceMetric: Metric<ComplianceState> = {
  name: 'speed_compliance',
  description: 'fraction of time the ego drives at or below its lane speed limit + tolerance',
  init: (ctx, sample0) => complianceFold({ compliant: 0, total: 0 }, sample0, ctx.speedLimitToleranceMps),
  update: (state, sample, ctx) => complianceFold(state, sample, ctx.speedLimitToleranceMps),
  value: (state) => (state.total === 0 ? 1 : state.compliant / state.total),
};
