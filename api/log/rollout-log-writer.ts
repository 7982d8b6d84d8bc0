/**
 * Writes a rollout log: an MCAP file (@mcap/core McapWriter) with our protobuf messages and
 * Foxglove's, chunked (~256 KB), with chunk and message indexes and a summary, so readers seek by
 * time without reading everything. See channels.ts for what is logged when.
 *
 *   const log = RolloutLogWriter.create('out/run.mcap', metadata);
 *   runRollout(rt, { policy, onState: (world, r) => log.writeStep({ world, ...r }) });
 *   await log.finish(result);          // footer, fsync, rename out/run.mcap.partial -> out/run.mcap
 *
 * Crash safety: bytes go to `<file>.partial`; only after the footer is written and synced is it
 * renamed to `<file>`, so a crash leaves earlier logs intact and no file that claims to be complete.
 *
 * Appends are synchronous (encode now, write in order on a queue): callers in a synchronous loop
 * (runRollout's onState) append without awaiting; a long-lived session awaits flush() now and then
 * to bound the queue. Write errors surface at flush() or finish().
 *
 * Determinism: log time is simulation time, every byte derives from the messages, so the same
 * scenario, seed, parameters and policy give byte-identical files when metadata.createdAt is null.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { LIBRARY_IDENTIFIER, McapWriter } from '@mcap/core';
import type { StepMetrics } from '../../sim/metrics/metrics';
import type { VehicleAction, World } from '../../sim/types';
import { accelSteerCommand, encodeMessage, worldStateMessage } from '../proto/codec';
import type { CameraFrameMessage, RolloutMetadataMessage, RolloutResultMessage } from '../proto/messages';
import { fileDescriptorSet, messageType } from '../proto/schema-root';
import { ALWAYS_TOPICS, CHUNK_SIZE_BYTES, logTimeNs, MCAP_METADATA_NAME, TOPIC_SCHEMAS, TOPICS, type TopicKey } from './channels';
import { FileWritable } from './file-io';
import { compressedImage, egoTransform, sceneUpdate } from './foxglove-messages';

export interface RolloutLogOptions {
  /** Uncompressed chunk size at which a chunk is closed, bytes (default CHUNK_SIZE_BYTES). */
  readonly chunkSizeBytes?: number;
  /** Also write /scene (actor boxes) and /tf (ego pose) for Foxglove (default true). */
  readonly foxglove?: boolean;
}

/** One step of a rollout as the log takes it; `{ world, ...stepRecord }` from runRollout fits. */
export interface LoggedStep {
  readonly world: World;
  /** hashWorld(world): the rollout's StepRecord.hash. */
  readonly hash: string;
  /** The action applied from this step to the next; null only at the final state. */
  readonly action: VehicleAction | null;
  readonly metrics: StepMetrics;
  /** The camera frame of this step (PNG), when the rollout has a camera. */
  readonly camera?: CameraFrameMessage | null;
}

export interface LogSummary {
  readonly path: string;
  readonly bytes: number;
  readonly messages: number;
  readonly chunks: number;
  /** World states written (steps simulated + 1). */
  readonly states: number;
}

export class RolloutLogWriter {
  readonly partialPath: string;
  readonly #file: FileWritable;
  readonly #mcap: McapWriter;
  readonly #foxglove: boolean;
  readonly #channelIds = new Map<TopicKey, number>();
  #queue: Promise<void> = Promise.resolve();
  #error: unknown = null;
  #states = 0;
  #lastStep: { step: number; timeS: number; hadAction: boolean } | null = null;
  #finished = false;
  #cameraRegistered = false;

  private constructor(
    readonly path: string,
    metadata: RolloutMetadataMessage,
    metadataBytes: Uint8Array,
    options: RolloutLogOptions,
  ) {
    this.partialPath = `${path}.partial`;
    mkdirSync(dirname(path), { recursive: true });
    this.#file = new FileWritable(this.partialPath);
    this.#foxglove = options.foxglove ?? true;
    this.#mcap = new McapWriter({ writable: this.#file, chunkSize: options.chunkSizeBytes ?? CHUNK_SIZE_BYTES });
    const library = `dreamdrive/${metadata.dreamdriveVersion} ${LIBRARY_IDENTIFIER}`;
    this.#enqueue(() => this.#mcap.start({ profile: '', library }));
    for (const topic of ALWAYS_TOPICS) if (this.#foxglove || (topic !== 'scene' && topic !== 'tf')) this.#registerChannel(topic);
    this.#enqueue(() =>
      this.#mcap.addMetadata({
        name: MCAP_METADATA_NAME,
        metadata: new Map([
          ['scenario', metadata.scenarioName],
          ['seed', String(metadata.seed)],
          ['policy', metadata.policy],
          ['dreamdrive_version', metadata.dreamdriveVersion],
          ['metrics_version', metadata.metricsVersion],
        ]),
      }),
    );
    this.#add('metadata', 0n, 0, metadataBytes);
  }

  /** Starts a log at `path` (written to `<path>.partial` until finish). Throws if the file cannot be created. */
  static create(path: string, metadata: RolloutMetadataMessage, options: RolloutLogOptions = {}): RolloutLogWriter {
    // Encoded first: a metadata the codec refuses must not leave a partial file behind.
    return new RolloutLogWriter(path, metadata, encodeMessage('RolloutMetadata', metadata), options);
  }

  /** Appends one step: world state (with hash), metrics, action, Foxglove scene and transform, camera. */
  writeStep(step: LoggedStep): void {
    if (this.#finished) throw new Error(`${this.path}: writeStep after finish`);
    const { world } = step;
    const last = this.#lastStep;
    const expected = last === null ? world.step : last.step + 1;
    if (world.step !== expected) throw new RangeError(`${this.path}: expected step ${expected}, got step ${world.step} (steps are logged once each, in order)`);
    if (last !== null && !last.hadAction) throw new RangeError(`${this.path}: step ${last.step} had no action, yet step ${world.step} follows it`);
    // Everything is encoded before anything is queued: a refused step leaves the log as it was.
    const ns = logTimeNs(world.timeS);
    const messages: [TopicKey, Uint8Array][] = [
      ['world', encodeMessage('WorldState', worldStateMessage(world, step.hash))],
      ['metrics', encodeMessage('StepMetrics', step.metrics)],
    ];
    if (step.action !== null) messages.push(['action', encodeMessage('Action', accelSteerCommand(step.action))]);
    if (this.#foxglove) {
      messages.push(['scene', messageType(TOPIC_SCHEMAS.scene).encode(sceneUpdate(world, ns)).finish()]);
      messages.push(['tf', messageType(TOPIC_SCHEMAS.tf).encode(egoTransform(world, ns)).finish()]);
    }
    if (step.camera) messages.push(['camera', messageType(TOPIC_SCHEMAS.camera).encode(compressedImage(step.camera, ns)).finish()]);

    this.#lastStep = { step: world.step, timeS: world.timeS, hadAction: step.action !== null };
    this.#states += 1;
    if (step.camera && !this.#cameraRegistered) {
      this.#cameraRegistered = true;
      this.#registerChannel('camera');
    }
    for (const [topic, data] of messages) this.#add(topic, ns, world.step, data);
  }

  /** Waits until everything appended so far is handed to the file; throws the first write error. */
  async flush(): Promise<void> {
    await this.#queue;
    if (this.#error !== null) throw this.#error;
  }

  /**
   * Writes the result, the summary and the footer, syncs, and renames the partial file to `path`.
   * On a write error the partial file stays (it never becomes `path`); call abort() to remove it.
   */
  async finish(result: RolloutResultMessage): Promise<LogSummary> {
    if (this.#finished) throw new Error(`${this.path}: finish called twice`);
    const last = this.#lastStep;
    if (last === null) throw new Error(`${this.path}: a log needs at least one step before finish`);
    this.#finished = true;
    this.#add('result', logTimeNs(last.timeS), last.step, encodeMessage('RolloutResult', result));
    this.#enqueue(() => this.#mcap.end());
    try {
      await this.flush();
      this.#file.close(true);
    } catch (error) {
      this.#file.close(false);
      throw error;
    }
    renameSync(this.partialPath, this.path);
    const stats = this.#mcap.statistics;
    return {
      path: this.path,
      bytes: Number(this.#file.position()),
      messages: Number(stats?.messageCount ?? 0n),
      chunks: stats?.chunkCount ?? 0,
      states: this.#states,
    };
  }

  /** Stops writing and removes the partial file (e.g. a session closed without finishing). */
  async abort(): Promise<void> {
    this.#finished = true;
    await this.#queue;
    this.#file.close(false);
    rmSync(this.partialPath, { force: true });
  }

  #enqueue(op: () => Promise<unknown>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#error !== null) return;
      try {
        await op();
      } catch (error) {
        this.#error = error;
      }
    });
  }

  #registerChannel(topic: TopicKey): void {
    const schemaName = TOPIC_SCHEMAS[topic];
    this.#enqueue(async () => {
      const schemaId = await this.#mcap.registerSchema({ name: schemaName, encoding: 'protobuf', data: fileDescriptorSet(schemaName) });
      const channelId = await this.#mcap.registerChannel({ topic: TOPICS[topic], schemaId, messageEncoding: 'protobuf', metadata: new Map() });
      this.#channelIds.set(topic, channelId);
    });
  }

  #add(topic: TopicKey, ns: bigint, sequence: number, data: Uint8Array): void {
    this.#enqueue(() => {
      const channelId = this.#channelIds.get(topic);
      if (channelId === undefined) throw new Error(`${this.path}: channel ${TOPICS[topic]} was not registered`);
      return this.#mcap.addMessage({ channelId, sequence, logTime: ns, publishTime: ns, data });
    });
  }
}
