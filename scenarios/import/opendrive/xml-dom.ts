/**
 * A tiny XML DOM on top of the saxes SAX parser that keeps where every element starts (1-based
 * line and column) and a readable path (`OpenDRIVE/road[id=5]/planView/geometry[2]`), so import
 * errors can point at the element that caused them. Text is kept only as trimmed concatenation
 * (OpenDRIVE carries its data in attributes). Malformed XML throws an `ImportError` at the first
 * problem with its line and column.
 */
import { SaxesParser } from 'saxes';
import { ImportError } from './import-issue';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** Slash-separated element path; siblings of the same name get an index or their `id`. */
  readonly path: string;
}

interface MutableElement {
  name: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
  col: number;
  path: string;
  counts: Map<string, number>;
}

/** Parses `xmlText` into its root element; throws `ImportError` with the position of the first error. */
export function parseXml(xmlText: string, file: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: MutableElement[] = [];
  let root: MutableElement | null = null;
  let failure: { message: string; line: number; col: number } | null = null;
  // Where the current tag started: saxes reports positions after the tag, so remember '<'.
  let tagLine = 1;
  let tagCol = 1;

  parser.on('error', (err) => {
    // saxes prefixes "line:col: "; keep our own position and the bare message.
    if (failure === null) failure = { message: err.message.replace(/^\d+:\d+: /, ''), line: parser.line, col: Math.max(1, parser.column) };
  });
  parser.on('opentagstart', (tag) => {
    // Fired once the name is read: step back over the name and the '<'.
    tagLine = parser.line;
    tagCol = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    let path = tag.name;
    if (parent !== undefined) {
      const index = parent.counts.get(tag.name) ?? 0;
      parent.counts.set(tag.name, index + 1);
      const key = attrs.id !== undefined ? `id=${attrs.id}` : String(index);
      path = `${parent.path}/${tag.name}[${key}]`;
    }
    const el: MutableElement = { name: tag.name, attrs, children: [], text: '', line: tagLine, col: tagCol, path, counts: new Map() };
    if (parent !== undefined) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined && text.trim() !== '') top.text += text.trim();
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += text;
  });
  try {
    parser.write(xmlText).close();
  } catch (err) {
    if (failure === null) failure = { message: String((err as Error).message), line: parser.line, col: Math.max(1, parser.column) };
  }
  const fail = failure as { message: string; line: number; col: number } | null;
  if (fail !== null) {
    throw new ImportError([{ file, path: '', line: fail.line, col: fail.col, severity: 'error', message: `malformed XML: ${fail.message}` }]);
  }
  if (root === null) {
    throw new ImportError([{ file, path: '', line: 1, col: 1, severity: 'error', message: 'malformed XML: no root element' }]);
  }
  return freeze(root);
}

function freeze(el: MutableElement): XmlElement {
  return { name: el.name, attrs: el.attrs, children: el.children.map(freeze), text: el.text, line: el.line, col: el.col, path: el.path };
}

/** Child elements named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** First child named `name`, or null. */
export function childNamed(el: XmlElement, name: string): XmlElement | null {
  return el.children.find((c) => c.name === name) ?? null;
}
