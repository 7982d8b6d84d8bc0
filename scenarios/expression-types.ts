/**
 * Types shared by the expression compiler and its callers: the evaluation scope the simulator
 * provides, the vocabulary an expression may use, and the compiled form.
 */
import type { ValueType, WorldFunctionSignature } from './expression-vocabulary';

export type Value = number | boolean | string;
/** A world function as the simulator provides it; arguments are actor or event ids. */
export type WorldFunction = (...ids: string[]) => Value;

/** What a compiled condition reads at evaluation. Built by the world each step (or reused). */
export interface ConditionScope {
  /** Simulation time, s. */
  readonly time: number;
  /** World functions by name (gap, distance, speed, ... see TRIGGER_FUNCTIONS). */
  readonly fn: Readonly<Record<string, WorldFunction>>;
  /** Metric values by name, for criteria (see CRITERIA_METRICS). */
  readonly metrics?: Readonly<Record<string, number | boolean>>;
}

/** The names an expression may use besides the math whitelist. */
export interface ExpressionVocabulary {
  /** Known at compile time and folded in: parameter values. */
  readonly constants?: Readonly<Record<string, number>>;
  /** Read at evaluation: `time` from scope.time, any other name from scope.metrics. */
  readonly variables?: Readonly<Record<string, ValueType>>;
  readonly worldFunctions?: Readonly<Record<string, WorldFunctionSignature>>;
  /** Actor ids, usable as bare symbols that stand for the id string. */
  readonly actorIds?: readonly string[];
  /** Event ids that `fired("id")` may name; unchecked when absent. */
  readonly eventIds?: readonly string[];
  /** Lane ids that `lane(a) == "id"` may name; unchecked when absent. */
  readonly laneIds?: readonly string[];
}

/** A structural view of mathjs nodes (the fields this compiler reads). */
export interface TreeNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: string;
  readonly op?: string;
  readonly fn?: TreeNode | string;
  readonly args?: readonly TreeNode[];
  readonly content?: TreeNode;
  readonly condition?: TreeNode;
  readonly trueExpr?: TreeNode;
  readonly falseExpr?: TreeNode;
  readonly conditionals?: readonly string[];
  readonly params?: readonly TreeNode[];
  toString(): string;
}

export type Run = (scope: ConditionScope) => Value;

export interface Compiled {
  readonly type: ValueType;
  readonly run: Run;
  readonly constant: boolean;
}

/** A problem in one expression; the message already names the failing part. */
export class ExpressionProblem extends Error {}

export interface CompileContext {
  readonly vocabulary: ExpressionVocabulary;
  readonly checked: boolean;
  /** Filled with the actor and event ids the expression references. */
  readonly actorRefs: Set<string>;
  readonly eventRefs: Set<string>;
}

/** An ExpressionProblem naming the failing part: `in 'x / (y - y)': division by zero`. */
export function problem(node: TreeNode, message: string): ExpressionProblem {
  return new ExpressionProblem(`in '${node.toString()}': ${message}`);
}

