/**
 * Normalised transition shapes f: [0, 1] -> [0, 1] with f(0) = 0, f(1) = 1, shared by the speed
 * and lateral profiles. Names and formulas follow OpenSCENARIO 1.x `DynamicsShape`:
 *   step:       f(x) = 1 for x >= 0 (the change happens at once)
 *   linear:     f(x) = x
 *   cubic:      f(x) = 3x^2 - 2x^3            (smoothstep: zero slope at both ends)
 *   sinusoidal: f(x) = (1 - cos(pi x)) / 2    (zero slope at both ends)
 */

export type TransitionShape = 'step' | 'linear' | 'cubic' | 'sinusoidal';

/** f(x) for x already clamped to [0, 1]. */
export function shapeValue(shape: TransitionShape, x: number): number {
  switch (shape) {
    case 'step':
      return 1;
    case 'linear':
      return x;
    case 'cubic':
      return x * x * (3 - 2 * x);
    case 'sinusoidal':
      return 0.5 * (1 - Math.cos(Math.PI * x));
  }
}

/** df/dx for x in [0, 1]; the step's impulse is reported as 0. */
export function shapeSlope(shape: TransitionShape, x: number): number {
  switch (shape) {
    case 'step':
      return 0;
    case 'linear':
      return 1;
    case 'cubic':
      return 6 * x * (1 - x);
    case 'sinusoidal':
      return 0.5 * Math.PI * Math.sin(Math.PI * x);
  }
}

/**
 * Interpolates from `from` to `to` over [startS, startS + durationS] with `shape`, at `timeS`.
 * Before the start it returns `from`, after the end `to`. A non-positive duration acts as a step.
 */
export function transitionValue(
  shape: TransitionShape,
  from: number,
  to: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  if (timeS < startS) return from;
  if (shape === 'step' || !(durationS > 0)) return to;
  const x = (timeS - startS) / durationS;
  if (x >= 1) return to;
  return from + (to - from) * shapeValue(shape, x);
}

/**
 * Time derivative of `transitionValue`, per second. Zero outside the open interval
 * (startS, startS + durationS) and for a step (its impulse is not representable).
 */
export function transitionRate(
  shape: TransitionShape,
  from: number,
  to: number,
  startS: number,
  durationS: number,
  timeS: number,
): number {
  if (shape === 'step' || !(durationS > 0) || timeS < startS) return 0;
  const x = (timeS - startS) / durationS;
  if (x >= 1) return 0;
  return ((to - from) / durationS) * shapeSlope(shape, x);
}
