/** A straight multi-lane road along +x. */
import { sampleLine } from '../geometry/sample-curves';
import type { RoadNetwork } from './types';
import type { StraightRoadOptions } from './road-spec';
import { requirePositive } from './road-spec-error';
import { LINE_SAMPLE_SPACING_M, makeParallelLanes, validateLaneSet } from './make-lane';
import { makeNetwork } from './make-network';

/** Lanes `lane0` (y = 0, rightmost) .. `lane{n-1}` (y = (n-1) * laneWidthM) from x = 0 to lengthM. */
export function buildStraightRoad(options: StraightRoadOptions): RoadNetwork {
  validateLaneSet(options);
  requirePositive('lengthM', options.lengthM);
  const reference = sampleLine({ x: 0, y: 0, yaw: 0 }, options.lengthM, LINE_SAMPLE_SPACING_M);
  return makeNetwork('straight', makeParallelLanes(reference, options));
}
