/** Shared helpers of the scenario tests: a lane callback like the road builder's, fixture paths. */
import * as path from 'node:path';
import type { ResolvedRoad } from '../../scenarios/resolved-types';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'specs');

/** Lane ids `lane0..lane{n-1}` for the lanes of a parametric road (stands in for the road builder). */
export function fakeLaneIds(road: ResolvedRoad): readonly string[] {
  if (road.type === 'opendrive') return [...road.network.lanes.keys()];
  const count = road.type === 'intersection' ? road.lanesPerDirection * 8 : road.laneCount;
  return Array.from({ length: count }, (_, i) => `lane${i}`);
}

/** A minimal valid spec text with extra top-level YAML appended (parameters, constraints, ...). */
export function specText(extra: string): string {
  return ['version: 2', 'name: t', 'duration: 10', 'road: { type: straight, length: 300, lanes: 3 }', 'ego:', '  start: { lane: lane0, s: 20 }', extra].join('\n');
}
