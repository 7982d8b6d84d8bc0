/** An S-bend: one eased curve, then the mirror curve back to the original heading. */
import { sampleCurveChain } from '../geometry/curve-chain';
import type { RoadNetwork } from './types';
import type { SBendRoadOptions } from './road-spec';
import { RoadSpecError, requireNonNegative } from './road-spec-error';
import {
  CURVE_SAMPLE_SPACING_M,
  makeParallelLanes,
  validateLaneSet,
  validateRadius,
  validateTurnAngle,
} from './make-lane';
import { makeNetwork } from './make-network';

/**
 * Lane0 from the origin heading +x: line, clothoid 0 -> k, arc k, clothoid k -> -k (twice the
 * ramp length), arc -k, clothoid -k -> 0, line; k = sign(angle) / radiusM. Each curve turns by
 * k * (arc + ramp length) = angle, so each arc is radiusM * |angle| - clothoidLengthM long.
 */
export function buildSBendRoad(options: SBendRoadOptions): RoadNetwork {
  validateLaneSet(options);
  validateRadius(options.radiusM, options);
  validateTurnAngle(options.angleDeg);
  requireNonNegative('clothoidLengthM', options.clothoidLengthM);
  requireNonNegative('lengthBeforeM', options.lengthBeforeM);
  requireNonNegative('lengthAfterM', options.lengthAfterM);
  const angleRad = (options.angleDeg * Math.PI) / 180;
  const rampM = options.clothoidLengthM;
  const arcM = options.radiusM * Math.abs(angleRad) - rampM;
  if (arcM < 0) {
    const maxRampM = options.radiusM * Math.abs(angleRad);
    throw new RoadSpecError(
      'clothoidLengthM',
      `must be <= radiusM*|angle| = ${maxRampM.toFixed(3)} so that each curve reaches its radius (got ${rampM})`,
    );
  }
  const kappa = Math.sign(angleRad) / options.radiusM;
  const reference = sampleCurveChain(
    { x: 0, y: 0, yaw: 0 },
    [
      { kind: 'line', lengthM: options.lengthBeforeM },
      { kind: 'clothoid', lengthM: rampM, curvatureStart: 0, curvatureEnd: kappa },
      { kind: 'arc', lengthM: arcM, curvature: kappa },
      { kind: 'clothoid', lengthM: 2 * rampM, curvatureStart: kappa, curvatureEnd: -kappa },
      { kind: 'arc', lengthM: arcM, curvature: -kappa },
      { kind: 'clothoid', lengthM: rampM, curvatureStart: -kappa, curvatureEnd: 0 },
      { kind: 'line', lengthM: options.lengthAfterM },
    ],
    CURVE_SAMPLE_SPACING_M,
  );
  return makeNetwork('s_bend', makeParallelLanes(reference, options));
}
