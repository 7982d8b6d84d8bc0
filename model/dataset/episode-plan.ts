/**
 * What episode i of a dataset is: a scenario family, a spec, the ego policy and the look, all drawn
 * from the episode's own stream `createRng(seed, 'episode:' + i)`, so episode i is the same whatever
 * the episode count or the worker count. Retries (after a collision or an impossible draw) keep
 * drawing from the same stream, so they are deterministic too.
 *
 * Families: `library:<name>` (a library scenario, its ranged parameters drawn uniformly, the ego
 * on its authored trajectory or on IDM) and `procedural:<road>` (procedural-scenario.ts).
 */
import { createRng, type Rng } from '../../sim/rng';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import { proceduralScenario, PROCEDURAL_FAMILIES } from './procedural-scenario';

/** Share of episodes taken from the scenario library; the rest are procedural. */
export const LIBRARY_SHARE = 0.3;
/** Share of library episodes driven by the authored trajectory (the rest by IDM). */
const LIBRARY_TRAJECTORY_SHARE = 0.6;

export interface LibraryScenario {
  readonly name: string;
  readonly spec: ScenarioSpec;
}

export interface EpisodePlan {
  readonly family: string;
  readonly spec: ScenarioSpec;
  readonly policy: 'trajectory' | 'idm';
  /** Seed of the scenario instance (its own actor streams) and of the look (appearanceFromSeed). */
  readonly worldSeed: number;
  readonly lookSeed: number;
  /** Parameter overrides of a library scenario. */
  readonly overrides: Readonly<Record<string, number>>;
  /** Short human-readable summary for the episode metadata. */
  readonly notes: Readonly<Record<string, string | number>>;
}

export function episodeRng(seed: number, index: number): Rng {
  return createRng(seed, `episode:${index}`);
}

/** Uniform draws of the library spec's ranged, non-derived parameters. */
function drawLibraryOverrides(rng: Rng, spec: ScenarioSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, p] of Object.entries(spec.parameters ?? {})) {
    if (typeof p !== 'object' || p === null || !('value' in p)) continue;
    const { min, max } = p as { min?: unknown; max?: unknown };
    if (typeof min === 'number' && typeof max === 'number' && max > min) out[name] = Math.round(rng.uniform(min, max) * 1000) / 1000;
  }
  return out;
}

/** The episode's family, drawn once: retries stay in it so that the family mix is as drawn. */
export function drawFamily(rng: Rng, library: readonly LibraryScenario[]): string {
  if (library.length > 0 && rng.next() < LIBRARY_SHARE) return `library:${library[rng.int(library.length)].name}`;
  return `procedural:${PROCEDURAL_FAMILIES[rng.int(PROCEDURAL_FAMILIES.length)]}`;
}

/** The next plan of `family` from the episode's stream; `durationS` is the rollout length. */
export function drawEpisodePlan(rng: Rng, family: string, library: readonly LibraryScenario[], durationS: number): EpisodePlan {
  const worldSeed = rng.int(0x7fffffff);
  const lookSeed = rng.int(0x7fffffff);
  const [kind, name] = family.split(':');
  if (kind === 'library') {
    const entry = library.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`drawEpisodePlan: no library scenario '${name}'`);
    const overrides = drawLibraryOverrides(rng, entry.spec);
    const policy = rng.next() < LIBRARY_TRAJECTORY_SHARE && entry.spec.ego.trajectory !== undefined ? 'trajectory' : 'idm';
    return { family: `library:${entry.name}`, spec: { ...entry.spec, duration: durationS }, policy, worldSeed, lookSeed, overrides, notes: { scenario: entry.name } };
  }
  const road = PROCEDURAL_FAMILIES.find((f) => f === name);
  if (kind !== 'procedural' || road === undefined) throw new Error(`drawEpisodePlan: unknown family '${family}'`);
  const p = proceduralScenario(rng, road, durationS);
  return {
    family: `procedural:${road}`,
    spec: p.spec,
    policy: 'trajectory',
    worldSeed,
    lookSeed,
    overrides: {},
    notes: { scenario: p.spec.name, ego_longitudinal: p.ego.longitudinal, ego_lateral: p.ego.lateral, traffic: p.trafficCount, pedestrians: p.pedestrians },
  };
}
