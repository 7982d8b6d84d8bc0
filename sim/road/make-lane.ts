/** Lane construction shared by the builders: one lane from sampled points, or a parallel set. */
import { makePolyline } from '../geometry/polyline';
import { type CurvePoint, offsetCurve } from '../geometry/sample-curves';
import { makeWidthProfile } from './lane-width';
import type { Lane, LaneKind, MarkingKind } from './types';
import type { LaneSetOptions } from './road-spec';
import { RoadSpecError, requireInteger, requirePositive } from './road-spec-error';

/**
 * Spacing of centreline samples on curved pieces, m. Between samples the centreline is a chord:
 * the sagitta L^2 / (8 R) is 3 mm at R = 10 m, and heading is interpolated, so 0.5 m keeps lanes
 * within millimetres of the analytic curve at ~2 vertices per metre.
 */
export const CURVE_SAMPLE_SPACING_M = 0.5;

/** Spacing on purely straight lanes, m: exact at any spacing; short segments keep grid cells lean. */
export const LINE_SAMPLE_SPACING_M = 5;

/** Most lanes per direction a parametric road accepts (beyond this it is not a road we model). */
export const MAX_LANE_COUNT = 8;

export interface LaneParts {
  readonly id: string;
  readonly kind: LaneKind;
  readonly points: readonly CurvePoint[];
  readonly widthM: number;
  /** Width at each of `points` where the lane's width varies along it (absent: `widthM` everywhere), m. */
  readonly pointWidthsM?: readonly number[];
  readonly speedLimitMps: number;
  readonly leftId?: string | null;
  readonly rightId?: string | null;
  readonly successorIds?: readonly string[];
  readonly predecessorIds?: readonly string[];
  readonly markingLeft?: MarkingKind;
  readonly markingRight?: MarkingKind;
}

/** A lane with defaults: no neighbours or links, solid markings. */
export function makeLane(parts: LaneParts): Lane {
  const centerline = makePolyline(parts.points);
  const lane: Lane = {
    id: parts.id,
    kind: parts.kind,
    centerline,
    widthM: parts.widthM,
    leftId: parts.leftId ?? null,
    rightId: parts.rightId ?? null,
    successorIds: parts.successorIds ?? [],
    predecessorIds: parts.predecessorIds ?? [],
    speedLimitMps: parts.speedLimitMps,
    markingLeft: parts.markingLeft ?? 'solid',
    markingRight: parts.markingRight ?? 'solid',
  };
  if (parts.pointWidthsM === undefined) return lane;
  if (parts.pointWidthsM.length !== parts.points.length) {
    throw new Error(`makeLane '${parts.id}': ${parts.pointWidthsM.length} point widths for ${parts.points.length} points`);
  }
  // Set only when present, so constant-width lanes keep exactly the shape they always had.
  return { ...lane, widthProfile: makeWidthProfile(centerline.s, parts.pointWidthsM) };
}

/** Validates laneCount, laneWidthM and speedLimitMps. */
export function validateLaneSet(options: LaneSetOptions): void {
  requireInteger('laneCount', options.laneCount, 1, MAX_LANE_COUNT);
  requirePositive('laneWidthM', options.laneWidthM);
  requirePositive('speedLimitMps', options.speedLimitMps);
}

/**
 * Validates that every lane stays clear of the centre of curvature: the innermost lane edge of a
 * curve of lane0 radius R sits at R - (laneCount - 1/2) * laneWidthM on the left or R - 1/2 lane
 * on the right, so R > laneCount * laneWidthM keeps both positive with half a lane to spare.
 */
export function validateRadius(radiusM: number, options: LaneSetOptions): void {
  requirePositive('radiusM', radiusM);
  const minRadiusM = options.laneCount * options.laneWidthM;
  if (!(radiusM > minRadiusM)) {
    throw new RoadSpecError('radiusM', `must be > laneCount*laneWidthM = ${minRadiusM} (got ${radiusM})`);
  }
}

/** Throws unless 0 < |angleDeg| <= 180 (beyond a U-turn the road would run back into itself). */
export function validateTurnAngle(angleDeg: number): void {
  if (!(Number.isFinite(angleDeg) && angleDeg !== 0 && Math.abs(angleDeg) <= 180)) {
    throw new RoadSpecError('angleDeg', `must be non-zero with |angleDeg| <= 180 (got ${String(angleDeg)})`);
  }
}

/**
 * Same-direction lanes `${prefix}0` (rightmost, on the reference line) .. `${prefix}{n-1}`, lane i
 * offset i * laneWidthM to the left; dashed markings between them, solid on the outer edges.
 */
export function makeParallelLanes(reference: readonly CurvePoint[], options: LaneSetOptions, prefix = 'lane'): Lane[] {
  const n = options.laneCount;
  const lanes: Lane[] = [];
  for (let i = 0; i < n; i++) {
    lanes.push(
      makeLane({
        id: `${prefix}${i}`,
        kind: 'driving',
        points: i === 0 ? reference : offsetCurve(reference, i * options.laneWidthM),
        widthM: options.laneWidthM,
        speedLimitMps: options.speedLimitMps,
        leftId: i < n - 1 ? `${prefix}${i + 1}` : null,
        rightId: i > 0 ? `${prefix}${i - 1}` : null,
        markingLeft: i < n - 1 ? 'dashed' : 'solid',
        markingRight: i > 0 ? 'dashed' : 'solid',
      }),
    );
  }
  return lanes;
}
