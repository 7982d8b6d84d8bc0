/**
 * The ego's motion derivatives by backward finite differences over consecutive samples, dt apart:
 *
 *   yawRate_k  = wrap(yaw_k - yaw_{k-1}) / dt          latAccel_k = speed_k * yawRate_k
 *   lonJerk_k  = (a_k - a_{k-1}) / dt                   yawAccel_k = (yawRate_k - yawRate_{k-1}) / dt
 *   magJerk_k  = (|A|_k - |A|_{k-1}) / dt,  |A| = hypot(a, latAccel)
 *
 * where a is the state's longitudinal acceleration (the bicycle model's acceleration held over the
 * last step). The initial world's acceleration was held over no step: it is an initial condition
 * (0 unless a spec sets it), not a measurement, so the longitudinal jerk starts at the second step;
 * otherwise every rollout that starts by accelerating would open with a jerk of a_1 / dt.
 *
 * nuPlan and NAVSIM instead smooth with a Savitzky-Golay filter (window 8 for accelerations, 15
 * for jerk and yaw rate, polynomial order 2) before differentiating, so a single step change that
 * their filter spreads out shows here at full height: our jerks are larger (typically), and the
 * comfort metric built on them is stricter.
 */
import { wrapAngle } from '../geometry/angle';
import type { EgoMotion } from './types';

/** Motion of the first sample: no predecessor, so no derivatives. */
export function firstMotion(speedMps: number, yawRad: number, lonAccelMps2: number): EgoMotion {
  return {
    sampleIndex: 0,
    speedMps,
    yawRad,
    lonAccelMps2,
    yawRateRadps: null,
    latAccelMps2: null,
    lonJerkMps3: null,
    yawAccelRadps2: null,
    magJerkMps3: null,
  };
}

/** Motion of the next sample, dtS after `prev`. */
export function nextMotion(prev: EgoMotion, speedMps: number, yawRad: number, lonAccelMps2: number, dtS: number): EgoMotion {
  const yawRateRadps = wrapAngle(yawRad - prev.yawRad) / dtS;
  const latAccelMps2 = speedMps * yawRateRadps;
  const magnitude = Math.hypot(lonAccelMps2, latAccelMps2);
  return {
    sampleIndex: prev.sampleIndex + 1,
    speedMps,
    yawRad,
    lonAccelMps2,
    yawRateRadps,
    latAccelMps2,
    lonJerkMps3: prev.sampleIndex === 0 ? null : (lonAccelMps2 - prev.lonAccelMps2) / dtS,
    yawAccelRadps2: prev.yawRateRadps === null ? null : (yawRateRadps - prev.yawRateRadps) / dtS,
    magJerkMps3:
      prev.latAccelMps2 === null ? null : (magnitude - Math.hypot(prev.lonAccelMps2, prev.latAccelMps2)) / dtS,
  };
}
