/**
 * A highway on-ramp. Lane ids:
 * - `lane0` .. `lane{n-1}`: the main road, as `straight` (x from 0 to lengthM, lane i at y = i * w).
 * - `ramp`: enters from the right-back at RAMP_ANGLE_DEG to the road and eases onto the road's
 *   heading; successor `merge`.
 * - `merge`: the acceleration lane at y = -w over x in [mergeStartM, mergeStartM + mergeLengthM];
 *   predecessor `ramp`, leftId `lane0`, no successor: vehicles must change left before it ends.
 * lane0.rightId is `merge` for the whole of lane0 (lanes are not split into sections, so ids stay
 * those of the straight road); the neighbour exists only alongside the merge section, which
 * `laneChangeTarget(network, 'lane0', 'right', s)` checks when given s.
 */
import { sampleCurveChain } from '../geometry/curve-chain';
import { type CurvePoint, sampleLine } from '../geometry/sample-curves';
import type { RoadNetwork } from './types';
import type { MergeRoadOptions } from './road-spec';
import { RoadSpecError, requireNonNegative, requirePositive } from './road-spec-error';
import {
  CURVE_SAMPLE_SPACING_M,
  LINE_SAMPLE_SPACING_M,
  makeLane,
  makeParallelLanes,
  validateLaneSet,
} from './make-lane';
import { makeNetwork } from './make-network';

/** Angle between the ramp's straight part and the main road, degrees (typical for on-ramps). */
export const RAMP_ANGLE_DEG = 12;

/** Longest curvature transition at the end of the ramp, m (peak radius ~ 143 m at 12 degrees). */
const RAMP_TRANSITION_MAX_M = 60;

function validateMerge(options: MergeRoadOptions): void {
  validateLaneSet(options);
  requirePositive('lengthM', options.lengthM);
  requirePositive('rampLengthM', options.rampLengthM);
  requireNonNegative('mergeStartM', options.mergeStartM);
  requirePositive('mergeLengthM', options.mergeLengthM);
  const endM = options.mergeStartM + options.mergeLengthM;
  if (endM > options.lengthM) {
    throw new RoadSpecError(
      'mergeLengthM',
      `must end on the main road: mergeStartM + mergeLengthM = ${endM} > lengthM = ${options.lengthM}`,
    );
  }
}

/**
 * Ramp centreline: a straight at +RAMP_ANGLE_DEG, then two clothoids (0 -> -k -> 0) that turn it
 * parallel to the road; a symmetric pair of length l turns by k * l / 2, so k = 2 * angle / l.
 * Built from the origin, then translated so it ends where the acceleration lane starts.
 */
function rampPoints(options: MergeRoadOptions): CurvePoint[] {
  const angleRad = (RAMP_ANGLE_DEG * Math.PI) / 180;
  const transitionM = Math.min(options.rampLengthM, RAMP_TRANSITION_MAX_M);
  const kappa = -(2 * angleRad) / transitionM;
  const local = sampleCurveChain(
    { x: 0, y: 0, yaw: angleRad },
    [
      { kind: 'line', lengthM: options.rampLengthM - transitionM },
      { kind: 'clothoid', lengthM: transitionM / 2, curvatureStart: 0, curvatureEnd: kappa },
      { kind: 'clothoid', lengthM: transitionM / 2, curvatureStart: kappa, curvatureEnd: 0 },
    ],
    CURVE_SAMPLE_SPACING_M,
  );
  const end = local[local.length - 1];
  const shiftX = options.mergeStartM - end.x;
  const shiftY = -options.laneWidthM - end.y;
  const points = local.map((p) => ({ ...p, x: p.x + shiftX, y: p.y + shiftY }));
  // The clothoid pair ends at heading 0 up to float rounding; pin it so ramp and merge lane join smoothly.
  points[points.length - 1] = { x: options.mergeStartM, y: -options.laneWidthM, yaw: 0, curvature: 0 };
  return points;
}

export function buildMergeRoad(options: MergeRoadOptions): RoadNetwork {
  validateMerge(options);
  const w = options.laneWidthM;
  const main = makeParallelLanes(sampleLine({ x: 0, y: 0, yaw: 0 }, options.lengthM, LINE_SAMPLE_SPACING_M), options);
  main[0] = { ...main[0], rightId: 'merge' };
  const ramp = makeLane({
    id: 'ramp',
    kind: 'driving',
    points: rampPoints(options),
    widthM: w,
    speedLimitMps: options.speedLimitMps,
    successorIds: ['merge'],
  });
  const merge = makeLane({
    id: 'merge',
    kind: 'driving',
    points: sampleLine({ x: options.mergeStartM, y: -w, yaw: 0 }, options.mergeLengthM, LINE_SAMPLE_SPACING_M),
    widthM: w,
    speedLimitMps: options.speedLimitMps,
    leftId: 'lane0',
    predecessorIds: ['ramp'],
    markingLeft: 'dashed',
  });
  return makeNetwork('merge', [...main, ramp, merge]);
}
