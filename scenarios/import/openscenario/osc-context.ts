/**
 * What every stage of the OpenSCENARIO import shares: the issue sink, the reader that remembers
 * which elements were handled (the rest is reported as unsupported), parameters, catalogs, the
 * imported road, and the entities by their OpenSCENARIO name.
 */
import type { RoadNetwork } from '../../../sim/road/types';
import type { AgentClass } from '../../../sim/types';
import { didYouMean } from '../../did-you-mean';
import type { OpenDrive } from '../opendrive/od-types';
import { XmlReader } from '../opendrive/xml-reader';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscCatalogs } from './osc-catalogs';
import type { NumValue, OscParameters } from './osc-parameters';
import type { OscSink } from './osc-sink';

export interface OscEntity {
  /** The name in the file. */
  readonly name: string;
  /** Our id: 'ego' for the ego, else the name made an id (letters, digits, _ and -). */
  readonly id: string;
  readonly cls: AgentClass;
  readonly size: { readonly length: number; readonly width: number; readonly height: number };
  /**
   * Where the bounding box centre lies in the entity's frame, m. OpenSCENARIO positions place the
   * reference point (for vehicles the rear axle); our poses are box centres.
   */
  readonly centre: { readonly x: number; readonly y: number };
  readonly isEgo: boolean;
  readonly el: XmlElement;
}

export class OscContext {
  readonly reader: XmlReader;
  readonly entities = new Map<string, OscEntity>();

  constructor(
    readonly sink: OscSink,
    readonly params: OscParameters,
    readonly catalogs: OscCatalogs,
    readonly od: OpenDrive,
    readonly network: RoadNetwork,
  ) {
    this.reader = new XmlReader(sink);
  }

  use(el: XmlElement): XmlElement {
    return this.reader.use(el);
  }

  /** Marks `el` and everything under it handled (after a warning that covers the whole element). */
  useTree(el: XmlElement): void {
    this.use(el);
    el.children.forEach((c) => this.useTree(c));
  }

  /** The first child named `name`, marked handled. */
  child(el: XmlElement, name: string): XmlElement | null {
    return this.reader.one(el, name);
  }

  /** Children named `name`, marked handled. */
  children(el: XmlElement, name: string): XmlElement[] {
    return this.reader.all(el, name);
  }

  /** The one child element (of a choice like Position or PrivateAction), marked handled. */
  choice(el: XmlElement): XmlElement | null {
    const first = el.children[0];
    if (first === undefined) {
      this.sink.error(el, `<${el.name}> is empty`);
      return null;
    }
    return this.use(first);
  }

  num(el: XmlElement, attr: string): NumValue | null {
    const n = this.params.num(el, attr);
    if (n === null && el.attrs[attr] === undefined) this.sink.error(el, `<${el.name}> is missing the required attribute '${attr}'`);
    return n;
  }

  optNum(el: XmlElement, attr: string, fallback: number): NumValue {
    return el.attrs[attr] === undefined ? { value: fallback, expr: fallback } : (this.params.num(el, attr) ?? { value: fallback, expr: fallback });
  }

  str(el: XmlElement, attr: string): string | null {
    const s = this.params.str(el, attr);
    if (s === null) this.sink.error(el, `<${el.name}> is missing the required attribute '${attr}'`);
    return s;
  }

  optStr(el: XmlElement, attr: string, fallback: string): string {
    return this.params.str(el, attr) ?? fallback;
  }

  /** The entity an attribute names (entityRef, ...), or null (reported with the known names). */
  entity(el: XmlElement, attr = 'entityRef'): OscEntity | null {
    const name = this.str(el, attr);
    if (name === null) return null;
    const entity = this.entities.get(name);
    if (entity === undefined) {
      const names = [...this.entities.keys()];
      this.sink.error(el, `<${el.name}> ${attr}='${name}' names no entity (entities: ${names.join(', ') || 'none'})${didYouMean(name, names)}`);
      return null;
    }
    return entity;
  }
}

/** `a + b` for spec values: numbers add, expressions are joined (parenthesised). */
export function addExpr(a: number | string, b: number | string): number | string {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (b === 0) return a;
  if (a === 0) return b;
  return `(${a}) + (${b})`;
}

/** `a * b` for spec values. */
export function mulExpr(a: number | string, b: number | string): number | string {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (b === 1) return a;
  if (a === 1) return b;
  return `(${a}) * (${b})`;
}

/** A spec value as text inside a condition. */
export function exprText(v: number | string): string {
  return typeof v === 'number' ? String(v) : `(${v})`;
}
