/**
 * Turns spec text (YAML, or JSON, which is YAML) into a plain value plus a locator from document
 * paths to line:col, with the defences a file from a stranger needs: a size limit checked before
 * parsing, a small alias budget against "billion laughs" anchor bombs, duplicate keys refused, and a
 * nesting limit. Every problem is an issue with a position; nothing here throws.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { errorMessage, type IssueSink, type Locator, type PathSegment } from './errors';
import { RENAMED_KEYS } from './migrate';

/** A scenario is a page of text; a megabyte is a thousand times that. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Aliases a spec may expand; honest specs use a few, anchor bombs need thousands. */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings and lists; real specs stay under 8. */
export const MAX_NESTING_DEPTH = 32;

export type SourceFormat = 'yaml' | 'json';

export function formatOf(file: string): SourceFormat {
  return file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

export function sizeMessage(bytes: number): string {
  return `file is ${(bytes / (1024 * 1024)).toFixed(1)} MB; the limit for a scenario spec is ${MAX_SPEC_BYTES / (1024 * 1024)} MB`;
}

export interface ParsedSource {
  /** The document as plain data, or undefined when it could not be read. */
  readonly value: unknown;
  readonly locate: Locator;
}

const START: { line: number; col: number } = { line: 1, col: 1 };

/** Parses `text`; problems go to `sink` (whose locator should be replaced by the returned one). */
export function parseSource(text: string, format: SourceFormat, sink: IssueSink): ParsedSource {
  const fallback: ParsedSource = { value: undefined, locate: () => START };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) {
    sink.error([], sizeMessage(bytes));
    return fallback;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true, version: '1.2' });
  const locate = makeLocator(doc, lineCounter);
  const label = format === 'json' ? 'JSON' : 'YAML';
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const at = problem.linePos?.[0] ?? START;
    const headline = problem.message.split(' at line ')[0].split('\n')[0];
    const message = problem.code === 'DUPLICATE_KEY' ? `duplicate key '${keyAt(text, problem.pos[0])}' (each key may appear once)` : `invalid ${label}: ${headline}`;
    sink.addAll([{ file: sink.file, path: '', line: at.line, col: at.col, message, severity: 'error' }]);
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return { value: undefined, locate };
  if (doc.contents === null) {
    sink.error([], 'the file is empty; a scenario needs at least version, name, duration, road and ego');
    return { value: undefined, locate };
  }
  const tooDeep = deepestNode(doc.contents as Node, 0);
  if (tooDeep !== undefined) {
    sink.addAll([{ file: sink.file, path: '', ...position(tooDeep, lineCounter), message: `nesting deeper than ${MAX_NESTING_DEPTH} levels`, severity: 'error' }]);
    return { value: undefined, locate };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locate };
  } catch (error) {
    const alias = firstAlias(doc.contents as Node);
    const at = alias === undefined ? START : position(alias, lineCounter);
    const detail = errorMessage(error);
    const message = `too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions); anchors that expand exponentially ("billion laughs") are refused`;
    sink.addAll([{ file: sink.file, path: '', ...at, message, severity: 'error', detail }]);
    return { value: undefined, locate };
  }
}

function keyAt(text: string, offset: number): string {
  const match = /^["']?([^"':,{}\s]+)/.exec(text.slice(offset, offset + 200));
  return match === null ? '?' : match[1];
}

function position(node: Node, lineCounter: LineCounter): { line: number; col: number } {
  const offset = node.range?.[0];
  return offset === undefined ? START : lineCounter.linePos(offset);
}

function children(node: Node): Node[] {
  if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value].filter((n): n is Node => n !== null && typeof n === 'object' && !isPair(n)));
  if (isSeq(node)) return node.items.filter((n): n is Node => n !== null && typeof n === 'object' && !isPair(n));
  return [];
}

/** The first node deeper than the limit, without following aliases (iterative: no stack to blow). */
function deepestNode(root: Node, rootDepth: number): Node | undefined {
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: rootDepth }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Node; depth: number };
    if (depth > MAX_NESTING_DEPTH) return node;
    for (const child of children(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

function firstAlias(root: Node): Node | undefined {
  const queue: Node[] = [root];
  for (let i = 0; i < queue.length; i++) {
    if (isAlias(queue[i])) return queue[i];
    queue.push(...children(queue[i]));
  }
  return undefined;
}

/** Path -> position of the value (or of the key with `atKey`); stops at the deepest part that exists. */
function makeLocator(doc: Document, lineCounter: LineCounter): Locator {
  return (path: readonly PathSegment[], atKey = false) => {
    let node: unknown = doc.contents;
    let at = node === null ? START : position(node as Node, lineCounter);
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(doc);
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && (String(p.key.value) === String(segment) || String(p.key.value) === RENAMED_KEYS[String(segment)]));
        if (pair === undefined) break;
        const last = i === path.length - 1;
        const target = (last && atKey) || pair.value === null ? pair.key : pair.value;
        at = position(target as Node, lineCounter);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        at = position(node as Node, lineCounter);
      } else {
        break;
      }
    }
    return at;
  };
}
