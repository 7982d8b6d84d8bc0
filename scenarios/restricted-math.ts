/**
 * A mathjs instance that scenario expressions cannot use to reach the parser or change the
 * instance. Spec files come from users and over HTTP, so an expression must not be able to run
 * `import`, `createUnit`, `evaluate`, `parse` and the like (mathjs's own security advice:
 * https://mathjs.org/docs/expressions/security.html).
 *
 * Two layers: expressions are compiled by `expressions.ts` into plain closures that call only a
 * whitelist of functions, so nothing in mathjs is reached at evaluation; and in case a mathjs node
 * is ever evaluated directly, the dangerous functions of this instance throw.
 */
import { all, create, type MathNode } from 'mathjs';

/** Functions that reach the parser, evaluate text, or mutate the instance. */
export const BLOCKED_FUNCTIONS: readonly string[] = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'parser',
  'Parser',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'rationalize',
  'derivative',
  'resolve',
  'leafCount',
  'symbolicEqual',
  'reviver',
  'replacer',
  'chain',
  'config',
  'help',
];

export function blockedFunctionMessage(name: string): string {
  return `function '${name}' is not allowed in scenario expressions`;
}

function blocked(name: string): () => never {
  return () => {
    throw new Error(blockedFunctionMessage(name));
  };
}

const instance = create(all, { number: 'number' });
// Keep the parser before it is blocked on the instance; it needs no evaluation to build a tree.
const parseUnrestricted = instance.parse;
const importUnrestricted = instance.import;
importUnrestricted(Object.fromEntries(BLOCKED_FUNCTIONS.map((name) => [name, blocked(name)])), { override: true });
// `typed` last: lazily created functions need it, so blocking it first would abort the import.
importUnrestricted({ typed: blocked('typed') }, { override: true });
Object.freeze(instance);

function refuseChange(): never {
  throw new TypeError('the scenario mathjs instance cannot be changed');
}

/**
 * The restricted instance, behind a read-only view: mathjs defines its functions as accessors
 * with setters, which `Object.freeze` does not stop, so assignments are refused here.
 */
export const restrictedMath: typeof instance = new Proxy(instance, {
  set: refuseChange,
  defineProperty: refuseChange,
  deleteProperty: refuseChange,
  setPrototypeOf: refuseChange,
});

/** Parses an expression into a mathjs node tree; throws mathjs's SyntaxError on bad syntax. */
export function parseToTree(text: string): MathNode {
  return parseUnrestricted(text);
}
