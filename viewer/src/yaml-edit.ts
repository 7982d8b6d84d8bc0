/**
 * Edits YAML text the way a person would: change one value and leave every other character as it
 * was (comments, folded descriptions, flow-collection spacing). The `yaml` Document finds the node
 * and its source range; the text is then spliced there:
 *
 *   - an existing scalar: its source text is replaced by the new value;
 *   - a new key in a flow map (`{ t: 2, s: 100 }` + d): the flow map is re-written in place;
 *   - anything else (a new key in a block map): the document is re-written as a whole.
 *
 * Pure (no DOM): tested in test/viewer/yaml-edit.test.ts.
 */
import { isCollection, isScalar, parseDocument, stringify, type Node } from 'yaml';

export type DocPath = readonly (string | number)[];

/** A scalar's YAML text: numbers plain, strings quoted only when YAML needs it. */
function scalarText(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function splice(text: string, range: readonly number[], replacement: string): string {
  return text.slice(0, range[0]) + replacement + text.slice(range[1]);
}

/** `text` with the node at `path` set to `value` (created when missing). */
export function setYamlValue(text: string, path: DocPath, value: unknown): string {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true) as Node | undefined;
  if (isScalar(node) && node.range && typeof value !== 'object') return splice(text, node.range, scalarText(value));
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  if (isCollection(parent) && parent.flow === true && parent.range) {
    doc.setIn(path, value);
    return splice(text, parent.range, stringify(parent, { lineWidth: 0 }).trimEnd());
  }
  doc.setIn(path, value);
  return doc.toString({ lineWidth: 0 });
}

/** `text` with several values set (each edit sees the previous one's result). */
export function setYamlValues(text: string, edits: readonly { path: DocPath; value: unknown }[]): string {
  return edits.reduce((t, e) => setYamlValue(t, e.path, e.value), text);
}

/** `text` without the node at `path` (an actor, an event); the document is re-written. */
export function deleteYamlNode(text: string, path: DocPath): string {
  const doc = parseDocument(text);
  doc.deleteIn(path);
  return doc.toString({ lineWidth: 0 });
}

/** `text` with `item` appended to the sequence at `path` (created when missing), as a flow map. */
export function appendYamlItem(text: string, path: DocPath, item: Record<string, unknown>): string {
  const doc = parseDocument(text);
  const node = doc.createNode(item);
  node.flow = true;
  const seq = doc.getIn(path, true);
  if (isCollection(seq)) seq.items.push(node as never);
  else doc.setIn(path, doc.createNode([node]));
  return doc.toString({ lineWidth: 0 });
}
