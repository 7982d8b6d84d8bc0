/**
 * Scripted speed changes (OpenSCENARIO `SpeedAction` with `TransitionDynamics` over time):
 * the speed goes from `fromMps` to `toMps` over [startS, startS + durationS].
 *   step:   jumps to `toMps` at startS (duration ignored)
 *   linear: constant acceleration (to - from) / duration
 *   cubic:  smoothstep 3x^2 - 2x^3 with x = (t - startS) / duration: zero acceleration at both
 *           ends, peak 1.5 (to - from) / duration at the middle
 *   sinusoidal: (1 - cos(pi x)) / 2, OpenSCENARIO's sinusoidal: peak pi/2 (to - from) / duration
 */
import { transitionRate, transitionValue } from './transition-shape';

export type SpeedProfileShape = 'step' | 'linear' | 'cubic' | 'sinusoidal';

/** Speed of the profile at `timeS`, m/s: `fromMps` before the start, `toMps` after the end. */
export function profileSpeedMps(
  shape: SpeedProfileShape,
  fromMps: number,
  toMps: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  return transitionValue(shape, fromMps, toMps, startS, durationS, timeS);
}

/**
 * Acceleration of the profile at `timeS`, m/s^2: the time derivative of `profileSpeedMps`,
 * zero outside the transition and for a step (whose speed change is instantaneous).
 */
export function profileAccelMps2(
  shape: SpeedProfileShape,
  fromMps: number,
  toMps: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  return transitionRate(shape, fromMps, toMps, startS, durationS, timeS);
}
