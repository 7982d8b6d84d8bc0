/**
 * Reads rollout logs back with @mcap/core's McapIndexedReader: metadata, per-step world states,
 * actions and metrics, the result, and camera frames. Time ranges go through the chunk and message
 * indexes, so reading a window of a long log reads only the chunks that overlap it.
 *
 * A file that is not a finished dreamdrive log is a LogReadError naming the file and what is wrong:
 * not an MCAP file, truncated (no footer: the writer did not finish), corrupt (CRC, indexes,
 * undecodable messages), or an MCAP file without our channels.
 */
import { existsSync } from 'node:fs';
import { hasMcapPrefix, McapIndexedReader, MCAP_MAGIC } from '@mcap/core';
import type { StepMetrics } from '../../sim/metrics/metrics';
import { decodeMessage } from '../proto/codec';
import type { ActionCommand, MessageName, MessageTypes, RolloutMetadataMessage, RolloutResultMessage, WorldStateMessage } from '../proto/messages';
import { ProtoDecodeError } from '../proto/proto-error';
import { messageType } from '../proto/schema-root';
import { logTimeNs, secondsOfLogTime, TOPIC_SCHEMAS, TOPICS, type TopicKey } from './channels';
import { FileReadable } from './file-io';

export class LogReadError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'LogReadError';
  }
}

/** A simulation-time window, s; either end may be open. Both ends are inclusive. */
export interface TimeRange {
  readonly fromS?: number;
  readonly toS?: number;
}

export interface LogStep {
  readonly step: number;
  readonly timeS: number;
  readonly world: WorldStateMessage;
  /** The action applied from this step to the next; null at the final state. */
  readonly action: ActionCommand | null;
  readonly metrics: StepMetrics;
}

/** One logged message, undecoded. `step` is its MCAP sequence number. */
export interface RawLogMessage {
  readonly topic: TopicKey;
  readonly step: number;
  readonly logTimeNs: bigint;
  readonly data: Uint8Array;
}

export interface ChannelInfo {
  readonly topic: string;
  readonly schemaName: string;
  readonly messageCount: number;
}

export interface RolloutLog {
  readonly path: string;
  readonly metadata: RolloutMetadataMessage;
  readonly result: RolloutResultMessage;
  /** The steps within the requested range (all of them without one), in order. */
  readonly steps: readonly LogStep[];
  readonly channels: readonly ChannelInfo[];
  readonly chunkCount: number;
}

const TOPIC_BY_NAME: ReadonlyMap<string, TopicKey> = new Map(Object.entries(TOPICS).map(([key, topic]) => [topic as string, key as TopicKey]));
const DREAMDRIVE_TOPICS: readonly TopicKey[] = ['metadata', 'world', 'action', 'metrics', 'result'];

/** What went wrong opening a file, in words ('no such file' rather than ENOENT). */
function openProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a parent is not a directory' };
  return (code !== undefined && words[code]) || (error as Error).message;
}

/** Checks the magic bytes at both ends, which tell "not MCAP" and "unfinished" from deeper damage. */
async function checkEnds(readable: FileReadable, path: string): Promise<void> {
  const size = await readable.size();
  const magic = BigInt(MCAP_MAGIC.length);
  if (size < magic || !hasMcapPrefix(new DataView((await readable.read(0n, magic)).buffer))) {
    throw new LogReadError(path, 'not an MCAP file (it does not start with the MCAP magic bytes)');
  }
  const tail = size >= 2n * magic ? await readable.read(size - magic, magic) : new Uint8Array(0);
  if (!MCAP_MAGIC.every((b, i) => tail[i] === b)) {
    throw new LogReadError(path, `truncated: no footer — the writer did not finish (${size} bytes; an interrupted write leaves '<log>.partial', never '<log>')`);
  }
}

export class RolloutLogReader {
  private constructor(
    readonly path: string,
    private readonly readable: FileReadable,
    private readonly mcap: McapIndexedReader,
  ) {}

  /** Opens and checks a log; throws LogReadError when it is not a finished dreamdrive log. */
  static async open(path: string): Promise<RolloutLogReader> {
    let readable: FileReadable;
    try {
      readable = await FileReadable.open(path);
    } catch (error) {
      const partial = existsSync(`${path}.partial`) ? ` (only '${path}.partial' exists: the writer did not finish)` : '';
      throw new LogReadError(path, `cannot open the log: ${openProblem(error)}${partial}`);
    }
    try {
      await checkEnds(readable, path);
      let mcap: McapIndexedReader;
      try {
        mcap = await McapIndexedReader.Initialize({ readable });
      } catch (error) {
        throw new LogReadError(path, `corrupt MCAP file: ${(error as Error).message}`);
      }
      const topics = new Set([...mcap.channelsById.values()].map((c) => c.topic));
      const missing = DREAMDRIVE_TOPICS.filter((t) => !topics.has(TOPICS[t])).map((t) => TOPICS[t]);
      if (missing.length > 0) {
        throw new LogReadError(path, `not a dreamdrive rollout log: no ${missing.join(', ')} channel (it has: ${[...topics].join(', ') || 'no channels'})`);
      }
      return new RolloutLogReader(path, readable, mcap);
    } catch (error) {
      await readable.close();
      throw error;
    }
  }

  get channels(): readonly ChannelInfo[] {
    const counts = this.mcap.statistics?.channelMessageCounts;
    return [...this.mcap.channelsById.values()].map((c) => ({
      topic: c.topic,
      schemaName: this.mcap.schemasById.get(c.schemaId)?.name ?? '',
      messageCount: Number(counts?.get(c.id) ?? 0n),
    }));
  }

  get chunkCount(): number {
    return this.mcap.chunkIndexes.length;
  }

  /** Bytes read from the file so far (shows that range reads skip chunks). */
  get bytesRead(): number {
    return this.readable.bytesRead;
  }

  /** The undecoded messages of `topics` within `range`, in log-time order. */
  async *raw(topics: readonly TopicKey[], range: TimeRange = {}): AsyncGenerator<RawLogMessage> {
    const args = {
      topics: topics.map((t) => TOPICS[t]),
      ...(range.fromS === undefined ? {} : { startTime: logTimeNs(range.fromS) }),
      ...(range.toS === undefined ? {} : { endTime: logTimeNs(range.toS) }),
    };
    try {
      for await (const m of this.mcap.readMessages(args)) {
        const topic = TOPIC_BY_NAME.get(this.mcap.channelsById.get(m.channelId)?.topic ?? '');
        if (topic !== undefined) yield { topic, step: m.sequence, logTimeNs: m.logTime, data: m.data };
      }
    } catch (error) {
      if (error instanceof LogReadError) throw error;
      throw new LogReadError(this.path, `corrupt MCAP file: ${(error as Error).message}`);
    }
  }

  /** Decodes a message of ours, or says which message of the file is broken. */
  decode<K extends MessageName>(name: K, m: RawLogMessage): MessageTypes[K] {
    try {
      return decodeMessage(name, m.data);
    } catch (error) {
      if (!(error instanceof ProtoDecodeError)) throw error;
      throw new LogReadError(this.path, `corrupt message on ${TOPICS[m.topic]} at t = ${secondsOfLogTime(m.logTimeNs)} s: ${error.message}`);
    }
  }

  async metadata(): Promise<RolloutMetadataMessage> {
    for await (const m of this.raw(['metadata'])) return this.decode('RolloutMetadata', m);
    throw new LogReadError(this.path, `no message on ${TOPICS.metadata}`);
  }

  /** The final result; a finished log always has one. */
  async result(): Promise<RolloutResultMessage> {
    for await (const m of this.raw(['result'])) return this.decode('RolloutResult', m);
    throw new LogReadError(this.path, `no message on ${TOPICS.result}`);
  }

  /** World state, action and metrics of every step within `range`. */
  async steps(range: TimeRange = {}): Promise<LogStep[]> {
    const byStep = new Map<number, { timeS: number; world?: WorldStateMessage; action?: ActionCommand; metrics?: StepMetrics }>();
    for await (const m of this.raw(['world', 'action', 'metrics'], range)) {
      const entry = byStep.get(m.step) ?? { timeS: secondsOfLogTime(m.logTimeNs) };
      if (m.topic === 'world') entry.world = this.decode('WorldState', m);
      else if (m.topic === 'action') entry.action = this.decode('Action', m);
      else entry.metrics = this.decode('StepMetrics', m);
      byStep.set(m.step, entry);
    }
    return [...byStep.entries()]
      .sort(([a], [b]) => a - b)
      .map(([step, e]) => {
        if (e.world === undefined || e.metrics === undefined) {
          throw new LogReadError(this.path, `step ${step} lacks its ${e.world === undefined ? 'world state' : 'metrics'}`);
        }
        return { step, timeS: e.world.timeS, world: e.world, action: e.action ?? null, metrics: e.metrics };
      });
  }

  /** The PNG camera frame logged at or before `timeS`, or null when the log has none by then. */
  async frameAt(timeS: number): Promise<Uint8Array | null> {
    if (!this.channels.some((c) => c.topic === TOPICS.camera)) return null;
    const args = { topics: [TOPICS.camera], endTime: logTimeNs(timeS), reverse: true };
    try {
      for await (const m of this.mcap.readMessages(args)) {
        const image = messageType(TOPIC_SCHEMAS.camera).decode(m.data) as unknown as { data: Uint8Array };
        return new Uint8Array(image.data);
      }
    } catch (error) {
      throw new LogReadError(this.path, `corrupt camera frame before t = ${timeS} s: ${(error as Error).message}`);
    }
    return null;
  }

  async close(): Promise<void> {
    await this.readable.close();
  }
}

/** Reads a whole log (or the steps within `range`) and closes it. */
export async function readRolloutLog(path: string, range: TimeRange = {}): Promise<RolloutLog> {
  const reader = await RolloutLogReader.open(path);
  try {
    const metadata = await reader.metadata();
    const result = await reader.result();
    const steps = await reader.steps(range);
    return { path, metadata, result, steps, channels: reader.channels, chunkCount: reader.chunkCount };
  } finally {
    await reader.close();
  }
}
