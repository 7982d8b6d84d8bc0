/**
 * The simulation's state: readonly plain data. Units are in the names (m, s, rad, mps, mps2).
 * Frames: world frame is ENU-like, x east, y north, yaw counter-clockwise from +x in radians.
 * Derived values (corners, Frenet of a free agent, gaps) are computed by functions, never stored.
 */

export type AgentClass = 'car' | 'truck' | 'cyclist' | 'pedestrian';

export const AGENT_CLASSES: readonly AgentClass[] = ['car', 'truck', 'cyclist', 'pedestrian'];

/** A pose in the world frame. */
export interface Pose2 {
  readonly x: number;
  readonly y: number;
  /** Heading, counter-clockwise from +x, radians in (-pi, pi]. */
  readonly yaw: number;
}

/** Box dimensions of an agent; the pose is the box centre on the ground. */
export interface AgentSize {
  readonly lengthM: number;
  readonly widthM: number;
  readonly heightM: number;
}

/** Action applied to a kinematic-bicycle vehicle (the ego, or a free-driving actor). */
export interface VehicleAction {
  /** Longitudinal acceleration request, m/s^2 (negative brakes). */
  readonly accelMps2: number;
  /** Front-wheel steering angle request, rad (positive turns left). */
  readonly steerRad: number;
}

/** Longitudinal mode of a lane-bound vehicle. */
export type LongitudinalMode =
  /** IDM car following towards a desired speed. */
  | { readonly kind: 'idm'; readonly desiredSpeedMps: number }
  /** Scripted speed change from `fromMps` to `toMps` over [startS, startS + durationS]. */
  | {
      readonly kind: 'speed_profile';
      readonly shape: 'step' | 'linear' | 'cubic' | 'sinusoidal';
      readonly fromMps: number;
      readonly toMps: number;
      readonly startS: number;
      readonly durationS: number;
      /** When true the profile ignores the leader (a scripted manoeuvre); else min(profile, IDM). */
      readonly ignoreLeader: boolean;
    }
  /** Hold the current speed (constant velocity), ignoring leaders. */
  | { readonly kind: 'hold' };

/** Lateral mode of a lane-bound vehicle. */
export type LateralMode =
  /** Keep the lane centre (plus a fixed offset); optionally take MOBIL lane changes. */
  | { readonly kind: 'keep'; readonly offsetM: number; readonly mobil: boolean }
  /** Scripted lane change: lateral offset goes from `fromD` to 0 in the target lane over the duration. */
  | {
      readonly kind: 'lane_change';
      readonly targetLaneId: string;
      readonly shape: 'linear' | 'cubic' | 'sinusoidal';
      /** Lateral offset at the start, measured in the target lane's Frenet frame (m). */
      readonly fromD: number;
      readonly toD: number;
      readonly startS: number;
      readonly durationS: number;
    };

/**
 * How an agent moves. Lane-bound vehicles move in the Frenet frame of their lane (as esmini does);
 * free vehicles (the ego, trajectory followers) integrate a kinematic bicycle; pedestrians walk a path.
 */
export type Motion =
  | {
      readonly kind: 'lane';
      readonly laneId: string;
      /** Arc length along the lane centreline, m. */
      readonly s: number;
      /** Signed lateral offset from the centreline, m, positive to the left. */
      readonly d: number;
      readonly longitudinal: LongitudinalMode;
      readonly lateral: LateralMode;
      /** Planned lane sequence after the current lane (ids); empty = choose at random at forks. */
      readonly route: readonly string[];
      /** Time of the last MOBIL decision, s (to hold a minimum interval between decisions). */
      readonly lastLaneChangeS: number;
    }
  | {
      readonly kind: 'bicycle';
      /** Index into the run's trajectories table when following timed waypoints, else -1. */
      readonly trajectoryIndex: number;
      /** Added to the waypoints' times (the trigger time for trajectories started by an event), s. */
      readonly timeOffsetS: number;
      /** Waypoints placed when the event fired (a trajectory relative to an agent); else the table's. */
      readonly placed?: readonly { readonly tS: number; readonly x: number; readonly y: number }[];
    }
  | {
      readonly kind: 'walk';
      /** Index into the run's paths table. */
      readonly pathIndex: number;
      /** Distance walked along the path, m. */
      readonly s: number;
      readonly walking: boolean;
      readonly walkSpeedMps: number;
    }
  | { readonly kind: 'parked' };

export interface AgentState {
  readonly id: string;
  readonly cls: AgentClass;
  readonly pose: Pose2;
  readonly size: AgentSize;
  /** Speed along the heading, m/s (>= 0). */
  readonly speedMps: number;
  readonly accelMps2: number;
  /** Current front-wheel steering angle, rad (bicycle vehicles; 0 otherwise). */
  readonly steerRad: number;
  readonly motion: Motion;
  /** False once the agent left the road network (end of a lane without successor). */
  readonly active: boolean;
  /** Per-agent RNG stream state (see rng.ts), so adding an actor does not change the others' draws. */
  readonly rng: number;
}

export interface EventStatus {
  readonly id: string;
  /** Simulation time at which the trigger fired, or null when it has not (yet). */
  readonly firedAtS: number | null;
}

export interface World {
  /** Step index, 0 at the initial state. */
  readonly step: number;
  readonly timeS: number;
  readonly ego: AgentState;
  readonly actors: readonly AgentState[];
  readonly events: readonly EventStatus[];
}
