/**
 * Spec -> ResolvedScenario: parameters resolved (overrides, optional seeded draws, constraints),
 * every numeric field evaluated and checked against the schema's bounds, units and names converted
 * to the simulator's, references checked (actors, events, lanes via the caller's road builder),
 * conditions compiled. All problems are collected and thrown as one SpecError.
 */
import { errorMessage, IssueSink, type PathSegment } from './errors';
import { evaluateNumber } from './expressions';
import { resolveParameters, sampleParameters, type ParameterValues } from './parameters';
import { resolveActors, resolveEgo } from './resolve-agents';
import type { EvaluatedSpec, ResolveContext } from './resolve-context';
import { resolveCriteria, resolveEvents } from './resolve-events';
import { resolveCamera, resolveRoad } from './resolve-road';
import type { ResolvedRoad, ResolvedScenario } from './resolved-types';
import { DEFAULT_DT_S } from './spec-defaults';
import { ScenarioSpecSchema } from './spec-schema';
import { sourceOf, type SpecSource } from './spec-source';
import type { ScenarioSpec } from './spec-types';
import { validateValue, type JsonSchema } from './validate-schema';

export interface ResolveOptions {
  /** World RNG seed (also the seed of distribution draws with `sampleDistributions`). Default 0. */
  readonly seed?: number;
  /** Parameter values from outside (`parseOverrides`, or a sweep sample's `assigned`). */
  readonly overrides?: ParameterValues;
  /** Draw distribution parameters from `seed`; otherwise they take their nominal value (mean, or midpoint of min..max). */
  readonly sampleDistributions?: boolean;
  /** Lane ids of the road the simulator builds; lane references are unchecked without it. */
  readonly laneIds?: (road: ResolvedRoad) => readonly string[];
  /** Where the spec came from; found automatically for specs from parseSpecText/loadSpecFile. */
  readonly source?: SpecSource;
}

/** Steps whose count differs from a whole number by less than this are whole (float division noise). */
const STEP_COUNT_TOLERANCE = 1e-6;

export function resolveSpec(spec: ScenarioSpec, options: ResolveOptions = {}): ResolvedScenario {
  const source = options.source ?? sourceOf(spec);
  const sink = new IssueSink(source.file, source.locate);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);

  const overrides = options.sampleDistributions === true ? sampleParameters(spec, seed, 1, { overrides: options.overrides }).samples[0].assigned : (options.overrides ?? {});
  const parameters = resolveParameters(spec, { overrides, sink });
  sink.throwIfErrors();

  const evaluate = (text: string, path: readonly PathSegment[]): number | undefined => {
    if (path[0] === 'parameters') return undefined;
    const result = evaluateNumber(text, sink.where(path), parameters);
    if (result.ok) return result.value;
    sink.addAll([result.issue]);
    return undefined;
  };
  const numeric = validateValue(ScenarioSpecSchema as unknown as JsonSchema, spec, [], { sink, evaluate }) as EvaluatedSpec;
  sink.throwIfErrors();

  const road = resolveRoad(numeric.road, sink, source.file);
  let laneIds: readonly string[] | undefined;
  if (options.laneIds !== undefined && sink.errorCount === 0) {
    try {
      laneIds = options.laneIds(road);
    } catch (error) {
      sink.error(['road'], `the road cannot be built: ${errorMessage(error)}`);
    }
  }
  const ctx: ResolveContext = { sink, parameters, laneIds, speedLimitMps: road.speedLimitMps };

  const durationS = numeric.duration;
  const dtS = numeric.dt ?? DEFAULT_DT_S;
  const steps = durationS / dtS;
  if (dtS > durationS) sink.error(['dt'], `dt ${dtS} s is longer than the duration ${durationS} s`);
  else if (Math.abs(steps - Math.round(steps)) > STEP_COUNT_TOLERANCE) {
    sink.warn(['dt'], `duration ${durationS} s is not a whole number of dt ${dtS} s steps; the run takes ${Math.round(steps)} steps (${Math.round(steps) * dtS} s)`);
  }

  const ego = resolveEgo(ctx, numeric.ego);
  const actors = resolveActors(ctx, numeric.actors);
  const events = resolveEvents(ctx, numeric.events, actors);
  const criteria = resolveCriteria(ctx, numeric.criteria);
  sink.throwIfErrors();

  return {
    name: numeric.name,
    description: numeric.description ?? '',
    tags: numeric.tags ?? [],
    file: source.file,
    seed,
    parameters,
    durationS,
    dtS,
    stepCount: Math.max(1, Math.round(steps)),
    road,
    camera: resolveCamera(numeric.camera),
    ego,
    actors,
    events,
    criteria,
    warnings: sink.issues,
  };
}
