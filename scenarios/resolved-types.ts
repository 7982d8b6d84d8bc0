/**
 * A scenario ready to build a world from: every number evaluated, defaults applied, references
 * checked, conditions compiled. Units are in the names and are the simulator's: m, s, m/s, m/s^2,
 * radians for poses and the camera (road bend angles stay in degrees, as the road builders take them).
 *
 * Discriminants: `type` mirrors the spec's own `type` fields (road, behaviour, action, trajectory
 * generator); `kind` tags the shapes the spec tells apart by their fields (lane position or pose).
 */
import type { SpecIssue } from './errors';
import type { CompiledCondition } from './expressions';
import type { RoadSpec } from '../sim/road/road-spec';
import type { RoadNetwork } from '../sim/road/types';
import type { CameraModel } from '../sim/render/camera-model';
import type { EventAction, RelativeTrajectory } from '../sim/setup';
import type { AgentClass, AgentSize, Pose2 } from '../sim/types';

/** A road network imported from an OpenDRIVE file, already built (lane ids `r{road}_s{section}_l{lane}`). */
export interface ResolvedOpenDriveRoad {
  readonly type: 'opendrive';
  /** Absolute path of the .xodr file. */
  readonly file: string;
  readonly network: RoadNetwork;
  /** Desired speed of idm actors that set none, m/s. */
  readonly speedLimitMps: number;
}

/** A parametric road, exactly the shape the simulator's road builders take (`sim/road/road-spec.ts`), or an imported network. */
export type ResolvedRoad = RoadSpec | ResolvedOpenDriveRoad;

export type RoadType = ResolvedRoad['type'];

/** The ego camera: the renderer's camera model (scenarios depend on sim, so the sim type is the one). */
export type ResolvedCamera = CameraModel;

/** A lane position (Frenet, in the lane's direction of travel) or a world pose. */
export type ResolvedPosition =
  | { readonly kind: 'lane'; readonly laneId: string; readonly s: number; readonly d: number }
  | { readonly kind: 'pose'; readonly pose: Pose2 };

export interface ResolvedStart {
  readonly position: ResolvedPosition;
  readonly speedMps: number;
}

/** A timed waypoint; times are absolute (behaviours) or relative to the trigger (actions). */
export type ResolvedWaypoint =
  | { readonly kind: 'lane'; readonly tS: number; readonly laneId: string; readonly s: number; readonly d: number }
  | { readonly kind: 'point'; readonly tS: number; readonly x: number; readonly y: number };

export interface Point2 {
  readonly x: number;
  readonly y: number;
}

export type ResolvedBehaviour =
  | { readonly type: 'idm'; readonly desiredSpeedMps: number; readonly mobil: boolean }
  | { readonly type: 'constant_speed' }
  | { readonly type: 'parked' }
  | { readonly type: 'follow_trajectory'; readonly waypoints: readonly ResolvedWaypoint[] }
  | { readonly type: 'walk'; readonly path: readonly Point2[]; readonly speedMps: number; readonly startWalking: boolean }
  | { readonly type: 'route'; readonly laneIds: readonly string[]; readonly desiredSpeedMps: number };

export type EgoClass = Extract<AgentClass, 'car' | 'truck'>;

export type ResolvedEgoTrajectory =
  | { readonly type: 'waypoints'; readonly waypoints: readonly ResolvedWaypoint[] }
  | { readonly type: 'constant_speed'; readonly speedMps: number };

export interface ResolvedEgo {
  readonly cls: EgoClass;
  readonly size: AgentSize;
  readonly start: ResolvedStart;
  /** Lane ids for the idm policy and the progress metric; empty when not given. */
  readonly routeLaneIds: readonly string[];
  /** The authored trajectory (for --policy trajectory), or null. */
  readonly trajectory: ResolvedEgoTrajectory | null;
}

export interface ResolvedActor {
  readonly id: string;
  readonly cls: AgentClass;
  readonly size: AgentSize;
  /** Given in the spec, or taken from the first waypoint / path point (speed 0, heading to the next). */
  readonly start: ResolvedStart;
  readonly behaviour: ResolvedBehaviour;
}

/** Actions as the simulator takes them, except that trajectories are still authored waypoints. */
export type ResolvedAction =
  | Exclude<EventAction, { type: 'follow_trajectory' }>
  | { readonly type: 'follow_trajectory'; readonly actorId: string; readonly waypoints: readonly ResolvedWaypoint[] }
  | { readonly type: 'follow_trajectory'; readonly actorId: string; readonly waypoints: readonly []; readonly relativeTo: RelativeTrajectory };

export interface ResolvedEvent {
  readonly id: string;
  /** Trigger; fires once, the first step it is true. */
  readonly condition: CompiledCondition;
  readonly actions: readonly ResolvedAction[];
}

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The spec file, for messages and logs ('<spec>' when built in code). */
  readonly file: string;
  /** World RNG seed. */
  readonly seed: number;
  /** Every parameter's value, derived ones included (for logs and reports). */
  readonly parameters: Readonly<Record<string, number>>;
  readonly durationS: number;
  readonly dtS: number;
  /** Steps to simulate: durationS / dtS rounded to the nearest whole step. */
  readonly stepCount: number;
  readonly road: ResolvedRoad;
  readonly camera: ResolvedCamera;
  readonly ego: ResolvedEgo;
  readonly actors: readonly ResolvedActor[];
  readonly events: readonly ResolvedEvent[];
  /** Pass/fail over the metrics, or null when the spec sets none. */
  readonly criteria: CompiledCondition | null;
  /** Warnings from resolving (load-time warnings come from parseSpecText). */
  readonly warnings: readonly SpecIssue[];
}
