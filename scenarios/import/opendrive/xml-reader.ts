/**
 * Reads typed attributes from XML elements, reporting missing or malformed values to an
 * `IssueSink`, and remembers which elements were read so that everything left over can be
 * reported as unsupported (nothing in the file is dropped silently).
 */
import type { IssueSink } from './import-issue';
import type { XmlElement } from './xml-dom';

export class XmlReader {
  private readonly seen = new Set<XmlElement>();

  constructor(readonly sink: IssueSink) {}

  /** Marks `el` as handled and returns it. */
  use(el: XmlElement): XmlElement {
    this.seen.add(el);
    return el;
  }

  /** Handled children named `name`. */
  all(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.name === name).map((c) => this.use(c));
  }

  /** The first handled child named `name`, or null. */
  one(el: XmlElement, name: string): XmlElement | null {
    const found = el.children.find((c) => c.name === name);
    return found === undefined ? null : this.use(found);
  }

  /** A required string attribute; reports it missing and returns '' when absent. */
  str(el: XmlElement, name: string): string {
    const value = el.attrs[name];
    if (value === undefined) {
      this.sink.error(el, `<${el.name}> is missing the required attribute '${name}'`);
      return '';
    }
    return value;
  }

  optStr(el: XmlElement, name: string, fallback: string): string {
    return el.attrs[name] ?? fallback;
  }

  /** A required finite number; reports it and returns 0 when absent or not a number. */
  num(el: XmlElement, name: string): number {
    const raw = el.attrs[name];
    if (raw === undefined) {
      this.sink.error(el, `<${el.name}> is missing the required attribute '${name}'`);
      return 0;
    }
    return this.parseNumber(el, name, raw, 0);
  }

  optNum(el: XmlElement, name: string, fallback: number): number {
    const raw = el.attrs[name];
    return raw === undefined ? fallback : this.parseNumber(el, name, raw, fallback);
  }

  /** A required value out of `allowed`; reports anything else. */
  oneOf<T extends string>(el: XmlElement, name: string, allowed: readonly T[]): T | null {
    const raw = this.str(el, name);
    if (raw === '') return null;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.sink.error(el, `<${el.name}> ${name}='${raw}' is not one of ${allowed.join(', ')}`);
    return null;
  }

  /** Reports the outermost elements under `root` that no stage handled, grouped by element name. */
  reportUnhandled(root: XmlElement, reasons: Readonly<Record<string, string>>): void {
    const groups = new Map<string, XmlElement[]>();
    const walk = (el: XmlElement): void => {
      for (const child of el.children) {
        if (this.seen.has(child)) walk(child);
        else groups.set(child.name, [...(groups.get(child.name) ?? []), child]);
      }
    };
    walk(root);
    for (const [name, els] of groups) {
      const reason = reasons[name] ?? 'not supported by the importer';
      const more = els.length > 1 ? ` (${els.length} elements; also at lines ${els.slice(1, 6).map((e) => e.line).join(', ')}${els.length > 6 ? ', ...' : ''})` : '';
      this.sink.warn(els[0], `<${name}> ignored: ${reason}${more}`);
    }
  }

  private parseNumber(el: XmlElement, name: string, raw: string, fallback: number): number {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value)) {
      this.sink.error(el, `<${el.name}> ${name}='${raw}' is not a finite number`);
      return fallback;
    }
    return value;
  }
}
