/**
 * The constructs no scenario expression may contain, checked on the mathjs tree: assignments,
 * function definitions, property access, matrices, objects, ranges, several statements, calls of
 * anything but a named function, the functions that reach the parser, and operators outside the
 * arithmetic, comparison and logic ones.
 */
import { problem, ExpressionProblem, type TreeNode } from './expression-types';
import { BLOCKED_FUNCTIONS, blockedFunctionMessage } from './restricted-math';

export const NODE_NOT_ALLOWED: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignments are not allowed in scenario expressions',
  FunctionAssignmentNode: 'function definitions are not allowed in scenario expressions',
  AccessorNode: 'property access and indexing are not allowed in scenario expressions',
  IndexNode: 'indexing is not allowed in scenario expressions',
  ArrayNode: 'matrices and lists are not allowed in scenario expressions',
  ObjectNode: 'objects are not allowed in scenario expressions',
  RangeNode: 'ranges are not allowed in scenario expressions',
  BlockNode: 'an expression must be a single formula (no ";" or new lines)',
};

export const OPERATOR_HINTS: Readonly<Record<string, string>> = { '&': " (use 'and')", '|': " (use 'or')" };

/** The mathjs operator functions a scenario expression may use. */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  ...['add', 'subtract', 'multiply', 'divide', 'mod', 'pow', 'unaryMinus', 'unaryPlus'],
  ...['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'not', 'and', 'or', 'xor'],
]);

/** The operand nodes of a node (the callee of a call excluded). */
export function treeChildren(node: TreeNode): readonly TreeNode[] {
  const single = [node.content, node.condition, node.trueExpr, node.falseExpr].filter((n): n is TreeNode => n !== undefined);
  return [...(node.args ?? []), ...(node.params ?? []), ...single];
}

/** Rejects forbidden constructs anywhere in the tree, without knowing the names (load-time check). */
export function checkStructure(node: TreeNode): void {
  const notAllowed = NODE_NOT_ALLOWED[node.type];
  if (notAllowed !== undefined) throw problem(node, notAllowed);
  if (node.type === 'SymbolNode' && BLOCKED_FUNCTIONS.includes(node.name as string)) {
    throw new ExpressionProblem(blockedFunctionMessage(node.name as string));
  }
  if (node.type === 'FunctionNode') {
    const callee = node.fn as TreeNode;
    if (callee.type !== 'SymbolNode') throw problem(node, 'only named functions can be called');
    if (BLOCKED_FUNCTIONS.includes(callee.name as string)) throw new ExpressionProblem(blockedFunctionMessage(callee.name as string));
  }
  if (node.type === 'OperatorNode' && !ALLOWED_OPERATORS.has(node.fn as string)) {
    throw problem(node, `operator '${node.op ?? String(node.fn)}' is not allowed in scenario expressions${OPERATOR_HINTS[node.op ?? ''] ?? ''}`);
  }
  if (node.type === 'ConstantNode' && (node.value === null || node.value === undefined)) {
    throw problem(node, `'${String(node.value)}' is not allowed in scenario expressions`);
  }
  for (const child of treeChildren(node)) checkStructure(child);
}
