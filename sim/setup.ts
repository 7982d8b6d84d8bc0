/**
 * What the simulation needs to start: a fully resolved, sim-level description of a scenario
 * (numbers in SI units, ids checked). The scenarios package turns a spec into this; the sim knows
 * nothing about YAML, parameters or mathjs.
 */
import type { RoadNetwork } from './road/types';
import type { AgentClass, AgentSize, Pose2, World } from './types';

export interface TimedPoint {
  readonly tS: number;
  readonly x: number;
  readonly y: number;
}

export type StartState =
  | { readonly kind: 'lane'; readonly laneId: string; readonly s: number; readonly d: number; readonly speedMps: number }
  | { readonly kind: 'pose'; readonly pose: Pose2; readonly speedMps: number };

export type BehaviourSetup =
  /** IDM car following (and MOBIL lane changes when `mobil`) along `route` (lane ids) or random successors. */
  | { readonly type: 'idm'; readonly desiredSpeedMps: number; readonly mobil: boolean; readonly route: readonly string[] }
  /** Keeps its initial speed and lane whatever is ahead (scripted traffic). */
  | { readonly type: 'constant_speed' }
  | { readonly type: 'parked' }
  /** Follows timed waypoints with a kinematic bicycle and a tracking controller. */
  | { readonly type: 'follow_trajectory'; readonly waypoints: readonly TimedPoint[] }
  | {
      readonly type: 'walk';
      readonly path: readonly { readonly x: number; readonly y: number }[];
      readonly speedMps: number;
      readonly startWalking: boolean;
    };

export interface ActorSetup {
  readonly id: string;
  readonly cls: AgentClass;
  readonly size: AgentSize;
  readonly start: StartState;
  readonly behaviour: BehaviourSetup;
}

export interface EgoSetup {
  readonly cls: AgentClass;
  readonly size: AgentSize;
  readonly start: StartState;
  /** Lane ids the ego is meant to drive; progress and route completion are measured along them. */
  readonly route: readonly string[];
  /** Cruise speed for driving policies (IDM); null = the lane's speed limit. */
  readonly desiredSpeedMps: number | null;
  /** Authored timed waypoints (world frame), absolute times; empty when the ego is policy-only. */
  readonly trajectory: readonly TimedPoint[];
}

/** Where a lane change goes: an absolute lane, or a lane count to the left (+) or right (-). */
export type LaneChangeTarget = { readonly kind: 'lane'; readonly laneId: string } | { readonly kind: 'offset'; readonly lanes: number };

/** How long a speed change takes: a duration, or a rate (duration = |dv| / rate at the trigger). */
export type SpeedChangeTiming = { readonly kind: 'duration'; readonly durationS: number } | { readonly kind: 'rate'; readonly rateMps2: number };

export type EventAction =
  | {
      readonly type: 'lane_change';
      readonly actorId: string;
      readonly target: LaneChangeTarget;
      readonly durationS: number;
      readonly shape: 'linear' | 'cubic' | 'sinusoidal';
      /** Lateral offset from the target lane's centre at the end, m, positive left (OpenSCENARIO targetLaneOffset). */
      readonly endOffsetM?: number;
    }
  | {
      readonly type: 'speed_change';
      readonly actorId: string;
      readonly targetSpeedMps: number;
      readonly shape: 'step' | 'linear' | 'cubic' | 'sinusoidal';
      readonly timing: SpeedChangeTiming;
    }
  /** Moves to a lateral offset from the current lane's centre (OpenSCENARIO LaneOffsetAction); a 0 s duration is a step. */
  | { readonly type: 'lane_offset'; readonly actorId: string; readonly offsetM: number; readonly durationS: number; readonly shape: 'linear' | 'cubic' | 'sinusoidal' }
  | { readonly type: 'brake'; readonly actorId: string; readonly decelMps2: number }
  | { readonly type: 'start_walking'; readonly actorId: string }
  /**
   * Waypoint times are relative to the trigger time. With `relativeTo` the waypoints are empty: the
   * trajectory is placed when the event fires, against where that agent is then (relative-trajectory.ts).
   */
  | { readonly type: 'follow_trajectory'; readonly actorId: string; readonly waypoints: readonly TimedPoint[]; readonly relativeTo?: RelativeTrajectory }
  /** Moves the actor at once (OpenSCENARIO TeleportAction); it keeps its speed and behaviour. */
  | { readonly type: 'teleport'; readonly actorId: string; readonly to: TeleportTarget };

/** Where a teleport puts an actor: a lane position, a pose, or a point ahead of an agent when the event fires. */
export type TeleportTarget =
  | { readonly kind: 'lane'; readonly laneId: string; readonly s: number; readonly d: number }
  | { readonly kind: 'pose'; readonly pose: Pose2 }
  | { readonly kind: 'ahead'; readonly agentId: string; readonly dsM: number; readonly dM: number };

/** A trajectory given ahead of an agent along its lanes, placed when the event fires. */
export interface RelativeTrajectory {
  /** 'ego' or an actor id. */
  readonly agentId: string;
  readonly points: readonly AheadPoint[];
}

/** A timed point `dsM` ahead of the reference agent along its lanes, `dM` left of their centre line. */
export interface AheadPoint {
  readonly tS: number;
  readonly dsM: number;
  readonly dM: number;
}

/** Read-only view of the world that trigger conditions evaluate against. */
export interface ConditionContext {
  readonly world: World;
  readonly road: RoadNetwork;
}

export interface EventSetup {
  readonly id: string;
  readonly condition: (ctx: ConditionContext) => boolean;
  readonly actions: readonly EventAction[];
}

export interface SimSetup {
  readonly name: string;
  readonly seed: number;
  readonly dtS: number;
  readonly durationS: number;
  readonly road: RoadNetwork;
  readonly ego: EgoSetup;
  readonly actors: readonly ActorSetup[];
  readonly events: readonly EventSetup[];
}
