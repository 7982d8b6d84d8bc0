/**
 * Parameter variation: seeded random samples (uniform and normal distributions, rejection on
 * constraints and ranges, with a report of what was rejected and why) and cartesian grids.
 * The same spec and seed give the same samples: each drawn parameter has its own RNG stream.
 */
import { IssueSink, SpecError } from './errors';
import { orderParameters, parameterDefinitions, type Distribution, type ParameterDefinition } from './parameter-definitions';
import { checkAssignedNames, evaluateParameters, type ParameterValues, type Rejection } from './parameter-evaluation';
import { createRng, type Rng } from '../sim/rng';
import { sourceOf } from './spec-source';
import type { ScenarioSpec } from './spec-types';

export interface ParameterSample {
  readonly index: number;
  /** The values the sweep set (drawn or grid parameters, plus overrides). Pass as `overrides`. */
  readonly assigned: ParameterValues;
  /** All parameter values, derived ones included. */
  readonly values: ParameterValues;
}

export interface RejectionReport {
  readonly attempts: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rejections per reason: the constraint text, or `range of <name>`. One attempt may count twice. */
  readonly byReason: Readonly<Record<string, number>>;
}

export interface ParameterSweep {
  readonly samples: readonly ParameterSample[];
  readonly report: RejectionReport;
}

export interface SweepOptions {
  readonly overrides?: ParameterValues;
  /** Sampling gives up after this many draws (default 100 per sample, at least 1000). */
  readonly maxAttempts?: number;
}

/** A truncated normal is redrawn this often before the draw is clamped to min..max. */
const MAX_TRUNCATION_REDRAWS = 64;
/** Grids larger than this are almost surely a mistake (a count typed one digit too long). */
export const MAX_GRID_CELLS = 100_000;

function prepare(spec: ScenarioSpec, overrides: ParameterValues): { ordered: ParameterDefinition[]; definitions: ParameterDefinition[] } {
  const source = sourceOf(spec);
  const sink = new IssueSink(source.file, source.locate);
  const definitions = parameterDefinitions(spec, sink);
  checkAssignedNames(definitions, overrides, sink, 'override');
  const ordered = orderParameters(definitions, sink);
  sink.throwIfErrors();
  return { ordered, definitions };
}

function reasonKey(rejection: Rejection): string {
  return rejection.kind === 'constraint' ? rejection.text : `range of ${rejection.name}`;
}

/** Evaluates one assignment; throws on expression errors (they would fail every sample alike). */
function tryAssignment(spec: ScenarioSpec, ordered: readonly ParameterDefinition[], assigned: ParameterValues) {
  const source = sourceOf(spec);
  const sink = new IssueSink(source.file, source.locate);
  const evaluation = evaluateParameters(spec, ordered, assigned, sink, false);
  sink.throwIfErrors();
  return evaluation;
}

function draw(distribution: Distribution, definition: ParameterDefinition, rng: Rng): number {
  if (distribution.type === 'uniform') return distribution.min + (distribution.max - distribution.min) * rng.next();
  const lo = definition.min ?? -Infinity;
  const hi = definition.max ?? Infinity;
  for (let i = 0; i < MAX_TRUNCATION_REDRAWS; i++) {
    const value = distribution.mean + distribution.std * rng.normal();
    if (value >= lo && value <= hi) return value;
  }
  return Math.min(Math.max(distribution.mean, lo), hi);
}

/**
 * `n` samples: distribution parameters drawn from `createRng(seed, 'parameter:<name>')`, the rest
 * nominal (or overridden). Draws that break a constraint or a range are rejected and redrawn;
 * throws a SpecError with the rejection counts when `n` samples cannot be found.
 */
export function sampleParameters(spec: ScenarioSpec, seed: number, n: number, options: SweepOptions = {}): ParameterSweep {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sample count must be a whole number >= 0, got ${n}`);
  const overrides = options.overrides ?? {};
  const { ordered } = prepare(spec, overrides);
  const drawn = ordered.filter((d) => d.distribution !== undefined && !Object.hasOwn(overrides, d.name));
  const rngs = new Map(drawn.map((d) => [d.name, createRng(seed, `parameter:${d.name}`)]));
  const maxAttempts = options.maxAttempts ?? Math.max(1000, 100 * n);
  const samples: ParameterSample[] = [];
  const byReason: Record<string, number> = {};
  let attempts = 0;
  while (samples.length < n && attempts < maxAttempts) {
    attempts++;
    const assigned: Record<string, number> = { ...overrides };
    for (const definition of drawn) {
      assigned[definition.name] = draw(definition.distribution as Distribution, definition, rngs.get(definition.name) as Rng);
    }
    const { values, rejections } = tryAssignment(spec, ordered, assigned);
    if (rejections.length === 0 && values !== undefined) samples.push({ index: samples.length, assigned, values });
    for (const rejection of rejections) byReason[reasonKey(rejection)] = (byReason[reasonKey(rejection)] ?? 0) + 1;
  }
  const report: RejectionReport = { attempts, accepted: samples.length, rejected: attempts - samples.length, byReason };
  if (samples.length < n) {
    const source = sourceOf(spec);
    const sink = new IssueSink(source.file, source.locate);
    const reasons = Object.entries(byReason).map(([reason, count]) => `'${reason}' ${count} times`).join(', ');
    sink.error(['constraints'], `sampling found ${samples.length} of ${n} samples in ${attempts} draws; rejected by ${reasons}`);
    throw new SpecError(sink.issues);
  }
  return { samples, report };
}

/** One grid axis: evenly spaced values, or explicit ones. */
export type GridAxis =
  | { readonly name: string; readonly from: number; readonly to: number; readonly count: number }
  | { readonly name: string; readonly values: readonly number[] };

export function axisValues(axis: GridAxis): readonly number[] {
  if ('values' in axis) return axis.values;
  if (axis.count === 1) return [axis.from];
  return Array.from({ length: axis.count }, (_, i) => axis.from + ((axis.to - axis.from) * i) / (axis.count - 1));
}

/** The axes a spec declares with `grid:` (from/to default to the parameter's min/max). */
export function declaredGridAxes(spec: ScenarioSpec): GridAxis[] {
  const source = sourceOf(spec);
  const sink = new IssueSink(source.file, source.locate);
  const axes: GridAxis[] = [];
  for (const definition of parameterDefinitions(spec, sink)) {
    const grid = definition.grid;
    if (grid === undefined) continue;
    if ('values' in grid) {
      axes.push({ name: definition.name, values: grid.values });
      continue;
    }
    const from = grid.from ?? definition.min;
    const to = grid.to ?? definition.max;
    if (from === undefined || to === undefined) sink.error([...definition.path.slice(0, 2), 'grid'], "a grid count needs 'from' and 'to' (or the parameter's min and max)");
    else axes.push({ name: definition.name, from, to, count: grid.count });
  }
  sink.throwIfErrors();
  return axes;
}

/**
 * The cartesian product of the axes (the first axis varies slowest); cells that break a constraint
 * or a range are left out and counted in the report. Axes default to the spec's `grid:` declarations.
 */
export function gridParameters(spec: ScenarioSpec, axes: readonly GridAxis[] = declaredGridAxes(spec), options: SweepOptions = {}): ParameterSweep {
  const overrides = options.overrides ?? {};
  const { ordered } = prepare(spec, { ...overrides, ...Object.fromEntries(axes.map((a) => [a.name, 0])) });
  const columns = axes.map(axisValues);
  const cells = columns.reduce((product, column) => product * column.length, 1);
  if (cells > MAX_GRID_CELLS) throw new RangeError(`the grid has ${cells} cells; the limit is ${MAX_GRID_CELLS}`);
  const samples: ParameterSample[] = [];
  const byReason: Record<string, number> = {};
  for (let cell = 0; cell < cells; cell++) {
    const assigned: Record<string, number> = { ...overrides };
    let rest = cell;
    for (let axis = axes.length - 1; axis >= 0; axis--) {
      assigned[axes[axis].name] = columns[axis][rest % columns[axis].length];
      rest = Math.floor(rest / columns[axis].length);
    }
    const { values, rejections } = tryAssignment(spec, ordered, assigned);
    if (rejections.length === 0 && values !== undefined) samples.push({ index: samples.length, assigned, values });
    for (const rejection of rejections) byReason[reasonKey(rejection)] = (byReason[reasonKey(rejection)] ?? 0) + 1;
  }
  return { samples, report: { attempts: cells, accepted: samples.length, rejected: cells - samples.length, byReason } };
}
