/**
 * Evaluates parameter values for one assignment (overrides, a draw, a grid cell): nominal and
 * derived values in dependency order, then ranges and constraints. Shared by `resolveParameters`
 * and the sweeps, which evaluate it once per sample.
 */
import { didYouMean, listNames } from './did-you-mean';
import type { IssueSink } from './errors';
import { evaluateConstraint, evaluateNumber, expressionSymbols } from './expressions';
import type { ParameterDefinition } from './parameter-definitions';
import type { ScenarioSpec } from './spec-types';

export type ParameterValues = Readonly<Record<string, number>>;

/** Why a set of values is not acceptable: a violated constraint or a value outside its range. */
export type Rejection = { readonly kind: 'constraint'; readonly text: string } | { readonly kind: 'range'; readonly name: string };

export interface Evaluation {
  /** Undefined when an expression failed (the sink has the error). */
  readonly values: ParameterValues | undefined;
  readonly rejections: readonly Rejection[];
}

/** Checks that assigned names are declared parameters; reports the others. */
export function checkAssignedNames(definitions: readonly ParameterDefinition[], assigned: ParameterValues, sink: IssueSink, what: string): void {
  const names = definitions.map((d) => d.name);
  for (const [name, value] of Object.entries(assigned)) {
    if (names.includes(name)) continue;
    const declared = names.length === 0 ? 'the spec declares no parameters' : `parameters: ${listNames(names)}`;
    sink.error(['parameters'], `${what} '${name}=${value}': unknown parameter '${name}'${didYouMean(name, names)} (${declared})`);
  }
}

/**
 * Values of all parameters given `assigned` ones (overrides or draws), in dependency order.
 * Range and constraint failures are returned as rejections (and reported when `reportRejections`).
 */
export function evaluateParameters(
  spec: ScenarioSpec,
  ordered: readonly ParameterDefinition[],
  assigned: ParameterValues,
  sink: IssueSink,
  reportRejections: boolean,
): Evaluation {
  const values: Record<string, number> = {};
  const rejections: Rejection[] = [];
  let failed = false;
  for (const definition of ordered) {
    const { name, nominal, path, min, max } = definition;
    let value: number | undefined;
    const isAssigned = Object.hasOwn(assigned, name);
    if (isAssigned) value = assigned[name];
    else if (typeof nominal === 'number') value = nominal;
    else {
      const result = evaluateNumber(nominal, sink.where(path), values);
      if (result.ok) value = result.value;
      else sink.addAll([result.issue]);
    }
    if (value === undefined) {
      failed = true;
      continue;
    }
    values[name] = value;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      rejections.push({ kind: 'range', name });
      if (reportRejections) {
        const source = isAssigned ? `${name}=${value} (assigned)` : typeof nominal === 'string' ? `${name} = ${value} (from '${nominal}')` : `${name} = ${value}`;
        sink.error(path, `${source} is outside its range [${min ?? '-inf'}, ${max ?? 'inf'}]`);
      }
    }
  }
  // A parameter left out for an earlier error would make every constraint naming it fail too.
  const complete = ordered.length === Object.keys(spec.parameters ?? {}).length;
  if (failed || !complete) return { values: failed ? undefined : values, rejections };
  (spec.constraints ?? []).forEach((text, index) => {
    const where = sink.where(['constraints', index]);
    const result = evaluateConstraint(text, where, values);
    if (!result.ok) {
      sink.addAll([result.issue]);
      failed = true;
    } else if (!result.value) {
      rejections.push({ kind: 'constraint', text });
      if (reportRejections) {
        sink.error(['constraints', index], `constraint '${text}' is violated`, { expression: text, detail: describeValues(text, values) });
      }
    }
  });
  return { values: failed ? undefined : values, rejections };
}

/** `lead_speed = -3, gap = 20`: the parameters a constraint mentions, for its message. */
function describeValues(text: string, values: ParameterValues): string {
  const mentioned = (expressionSymbols(text) ?? []).filter((name) => Object.hasOwn(values, name));
  return mentioned.map((name) => `${name} = ${values[name]}`).join(', ');
}

