/**
 * Reading logs that are not finished dreamdrive logs: each gets a LogReadError that names the file
 * and says what is wrong. And a log committed with an earlier build still reads.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { McapWriter } from '@mcap/core';
import { TOPICS } from '../../../api/log/channels';
import { FileWritable } from '../../../api/log/file-io';
import { LogReadError, readRolloutLog, RolloutLogReader } from '../../../api/log/read-log';
import { REPO_ROOT } from '../../helpers/cli';
import { rewriteLog, tempDir, writeLibraryLog } from './log-fixtures';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'logs', 'short_cut_in.mcap');
const dir = tempDir();
const good = path.join(dir, 'good.mcap');

beforeAll(async () => {
  await writeLibraryLog('lead_vehicle_hard_brake', good);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file made from the good log by `make`, under `name`. */
function variant(name: string, make: (bytes: Buffer) => Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, make(readFileSync(good)));
  return file;
}

async function readError(file: string): Promise<LogReadError> {
  try {
    await readRolloutLog(file);
  } catch (error) {
    if (error instanceof LogReadError) return error;
    throw error;
  }
  throw new Error(`${file} read without an error`);
}

describe('a file that is not a finished dreamdrive log', () => {
  test.each([
    ['an empty file', () => new Uint8Array(0), /not an MCAP file/],
    ['a text file', () => Buffer.from('version: 2\nname: cut_in\n'), /not an MCAP file \(it does not start with the MCAP magic bytes\)/],
    ['a log cut in half', (b: Buffer) => b.subarray(0, b.length >> 1), /truncated: no footer — the writer did not finish/],
    ['a log missing its last byte', (b: Buffer) => b.subarray(0, b.length - 1), /truncated: no footer/],
    ['a log whose summary is damaged', (b: Buffer) => Buffer.concat([b.subarray(0, b.length - 60), Buffer.alloc(30), b.subarray(b.length - 30)]), /corrupt MCAP file/],
  ])('%s is refused with a clear message naming the file', async (name, make, message) => {
    const file = variant(`${name.replace(/\W+/g, '-')}.mcap`, make);
    const error = await readError(file);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
  });

  test('a missing log says so, and points at an unfinished partial file when there is one', async () => {
    const file = path.join(dir, 'missing.mcap');
    expect((await readError(file)).message).toBe(`${file}: cannot open the log: no such file`);
    writeFileSync(`${file}.partial`, 'x');
    expect((await readError(file)).message).toMatch(/only '.*missing\.mcap\.partial' exists: the writer did not finish/);
  });

  test('a flipped byte inside a chunk fails its CRC check when the chunk is read', async () => {
    const bytes = readFileSync(good);
    // The first chunk starts after the magic (8 B) and the header; flip a byte well inside it.
    const file = variant('flipped.mcap', (b) => {
      const copy = Buffer.from(b);
      copy[2000] ^= 0xff;
      return copy;
    });
    expect(bytes[2000]).not.toBe(readFileSync(file)[2000]);
    expect((await readError(file)).message).toMatch(/corrupt MCAP file: Incorrect chunk CRC/);
  });

  test('an MCAP file without our channels is not taken for a rollout log', async () => {
    const file = path.join(dir, 'other.mcap');
    const out = new FileWritable(file);
    const writer = new McapWriter({ writable: out });
    await writer.start({ profile: '', library: 'test' });
    const channelId = await writer.registerChannel({ topic: '/chatter', schemaId: 0, messageEncoding: 'json', metadata: new Map() });
    await writer.addMessage({ channelId, sequence: 0, logTime: 0n, publishTime: 0n, data: Buffer.from('{}') });
    await writer.end();
    out.close(true);
    expect((await readError(file)).message).toMatch(/not a dreamdrive rollout log: no \/dreamdrive\/metadata, .* channel \(it has: \/chatter\)/);
  });

  test('a message that does not decode is named with its channel and time', async () => {
    const file = path.join(dir, 'undecodable.mcap');
    await rewriteLog(good, file, (topic, seq, data) => (topic === TOPICS.metrics && seq === 3 ? new Uint8Array([0xff, 0xff]) : data));
    expect((await readError(file)).message).toMatch(/corrupt message on \/dreamdrive\/metrics at t = 0\.3 s: dreamdrive\.v1\.StepMetrics: malformed protobuf/);
  });
});

describe('the committed fixture log (written by an earlier build)', () => {
  test('reads back: metadata, 21 states of 0.1 s, the result', async () => {
    const log = await readRolloutLog(FIXTURE);
    expect(log.metadata).toMatchObject({ scenarioName: 'cut_in_short', seed: 0, policy: 'trajectory', dtS: 0.1, stepCount: 20 });
    expect(log.steps.map((s) => s.step)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(log.steps[20].action).toBeNull();
    expect(log.result).toMatchObject({ steps: 20, doneReason: 'duration', passed: true });
    expect(log.result.finalHash).toBe(log.steps[20].world.stateHash);
  });

  test('a window of it holds just the steps inside, ends included', async () => {
    const reader = await RolloutLogReader.open(FIXTURE);
    try {
      expect((await reader.steps({ fromS: 0.5, toS: 0.7 })).map((s) => s.step)).toEqual([5, 6, 7]);
      expect((await reader.steps({ toS: 0.1 })).map((s) => s.step)).toEqual([0, 1]);
      expect((await reader.steps({ fromS: 5 })).map((s) => s.step)).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
