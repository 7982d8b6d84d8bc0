/**
 * Reads the `parameters` section into uniform definitions and orders them so that every derived
 * parameter comes after the parameters its expression reads (depth-first topological sort; a cycle
 * is reported with its members, `a -> b -> a`).
 */
import { didYouMean, listNames } from './did-you-mean';
import type { IssueSink, PathSegment } from './errors';
import { MATH_CONSTANTS, RESERVED_NAMES } from './expression-vocabulary';
import { expressionSymbols } from './expressions';
import type { ScenarioSpec } from './spec-types';

export type Distribution =
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'normal'; readonly mean: number; readonly std: number };

export type GridDeclaration = { readonly values: readonly number[] } | { readonly from?: number; readonly to?: number; readonly count: number };

export interface ParameterDefinition {
  readonly name: string;
  /** A number, or an expression over other parameters (a derived parameter). */
  readonly nominal: number | string;
  /** Path of the nominal value in the document, for messages. */
  readonly path: readonly PathSegment[];
  readonly min?: number;
  readonly max?: number;
  readonly grid?: GridDeclaration;
  readonly distribution?: Distribution;
}

/** Uniform definitions of the declared parameters, in declaration order; problems go to the sink. */
export function parameterDefinitions(spec: ScenarioSpec, sink: IssueSink): ParameterDefinition[] {
  const actorIds = new Set((spec.actors ?? []).map((actor) => actor.id));
  const definitions: ParameterDefinition[] = [];
  for (const [name, raw] of Object.entries(spec.parameters ?? {})) {
    const path = ['parameters', name];
    if (RESERVED_NAMES.has(name)) sink.error(path, `'${name}' is a reserved name in expressions; choose another parameter name`, { atKey: true });
    if (actorIds.has(name)) sink.error(path, `parameter '${name}' has the same name as an actor; expressions could not tell them apart`, { atKey: true });
    if (typeof raw === 'number' || typeof raw === 'string') {
      definitions.push({ name, nominal: raw, path });
      continue;
    }
    const definition = objectDefinition(name, raw, path, sink);
    if (definition !== undefined) definitions.push(definition);
  }
  return definitions;
}

type ParameterObject = Exclude<NonNullable<ScenarioSpec['parameters']>[string], number | string>;

function objectDefinition(name: string, raw: ParameterObject, path: readonly PathSegment[], sink: IssueSink): ParameterDefinition | undefined {
  const { min, max, mean, std } = raw;
  if (raw.value !== undefined && raw.expr !== undefined) {
    sink.error(path, "give 'value' or 'expr', not both");
    return undefined;
  }
  if (min !== undefined && max !== undefined && min > max) sink.error([...path, 'min'], `min ${min} is greater than max ${max}`);
  let distribution: Distribution | undefined;
  if (raw.distribution === 'uniform') {
    if (min === undefined || max === undefined) sink.error(path, 'a uniform distribution needs both min and max');
    else distribution = { type: 'uniform', min, max };
  } else if (raw.distribution === 'normal') {
    if (mean === undefined || std === undefined) sink.error(path, 'a normal distribution needs mean and std');
    else distribution = { type: 'normal', mean, std };
  }
  if (raw.distribution !== 'normal' && (mean !== undefined || std !== undefined)) {
    sink.error(path, "'mean' and 'std' only apply to 'distribution: normal'");
  }
  if (distribution !== undefined && (raw.expr !== undefined || typeof raw.value === 'string')) {
    sink.error(path, 'a drawn parameter cannot also be derived from an expression');
    return undefined;
  }
  const written = raw.expr ?? raw.value;
  const nominal = written ?? (distribution?.type === 'normal' ? distribution.mean : distribution?.type === 'uniform' ? (distribution.min + distribution.max) / 2 : undefined);
  if (nominal === undefined) {
    sink.error(path, `parameter '${name}' needs a 'value', an 'expr' or a 'distribution'`);
    return undefined;
  }
  const grid = raw.grid === undefined ? undefined : Array.isArray(raw.grid) ? { values: raw.grid } : raw.grid;
  const valuePath = raw.expr !== undefined ? [...path, 'expr'] : raw.value !== undefined ? [...path, 'value'] : path;
  return {
    name,
    nominal,
    path: valuePath,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(grid === undefined ? {} : { grid }),
    ...(distribution === undefined ? {} : { distribution }),
  };
}

/**
 * Parameters in dependency order. Unknown names and cycles are reported; parameters caught in
 * them (or depending on them) are left out, so one mistake gives one message.
 */
export function orderParameters(definitions: readonly ParameterDefinition[], sink: IssueSink): ParameterDefinition[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const dependencies = new Map<string, readonly string[]>();
  const broken = new Set<string>();
  for (const definition of definitions) {
    if (typeof definition.nominal === 'number') {
      dependencies.set(definition.name, []);
      continue;
    }
    const symbols = expressionSymbols(definition.nominal) ?? [];
    const unknown = symbols.filter((s) => !byName.has(s) && !Object.hasOwn(MATH_CONSTANTS, s));
    for (const symbol of unknown) {
      const hint = didYouMean(symbol, [...byName.keys()]);
      sink.error(definition.path, `unknown symbol '${symbol}' in parameter '${definition.name}'${hint} (parameters: ${listNames([...byName.keys()])})`, {
        expression: definition.nominal,
      });
      broken.add(definition.name);
    }
    dependencies.set(definition.name, symbols.filter((s) => byName.has(s)));
  }

  const ordered: ParameterDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): boolean => {
    if (state.get(name) === 'done') return !broken.has(name);
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const first = byName.get(name) as ParameterDefinition;
      sink.error(first.path, `circular parameter definitions: ${cycle.join(' -> ')}`, { expression: String(first.nominal) });
      cycle.forEach((member) => broken.add(member));
      return false;
    }
    state.set(name, 'visiting');
    stack.push(name);
    let ok = !broken.has(name);
    for (const dependency of dependencies.get(name) ?? []) ok = visit(dependency) && ok;
    stack.pop();
    state.set(name, 'done');
    if (!ok) broken.add(name);
    else ordered.push(byName.get(name) as ParameterDefinition);
    return ok;
  };
  definitions.forEach((definition) => visit(definition.name));
  return ordered;
}
