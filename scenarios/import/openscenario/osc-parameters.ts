/**
 * OpenSCENARIO parameters -> ours. Attribute values may be literals, references (`$EgoSpeed`) or
 * expressions (`${$EgoSpeed / 3.6}`). Numeric parameters declared at the top of the file become
 * spec parameters, so a reference or an expression stays an expression in the spec (`EgoSpeed / 3.6`)
 * and `--param EgoSpeed=120` still works after import. Parameters of inner scopes (a Story, a
 * catalog entry) and string/boolean parameters are substituted at import time. Every value is also
 * evaluated at import (nominal values) for what must be known then: positions, lane ids, entity names.
 *
 * OpenSCENARIO 1.1 expressions use + - * / % (), unary -, round/floor/ceil/sqrt/pow and the boolean
 * operators, which mathjs reads the same once `$name` is replaced by our parameter name.
 */
import { RESERVED_NAMES } from '../../expression-vocabulary';
import { evaluateNumber } from '../../expressions';
import type { IssueSink } from '../opendrive/import-issue';
import type { XmlElement } from '../opendrive/xml-dom';

/** A numeric attribute: its value at import and its form in the spec (a number or an expression). */
export interface NumValue {
  readonly value: number;
  readonly expr: number | string;
}

interface Declared {
  readonly oscName: string;
  readonly type: string;
  readonly raw: string;
  readonly el: XmlElement;
  /** Our parameter name (root numeric parameters only). */
  readonly specName: string | null;
}

const NUMERIC_TYPES = new Set(['double', 'integer', 'int', 'unsignedInt', 'unsignedShort']);
const REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;
const EXPRESSION = /^\$\{([\s\S]*)\}$/;
const NAME_IN_EXPRESSION = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** What an expression may use besides parameters: OpenSCENARIO 1.1's functions (all in our whitelist). */
const OSC_FUNCTIONS = new Set(['round', 'floor', 'ceil', 'sqrt', 'pow', 'not', 'and', 'or']);

export class OscParameters {
  private readonly scopes: Map<string, Declared>[] = [new Map()];
  private readonly rootValues = new Map<string, number>();
  private readonly evaluating: string[] = [];
  /** Spec parameters: our name -> number or expression, in declaration order. */
  readonly specParameters = new Map<string, number | string>();
  readonly constraints: string[] = [];

  constructor(
    private readonly sink: IssueSink,
    /** Names a parameter may not take (entity ids). */
    private readonly taken: ReadonlySet<string>,
  ) {}

  /** Declares the file's top-level parameters (spec parameters when numeric). */
  declareRoot(decls: readonly XmlElement[]): void {
    const used = new Set<string>();
    for (const el of decls) {
      const d = this.declared(el, true, used);
      if (d !== null) this.scopes[0].set(d.oscName, d);
    }
    for (const d of this.scopes[0].values()) {
      if (d.specName === null) continue;
      const value = this.rootValue(d);
      if (value === null) continue;
      const form = this.specForm(d);
      this.specParameters.set(d.specName, form ?? value);
    }
  }

  /** Runs `body` with an inner scope (a Story's or a catalog entry's declarations plus assignments). */
  withScope<T>(decls: readonly XmlElement[], assignments: ReadonlyMap<string, { raw: string; el: XmlElement }>, body: () => T): T {
    const scope = new Map<string, Declared>();
    for (const el of decls) {
      const d = this.declared(el, false, new Set());
      if (d === null) continue;
      const assigned = assignments.get(d.oscName);
      // An assignment is resolved in the caller's scope, before the new one is pushed.
      const raw = assigned === undefined ? d.raw : this.literal(assigned.el, assigned.raw);
      scope.set(d.oscName, { ...d, raw });
    }
    for (const [name, a] of assignments) {
      if (!scope.has(name)) this.sink.warn(a.el, `ParameterAssignment to '${name}', which the entry does not declare; ignored`);
    }
    this.scopes.push(scope);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** A string attribute with references and expressions substituted (null when absent). */
  str(el: XmlElement, attr: string): string | null {
    const raw = el.attrs[attr];
    return raw === undefined ? null : this.literal(el, raw);
  }

  /** A numeric attribute (null when absent or invalid; invalid values are reported). */
  num(el: XmlElement, attr: string): NumValue | null {
    const raw = el.attrs[attr];
    if (raw === undefined) return null;
    const text = raw.trim();
    const ref = REFERENCE.exec(text);
    if (ref !== null) return this.refNum(el, attr, ref[1]);
    const expr = EXPRESSION.exec(text);
    if (expr !== null) return this.exprNum(el, attr, expr[1]);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      this.sink.error(el, `<${el.name}> ${attr}='${raw}' is not a number`);
      return null;
    }
    return { value, expr: value };
  }

  /** Our name of a root parameter, for messages. */
  specNameOf(oscName: string): string | null {
    return this.scopes[0].get(oscName)?.specName ?? null;
  }

  private declared(el: XmlElement, root: boolean, used: Set<string>): Declared | null {
    const oscName = el.attrs.name;
    const type = el.attrs.parameterType ?? 'string';
    const raw = el.attrs.value;
    if (oscName === undefined || raw === undefined) {
      this.sink.error(el, `<ParameterDeclaration> needs 'name' and 'value'`);
      return null;
    }
    const numeric = NUMERIC_TYPES.has(type);
    const specName = root && numeric ? this.specNameFor(oscName, used) : null;
    if (root && numeric) this.declareConstraints(el, specName as string);
    return { oscName, type, raw, el, specName };
  }

  /** Our name: the OpenSCENARIO name made a mathjs symbol, clear of reserved words and entity ids. */
  private specNameFor(oscName: string, used: Set<string>): string {
    let name = oscName.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(name)) name = `p_${name}`;
    while (RESERVED_NAMES.has(name) || this.taken.has(name) || used.has(name)) name = `${name}_param`;
    used.add(name);
    return name;
  }

  /** OpenSCENARIO 1.1 ConstraintGroups: groups OR-ed, constraints in a group AND-ed. */
  private declareConstraints(el: XmlElement, specName: string): void {
    const ops: Record<string, string> = { greaterThan: '>', lessThan: '<', equalTo: '==', greaterOrEqual: '>=', lessOrEqual: '<=', notEqualTo: '!=' };
    const groups = el.children.filter((c) => c.name === 'ConstraintGroup').map((g) =>
      g.children
        .filter((c) => c.name === 'ValueConstraint')
        .map((c) => {
          const op = ops[c.attrs.rule ?? ''];
          const value = Number(c.attrs.value);
          if (op === undefined || !Number.isFinite(value)) {
            this.sink.error(c, `<ValueConstraint> needs a rule (${Object.keys(ops).join(', ')}) and a numeric value`);
            return 'true';
          }
          return `${specName} ${op} ${value}`;
        }),
    );
    const nonEmpty = groups.filter((g) => g.length > 0);
    if (nonEmpty.length > 0) this.constraints.push(nonEmpty.map((g) => (g.length > 1 ? `(${g.join(' and ')})` : g[0])).join(' or '));
  }

  private lookup(name: string): Declared | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const d = this.scopes[i].get(name);
      if (d !== undefined) return d;
    }
    return null;
  }

  private unknown(el: XmlElement, name: string): void {
    const names = this.scopes.flatMap((s) => [...s.keys()]);
    this.sink.error(el, `<${el.name}> refers to undeclared parameter '$${name}'${names.length > 0 ? ` (declared: ${[...new Set(names)].join(', ')})` : ''}`);
  }

  /** A string value: references replaced by the parameter's value, expressions evaluated. */
  private literal(el: XmlElement, raw: string): string {
    const ref = REFERENCE.exec(raw.trim());
    if (ref !== null) {
      const d = this.lookup(ref[1]);
      if (d === null) {
        this.unknown(el, ref[1]);
        return '';
      }
      return this.guard(el, d, () => (d.specName !== null ? String(this.rootValue(d) ?? '') : this.literal(d.el, d.raw))) ?? '';
    }
    if (EXPRESSION.test(raw.trim())) {
      const n = this.num({ ...el, attrs: { v: raw } }, 'v');
      return n === null ? '' : String(n.value);
    }
    return raw;
  }

  private refNum(el: XmlElement, attr: string, name: string): NumValue | null {
    const d = this.lookup(name);
    if (d === null) {
      this.unknown(el, name);
      return null;
    }
    if (d.specName !== null) {
      const value = this.rootValue(d);
      return value === null ? null : { value, expr: d.specName };
    }
    return this.guard(el, d, () => this.num({ ...d.el, attrs: { [attr]: d.raw } }, attr));
  }

  private exprNum(el: XmlElement, attr: string, body: string): NumValue | null {
    let failed = false;
    const constants: Record<string, number> = {};
    const translated = body.replace(NAME_IN_EXPRESSION, (_m, name: string) => {
      const d = this.lookup(name);
      if (d === null) {
        this.unknown(el, name);
        failed = true;
        return '0';
      }
      if (d.specName !== null) {
        const value = this.rootValue(d);
        if (value === null) failed = true;
        else constants[d.specName] = value;
        return d.specName;
      }
      const inner = this.guard(el, d, () => this.num({ ...d.el, attrs: { v: d.raw } }, 'v'));
      if (inner === null) {
        failed = true;
        return '0';
      }
      return `(${inner.value})`;
    });
    if (failed) return null;
    const bare = translated.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (w) => (OSC_FUNCTIONS.has(w) || w in constants ? w : `\u0000${w}`));
    if (bare.includes('\u0000')) {
      this.sink.error(el, `<${el.name}> ${attr}: '\${${body}}' uses a name that is neither a parameter ($name) nor an OpenSCENARIO function`);
      return null;
    }
    const result = evaluateNumber(translated, { file: this.sink.file, path: el.path, line: el.line, col: el.col }, constants);
    if (!result.ok) {
      this.sink.error(el, `<${el.name}> ${attr}: cannot evaluate '\${${body}}': ${result.issue.message}`);
      return null;
    }
    return { value: result.value, expr: translated.trim() };
  }

  /** Evaluates a root parameter's nominal value, catching definition cycles. */
  private rootValue(d: Declared): number | null {
    const known = this.rootValues.get(d.oscName);
    if (known !== undefined) return known;
    const n = this.guard(d.el, d, () => this.num({ ...d.el, attrs: { value: d.raw } }, 'value'));
    if (n !== null) this.rootValues.set(d.oscName, n.value);
    return n?.value ?? null;
  }

  /** The spec form of a root parameter: its literal number, or the expression it is derived by. */
  private specForm(d: Declared): number | string | null {
    const n = this.num({ ...d.el, attrs: { value: d.raw } }, 'value');
    return n === null ? null : n.expr;
  }

  private guard<T>(_at: XmlElement, d: Declared, body: () => T | null): T | null {
    if (this.evaluating.includes(d.oscName)) {
      const cycle = [...this.evaluating.slice(this.evaluating.indexOf(d.oscName)), d.oscName].map((n) => `$${n}`).join(' -> ');
      this.sink.error(d.el, `parameter cycle: ${cycle}`);
      return null;
    }
    this.evaluating.push(d.oscName);
    try {
      return body();
    } finally {
      this.evaluating.pop();
    }
  }
}
