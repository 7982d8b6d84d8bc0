/**
 * Shared pieces of the resolver: the spec with its expressions evaluated (`Evaluated<T>`), and the
 * context that the road, agent and event resolvers report into.
 */
import { didYouMean, listNames } from './did-you-mean';
import type { IssueSink, PathSegment } from './errors';
import type { ParameterValues } from './parameters';
import type { ScenarioSpec } from './spec-types';

type EvaluatedLeaf<T> = string extends T ? (number extends T ? Exclude<T, string> : T) : T;

/** A spec type with its number-or-expression fields narrowed to numbers (after evaluation). */
export type Evaluated<T> = [T] extends [number | string | boolean | undefined]
  ? EvaluatedLeaf<T>
  : T extends readonly (infer U)[]
    ? readonly Evaluated<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Evaluated<T[K]> }
      : T;

export type EvaluatedSpec = Evaluated<ScenarioSpec>;

export interface ResolveContext {
  readonly sink: IssueSink;
  readonly parameters: ParameterValues;
  /** Lane ids of the built road, or undefined when no lane callback was given (lanes unchecked). */
  readonly laneIds: readonly string[] | undefined;
  /** Road speed limit, m/s: the default desired speed of IDM actors. */
  readonly speedLimitMps: number;
}

/** Reports an unknown lane id; true when the lane exists (or lanes are not checked). */
export function checkLane(ctx: ResolveContext, laneId: string, path: readonly PathSegment[]): boolean {
  if (ctx.laneIds === undefined || ctx.laneIds.includes(laneId)) return true;
  ctx.sink.error(path, `unknown lane '${laneId}' (lanes: ${listNames(ctx.laneIds)})${didYouMean(laneId, ctx.laneIds)}`);
  return false;
}

export const DEG_TO_RAD = Math.PI / 180;

/** Behaviours that move an actor along lanes (the ones lane and speed actions can steer). */
export const LANE_BOUND_BEHAVIOURS: ReadonlySet<string> = new Set(['idm', 'constant_speed', 'route']);
