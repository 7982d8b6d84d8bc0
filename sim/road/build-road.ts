/** The one entry point from a parsed road spec to a `RoadNetwork`. */
import type { RoadNetwork } from './types';
import { ROAD_TYPES, type RoadSpec } from './road-spec';
import { RoadSpecError } from './road-spec-error';
import { buildStraightRoad } from './straight-road';
import { buildCurveRoad } from './curve-road';
import { buildSBendRoad } from './s-bend-road';
import { buildMergeRoad } from './merge-road';
import { buildIntersectionRoad } from './intersection-road';

/** Builds the road the spec describes; throws `RoadSpecError` (naming the field) on bad options. */
export function buildRoad(spec: RoadSpec): RoadNetwork {
  switch (spec.type) {
    case 'straight':
      return buildStraightRoad(spec);
    case 'curve':
      return buildCurveRoad(spec);
    case 's_bend':
      return buildSBendRoad(spec);
    case 'merge':
      return buildMergeRoad(spec);
    case 'intersection':
      return buildIntersectionRoad(spec);
    default: {
      const unknown: { type?: unknown } = spec;
      throw new RoadSpecError('type', `must be one of ${ROAD_TYPES.join(', ')} (got ${JSON.stringify(unknown.type)})`);
    }
  }
}
