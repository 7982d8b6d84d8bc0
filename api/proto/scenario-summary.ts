/** A scenario's ScenarioSummary message: what listings and session pickers show of a spec. */
import { resolveSpec } from '../../scenarios/resolve';
import type { ResolvedScenario } from '../../scenarios/resolved-types';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import type { ParameterSummaryMessage, ScenarioSummaryMessage } from './messages';

function parameterSummary(name: string, raw: NonNullable<ScenarioSpec['parameters']>[string], value: number | undefined): ParameterSummaryMessage {
  const base = { name, value: value ?? null, expression: '', min: null, max: null, unit: '', distribution: '' as const };
  if (typeof raw === 'number') return base;
  if (typeof raw === 'string') return { ...base, expression: raw };
  const expression = raw.expr ?? (typeof raw.value === 'string' ? raw.value : '');
  return { ...base, expression, min: raw.min ?? null, max: raw.max ?? null, unit: raw.unit ?? '', distribution: raw.distribution ?? '' };
}

/**
 * The summary of `spec`, with parameter values and duration from `resolved` (resolved here with the
 * nominal parameters when not given).
 */
export function scenarioSummary(spec: ScenarioSpec, resolved: Pick<ResolvedScenario, 'durationS' | 'parameters'> = resolveSpec(spec)): ScenarioSummaryMessage {
  return {
    name: spec.name,
    description: (spec.description ?? '').trim(),
    tags: [...(spec.tags ?? [])],
    durationS: resolved.durationS,
    roadType: spec.road.type,
    parameters: Object.entries(spec.parameters ?? {}).map(([name, raw]) => parameterSummary(name, raw, resolved.parameters[name])),
    criteria: spec.criteria ?? '',
  };
}
