/**
 * Helpers for the rollout-log tests: write a library scenario's log into a temp folder, and copy a
 * log message by message with a change (to make tampered logs that are still valid MCAP files).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { McapIndexedReader, McapWriter } from '@mcap/core';
import type { RunOptions } from '../../../eval/run-scenario';
import { FileReadable, FileWritable } from '../../../api/log/file-io';
import { runToLog, specSourceFromFile, type LogRunOptions, type RunPolicy } from '../../../api/log/logged-run';
import { findScenario } from '../../../scenarios/library';

export function tempDir(prefix = 'dreamdrive-log-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes the log of a library scenario (creation time left out unless given). */
export function writeLibraryLog(name: string, file: string, options: RunOptions = {}, logOptions: LogRunOptions = {}, policy?: RunPolicy) {
  const spec = findScenario(name);
  if (spec === null) throw new Error(`no library scenario '${name}'`);
  return runToLog(specSourceFromFile(spec), options, file, { createdAt: null, ...logOptions }, policy);
}

/** What to do with one message when copying a log: keep it, replace its bytes. */
export type MessageEdit = (topic: string, sequence: number, data: Uint8Array) => Uint8Array;

/** Copies `src` to `dst` through @mcap/core, passing every message's bytes through `edit`. */
export async function rewriteLog(src: string, dst: string, edit: MessageEdit): Promise<void> {
  const readable = await FileReadable.open(src);
  try {
    const reader = await McapIndexedReader.Initialize({ readable });
    const out = new FileWritable(dst);
    const writer = new McapWriter({ writable: out });
    await writer.start(reader.header);
    const ids = new Map<number, number>();
    for (const [id, channel] of reader.channelsById) {
      const schema = reader.schemasById.get(channel.schemaId)!;
      const schemaId = await writer.registerSchema({ name: schema.name, encoding: schema.encoding, data: schema.data });
      ids.set(id, await writer.registerChannel({ topic: channel.topic, schemaId, messageEncoding: channel.messageEncoding, metadata: channel.metadata }));
    }
    for await (const m of reader.readMessages()) {
      const topic = reader.channelsById.get(m.channelId)!.topic;
      await writer.addMessage({ ...m, channelId: ids.get(m.channelId)!, data: edit(topic, m.sequence, m.data) });
    }
    await writer.end();
    out.close(true);
  } finally {
    await readable.close();
  }
}
