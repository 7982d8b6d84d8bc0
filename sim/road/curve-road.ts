/** A road that turns once: straight entry, constant-curvature arc, straight exit. */
import { sampleCurveChain } from '../geometry/curve-chain';
import type { RoadNetwork } from './types';
import type { CurveRoadOptions } from './road-spec';
import { requireNonNegative } from './road-spec-error';
import {
  CURVE_SAMPLE_SPACING_M,
  makeParallelLanes,
  validateLaneSet,
  validateRadius,
  validateTurnAngle,
} from './make-lane';
import { makeNetwork } from './make-network';

/**
 * Lane0 starts at the origin heading +x, runs lengthBeforeM, turns by angleDeg on radius radiusM
 * (arc length radiusM * |angle|), then runs lengthAfterM. Lanes i > 0 are the concentric parallels
 * i * laneWidthM to the left (inner lanes on a left curve).
 */
export function buildCurveRoad(options: CurveRoadOptions): RoadNetwork {
  validateLaneSet(options);
  validateRadius(options.radiusM, options);
  validateTurnAngle(options.angleDeg);
  requireNonNegative('lengthBeforeM', options.lengthBeforeM);
  requireNonNegative('lengthAfterM', options.lengthAfterM);
  const angleRad = (options.angleDeg * Math.PI) / 180;
  const reference = sampleCurveChain(
    { x: 0, y: 0, yaw: 0 },
    [
      { kind: 'line', lengthM: options.lengthBeforeM },
      { kind: 'arc', lengthM: options.radiusM * Math.abs(angleRad), curvature: Math.sign(angleRad) / options.radiusM },
      { kind: 'line', lengthM: options.lengthAfterM },
    ],
    CURVE_SAMPLE_SPACING_M,
  );
  return makeNetwork('curve', makeParallelLanes(reference, options));
}
