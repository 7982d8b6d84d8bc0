/**
 * The importer's issue sink: the OpenDRIVE importer's, except that elements read from a catalog
 * file are reported against that file (its name, its lines) rather than the scenario's.
 */
import { IssueSink } from '../opendrive/import-issue';
import type { XmlElement } from '../opendrive/xml-dom';

export class OscSink extends IssueSink {
  private readonly fileOf = new WeakMap<XmlElement, string>();

  /** Marks every element under `root` as coming from `file`. */
  registerFile(root: XmlElement, file: string): void {
    const walk = (el: XmlElement): void => {
      this.fileOf.set(el, file);
      el.children.forEach(walk);
    };
    walk(root);
  }

  override error(at: XmlElement | null, message: string): void {
    this.push('error', at, message);
  }

  override warn(at: XmlElement | null, message: string): void {
    this.push('warning', at, message);
  }

  private push(severity: 'error' | 'warning', at: XmlElement | null, message: string): void {
    const file = (at !== null ? this.fileOf.get(at) : undefined) ?? this.file;
    this.issues.push({ file, path: at?.path ?? '', line: at?.line ?? 0, col: at?.col ?? 0, message, severity });
  }
}
