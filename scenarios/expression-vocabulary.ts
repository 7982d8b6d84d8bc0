/**
 * What scenario expressions may use: the whitelisted math functions and constants, the world
 * functions of event triggers, and the metric names of pass/fail criteria. The world functions and
 * metrics are implemented by the simulator; this file is the contract (names, arity, types).
 */

export type ValueType = 'number' | 'boolean' | 'string';

export interface MathFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly apply: (...args: number[]) => number;
}

/** Round half away from zero, as mathjs does (Math.round rounds -2.5 to -2). */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Floored modulo with the sign of the divisor, as mathjs's `mod` and `%`. */
export function floorMod(x: number, y: number): number {
  return x - y * Math.floor(x / y);
}

const unary = (apply: (x: number) => number): MathFunction => ({ minArgs: 1, maxArgs: 1, apply });
const binary = (apply: (x: number, y: number) => number): MathFunction => ({ minArgs: 2, maxArgs: 2, apply });

/** Functions callable in every expression. Trigonometry is in radians, as in mathjs. */
export const MATH_FUNCTIONS: Readonly<Record<string, MathFunction>> = {
  abs: unary(Math.abs),
  sign: unary(Math.sign),
  sqrt: unary(Math.sqrt),
  cbrt: unary(Math.cbrt),
  exp: unary(Math.exp),
  log: { minArgs: 1, maxArgs: 2, apply: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)) },
  log10: unary(Math.log10),
  sin: unary(Math.sin),
  cos: unary(Math.cos),
  tan: unary(Math.tan),
  asin: unary(Math.asin),
  acos: unary(Math.acos),
  atan: unary(Math.atan),
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  round: unary(roundHalfAway),
  pow: binary(Math.pow),
  atan2: binary(Math.atan2),
  mod: binary(floorMod),
  hypot: { minArgs: 1, maxArgs: Infinity, apply: Math.hypot },
  min: { minArgs: 1, maxArgs: Infinity, apply: Math.min },
  max: { minArgs: 1, maxArgs: Infinity, apply: Math.max },
  clamp: { minArgs: 3, maxArgs: 3, apply: (x, lo, hi) => Math.min(Math.max(x, lo), hi) },
};

/** Named constants; `Infinity` because `gap()` returns it when nothing is ahead. */
export const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI,
  e: Math.E,
  Infinity,
};

/** Argument kinds of world functions: an actor id (bare symbol or quoted) or a quoted event id. */
export type WorldArgKind = 'actor' | 'event';

export interface WorldFunctionSignature {
  readonly args: readonly WorldArgKind[];
  readonly returns: ValueType;
  readonly doc: string;
}

const actorNumber = (doc: string): WorldFunctionSignature => ({ args: ['actor'], returns: 'number', doc });
const pairNumber = (doc: string): WorldFunctionSignature => ({ args: ['actor', 'actor'], returns: 'number', doc });

/** Functions of the world usable in event triggers (`when`), besides the variable `time` (s). */
export const TRIGGER_FUNCTIONS: Readonly<Record<string, WorldFunctionSignature>> = {
  gap: pairNumber('bumper-to-bumper gap along the lane from a to b, m; Infinity when b is not ahead of a'),
  distance: pairNumber('distance between the centres of a and b, m'),
  ttc: pairNumber('time to collision of a with b ahead, s; Infinity when not closing'),
  headway: pairNumber('time headway of a behind b (gap / speed of a), s'),
  speed: actorNumber('speed, m/s'),
  s: actorNumber('arc length along the current lane, m'),
  d: actorNumber('lateral offset from the lane centre, m, positive left'),
  x: actorNumber('world x, m'),
  y: actorNumber('world y, m'),
  lane: { args: ['actor'], returns: 'string', doc: "current lane id, compare with == 'lane1'" },
  fired: { args: ['event'], returns: 'boolean', doc: 'whether the named event has fired' },
  since: { args: ['event'], returns: 'number', doc: 'seconds since the named event fired; NaN before (every comparison is false), for delays' },
};

/** Variables of event triggers. */
export const TRIGGER_VARIABLES: Readonly<Record<string, ValueType>> = { time: 'number' };

/** Metrics usable in pass/fail criteria, with their types (the simulator computes them). */
export const CRITERIA_METRICS: Readonly<Record<string, ValueType>> = {
  collision: 'boolean',
  collision_time: 'number',
  off_road: 'boolean',
  min_ttc: 'number',
  min_headway: 'number',
  progress: 'number',
  route_completion: 'number',
  max_abs_accel: 'number',
  max_abs_jerk: 'number',
  speed_compliance: 'number',
  comfort: 'boolean',
  score: 'number',
  duration: 'number',
};

/**
 * Names a parameter may not take: expressions read them as symbols with another meaning, or mathjs
 * parses them as keywords. Function names stay free (a call `s(ego)` and a symbol `s` differ).
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(MATH_CONSTANTS),
  ...Object.keys(TRIGGER_VARIABLES),
  ...Object.keys(CRITERIA_METRICS),
  'ego',
  'NaN',
  'true',
  'false',
  'null',
  'undefined',
  'and',
  'or',
  'not',
  'xor',
  'mod',
  'to',
  'in',
  'end',
]);
