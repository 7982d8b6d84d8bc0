/**
 * The road network: lanes with centrelines in the world frame (right-hand traffic), their
 * neighbours and successors, and the drivable area. Built once per scenario, immutable.
 */
import type { Polyline } from '../geometry/polyline';

export type LaneKind = 'driving' | 'connector' | 'shoulder' | 'sidewalk';
export type MarkingKind = 'solid' | 'dashed' | 'none';

export interface Lane {
  readonly id: string;
  readonly kind: LaneKind;
  /** Centreline in the direction of travel. */
  readonly centerline: Polyline;
  /** Nominal width, m: the width everywhere unless `widthProfile` is set (then its mean, for nominal uses). */
  readonly widthM: number;
  /** Width along the lane where it varies; absent = `widthM` everywhere. Read it through `laneWidthAt`. */
  readonly widthProfile?: WidthProfile;
  /** Same-direction neighbour on the left / right, or null. */
  readonly leftId: string | null;
  readonly rightId: string | null;
  readonly successorIds: readonly string[];
  readonly predecessorIds: readonly string[];
  readonly speedLimitMps: number;
  readonly markingLeft: MarkingKind;
  readonly markingRight: MarkingKind;
}

/** Lane widths sampled at increasing lane s (arc length along the centreline), linear in between. */
export interface WidthProfile {
  readonly s: Float64Array;
  readonly widthM: Float64Array;
}

/** Where a world point lies relative to one lane. */
export interface LanePosition {
  readonly laneId: string;
  /** Arc length along the centreline, m. */
  readonly s: number;
  /** Signed lateral offset, m, positive to the left of the direction of travel. */
  readonly d: number;
}

/** Axis-aligned bounds of the network, m. */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface RoadNetwork {
  /** Which builder made it and with what (for logs and the viewer). */
  readonly kind: string;
  readonly lanes: ReadonlyMap<string, Lane>;
  readonly bounds: Bounds;
}
