/**
 * The TypeScript side of dreamdrive.proto: one readonly interface per message, in the simulator's
 * naming (camelCase, units in the names, null for absent values). `codec.ts` encodes and decodes
 * them; the simulator's own types (StepMetrics, RolloutMetrics, EventStatus, Pose2, AgentSize) are
 * reused where a message mirrors them exactly.
 */
import type { DoneReason } from '../../sim/rollout';
import type { RolloutMetrics, StepMetrics } from '../../sim/metrics/metrics';
import type { AgentClass, AgentSize, EventStatus, Motion, Pose2 } from '../../sim/types';
import type { Contact } from '../../sim/world/contacts';

export type MotionKind = Motion['kind'];

export interface ParameterSummaryMessage {
  readonly name: string;
  readonly value: number | null;
  /** mathjs expression of a derived parameter, '' for a plain number. */
  readonly expression: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly unit: string;
  readonly distribution: '' | 'uniform' | 'normal';
}

export interface ScenarioSummaryMessage {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly durationS: number;
  readonly roadType: string;
  readonly parameters: readonly ParameterSummaryMessage[];
  /** '' when the scenario sets no criteria. */
  readonly criteria: string;
}

/** One agent as the protocol shows it (no behaviour internals, no RNG state). */
export interface AgentStateMessage {
  readonly id: string;
  readonly cls: AgentClass;
  readonly pose: Pose2;
  readonly size: AgentSize;
  readonly speedMps: number;
  readonly accelMps2: number;
  readonly steerRad: number;
  readonly active: boolean;
  readonly motion: MotionKind;
  /** Lane of a lane-bound agent (or computed for a free one by the sender), else null. */
  readonly laneId: string | null;
  /** Arc length along the lane or walked path, m (0 for other motions). */
  readonly sM: number;
  /** Lateral offset from the lane centreline, m, + left (0 for other motions). */
  readonly dM: number;
}

export interface WorldStateMessage {
  readonly step: number;
  readonly timeS: number;
  readonly ego: AgentStateMessage;
  readonly actors: readonly AgentStateMessage[];
  readonly events: readonly EventStatus[];
  /** sim/state-hash.ts hashWorld of the full state. */
  readonly stateHash: string;
}

export type CameraPixels =
  | { readonly format: 'png'; readonly data: Uint8Array }
  /** RGB, 8 bits per channel, row-major from the top-left pixel: widthPx * heightPx * 3 bytes. */
  | { readonly format: 'rgb8'; readonly data: Uint8Array };

export interface CameraFrameMessage {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly pixels: CameraPixels;
  /** 'reference' (the renderer) or 'model' (the world model). */
  readonly source: string;
}

export interface ObservationMessage {
  readonly step: number;
  readonly timeS: number;
  readonly camera: CameraFrameMessage | null;
  readonly ego: AgentStateMessage;
  readonly privileged: WorldStateMessage | null;
}

export interface TrajectoryPointMessage {
  /** Time after the observation, s. */
  readonly tS: number;
  readonly xM: number;
  readonly yM: number;
  readonly yawRad: number | null;
  readonly speedMps: number | null;
}

/** The ego command of an Action message (its oneof). */
export type ActionCommand =
  | { readonly kind: 'accel_steer'; readonly accelMps2: number; readonly steerRad: number }
  | { readonly kind: 'accel_curvature'; readonly accelMps2: number; readonly curvaturePerM: number }
  | { readonly kind: 'trajectory'; readonly frame: 'world' | 'ego'; readonly points: readonly TrajectoryPointMessage[] };

export interface StepResultMessage {
  readonly observation: ObservationMessage;
  readonly stepMetrics: StepMetrics;
  /** The rollout's metrics so far (final once done). */
  readonly metrics: RolloutMetrics;
  readonly done: boolean;
  /** null while the rollout runs. */
  readonly reason: DoneReason | null;
  /** Criteria verdict once done; null before, or without criteria. */
  readonly passed: boolean | null;
}

export interface RolloutMetadataMessage {
  readonly scenarioName: string;
  readonly specText: string;
  /** Where the spec came from; its extension tells YAML from JSON when it is parsed again. */
  readonly specPath: string;
  readonly seed: number;
  readonly parameters: Readonly<Record<string, number>>;
  readonly overrides: Readonly<Record<string, number>>;
  readonly sampleDistributions: boolean;
  readonly policy: string;
  readonly dreamdriveVersion: string;
  readonly metricsVersion: string;
  readonly dtS: number;
  readonly stepCount: number;
  /** ISO-8601 UTC wall-clock time, or null (reproducible logs). */
  readonly createdAt: string | null;
  readonly stopOnCollision: boolean;
  readonly cameraSource: string;
  readonly scenario: ScenarioSummaryMessage | null;
}

export interface RolloutResultMessage {
  readonly metrics: RolloutMetrics;
  readonly passed: boolean | null;
  /** '' when the scenario sets no criteria. */
  readonly criteria: string;
  readonly doneReason: DoneReason;
  readonly steps: number;
  readonly simulatedS: number;
  readonly finalHash: string;
  /** Pairs of actors that touched each other (sim/rollout.ts RolloutResult.actorContacts). */
  readonly actorContacts: readonly Contact[];
}

/** Every message the codec handles, by its name in dreamdrive.proto. */
export interface MessageTypes {
  readonly ScenarioSummary: ScenarioSummaryMessage;
  readonly AgentState: AgentStateMessage;
  readonly WorldState: WorldStateMessage;
  readonly CameraFrame: CameraFrameMessage;
  readonly Observation: ObservationMessage;
  readonly Action: ActionCommand;
  readonly StepMetrics: StepMetrics;
  readonly RolloutMetrics: RolloutMetrics;
  readonly StepResult: StepResultMessage;
  readonly RolloutMetadata: RolloutMetadataMessage;
  readonly RolloutResult: RolloutResultMessage;
}

export type MessageName = keyof MessageTypes;
