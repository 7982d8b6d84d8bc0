/**
 * Rollout logs as MCAP files: what @mcap/core reads back from a cut-in rollout (every schema and
 * channel, one message per step, chunk and message indexes), byte-identical logs from identical
 * runs, the partial-file rename, camera frames, and the writer's refusals.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import * as protobuf from 'protobufjs';
import { FileDescriptorSet } from 'protobufjs/ext/descriptor';
import { ALWAYS_TOPICS, TOPIC_SCHEMAS, TOPICS } from '../../../api/log/channels';
import { FileReadable } from '../../../api/log/file-io';
import { prepareRun } from '../../../eval/run-scenario';
import { rolloutMetadata, specSourceFromFile } from '../../../api/log/logged-run';
import { readRolloutLog, RolloutLogReader } from '../../../api/log/read-log';
import { RolloutLogWriter } from '../../../api/log/rollout-log-writer';
import { findScenario } from '../../../scenarios/library';
import { recordRun, librarySpec } from '../../helpers/scenario-runs';
import { tempDir, writeLibraryLog } from './log-fixtures';

const dir = tempDir();
const cutInLog = path.join(dir, 'cut_in.mcap');
let written: Awaited<ReturnType<typeof writeLibraryLog>>;

beforeAll(async () => {
  written = await writeLibraryLog('cut_in', cutInLog);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withMcap<T>(file: string, body: (reader: McapIndexedReader) => Promise<T>): Promise<T> {
  const readable = await FileReadable.open(file);
  try {
    return await body(await McapIndexedReader.Initialize({ readable }));
  } finally {
    await readable.close();
  }
}

/** A writer for cut_in with its real metadata, for the tests that drive the writer by hand. */
function cutInWriter(file: string, options = {}) {
  const source = specSourceFromFile(findScenario('cut_in')!);
  const prepared = prepareRun(source.spec, {});
  return RolloutLogWriter.create(file, rolloutMetadata(source, {}, prepared, { createdAt: null, cameraSource: 'none' }), options);
}

describe('a cut-in rollout log read back by @mcap/core', () => {
  test('has every channel with its protobuf schema, and nothing else', async () => {
    await withMcap(cutInLog, async (reader) => {
      const channels = [...reader.channelsById.values()];
      expect(channels.map((c) => c.topic).sort()).toEqual(ALWAYS_TOPICS.map((t) => TOPICS[t]).sort());
      for (const c of channels) {
        const schema = reader.schemasById.get(c.schemaId)!;
        const key = ALWAYS_TOPICS.find((t) => TOPICS[t] === c.topic)!;
        expect([c.messageEncoding, schema.encoding, schema.name]).toEqual(['protobuf', 'protobuf', TOPIC_SCHEMAS[key]]);
      }
    });
  });

  test('holds one world state, metrics, scene and transform per state, one action per step', async () => {
    const states = written.run.rollout.records.length;
    expect(states).toBe(written.run.report.steps + 1);
    await withMcap(cutInLog, async (reader) => {
      const counts = new Map([...reader.channelsById.values()].map((c) => [c.topic, Number(reader.statistics!.channelMessageCounts.get(c.id))]));
      expect(Object.fromEntries(counts)).toEqual({
        [TOPICS.metadata]: 1,
        [TOPICS.world]: states,
        [TOPICS.metrics]: states,
        [TOPICS.action]: states - 1,
        [TOPICS.scene]: states,
        [TOPICS.tf]: states,
        [TOPICS.result]: 1,
      });
    });
  });

  test('is chunked and indexed: chunk indexes with message indexes for every channel, and a summary', async () => {
    await withMcap(cutInLog, async (reader) => {
      expect(reader.chunkIndexes.length).toBeGreaterThanOrEqual(1);
      for (const chunk of reader.chunkIndexes) expect(chunk.messageIndexOffsets.size).toBeGreaterThan(0);
      expect(reader.footer.summaryStart).toBeGreaterThan(0n);
      expect(reader.summaryOffsetsByOpcode.size).toBeGreaterThan(0);
      expect(reader.statistics!.messageEndTime).toBe(BigInt(Math.round(written.run.rollout.final.timeS * 1e9)));
    });
  });

  test('every message decodes with only its own schema, as Foxglove decodes it', async () => {
    await withMcap(cutInLog, async (reader) => {
      const roots = new Map([...reader.schemasById.values()].map((s) => [s.id, protobuf.Root.fromDescriptor(s.data, { keepCase: true })]));
      const seen = new Map<string, Record<string, unknown>>();
      for await (const m of reader.readMessages()) {
        const channel = reader.channelsById.get(m.channelId)!;
        const type = roots.get(channel.schemaId)!.lookupType(reader.schemasById.get(channel.schemaId)!.name);
        seen.set(channel.topic, type.toObject(type.decode(m.data)));
      }
      const scene = seen.get(TOPICS.scene) as { entities: { id: string; frame_id: string; cubes: { size: { x: number } }[] }[] };
      expect(scene.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['ego', 'cutter']));
      expect(scene.entities.every((e) => e.frame_id === 'world' && e.cubes.length === 1)).toBe(true);
      expect(seen.get(TOPICS.tf)).toMatchObject({ parent_frame_id: 'world', child_frame_id: 'ego' });
      expect(seen.get(TOPICS.world)).toMatchObject({ state_hash: written.run.report.finalHash });
      expect(seen.get(TOPICS.metadata)).toMatchObject({ scenario_name: 'cut_in', policy: 'trajectory' });
    });
  });

  test('schemas are self-contained descriptor sets: absolute type names, dependencies listed first', async () => {
    await withMcap(cutInLog, async (reader) => {
      for (const schema of reader.schemasById.values()) {
        const set = FileDescriptorSet.decode(schema.data) as unknown as { file: { name: string; dependency: string[]; messageType: { field: { typeName?: string }[] }[] }[] };
        const names = set.file.map((f) => f.name);
        set.file.forEach((f, i) => f.dependency.forEach((d) => expect(names.indexOf(d)).toBeLessThan(i)));
        const typeNames = set.file.flatMap((f) => f.messageType.flatMap((m) => m.field.map((x) => x.typeName ?? '')));
        expect(typeNames.filter((t) => t !== '' && !t.startsWith('.'))).toEqual([]);
      }
    });
  });
});

describe('reading a log back', () => {
  test('gives the metadata, every step exactly as the rollout recorded it, and the result', async () => {
    const log = await readRolloutLog(cutInLog);
    const { records } = written.run.rollout;
    expect(log.metadata).toMatchObject({ scenarioName: 'cut_in', seed: 0, policy: 'trajectory', specPath: 'scenarios/library/cut_in.yaml', createdAt: null });
    expect(log.metadata.specText).toBe(readFileSync(findScenario('cut_in')!, 'utf8'));
    expect(log.steps.map((s) => s.world.stateHash)).toEqual(records.map((r) => r.hash));
    expect(log.steps.map((s) => s.metrics)).toEqual(records.map((r) => r.metrics));
    expect(log.steps.map((s) => s.action)).toEqual(records.map((r) => (r.action === null ? null : { kind: 'accel_steer', ...r.action })));
    expect(log.result).toMatchObject({ steps: written.run.report.steps, doneReason: written.run.report.doneReason, finalHash: written.run.report.finalHash });
    expect(log.result.metrics).toEqual(written.run.report.metrics);
  });

  test('a time window reads only the chunks it overlaps, through the index', async () => {
    const file = path.join(dir, 'small-chunks.mcap');
    await writeLibraryLog('cut_in', file, {}, { chunkSizeBytes: 8 * 1024 });
    const reader = await RolloutLogReader.open(file);
    try {
      expect(reader.chunkCount).toBeGreaterThan(10);
      const before = reader.bytesRead;
      const steps = await reader.steps({ fromS: 3, toS: 3.5 });
      expect(steps.map((s) => s.step)).toEqual([30, 31, 32, 33, 34, 35]);
      expect(reader.bytesRead - before).toBeLessThan(statSync(file).size / 4);
    } finally {
      await reader.close();
    }
  });
});

describe('determinism and crash safety', () => {
  test('two runs of the same scenario and seed give byte-identical logs', async () => {
    const again = path.join(dir, 'cut_in-again.mcap');
    await writeLibraryLog('cut_in', again);
    expect(Buffer.compare(readFileSync(cutInLog), readFileSync(again))).toBe(0);
  });

  test.each([
    ['the same fixed creation time', true, new Date('2024-01-02T03:04:05Z')],
    ['another creation time', false, new Date('2025-01-02T03:04:05Z')],
  ])('with %s, logs are byte-identical: %s', async (_what, same, createdAt) => {
    const a = path.join(dir, `fixed-a-${same}.mcap`);
    const b = path.join(dir, `fixed-b-${same}.mcap`);
    await writeLibraryLog('lead_vehicle_hard_brake', a, {}, { createdAt: new Date('2024-01-02T03:04:05Z') });
    await writeLibraryLog('lead_vehicle_hard_brake', b, {}, { createdAt });
    expect(Buffer.compare(readFileSync(a), readFileSync(b)) === 0).toBe(same);
  });

  test('a log is written to <file>.partial and renamed only once it is complete', async () => {
    const file = path.join(dir, 'partial.mcap');
    const run = recordRun(librarySpec('cut_in'), 'trajectory');
    const writer = cutInWriter(file);
    run.rollout.records.forEach((r, i) => writer.writeStep({ world: run.states[i], ...r }));
    await writer.flush();
    expect([existsSync(writer.partialPath), existsSync(file)]).toEqual([true, false]);
    await expect(readRolloutLog(writer.partialPath)).rejects.toThrow(/truncated: no footer — the writer did not finish/);
    await writer.finish({ metrics: run.rollout.metrics, passed: false, criteria: '', doneReason: run.rollout.doneReason, steps: run.rollout.steps, simulatedS: run.rollout.final.timeS, finalHash: '', actorContacts: [] });
    expect([existsSync(writer.partialPath), existsSync(file)]).toEqual([false, true]);
    expect((await readRolloutLog(file)).steps).toHaveLength(run.rollout.records.length);
  });

  test('an interrupted rewrite leaves the earlier log intact, and abort removes the partial file', async () => {
    const file = path.join(dir, 'kept.mcap');
    writeFileSync(file, readFileSync(cutInLog));
    const run = recordRun(librarySpec('cut_in'), 'idm');
    const writer = cutInWriter(file);
    run.rollout.records.slice(0, 10).forEach((r, i) => writer.writeStep({ world: run.states[i], ...r }));
    await writer.flush();
    expect(Buffer.compare(readFileSync(file), readFileSync(cutInLog))).toBe(0);
    await writer.abort();
    expect(existsSync(writer.partialPath)).toBe(false);
    expect((await readRolloutLog(file)).metadata.policy).toBe('trajectory');
  });
});

describe('camera frames and the writer contract', () => {
  const run = recordRun(librarySpec('cut_in'), 'trajectory');
  const png = (step: number) => ({ widthPx: 1, heightPx: 1, pixels: { format: 'png' as const, data: new Uint8Array([137, 80, 78, 71, step & 0xff]) }, source: 'reference' });

  test('frames appear on /camera/image as foxglove.CompressedImage, found by time', async () => {
    const file = path.join(dir, 'camera.mcap');
    const writer = cutInWriter(file);
    run.rollout.records.slice(0, 5).forEach((r, i) => writer.writeStep({ world: run.states[i], ...r, camera: png(i) }));
    await writer.finish({ metrics: run.rollout.metrics, passed: null, criteria: '', doneReason: 'duration', steps: 4, simulatedS: 0.4, finalHash: '', actorContacts: [] });
    const reader = await RolloutLogReader.open(file);
    try {
      expect(reader.channels.find((c) => c.topic === TOPICS.camera)).toEqual({ topic: TOPICS.camera, schemaName: 'foxglove.CompressedImage', messageCount: 5 });
      expect([...(await reader.frameAt(0.25))!]).toEqual([137, 80, 78, 71, 2]);
      expect([...(await reader.frameAt(100))!]).toEqual([137, 80, 78, 71, 4]);
    } finally {
      await reader.close();
    }
  });

  test.each([
    ['a step out of order', (w: RolloutLogWriter) => w.writeStep({ world: run.states[2], ...run.rollout.records[2] }), /expected step 1, got step 2/],
    ['a raw (unencoded) camera frame', (w: RolloutLogWriter) => w.writeStep({ world: run.states[1], ...run.rollout.records[1], camera: { ...png(1), pixels: { format: 'rgb8', data: new Uint8Array(3) } } }), /must be PNG/],
  ])('the writer refuses %s and stays usable', async (what, act, message) => {
    const file = path.join(dir, `refuse-${what.length}.mcap`);
    const writer = cutInWriter(file);
    writer.writeStep({ world: run.states[0], ...run.rollout.records[0] });
    expect(() => act(writer)).toThrow(message);
    writer.writeStep({ world: run.states[1], ...run.rollout.records[1], action: null });
    await writer.finish({ metrics: run.rollout.metrics, passed: null, criteria: '', doneReason: 'duration', steps: 1, simulatedS: 0.1, finalHash: '', actorContacts: [] });
    const log = await readRolloutLog(file);
    expect(log.steps.map((s) => [s.step, s.action === null])).toEqual([[0, false], [1, true]]);
    expect(log.channels.map((c) => c.topic)).not.toContain(TOPICS.camera);
  });

  test('a step after one without an action is refused (only the final state has none)', async () => {
    const writer = cutInWriter(path.join(dir, 'refuse-2.mcap'));
    writer.writeStep({ world: run.states[0], ...run.rollout.records[0], action: null });
    expect(() => writer.writeStep({ world: run.states[1], ...run.rollout.records[1] })).toThrow(/step 0 had no action, yet step 1 follows/);
    await writer.abort();
  });
});
