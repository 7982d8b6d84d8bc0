/**
 * Where on the map an event's trigger can fire, for the comparisons whose region is a shape:
 *
 *   x(a) > c, x(a) <= c, y(a) ...   -> a half-plane (the agent fires it by crossing the line)
 *   distance(a, b) < r, <= r        -> a circle of radius r around b (it moves with b)
 *
 * Each such comparison anywhere in the condition (under and/or/not alike) gives one region; the
 * region is where that comparison holds, not the whole condition (which may also need a time or a
 * fired event). Comparisons with anything else (gap, ttc, s, time) have no fixed shape and give none.
 * The threshold side may be any constant expression over the parameters.
 */
import { evaluateNumber } from '../../../scenarios/expressions';
import type { TreeNode } from '../../../scenarios/expression-types';
import { treeChildren } from '../../../scenarios/expression-structure';
import { parseToTree } from '../../../scenarios/restricted-math';
import type { TriggerRegion } from './wire-types';

export type { TriggerRegion } from './wire-types';

const ABOVE = new Set(['larger', 'largerEq']);
const BELOW = new Set(['smaller', 'smallerEq']);
/** `c < x(a)` means `x(a) > c`: swapping the sides flips the comparison. */
const FLIPPED: Readonly<Record<string, string>> = { larger: 'smaller', largerEq: 'smallerEq', smaller: 'larger', smallerEq: 'largerEq' };

interface WorldCall {
  readonly name: string;
  readonly ids: readonly string[];
}

/** `x(ego)` or `distance(ego, "ped")` with plain id arguments, else null. */
function worldCall(node: TreeNode): WorldCall | null {
  if (node.type !== 'FunctionNode' || node.fn === undefined || typeof node.fn === 'string' || node.fn.type !== 'SymbolNode') return null;
  const ids: string[] = [];
  for (const arg of node.args ?? []) {
    if (arg.type === 'SymbolNode' && arg.name !== undefined) ids.push(arg.name);
    else if (arg.type === 'ConstantNode' && typeof arg.value === 'string') ids.push(arg.value);
    else return null;
  }
  return { name: node.fn.name as string, ids };
}

function regionOf(eventId: string, call: WorldCall, op: string, threshold: number, text: string): TriggerRegion | null {
  if ((call.name === 'x' || call.name === 'y') && call.ids.length === 1) {
    const side = ABOVE.has(op) ? 'above' : BELOW.has(op) ? 'below' : null;
    return side === null ? null : { kind: 'half_plane', eventId, agentId: call.ids[0], axis: call.name, side, value: threshold, text };
  }
  if (call.name === 'distance' && call.ids.length === 2 && BELOW.has(op) && threshold > 0) {
    return { kind: 'circle', eventId, agentId: call.ids[0], centreId: call.ids[1], radiusM: threshold, text };
  }
  return null;
}

/** The regions of one trigger condition; `parameters` are the resolved parameter values. */
export function triggerRegions(eventId: string, condition: string, parameters: Readonly<Record<string, number>>): TriggerRegion[] {
  let root: TreeNode;
  try {
    root = parseToTree(condition) as unknown as TreeNode;
  } catch {
    return []; // the spec was validated before; a condition that does not parse has no region
  }
  const where = { file: '<trigger>', path: `events.${eventId}.when`, line: 0, col: 0 };
  const constant = (node: TreeNode): number | null => {
    const r = evaluateNumber(node.toString(), where, parameters);
    return r.ok && Number.isFinite(r.value) ? r.value : null;
  };
  const out: TriggerRegion[] = [];
  const visit = (node: TreeNode): void => {
    const op = typeof node.fn === 'string' ? node.fn : '';
    if (node.type === 'OperatorNode' && op in FLIPPED && node.args?.length === 2) {
      const [left, right] = node.args;
      const lc = worldCall(left);
      const rc = worldCall(right);
      const region =
        lc !== null && rc === null ? withThreshold(lc, op, right) : rc !== null && lc === null ? withThreshold(rc, FLIPPED[op], left) : null;
      if (region !== null) out.push(region);
      return;
    }
    for (const child of treeChildren(node)) visit(child);
  };
  const withThreshold = (call: WorldCall, op: string, side: TreeNode): TriggerRegion | null => {
    const value = constant(side);
    return value === null ? null : regionOf(eventId, call, op, value, condition);
  };
  visit(root);
  return out;
}
