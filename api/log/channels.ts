/**
 * The channels of a dreamdrive rollout log (MCAP, protobuf encoding). Every per-step message is
 * logged at the simulation time of its step (log time = publish time = time_s in ns, starting at 0),
 * and carries the step number as its MCAP sequence number.
 *
 * A log of a rollout of N steps holds N + 1 world states and metrics (the initial state included),
 * N actions (the action of step k takes the world from k to k + 1), one metadata message at t = 0
 * and one result at the final time.
 */

export const TOPICS = {
  metadata: '/dreamdrive/metadata',
  world: '/dreamdrive/world',
  action: '/dreamdrive/action',
  metrics: '/dreamdrive/metrics',
  result: '/dreamdrive/result',
  camera: '/camera/image',
  scene: '/scene',
  tf: '/tf',
} as const;

export type TopicKey = keyof typeof TOPICS;

/** Protobuf message type (schema name) of each channel. */
export const TOPIC_SCHEMAS: Readonly<Record<TopicKey, string>> = {
  metadata: 'dreamdrive.v1.RolloutMetadata',
  world: 'dreamdrive.v1.WorldState',
  action: 'dreamdrive.v1.Action',
  metrics: 'dreamdrive.v1.StepMetrics',
  result: 'dreamdrive.v1.RolloutResult',
  camera: 'foxglove.CompressedImage',
  scene: 'foxglove.SceneUpdate',
  tf: 'foxglove.FrameTransform',
};

/** Channels every log has; the camera channel appears with the first frame. */
export const ALWAYS_TOPICS: readonly TopicKey[] = ['metadata', 'world', 'action', 'metrics', 'result', 'scene', 'tf'];

/** Frames of the Foxglove messages: the world frame (x east, y north) and the ego's (x forward, y left). */
export const WORLD_FRAME = 'world';
export const EGO_FRAME = 'ego';

/**
 * Chunk size before a chunk is closed, bytes. MCAP readers load whole chunks to seek, so chunks of
 * a few hundred KB keep seeking cheap while the index stays small (one entry per ~80 cut-in steps).
 */
export const CHUNK_SIZE_BYTES = 256 * 1024;

/** Name of the MCAP metadata record that repeats the run's identity for generic MCAP tools. */
export const MCAP_METADATA_NAME = 'dreamdrive';

const NS_PER_S = 1_000_000_000;

/** Log time of a simulation time: nanoseconds, rounded (time_s = step * dt is not exact in binary). */
export function logTimeNs(timeS: number): bigint {
  if (!(Number.isFinite(timeS) && timeS >= 0)) throw new RangeError(`log time must be a finite time >= 0 s, got ${timeS}`);
  return BigInt(Math.round(timeS * NS_PER_S));
}

export function secondsOfLogTime(ns: bigint): number {
  return Number(ns) / NS_PER_S;
}
