/**
 * The JSON documents the viewer reads from the server (road, scene, trigger regions, track), as
 * types only and with no imports beyond types, so that the server (api/server/viewer/*.ts, which
 * builds them) and the browser app (viewer/src/wire.ts, which reads them) share one definition.
 */
import type { LaneKind, MarkingKind } from '../../../sim/road/types';

export type MapMaterial = 'shoulder' | 'road' | 'kerbTop' | 'marking';

export interface LaneJson {
  readonly id: string;
  readonly kind: LaneKind;
  readonly widthM: number;
  readonly speedLimitMps: number;
  readonly markingLeft: MarkingKind;
  readonly markingRight: MarkingKind;
  readonly successorIds: readonly string[];
  /** Centreline vertices [x0, y0, x1, y1, ...], m, world frame, in the direction of travel. */
  readonly centreline: readonly number[];
  /** Arc length at each vertex, m. */
  readonly s: readonly number[];
}

export interface RoadGeometryJson {
  readonly kind: string;
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  /** Per material, triangles as [ax, ay, bx, by, cx, cy, ...], m. */
  readonly triangles: Readonly<Record<MapMaterial, readonly number[]>>;
  readonly lanes: readonly LaneJson[];
}

export interface SceneAgentJson {
  readonly id: string;
  readonly cls: string;
  readonly lengthM: number;
  readonly widthM: number;
  /** The behaviour as the spec names it ('idm', 'walk', ...); 'ego' for the ego. */
  readonly behaviour: string;
  readonly x: number;
  readonly y: number;
  readonly yawRad: number;
  readonly speedMps: number;
}

/** A draggable point and the spec node it writes. */
export interface HandleJson {
  readonly kind: 'ego_waypoint' | 'ego_start' | 'actor_start';
  /** Path of the spec node, e.g. ['ego', 'trajectory', 2] or ['actors', 0, 'start']. */
  readonly path: readonly (string | number)[];
  /** 'lane': the node holds {lane, s, d}; 'point': {x, y}. */
  readonly frame: 'lane' | 'point';
  readonly laneId: string | null;
  readonly agentId: string;
  /** Waypoint time, s (null for starts). */
  readonly tS: number | null;
  readonly x: number;
  readonly y: number;
}

export interface SceneJson {
  readonly name: string;
  readonly durationS: number;
  readonly dtS: number;
  readonly road: RoadGeometryJson;
  /** Index 0 is the ego. */
  readonly agents: readonly SceneAgentJson[];
  /** The authored ego trajectory, world frame: [{tS, x, y}]; empty when the ego has none. */
  readonly egoPlan: readonly { readonly tS: number; readonly x: number; readonly y: number }[];
  readonly egoRoute: readonly string[];
  readonly handles: readonly HandleJson[];
  readonly triggers: readonly TriggerRegion[];
  readonly events: readonly { readonly id: string; readonly when: string }[];
}

export type TriggerRegion =
  | {
      readonly kind: 'half_plane';
      readonly eventId: string;
      /** The agent whose position is compared. */
      readonly agentId: string;
      readonly axis: 'x' | 'y';
      /** The region is axis > value (or >=) when 'above', else axis < value. */
      readonly side: 'above' | 'below';
      readonly value: number;
      /** The whole trigger condition, for the tooltip. */
      readonly text: string;
    }
  | {
      readonly kind: 'circle';
      readonly eventId: string;
      readonly agentId: string;
      /** The agent at the centre; the circle moves with it. */
      readonly centreId: string;
      readonly radiusM: number;
      readonly text: string;
    };

export interface TrackAgentJson {
  readonly id: string;
  readonly cls: string;
  readonly lengthM: number;
  readonly widthM: number;
  readonly behaviour: string;
}

export interface TrackJson {
  readonly format: 'dreamdrive-track/1';
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly policy: string;
  readonly cameraSource: string;
  readonly dtS: number;
  /** Logged states: steps + 1 (the initial state included). */
  readonly stepCount: number;
  readonly verdict: 'pass' | 'fail' | 'no criteria';
  readonly criteria: string;
  readonly doneReason: string;
  /** Index 0 is the ego. */
  readonly agents: readonly TrackAgentJson[];
  readonly poses: string;
  readonly active: string;
  /** Per step; null stands for "none" (no leader, no projected contact: Infinity in the metrics). */
  readonly series: {
    readonly timeS: readonly number[];
    readonly speedMps: readonly number[];
    readonly accelMps2: readonly number[];
    readonly ttcS: readonly (number | null)[];
    readonly headwayM: readonly (number | null)[];
    readonly inCollision: readonly boolean[];
  };
  readonly events: readonly { readonly id: string; readonly firedAtS: number | null }[];
  readonly scene: SceneJson;
}
