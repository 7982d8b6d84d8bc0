/**
 * Scenario expressions: numeric values over parameters (`"ego_speed - 5"`), parameter constraints,
 * event triggers over the world (`"time > 2 and gap(ego, cutter) < 20"`) and pass/fail criteria
 * over metrics (`"not collision and min_ttc > 1.5"`). Parsed by mathjs, checked against a whitelist
 * and compiled to closures once (`expression-compiler.ts`); nothing is parsed per step.
 */
import { errorMessage, SpecError, type SpecIssue, type SpecLocation } from './errors';
import { compileNode } from './expression-compiler';
import { checkStructure, treeChildren } from './expression-structure';
import { ExpressionProblem, type Compiled, type CompileContext, type ConditionScope, type ExpressionVocabulary, type TreeNode } from './expression-types';
import { CRITERIA_METRICS, TRIGGER_FUNCTIONS, TRIGGER_VARIABLES, type ValueType } from './expression-vocabulary';
import { parseToTree } from './restricted-math';
import { MAX_EXPRESSION_LENGTH } from './spec-schema';

export type { ConditionScope, ExpressionVocabulary, WorldFunction, Value } from './expression-types';

/** A trigger or criterion, compiled once and evaluated every step. */
export interface CompiledCondition {
  readonly source: string;
  readonly where: SpecLocation;
  /** Actor ids the condition reads (sorted). */
  readonly actorIds: readonly string[];
  /** Event ids named in fired("...") (sorted). */
  readonly eventIds: readonly string[];
  evaluate(scope: ConditionScope): boolean;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: SpecIssue };

function issueAt(where: SpecLocation, text: string, message: string, detail?: string): SpecIssue {
  return { ...where, severity: 'error', message, expression: text, ...(detail === undefined ? {} : { detail }) };
}

/** Parses with the length limit; mathjs syntax errors become an issue with a caret under the spot. */
function parseChecked(text: string, where: SpecLocation): Checked<TreeNode> {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, issue: issueAt(where, text.slice(0, 60), `expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`) };
  }
  if (text.trim() === '') return { ok: false, issue: issueAt(where, text, 'empty expression') };
  try {
    return { ok: true, value: parseToTree(text) as unknown as TreeNode };
  } catch (error) {
    const message = errorMessage(error);
    const char = (error as { char?: unknown } | null)?.char;
    const caret = typeof char !== 'number' ? undefined : `${text}\n  ${' '.repeat(Math.max(0, char - 1))}^`;
    return { ok: false, issue: issueAt(where, text, `syntax error in '${text}': ${message}`, caret) };
  }
}

function compileChecked(text: string, where: SpecLocation, ctx: CompileContext, expected: ValueType): Checked<Compiled> {
  const parsed = parseChecked(text, where);
  if (!parsed.ok) return parsed;
  try {
    const compiled = compileNode(parsed.value, ctx);
    if (compiled.type !== expected) {
      const want = expected === 'boolean' ? 'a true/false condition' : 'a number';
      const got = compiled.type === 'boolean' ? 'true/false' : compiled.type === 'number' ? 'a number' : 'an id (text)';
      return { ok: false, issue: issueAt(where, text, `expected ${want}, but '${text}' is ${got}`) };
    }
    return { ok: true, value: compiled };
  } catch (error) {
    if (error instanceof ExpressionProblem) return { ok: false, issue: issueAt(where, text, error.message) };
    throw error;
  }
}

function context(vocabulary: ExpressionVocabulary, checked: boolean): CompileContext {
  return { vocabulary, checked, actorRefs: new Set(), eventRefs: new Set() };
}

/** A numeric expression over constants (parameters): its value, or the issue naming what failed. */
export function evaluateNumber(text: string, where: SpecLocation, constants: Readonly<Record<string, number>>): Checked<number> {
  const result = compileChecked(text, where, context({ constants }, true), 'number');
  return result.ok ? { ok: true, value: result.value.run({ time: 0, fn: {} }) as number } : result;
}

/** A boolean expression over constants only (parameter constraints). */
export function evaluateConstraint(text: string, where: SpecLocation, constants: Readonly<Record<string, number>>): Checked<boolean> {
  const result = compileChecked(text, where, context({ constants }, true), 'boolean');
  return result.ok ? { ok: true, value: result.value.run({ time: 0, fn: {} }) as boolean } : result;
}

/** Compiles a condition once; `evaluate(scope)` is then a few closure calls. */
export function tryCompileCondition(text: string, where: SpecLocation, vocabulary: ExpressionVocabulary): Checked<CompiledCondition> {
  const ctx = context(vocabulary, false);
  const result = compileChecked(text, where, ctx, 'boolean');
  if (!result.ok) return result;
  const run = result.value.run;
  return {
    ok: true,
    value: {
      source: text,
      where,
      actorIds: [...ctx.actorRefs].sort(),
      eventIds: [...ctx.eventRefs].sort(),
      evaluate: (scope) => run(scope) as boolean,
    },
  };
}

/** As tryCompileCondition, but throws a SpecError. */
export function compileCondition(text: string, where: SpecLocation, vocabulary: ExpressionVocabulary): CompiledCondition {
  const result = tryCompileCondition(text, where, vocabulary);
  if (!result.ok) throw new SpecError([result.issue]);
  return result.value;
}

/** The vocabulary of event triggers: time, the world functions, actor and event ids, parameters. */
export function triggerVocabulary(
  actorIds: readonly string[],
  eventIds: readonly string[],
  parameters: Readonly<Record<string, number>> = {},
  laneIds?: readonly string[],
): ExpressionVocabulary {
  return { constants: parameters, variables: TRIGGER_VARIABLES, worldFunctions: TRIGGER_FUNCTIONS, actorIds, eventIds, ...(laneIds === undefined ? {} : { laneIds }) };
}

/** The vocabulary of pass/fail criteria: the metrics and parameters. */
export function criteriaVocabulary(parameters: Readonly<Record<string, number>> = {}): ExpressionVocabulary {
  return { constants: parameters, variables: CRITERIA_METRICS };
}

/**
 * Load-time check of an expression's form, before names are known: syntax, length, and the
 * constructs no scenario expression may use. Unknown names are reported later, by the resolver.
 */
export function checkExpressionForm(text: string, where: SpecLocation): SpecIssue | undefined {
  const parsed = parseChecked(text, where);
  if (!parsed.ok) return parsed.issue;
  try {
    checkStructure(parsed.value);
  } catch (error) {
    if (error instanceof ExpressionProblem) return issueAt(where, text, error.message);
    throw error;
  }
  return undefined;
}

/** The symbols an expression reads (for parameter dependency order); undefined when it does not parse. */
export function expressionSymbols(text: string): readonly string[] | undefined {
  let tree: TreeNode;
  try {
    tree = parseToTree(text) as unknown as TreeNode;
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  const visit = (node: TreeNode): void => {
    if (node.type === 'SymbolNode') names.add(node.name as string);
    for (const child of treeChildren(node)) visit(child);
  };
  visit(tree);
  return [...names];
}
