/**
 * Scripted lateral offset changes (OpenSCENARIO `LaneChangeAction` / `LaneOffsetAction` with
 * time-based `TransitionDynamics`): the Frenet offset d goes from `fromD` to `toD` over
 * [startS, startS + durationS], with x = (t - startS) / duration:
 *   linear:     d = from + (to - from) x                       (lateral speed jumps at the ends)
 *   cubic:      d = from + (to - from) (3x^2 - 2x^3)           (peak rate 1.5 (to - from) / T)
 *   sinusoidal: d = from + (to - from) (1 - cos(pi x)) / 2     (peak rate pi/2 (to - from) / T)
 */
import { transitionRate, transitionValue } from './transition-shape';

export type LateralProfileShape = 'linear' | 'cubic' | 'sinusoidal';

/** Lateral offset at `timeS`, m: `fromD` before the start, `toD` after the end. */
export function lateralOffsetM(
  shape: LateralProfileShape,
  fromD: number,
  toD: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  return transitionValue(shape, fromD, toD, startS, durationS, timeS);
}

/** Time derivative of `lateralOffsetM`, m/s (zero outside the transition). */
export function lateralRateMps(
  shape: LateralProfileShape,
  fromD: number,
  toD: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  return transitionRate(shape, fromD, toD, startS, durationS, timeS);
}
