/**
 * The parsed OpenDRIVE model (ASAM OpenDRIVE 1.4-1.8 subset): plain readonly data in the file's
 * own terms (road coordinates s, t; lane ids; polynomial records). Every record keeps the element
 * it came from so later stages can report errors at its line. Lengths in m, angles in rad.
 */
import type { XmlElement } from './xml-dom';

/** a + b ds + c ds^2 + d ds^3, valid from `sOffset` (relative to its section or road) on. */
export interface CubicRecord {
  readonly sOffset: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

/** One planView record; `s` is where it starts on the reference line. */
export type OdGeometryShape =
  | { readonly type: 'line' }
  | { readonly type: 'arc'; readonly curvature: number }
  | { readonly type: 'spiral'; readonly curvStart: number; readonly curvEnd: number }
  /** Deprecated local cubic v(u) = a + b u + c u^2 + d u^3 in the start pose's frame. */
  | { readonly type: 'poly3'; readonly a: number; readonly b: number; readonly c: number; readonly d: number }
  | {
      readonly type: 'paramPoly3';
      readonly aU: number; readonly bU: number; readonly cU: number; readonly dU: number;
      readonly aV: number; readonly bV: number; readonly cV: number; readonly dV: number;
      /** p runs over [0, length] ('arcLength') or [0, 1] ('normalized'). */
      readonly pRange: 'arcLength' | 'normalized';
    };

export interface OdGeometry {
  readonly s: number;
  readonly x: number;
  readonly y: number;
  readonly hdg: number;
  readonly length: number;
  readonly shape: OdGeometryShape;
  readonly el: XmlElement;
}

export type OdContactPoint = 'start' | 'end';

export interface OdRoadLink {
  readonly elementType: 'road' | 'junction';
  readonly elementId: string;
  /** Required for roads; null for junctions. */
  readonly contactPoint: OdContactPoint | null;
  readonly el: XmlElement;
}

export interface OdRoadMark {
  readonly sOffset: number;
  readonly type: string;
}

/** Max speed valid from `sOffset` on, converted to m/s. */
export interface OdSpeed {
  readonly sOffset: number;
  readonly maxMps: number;
}

export interface OdLane {
  /** 0 = centre lane (no width), > 0 left of the reference line, < 0 right. */
  readonly id: number;
  readonly type: string;
  readonly widths: readonly CubicRecord[];
  /** Outer-border polynomials (the alternative to widths); used only when there are no widths. */
  readonly borders: readonly CubicRecord[];
  readonly roadMarks: readonly OdRoadMark[];
  readonly speeds: readonly OdSpeed[];
  readonly predecessorIds: readonly number[];
  readonly successorIds: readonly number[];
  /** False when the lane had no <link> element at all. */
  readonly hasLink: boolean;
  readonly el: XmlElement;
}

export interface OdLaneSection {
  readonly s: number;
  /** Filled by the parser: the next section's s or the road length. */
  readonly sEnd: number;
  /** Sorted by id, centre lane included. */
  readonly lanes: readonly OdLane[];
  readonly el: XmlElement;
}

export interface OdRoadType {
  readonly s: number;
  readonly type: string;
  readonly maxSpeedMps: number | null;
}

export interface OdRoad {
  readonly id: string;
  readonly name: string;
  readonly length: number;
  /** Id of the junction this road belongs to (a connecting road), or null ('-1'). */
  readonly junction: string | null;
  readonly predecessor: OdRoadLink | null;
  readonly successor: OdRoadLink | null;
  readonly types: readonly OdRoadType[];
  readonly geometries: readonly OdGeometry[];
  readonly laneOffsets: readonly CubicRecord[];
  readonly sections: readonly OdLaneSection[];
  readonly el: XmlElement;
}

export interface OdLaneLink {
  readonly from: number;
  readonly to: number;
  readonly el: XmlElement;
}

export interface OdConnection {
  readonly id: string;
  readonly incomingRoad: string;
  readonly connectingRoad: string;
  readonly contactPoint: OdContactPoint;
  readonly laneLinks: readonly OdLaneLink[];
  readonly el: XmlElement;
}

export interface OdJunction {
  readonly id: string;
  readonly connections: readonly OdConnection[];
  readonly el: XmlElement;
}

export interface OdHeader {
  readonly revMajor: number;
  readonly revMinor: number;
  readonly name: string;
}

export interface OpenDrive {
  readonly file: string;
  readonly header: OdHeader;
  readonly roads: ReadonlyMap<string, OdRoad>;
  readonly junctions: ReadonlyMap<string, OdJunction>;
}
