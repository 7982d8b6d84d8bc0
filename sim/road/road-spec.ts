/**
 * Options of the built-in parametric roads, as a discriminated union on `type` so that invalid
 * combinations cannot be written. Right-hand traffic; lengths in m, angles in degrees, speeds in
 * m/s. Every builder validates its options and throws `RoadSpecError` naming the field.
 *
 * Lane ids of the single-carriageway roads: `lane0` (rightmost) .. `lane{n-1}` (leftmost), lane i
 * offset i * laneWidthM to the left of lane0. See each builder for its own extra ids.
 */

/** Options shared by every road. */
export interface LaneSetOptions {
  /** Lanes in the direction of travel, an integer >= 1. */
  readonly laneCount: number;
  /** Width of every lane, m. */
  readonly laneWidthM: number;
  readonly speedLimitMps: number;
}

/** Lanes along +x from x = 0; lane0's centre at y = 0, lane i at y = i * laneWidthM. */
export interface StraightRoadOptions extends LaneSetOptions {
  readonly lengthM: number;
}

/** Straight entry along +x from the origin, a constant-curvature arc, a straight exit. */
export interface CurveRoadOptions extends LaneSetOptions {
  /** Radius of lane0's centreline, m; must exceed laneCount * laneWidthM. */
  readonly radiusM: number;
  /** Signed heading change, degrees, + = left; 0 < |angleDeg| <= 180. */
  readonly angleDeg: number;
  readonly lengthBeforeM: number;
  readonly lengthAfterM: number;
}

/**
 * A curve one way then the same curve the other way (left then right for angleDeg > 0), each
 * eased in and out by clothoids, so the exit runs parallel to the entry, offset sideways.
 * Each curve turns by angleDeg: clothoid (0 -> 1/R) + arc (1/R) + clothoid (1/R -> 0); between
 * the curves one clothoid of 2 * clothoidLengthM reverses the curvature.
 */
export interface SBendRoadOptions extends LaneSetOptions {
  /** Radius of lane0's centreline in the arcs, m. */
  readonly radiusM: number;
  /** Heading change of each curve, degrees, 0 < |angleDeg| <= 180; the sign picks the first turn. */
  readonly angleDeg: number;
  /** Length of each curvature ramp, m (>= 0; 0 gives pure arcs). */
  readonly clothoidLengthM: number;
  readonly lengthBeforeM: number;
  readonly lengthAfterM: number;
}

/**
 * A straight main road (as `straight`) with an on-ramp from the right-back that becomes an
 * acceleration lane `merge` alongside lane0 over [mergeStartM, mergeStartM + mergeLengthM].
 */
export interface MergeRoadOptions extends LaneSetOptions {
  readonly lengthM: number;
  /** Length of the ramp lane up to where the acceleration lane starts, m. */
  readonly rampLengthM: number;
  /** x where the acceleration lane starts, m. */
  readonly mergeStartM: number;
  readonly mergeLengthM: number;
}

/** 4-way intersection at the origin; arms along the axes (north = +y, east = +x). */
export interface IntersectionRoadOptions {
  /** Length of each arm from the edge of the junction box outwards, m. */
  readonly armLengthM: number;
  /** Incoming (and outgoing) lanes per arm, an integer >= 1. */
  readonly lanesPerDirection: number;
  readonly laneWidthM: number;
  readonly speedLimitMps: number;
}

export type RoadSpec =
  | ({ readonly type: 'straight' } & StraightRoadOptions)
  | ({ readonly type: 'curve' } & CurveRoadOptions)
  | ({ readonly type: 's_bend' } & SBendRoadOptions)
  | ({ readonly type: 'merge' } & MergeRoadOptions)
  | ({ readonly type: 'intersection' } & IntersectionRoadOptions);

export type RoadType = RoadSpec['type'];

export const ROAD_TYPES: readonly RoadType[] = ['straight', 'curve', 's_bend', 'merge', 'intersection'];
