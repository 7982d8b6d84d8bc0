/**
 * Compiles a parsed mathjs tree into plain closures after checking it against a whitelist.
 *
 * Why not mathjs's own `compile()`: its `==` compares strings as numbers (so `lane(ego) == "lane1"`
 * throws), it cannot name the sub-expression that divided by zero, and its evaluation reaches into
 * the mathjs namespace. Our closures call only the whitelisted functions, compare strings exactly,
 * short-circuit `and`/`or`, and are built once: a trigger costs a few closure calls per step.
 *
 * Sub-trees without variables are folded at compile time; with `checked` set (parameters and
 * numeric fields), folding reports division by zero and non-finite results at the smallest node.
 */
import { didYouMean, listNames } from './did-you-mean';
import {
  floorMod,
  MATH_CONSTANTS,
  MATH_FUNCTIONS,
  type ValueType,
  type WorldFunctionSignature,
} from './expression-vocabulary';
import { checkStructure, NODE_NOT_ALLOWED } from './expression-structure';
import {
  ExpressionProblem,
  problem,
  type Compiled,
  type CompileContext,
  type ConditionScope,
  type Run,
  type TreeNode,
  type Value,
  type WorldFunction,
} from './expression-types';
import { BLOCKED_FUNCTIONS, blockedFunctionMessage } from './restricted-math';

const EMPTY_SCOPE: ConditionScope = { time: 0, fn: {} };

const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  mod: floorMod,
  pow: Math.pow,
};

const COMPARISON: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  smaller: (a, b) => a < b,
  larger: (a, b) => a > b,
  smallerEq: (a, b) => a <= b,
  largerEq: (a, b) => a >= b,
};

const TYPE_WORDS: Readonly<Record<ValueType, string>> = { number: 'a number', boolean: 'true/false', string: 'an id (text)' };

function expectType(node: TreeNode, compiled: Compiled, type: ValueType, what: string): void {
  if (compiled.type !== type) throw problem(node, `${what} needs ${TYPE_WORDS[type]}, got ${TYPE_WORDS[compiled.type]}`);
}

function constant(type: ValueType, value: Value): Compiled {
  return { type, run: () => value, constant: true };
}

/** Folds a node whose operands are all constant; checks the result when `checked`. */
function fold(node: TreeNode, compiled: Compiled, ctx: CompileContext): Compiled {
  const value = compiled.run(EMPTY_SCOPE);
  if (ctx.checked && typeof value === 'number' && !Number.isFinite(value)) {
    throw problem(node, `result is not a finite number (${value})`);
  }
  return constant(compiled.type, value);
}

/** Compiles `node` (whitelist, types, folding); throws ExpressionProblem. */
export function compileNode(node: TreeNode, ctx: CompileContext): Compiled {
  const notAllowed = NODE_NOT_ALLOWED[node.type];
  if (notAllowed !== undefined) throw problem(node, notAllowed);
  switch (node.type) {
    case 'ParenthesisNode':
      return compileNode(node.content as TreeNode, ctx);
    case 'ConstantNode':
      return compileConstant(node, ctx);
    case 'SymbolNode':
      return compileSymbol(node, ctx);
    case 'OperatorNode':
      return compileOperator(node, ctx);
    case 'RelationalNode':
      return compileRelational(node, ctx);
    case 'ConditionalNode':
      return compileConditional(node, ctx);
    case 'FunctionNode':
      return compileFunction(node, ctx);
    default:
      throw problem(node, `${node.type} is not allowed in scenario expressions`);
  }
}

function compileConstant(node: TreeNode, ctx: CompileContext): Compiled {
  const { value } = node;
  if (typeof value === 'number') {
    if (ctx.checked && !Number.isFinite(value)) throw problem(node, 'number out of range');
    return constant('number', value);
  }
  if (typeof value === 'boolean') return constant('boolean', value);
  if (typeof value === 'string') {
    throw problem(node, 'quoted text is only allowed as an id: lane(a) == "lane1", fired("event"), or an actor argument');
  }
  throw problem(node, `'${String(value)}' is not allowed in scenario expressions`);
}

function knownNames(ctx: CompileContext): string[] {
  const v = ctx.vocabulary;
  return [
    ...Object.keys(v.constants ?? {}),
    ...Object.keys(MATH_CONSTANTS),
    ...Object.keys(v.variables ?? {}),
    ...(v.actorIds ?? []),
    ...Object.keys(MATH_FUNCTIONS),
    ...Object.keys(v.worldFunctions ?? {}),
  ];
}

function compileSymbol(node: TreeNode, ctx: CompileContext): Compiled {
  const name = node.name as string;
  const { constants = {}, variables = {}, actorIds = [], worldFunctions = {} } = ctx.vocabulary;
  if (Object.hasOwn(constants, name)) return constant('number', constants[name]);
  if (Object.hasOwn(MATH_CONSTANTS, name)) return constant('number', MATH_CONSTANTS[name]);
  if (Object.hasOwn(variables, name)) {
    const type = variables[name];
    if (name === 'time') return { type, run: (scope) => scope.time, constant: false };
    return { type, run: (scope) => readMetric(scope, name), constant: false };
  }
  if (actorIds.includes(name)) {
    ctx.actorRefs.add(name);
    return constant('string', name);
  }
  if (BLOCKED_FUNCTIONS.includes(name)) throw new ExpressionProblem(blockedFunctionMessage(name));
  if (Object.hasOwn(MATH_FUNCTIONS, name) || Object.hasOwn(worldFunctions, name)) {
    throw new ExpressionProblem(`'${name}' is a function; call it as ${name}(...)`);
  }
  throw new ExpressionProblem(`unknown symbol '${name}'${didYouMean(name, knownNames(ctx))}`);
}

function readMetric(scope: ConditionScope, name: string): number | boolean {
  const value = scope.metrics?.[name];
  if (value === undefined) throw new Error(`metric '${name}' is missing from the condition scope`);
  return value;
}

function compileOperator(node: TreeNode, ctx: CompileContext): Compiled {
  const fn = node.fn as string;
  const args = node.args ?? [];
  if (fn === 'equal' || fn === 'unequal') return compileEquality(node, ctx);
  const operands = args.map((arg) => compileNode(arg, ctx));
  const symbol = `'${node.op ?? fn}'`;
  let compiled: Compiled;
  if (fn === 'unaryMinus' || fn === 'unaryPlus') {
    expectType(node, operands[0], 'number', symbol);
    const a = operands[0].run;
    compiled = { type: 'number', run: fn === 'unaryMinus' ? (s) => -(a(s) as number) : a, constant: operands[0].constant };
  } else if (fn === 'not') {
    expectType(node, operands[0], 'boolean', "'not'");
    const a = operands[0].run;
    compiled = { type: 'boolean', run: (s) => !a(s), constant: operands[0].constant };
  } else if (fn === 'and' || fn === 'or' || fn === 'xor') {
    operands.forEach((operand) => expectType(node, operand, 'boolean', `'${fn}'`));
    const [a, b] = [operands[0].run, operands[1].run];
    const run: Run = fn === 'and' ? (s) => (a(s) as boolean) && (b(s) as boolean) : fn === 'or' ? (s) => (a(s) as boolean) || (b(s) as boolean) : (s) => a(s) !== b(s);
    compiled = { type: 'boolean', run, constant: operands.every((o) => o.constant) };
  } else if (Object.hasOwn(ARITHMETIC, fn) || Object.hasOwn(COMPARISON, fn)) {
    operands.forEach((operand) => expectType(node, operand, 'number', symbol));
    if (ctx.checked && (fn === 'divide' || fn === 'mod') && operands[1].constant && operands[1].run(EMPTY_SCOPE) === 0) {
      throw problem(node, 'division by zero');
    }
    const [a, b] = [operands[0].run, operands[1].run];
    const isComparison = Object.hasOwn(COMPARISON, fn);
    const op: (x: number, y: number) => Value = isComparison ? COMPARISON[fn] : ARITHMETIC[fn];
    compiled = { type: isComparison ? 'boolean' : 'number', run: (s) => op(a(s) as number, b(s) as number), constant: operands.every((o) => o.constant) };
  } else {
    checkStructure(node);
    throw problem(node, `operator '${node.op ?? fn}' is not allowed in scenario expressions`);
  }
  return compiled.constant ? fold(node, compiled, ctx) : compiled;
}

/** `==` and `!=`: both sides of one type; a quoted side is an id compared with an id-valued side. */
function compileEquality(node: TreeNode, ctx: CompileContext): Compiled {
  const args = node.args ?? [];
  const quoted = args.map((arg) => arg.type === 'ConstantNode' && typeof arg.value === 'string');
  if (quoted[0] && quoted[1]) throw problem(node, 'compares two quoted texts');
  const operands = args.map((arg, i) => (quoted[i] ? constant('string', arg.value as string) : compileNode(arg, ctx)));
  const quotedIndex = quoted.indexOf(true);
  if (quotedIndex >= 0) {
    const other = args[1 - quotedIndex];
    expectType(node, operands[1 - quotedIndex], 'string', 'comparing with quoted text');
    checkLaneLiteral(node, other, args[quotedIndex].value as string, ctx);
  } else if (operands[0].type !== operands[1].type) {
    throw problem(node, `compares ${TYPE_WORDS[operands[0].type]} with ${TYPE_WORDS[operands[1].type]}`);
  }
  const [a, b] = [operands[0].run, operands[1].run];
  const run: Run = node.fn === 'equal' ? (s) => a(s) === b(s) : (s) => a(s) !== b(s);
  const compiled: Compiled = { type: 'boolean', run, constant: operands.every((o) => o.constant) };
  return compiled.constant ? fold(node, compiled, ctx) : compiled;
}

function checkLaneLiteral(node: TreeNode, other: TreeNode, laneId: string, ctx: CompileContext): void {
  const laneIds = ctx.vocabulary.laneIds;
  const isLaneCall = other.type === 'FunctionNode' && (other.fn as TreeNode).name === 'lane';
  if (laneIds === undefined || !isLaneCall || laneIds.includes(laneId)) return;
  throw problem(node, `unknown lane '${laneId}' (lanes: ${listNames(laneIds)})${didYouMean(laneId, laneIds)}`);
}

/** Chained comparisons `a < b <= c` mean `a < b and b <= c`. */
function compileRelational(node: TreeNode, ctx: CompileContext): Compiled {
  const params = (node.params ?? []).map((param) => compileNode(param, ctx));
  const conditionals = node.conditionals ?? [];
  const tests = conditionals.map((fn, i) => {
    const op = COMPARISON[fn];
    if (op === undefined) throw problem(node, 'chained comparisons may only use <, <=, >, >=');
    expectType(node, params[i], 'number', 'a comparison');
    expectType(node, params[i + 1], 'number', 'a comparison');
    const [a, b] = [params[i].run, params[i + 1].run];
    return (s: ConditionScope) => op(a(s) as number, b(s) as number);
  });
  const compiled: Compiled = { type: 'boolean', run: (s) => tests.every((test) => test(s)), constant: params.every((p) => p.constant) };
  return compiled.constant ? fold(node, compiled, ctx) : compiled;
}

function compileConditional(node: TreeNode, ctx: CompileContext): Compiled {
  const test = compileNode(node.condition as TreeNode, ctx);
  expectType(node, test, 'boolean', "the condition of '? :'");
  const yes = compileNode(node.trueExpr as TreeNode, ctx);
  const no = compileNode(node.falseExpr as TreeNode, ctx);
  if (yes.type !== no.type) throw problem(node, `the branches of '? :' differ: ${TYPE_WORDS[yes.type]} and ${TYPE_WORDS[no.type]}`);
  if (test.constant) return (test.run(EMPTY_SCOPE) as boolean) ? yes : no;
  const [t, a, b] = [test.run, yes.run, no.run];
  return { type: yes.type, run: (s) => ((t(s) as boolean) ? a(s) : b(s)), constant: false };
}

function compileFunction(node: TreeNode, ctx: CompileContext): Compiled {
  const callee = node.fn as TreeNode;
  if (callee.type !== 'SymbolNode') throw problem(node, 'only named functions can be called');
  const name = callee.name as string;
  const args = node.args ?? [];
  if (BLOCKED_FUNCTIONS.includes(name)) throw new ExpressionProblem(blockedFunctionMessage(name));
  const world = ctx.vocabulary.worldFunctions ?? {};
  if (Object.hasOwn(world, name)) return compileWorldCall(node, name, world[name], ctx);
  if (!Object.hasOwn(MATH_FUNCTIONS, name)) {
    const names = [...Object.keys(MATH_FUNCTIONS), ...Object.keys(world)];
    throw problem(node, `unknown function '${name}'${didYouMean(name, names)}`);
  }
  const { minArgs, maxArgs, apply } = MATH_FUNCTIONS[name];
  if (args.length < minArgs || args.length > maxArgs) {
    const wanted = minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} to ${maxArgs}`;
    throw problem(node, `${name}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${args.length}`);
  }
  const operands = args.map((arg) => compileNode(arg, ctx));
  operands.forEach((operand) => expectType(node, operand, 'number', `${name}()`));
  const runs = operands.map((o) => o.run);
  let run: Run;
  if (runs.length === 1) {
    const [a] = runs;
    run = (s) => apply(a(s) as number);
  } else if (runs.length === 2) {
    const [a, b] = runs;
    run = (s) => apply(a(s) as number, b(s) as number);
  } else {
    run = (s) => apply(...runs.map((r) => r(s) as number));
  }
  const compiled: Compiled = { type: 'number', run, constant: operands.every((o) => o.constant) };
  return compiled.constant ? fold(node, compiled, ctx) : compiled;
}

/** World calls take ids: resolved at compile time, so evaluation is one property read and a call. */
function compileWorldCall(node: TreeNode, name: string, signature: WorldFunctionSignature, ctx: CompileContext): Compiled {
  const args = node.args ?? [];
  if (args.length !== signature.args.length) {
    throw problem(node, `${name}() takes ${signature.args.length} argument${signature.args.length === 1 ? '' : 's'}, got ${args.length}`);
  }
  const ids = args.map((arg, i) => worldArgument(node, name, arg, signature.args[i], ctx));
  const call = (scope: ConditionScope): WorldFunction => {
    const f = scope.fn[name];
    if (f === undefined) throw new Error(`world function '${name}' is missing from the condition scope`);
    return f;
  };
  let run: Run;
  if (ids.length === 1) {
    const [a] = ids;
    run = (s) => call(s)(a);
  } else {
    const [a, b] = ids;
    run = (s) => call(s)(a, b);
  }
  return { type: signature.returns, run, constant: false };
}

function worldArgument(node: TreeNode, name: string, arg: TreeNode, kind: 'actor' | 'event', ctx: CompileContext): string {
  const { actorIds, eventIds } = ctx.vocabulary;
  const quoted = arg.type === 'ConstantNode' && typeof arg.value === 'string' ? (arg.value as string) : undefined;
  if (kind === 'event') {
    if (quoted === undefined) throw problem(node, `${name}() takes a quoted event id, e.g. ${name}("cut_in")`);
    if (eventIds !== undefined && !eventIds.includes(quoted)) {
      throw problem(node, `unknown event '${quoted}' (events: ${listNames(eventIds) || 'none'})${didYouMean(quoted, eventIds)}`);
    }
    ctx.eventRefs.add(quoted);
    return quoted;
  }
  const id = quoted ?? (arg.type === 'SymbolNode' ? (arg.name as string) : undefined);
  const known = actorIds ?? [];
  if (id === undefined || !known.includes(id)) {
    const hint = id === undefined ? '' : didYouMean(id, known);
    throw problem(node, `${name}() takes actor ids; '${arg.toString()}' is not one (actors: ${listNames(known) || 'none'})${hint}`);
  }
  ctx.actorRefs.add(id);
  return id;
}
