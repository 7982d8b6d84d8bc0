/**
 * Parameters of a scenario: nominal values, derived values in dependency order, overrides from the
 * command line (`gap=30`: declared parameters only, within min..max), constraints checked on the
 * result; seeded samples and grids live in `parameter-sweeps.ts` and are re-exported here.
 */
import { IssueSink, SpecError, type PathSegment } from './errors';
import { orderParameters, parameterDefinitions } from './parameter-definitions';
import { checkAssignedNames, evaluateParameters, type ParameterValues } from './parameter-evaluation';
import { sourceOf } from './spec-source';
import type { ScenarioSpec } from './spec-types';

export type { ParameterValues, Rejection } from './parameter-evaluation';
export type { ParameterDefinition, Distribution, GridDeclaration } from './parameter-definitions';
export { sampleParameters, gridParameters, declaredGridAxes, axisValues, MAX_GRID_CELLS } from './parameter-sweeps';
export type { ParameterSample, ParameterSweep, RejectionReport, GridAxis, SweepOptions } from './parameter-sweeps';

export interface ResolveParametersOptions {
  /** Values set from outside (command line, a sweep sample); checked against the declarations. */
  readonly overrides?: ParameterValues;
  /** Collects issues (positions from the spec's source); a new one is made when absent. */
  readonly sink?: IssueSink;
}

/**
 * All parameter values of a spec, with overrides applied; throws a SpecError naming every problem
 * (unknown names, cycles, failed expressions, ranges, constraints) unless a sink is given.
 */
export function resolveParameters(spec: ScenarioSpec, options: ResolveParametersOptions = {}): ParameterValues {
  const source = sourceOf(spec);
  const sink = options.sink ?? new IssueSink(source.file, source.locate);
  const overrides = options.overrides ?? {};
  const definitions = parameterDefinitions(spec, sink);
  checkAssignedNames(definitions, overrides, sink, 'override');
  for (const definition of definitions) {
    if (Object.hasOwn(overrides, definition.name) && typeof definition.nominal === 'string') {
      sink.warn(definition.path, `override ${definition.name}=${overrides[definition.name]} replaces the derived value '${definition.nominal}'`);
    }
  }
  const ordered = orderParameters(definitions, sink);
  const { values } = evaluateParameters(spec, ordered, overrides, sink, true);
  if (options.sink === undefined) sink.throwIfErrors();
  return values ?? {};
}

/** Parses command-line overrides `name=value` (value a plain number). */
export function parseOverrides(args: readonly string[]): ParameterValues {
  const sink = new IssueSink('<command line>');
  const out: Record<string, number> = {};
  args.forEach((arg, index) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(arg);
    const path: PathSegment[] = ['overrides', index];
    if (match === null) {
      sink.error(path, `expected name=value, got '${arg}'`);
      return;
    }
    const value = Number(match[2]);
    if (match[2] === '' || !Number.isFinite(value)) sink.error(path, `'${arg}': '${match[2]}' is not a number`);
    else if (Object.hasOwn(out, match[1])) sink.error(path, `'${match[1]}' is set twice`);
    else out[match[1]] = value;
  });
  if (sink.errorCount > 0) throw new SpecError(sink.issues);
  return out;
}
