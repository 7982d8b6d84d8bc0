/**
 * The JSON the viewer reads from the server (api/server/viewer/*.ts is the source of truth; the
 * viewer talks HTTP only, so these mirror the documents rather than import them).
 */
export type MapMaterial = 'shoulder' | 'road' | 'kerbTop' | 'marking';

export interface LaneJson {
  readonly id: string;
  readonly kind: string;
  readonly widthM: number;
  readonly speedLimitMps: number;
  /** [x0, y0, x1, y1, ...], m. */
  readonly centreline: readonly number[];
  readonly s: readonly number[];
}

export interface RoadGeometryJson {
  readonly kind: string;
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  readonly triangles: Readonly<Record<MapMaterial, readonly number[]>>;
  readonly lanes: readonly LaneJson[];
}

export interface SceneAgentJson {
  readonly id: string;
  readonly cls: string;
  readonly lengthM: number;
  readonly widthM: number;
  readonly behaviour: string;
  readonly x: number;
  readonly y: number;
  readonly yawRad: number;
  readonly speedMps: number;
}

export interface HandleJson {
  readonly kind: 'ego_waypoint' | 'ego_start' | 'actor_start';
  readonly path: readonly (string | number)[];
  readonly frame: 'lane' | 'point';
  readonly laneId: string | null;
  readonly agentId: string;
  readonly tS: number | null;
  readonly x: number;
  readonly y: number;
}

export type TriggerRegion =
  | { readonly kind: 'half_plane'; readonly eventId: string; readonly agentId: string; readonly axis: 'x' | 'y'; readonly side: 'above' | 'below'; readonly value: number; readonly text: string }
  | { readonly kind: 'circle'; readonly eventId: string; readonly agentId: string; readonly centreId: string; readonly radiusM: number; readonly text: string };

export interface SceneJson {
  readonly name: string;
  readonly durationS: number;
  readonly dtS: number;
  readonly road: RoadGeometryJson;
  readonly agents: readonly SceneAgentJson[];
  readonly egoPlan: readonly { readonly tS: number; readonly x: number; readonly y: number }[];
  readonly egoRoute: readonly string[];
  readonly handles: readonly HandleJson[];
  readonly triggers: readonly TriggerRegion[];
  readonly events: readonly { readonly id: string; readonly when: string }[];
}

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
  readonly stepCount: number;
  readonly verdict: 'pass' | 'fail' | 'no criteria';
  readonly criteria: string;
  readonly doneReason: string;
  readonly agents: readonly TrackAgentJson[];
  /** base64 little-endian Float32: [step][agent][x, y, yaw, speed]. */
  readonly poses: string;
  /** base64 Uint8: [step][agent]. */
  readonly active: string;
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

export interface RolloutSummaryJson {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly policy: string;
  readonly bytes: number;
}

export interface ScenarioEntryJson {
  readonly name: string;
  readonly origin: 'library' | 'saved';
  readonly summary: { readonly description?: string; readonly road_type?: string } | null;
}

export interface IssueJson {
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface SweepRowJson {
  readonly index: number;
  readonly assigned: Readonly<Record<string, number>>;
  readonly passed: boolean | null;
  readonly collision: boolean;
  readonly minTtcS: number | string | null;
  readonly minHeadwayM: number | string | null;
  readonly score: number | null;
  readonly error: string | null;
}
